package io.yikatong.testkit.card;

import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTransport;
import io.yikatong.core.InvalidInputException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts a card into a vsmartcard <b>vpcd</b> virtual reader: connects to vpcd as a TCP client and serves any
 * {@link CardTransport} (typically an in-process virtual card) through it, so that the card appears in the real PC/SC
 * stack (pcscd, {@link PcscReaders}) as reader {@code "Virtual PCD 00 00"} (port {@value #DEFAULT_PORT}) or
 * {@code "Virtual PCD 00 01"} (port {@value #SECOND_SLOT_PORT}). Meant for tests and demos without card hardware.
 *
 * <p>vpcd's protocol: each message is a 2-byte big-endian length and a payload. A 1-byte payload is a control:
 * 0 power off, 1 power on, 2 reset (no answer), 4 get ATR (answered with the card's ATR). Any other payload is a command
 * APDU, answered with the transport's response. The bridge re-arms {@code TCP_QUICKACK} before every read: vpcd sends
 * the length and the payload as two writes without {@code TCP_NODELAY}, and without a quick ACK each APDU stalls about
 * 44 ms in Nagle's algorithm plus delayed ACK.
 *
 * <p>The bridge runs on one named daemon thread and reconnects whenever vpcd drops the connection (pcscd restarted, or
 * not started yet). If the transport throws {@link CardLinkException}, the bridge drops the connection (vpcd then gives
 * pcscd an empty answer, which {@link PcscCardTransport} reports as a removed card) and reconnects after a second. A
 * {@link RuntimeException} from the transport is logged and answered with {@code 6F00}. {@link #freeze()} makes the
 * card stop answering (as a card process stopped with SIGSTOP: vpcd's next message stays unanswered, and pcscd's call
 * into the driver blocks) until {@link #unfreeze()}.
 * {@link #close()} disconnects, which pcscd sees as the card being removed (拔卡). Power-on and reset
 * controls call {@link CardTransport#reset()}, so a virtual card loses its selection and security state as a real
 * card does. The bridge does not close the transport.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class VpcdCardBridge implements AutoCloseable {

    /** vpcd's TCP port for the first slot, reader {@code "Virtual PCD 00 00"}. */
    public static final int DEFAULT_PORT = 35963;
    /** vpcd's TCP port for the second slot, reader {@code "Virtual PCD 00 01"}. */
    public static final int SECOND_SLOT_PORT = 35964;

    private static final Logger logger = LoggerFactory.getLogger(VpcdCardBridge.class);
    private static final long RETRY_MILLIS = 200;
    /** After the card behind the bridge failed, stay away longer than two pcscd polls (400 ms) so the removal is seen. */
    private static final long REMOVED_MILLIS = 1000;
    private static final byte[] NO_PRECISE_DIAGNOSIS = {0x6F, 0x00};
    private static final SocketOption<Boolean> QUICKACK = quickAckOption();

    private final CardTransport card;
    private final String host;
    private final int port;
    private final Thread thread;
    private final AtomicLong apdus = new AtomicLong();
    private final CountDownLatch firstConnection = new CountDownLatch(1);
    private final Object freezeLock = new Object();
    private volatile boolean closed;
    private volatile Socket socket;
    private boolean frozen;
    private int heldMessages;

    private VpcdCardBridge(CardTransport card, String host, int port) {
        this.card = card;
        this.host = host;
        this.port = port;
        this.thread = new Thread(this::run, "yikatong-vpcd-" + host + ":" + port);
        this.thread.setDaemon(true);
    }

    /**
     * Starts serving {@code card} to vpcd on 127.0.0.1.
     *
     * @param card the card to insert; used from the bridge's thread only, and not closed by the bridge
     * @param port vpcd's port: {@link #DEFAULT_PORT} or {@link #SECOND_SLOT_PORT} for the stock configuration
     * @return the running bridge; it keeps trying to connect until closed
     * @throws InvalidInputException if {@code port} is not a TCP port
     */
    public static VpcdCardBridge start(CardTransport card, int port) {
        return start(card, "127.0.0.1", port);
    }

    /**
     * Starts serving {@code card} to vpcd on the given host.
     *
     * @param card the card to insert; used from the bridge's thread only, and not closed by the bridge
     * @param host the host where vpcd listens
     * @param port vpcd's port
     * @return the running bridge; it keeps trying to connect until closed
     * @throws InvalidInputException if {@code port} is not a TCP port
     */
    public static VpcdCardBridge start(CardTransport card, String host, int port) {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new InvalidInputException("port", "must be 1..65535, was " + port);
        }
        VpcdCardBridge bridge = new VpcdCardBridge(card, host, port);
        bridge.thread.start();
        return bridge;
    }

    /**
     * Waits until the bridge has connected to vpcd at least once. pcscd sees the card up to about 400 ms later (its
     * polling period); use {@link PcscReaders#waitForCard} for that.
     *
     * @param timeoutMillis how long to wait at most
     * @return {@code true} if connected within the time
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitConnected(long timeoutMillis) throws InterruptedException {
        return firstConnection.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Returns whether the bridge is connected to vpcd now.
     *
     * @return {@code true} while connected
     */
    public boolean isConnected() {
        Socket s = socket;
        return s != null && s.isConnected() && !s.isClosed();
    }

    /**
     * Returns how many command APDUs the bridge has forwarded to the card.
     *
     * @return the count since start
     */
    public long apduCount() {
        return apdus.get();
    }

    /**
     * Makes the card stop answering: the next message from vpcd (a command, or a power/reset/ATR control) is read but
     * held unanswered until {@link #unfreeze()} (or {@link #close()}), as a frozen card process would leave it.
     */
    public void freeze() {
        synchronized (freezeLock) {
            frozen = true;
        }
    }

    /** Ends {@link #freeze()}: the held message is handled and answered, and the card answers again. */
    public void unfreeze() {
        synchronized (freezeLock) {
            frozen = false;
            freezeLock.notifyAll();
        }
    }

    /**
     * Returns whether a message from vpcd is being held unanswered by {@link #freeze()}.
     *
     * @return {@code true} while a message waits
     */
    public boolean isHoldingMessage() {
        synchronized (freezeLock) {
            return heldMessages > 0;
        }
    }

    /**
     * Returns whether the platform supports {@code TCP_QUICKACK} (Linux). Without it every APDU costs about 44 ms.
     *
     * @return {@code true} if the bridge re-arms quick ACKs
     */
    public static boolean quickAckSupported() {
        return QUICKACK != null;
    }

    /**
     * Disconnects from vpcd (pcscd then sees the card removed) and stops the thread. Closing twice has no effect.
     */
    @Override
    public void close() {
        closed = true;
        unfreeze();
        closeSocket(socket);
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "VpcdCardBridge[" + host + ":" + port + (closed ? ", closed" : isConnected() ? ", connected" : "") + "]";
    }

    private void run() {
        while (!closed) {
            long pause = RETRY_MILLIS;
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), 1000);
                socket = s;
                if (closed) {
                    break;
                }
                logger.debug("connected to vpcd at {}:{}", host, port);
                firstConnection.countDown();
                serve(s);
            } catch (EOFException e) {
                logger.debug("vpcd at {}:{} closed the connection", host, port);
            } catch (IOException e) {
                if (!closed) {
                    logger.trace("vpcd at {}:{} not reachable: {}", host, port, e.toString());
                }
            } catch (CardLinkException e) {
                logger.warn("card behind vpcd {}:{} failed; disconnecting it from the reader", host, port, e);
                pause = REMOVED_MILLIS;
            } finally {
                socket = null;
                closeSocket(s);
            }
            if (!closed) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    if (!closed) {
                        logger.warn("vpcd bridge thread interrupted while not closed; stopping", e);
                    }
                    break;
                }
            }
        }
        logger.debug("vpcd bridge {}:{} stopped", host, port);
    }

    private void serve(Socket s) throws IOException, CardLinkException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
        OutputStream out = s.getOutputStream();
        while (!closed) {
            if (QUICKACK != null) {
                s.setOption(QUICKACK, true); // not sticky: Linux returns to delayed ACKs after each reply
            }
            int length = in.readUnsignedShort();
            byte[] message = new byte[length];
            in.readFully(message);
            holdWhileFrozen();
            if (closed) {
                return;
            }
            if (length == 1) {
                if (message[0] == 4) {
                    send(out, card.atr().toByteArray());
                }
                if (message[0] == 1 || message[0] == 2) {
                    card.reset(); // power on or reset: the card loses its volatile state, as a real card does
                }
                continue; // 0 power off, 1 power on, 2 reset: no answer
            }
            apdus.incrementAndGet();
            byte[] response;
            try {
                response = card.transmit(message);
            } catch (RuntimeException e) {
                logger.warn("card behind vpcd {}:{} threw on a command; answering 6F00", host, port, e);
                response = NO_PRECISE_DIAGNOSIS;
            }
            send(out, response);
        }
    }

    private void holdWhileFrozen() throws IOException {
        synchronized (freezeLock) {
            if (!frozen) {
                return;
            }
            heldMessages++;
            try {
                while (frozen && !closed) {
                    freezeLock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while frozen");
            } finally {
                heldMessages--;
            }
        }
    }

    private static void send(OutputStream out, byte[] payload) throws IOException {
        if (payload.length > 0xFFFF) {
            throw new IOException("response of " + payload.length + " bytes does not fit vpcd's 2-byte length");
        }
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) (payload.length >>> 8);
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        out.write(frame); // one write: length and payload in the same segment
        out.flush();
    }

    private static void closeSocket(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException e) {
            logger.debug("closing the vpcd socket failed", e);
        }
    }

    private static SocketOption<Boolean> quickAckOption() {
        try (Socket probe = new Socket()) {
            return probe.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)
                    ? ExtendedSocketOptions.TCP_QUICKACK : null;
        } catch (IOException e) {
            logger.debug("could not probe TCP_QUICKACK support", e);
            return null;
        }
    }
}
