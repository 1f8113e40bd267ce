package io.yikatong.card;

import io.yikatong.card.internal.CardIoWorker;
import io.yikatong.core.Bytes;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link CardTimeouts} deadlines on any {@link CardTransport} (a vendor reader API, a network card server, a
 * virtual card): connecting, every command, {@link #reset()} and {@link #close()} run on a dedicated thread, and the
 * caller waits at most the deadline. A call that misses it ends with a {@link CardLinkException} whose code is
 * {@link CardErrorCode#TIMEOUT}; the transport is then closed for the caller (later calls fail at once with
 * {@link CardErrorCode#TIMEOUT}) and the wrapped transport is closed on the dedicated thread as soon as the stuck call
 * returns. While such a call on a reader name is stuck, {@link #connect} for the same name waits up to the connect
 * deadline for it and then fails with {@link CardErrorCode#TIMEOUT} without starting another thread, so a card that
 * keeps hanging cannot make threads pile up. {@link io.yikatong.card.pcsc.PcscReaders} does the same for PC/SC readers.
 *
 * <pre>{@code
 * CardTransport card = BoundedCardTransport.connect("vendor reader 1", CardTimeouts.defaults(), vendorApi::open);
 * try (CardSession session = CardSession.open(card)) { ... }
 * }</pre>
 *
 * <p>Not thread-safe, like every {@link CardTransport}; confine to one thread (the dedicated thread is internal).
 *
 * @since 0.1
 */
public final class BoundedCardTransport implements CardTransport {

    /** Opens the wrapped transport; runs on the dedicated thread, under the connect deadline. */
    @FunctionalInterface
    public interface Connector {
        /**
         * Connects.
         *
         * @return the connected transport
         * @throws CardLinkException if connecting failed
         */
        CardTransport connect() throws CardLinkException;
    }

    private static final Logger logger = LoggerFactory.getLogger(BoundedCardTransport.class);

    private final String readerName;
    private final CardTimeouts timeouts;
    private final CardIoWorker worker;
    private final CardTransport inner;
    private final Bytes atr;
    private final boolean extendedLength;
    private boolean closed;

    private BoundedCardTransport(String readerName, CardTimeouts timeouts, CardIoWorker worker, CardTransport inner,
            Bytes atr, boolean extendedLength) {
        this.readerName = readerName;
        this.timeouts = timeouts;
        this.worker = worker;
        this.inner = inner;
        this.atr = atr;
        this.extendedLength = extendedLength;
    }

    /**
     * Connects through {@code connector} within the connect deadline.
     *
     * @param readerName names the reader in messages and groups stuck calls (one name per physical reader)
     * @param timeouts the deadlines
     * @param connector opens the wrapped transport
     * @return the bounded transport; closing it closes the wrapped one
     * @throws CardLinkException the connector's failure, or {@link CardErrorCode#TIMEOUT} if connecting missed its
     *     deadline or an earlier call on this reader is still stuck
     */
    public static BoundedCardTransport connect(String readerName, CardTimeouts timeouts, Connector connector)
            throws CardLinkException {
        Objects.requireNonNull(readerName, "readerName");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(connector, "connector");
        CardIoWorker worker = CardIoWorker.start(readerName, timeouts.connect());
        AtomicReference<CardTransport> late = new AtomicReference<>();
        try {
            BoundedCardTransport t = worker.call("connect to the card in reader '" + readerName + "'",
                    timeouts.connect(), () -> {
                        CardTransport inner = connector.connect();
                        late.set(inner);
                        return new BoundedCardTransport(readerName, timeouts, worker, inner, inner.atr(),
                                inner.supportsExtendedLength());
                    }, () -> closeQuietly(late.get(), readerName));
            return t;
        } catch (CardLinkException | RuntimeException | Error e) {
            if (!worker.isPoisoned()) {
                worker.shutdown();
            }
            throw e;
        }
    }

    /**
     * Wraps a transport that is already connected (only its later calls are bounded).
     *
     * @param readerName names the reader in messages and groups stuck calls
     * @param timeouts the deadlines
     * @param transport the connected transport; closing the result closes it
     * @return the bounded transport
     * @throws CardLinkException with {@link CardErrorCode#TIMEOUT} if an earlier call on this reader is still stuck
     */
    public static BoundedCardTransport wrap(String readerName, CardTimeouts timeouts, CardTransport transport)
            throws CardLinkException {
        Objects.requireNonNull(transport, "transport");
        return connect(readerName, timeouts, () -> transport);
    }

    @Override
    public byte[] transmit(byte[] commandApdu) throws CardLinkException {
        checkOpen();
        byte[] command = commandApdu.clone();
        return worker.call("transmit to the card in reader '" + readerName + "'", timeouts.forCommand(command),
                () -> inner.transmit(command), this::closeInnerQuietly);
    }

    @Override
    public void reset() throws CardLinkException {
        checkOpen();
        worker.call("reset the card in reader '" + readerName + "'", timeouts.command(), () -> {
            inner.reset();
            return null;
        }, this::closeInnerQuietly);
    }

    @Override
    public Bytes atr() {
        return atr;
    }

    @Override
    public boolean supportsExtendedLength() {
        return extendedLength;
    }

    /**
     * Returns the deadlines.
     *
     * @return the deadlines this transport applies
     */
    public CardTimeouts timeouts() {
        return timeouts;
    }

    /**
     * Closes the wrapped transport within the release deadline. After a time-out the wrapped transport is closed in
     * the background and this returns at once. Closing twice has no effect.
     *
     * @throws CardLinkException the wrapped transport's failure, or {@link CardErrorCode#TIMEOUT}
     */
    @Override
    public void close() throws CardLinkException {
        if (closed) {
            return;
        }
        closed = true;
        if (worker.isPoisoned()) {
            return; // the clean-up is queued behind the stuck call
        }
        try {
            worker.call("release the card in reader '" + readerName + "'", timeouts.release(), () -> {
                inner.close();
                return null;
            }, null);
        } finally {
            worker.shutdown();
        }
    }

    @Override
    public String toString() {
        return "BoundedCardTransport[" + readerName + (closed ? ", closed" : "") + ", " + inner + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("transport to reader '" + readerName + "' is closed");
        }
    }

    private void closeInnerQuietly() {
        closeQuietly(inner, readerName);
    }

    private static void closeQuietly(CardTransport transport, String readerName) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (CardLinkException | RuntimeException e) {
            logger.debug("closing the transport of reader '{}' after a time-out failed", readerName, e);
        }
    }
}
