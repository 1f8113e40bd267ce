package io.yikatong.card.pcsc;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTimeouts;
import io.yikatong.card.CardTransport;
import io.yikatong.card.internal.CardIoWorker;
import io.yikatong.core.Bytes;
import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import jnasmartcardio.Smartcardio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CardTransport} to a card in a PC/SC reader (读卡器), through pcsc-lite / WinSCard and the jnasmartcardio
 * provider. Obtain one with {@link PcscReaders#connect(String)}. The transport holds exclusive access to the card (a
 * PC/SC transaction) from connection until {@link #close()}, so no other application interleaves commands with ours.
 *
 * <p>Errors are mapped to {@link CardLinkException} codes: service not running or reader gone
 * ({@link CardErrorCode#READER_UNAVAILABLE}), no card ({@link CardErrorCode#NO_CARD}), card removed or reset during
 * the session, including the empty answers and {@link IllegalArgumentException}s that PC/SC providers produce when the
 * card vanishes mid-command ({@link CardErrorCode#CARD_REMOVED}), anything else ({@link CardErrorCode#LINK_FAILED}).
 * The provider's exception is always kept as the cause.
 *
 * <p>Commands go to the card unchanged and answers come back unchanged (a raw {@code SCardTransmit}): 61xx (GET
 * RESPONSE) and 6Cxx (wrong Le) are left to {@link io.yikatong.card.CardSession}. jnasmartcardio's public
 * {@code CardChannel.transmit} would handle them itself, and in doing so fails on a 4-byte command answered with 61xx and
 * overwrites P2 of a 4-byte command answered with 6Cxx; it is only used if its raw method cannot be reached.
 *
 * <p>Every native call is bounded by the {@link CardTimeouts} of the {@link PcscReaders} that connected it: connecting,
 * each command ({@link CardTimeouts#forCommand(byte[])}) and the release run on a dedicated thread per connection, and
 * the caller waits at most the deadline. A call that misses it ends with {@link CardErrorCode#TIMEOUT}; the transport
 * is then closed for the caller, and the dedicated thread ends exclusive access, disconnects (resetting the card) and
 * releases the context as soon as the stuck native call returns — pcsc-lite cannot cancel an {@code SCardTransmit}
 * ({@code SCardCancel} only ends {@code SCardGetStatusChange} waits, and every other call on the context waits for the
 * stuck one), so the thread waits for the driver. While it waits, a new connection to the same reader waits up to the
 * connect deadline for it and then fails with {@link CardErrorCode#TIMEOUT} without starting another thread: a card
 * that keeps hanging holds at most one thread per connection that was open when it hung.
 *
 * <p>Not thread-safe; confine to one thread.
 *
 * @since 0.1
 */
public final class PcscCardTransport implements CardTransport {

    private static final Logger logger = LoggerFactory.getLogger(PcscCardTransport.class);

    // PC/SC return codes (winscard / pcsc-lite), as published in the PC/SC specification part 5.
    static final long SCARD_E_UNKNOWN_READER = 0x80100009L;
    static final long SCARD_E_NO_SMARTCARD = 0x8010000CL;
    static final long SCARD_E_NOT_TRANSACTED = 0x80100016L;
    static final long SCARD_E_READER_UNAVAILABLE = 0x80100017L;
    static final long SCARD_E_NO_SERVICE = 0x8010001DL;
    static final long SCARD_E_SERVICE_STOPPED = 0x8010001EL;
    static final long SCARD_E_NO_READERS_AVAILABLE = 0x8010002EL;
    static final long SCARD_W_UNPOWERED_CARD = 0x80100067L;
    static final long SCARD_W_RESET_CARD = 0x80100068L;
    static final long SCARD_W_REMOVED_CARD = 0x80100069L;

    /** Largest answer: 65536 data bytes + SW1 SW2 (pcsc-lite itself stops at 8192 + 2 today). */
    private static final int MAX_RESPONSE = 65538;
    private static final MethodHandle TRANSMIT_RAW = findTransmitRaw();

    private final ByteBuffer response = ByteBuffer.allocateDirect(MAX_RESPONSE);
    private final String readerName;
    private final CardTerminals context;
    private final Card card;
    private final CardChannel channel;
    private final Bytes atr;
    private final boolean extendedLength;
    private final CardIoWorker worker;
    private final CardTimeouts timeouts;
    private volatile boolean cardGone;
    private boolean closed;
    private boolean released;

    private PcscCardTransport(String readerName, CardTerminals context, Card card, CardIoWorker worker,
            CardTimeouts timeouts) {
        this.readerName = readerName;
        this.context = context;
        this.card = card;
        this.worker = worker;
        this.timeouts = timeouts;
        this.channel = card.getBasicChannel();
        this.atr = Bytes.copyOf(card.getATR().getBytes());
        this.extendedLength = "T=1".equals(card.getProtocol());
    }

    /** Establishes a PC/SC context in which the reader exists; releases it itself if it fails. */
    @FunctionalInterface
    interface ContextOpener {
        CardTerminals open() throws CardLinkException;
    }

    /**
     * Opens a context, connects to the card in the named reader (any protocol) and begins exclusive access, all on the
     * connection's own thread and within the connect deadline. The context is released when this transport is closed,
     * or here (or in the background after a time-out) if connecting fails.
     */
    static PcscCardTransport connect(ContextOpener opener, String readerName, CardTimeouts timeouts)
            throws CardLinkException {
        CardIoWorker worker = CardIoWorker.start(readerName, timeouts.connect());
        AtomicReference<PcscCardTransport> late = new AtomicReference<>();
        try {
            return worker.call("connect to the card in reader '" + readerName + "'", timeouts.connect(), () -> {
                // every native call of a connection runs on its thread, from SCardEstablishContext on
                PcscCardTransport t = connectNow(opener.open(), readerName, worker, timeouts);
                late.set(t);
                return t;
            }, () -> {
                PcscCardTransport t = late.get();
                if (t != null) { // connected after the caller gave up (a failed connect released the context itself)
                    t.releaseQuietly();
                }
            });
        } catch (CardLinkException | RuntimeException | Error e) {
            if (!worker.isPoisoned()) {
                worker.shutdown();
            }
            throw e;
        }
    }

    private static PcscCardTransport connectNow(CardTerminals context, String readerName, CardIoWorker worker,
            CardTimeouts timeouts) throws CardLinkException {
        Card card = null;
        try {
            card = context.getTerminal(readerName).connect("*");
            card.beginExclusive();
            PcscCardTransport transport = new PcscCardTransport(readerName, context, card, worker, timeouts);
            logger.debug("connected to '{}': protocol {}, ATR {}", readerName, card.getProtocol(), transport.atr);
            return transport;
        } catch (CardException | RuntimeException e) {
            CardLinkException failure = map(e, "connect to the card in reader '" + readerName + "'", false);
            if (card != null) {
                try {
                    card.disconnect(false);
                } catch (CardException | RuntimeException disconnectFailure) {
                    failure.addSuppressed(disconnectFailure);
                }
            }
            releaseContext(context, failure);
            throw failure;
        }
    }

    @Override
    public byte[] transmit(byte[] commandApdu) throws CardLinkException {
        if (closed) {
            throw new IllegalStateException("transport to reader '" + readerName + "' is closed");
        }
        CommandAPDU command;
        try {
            command = new CommandAPDU(commandApdu);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(CoreErrorCode.INVALID_INPUT, "commandApdu",
                    "not a well-formed command APDU (" + commandApdu.length + " bytes)", e);
        }
        byte[] copy = commandApdu.clone();
        return worker.call("transmit to the card in reader '" + readerName + "'", timeouts.forCommand(copy),
                () -> transmitNow(copy, command), this::releaseQuietly);
    }

    private byte[] transmitNow(byte[] commandApdu, CommandAPDU command) throws CardLinkException {
        byte[] bytes;
        try {
            bytes = TRANSMIT_RAW != null ? transmitRaw(commandApdu) : channel.transmit(command).getBytes();
        } catch (CardException | RuntimeException e) {
            CardLinkException failure = map(e, "transmit to the card in reader '" + readerName + "'", true);
            cardGone |= failure.errorCode() == CardErrorCode.CARD_REMOVED || failure.errorCode() == CardErrorCode.NO_CARD;
            throw failure;
        }
        if (bytes.length < 2) {
            cardGone = true;
            throw new CardLinkException(CardErrorCode.CARD_REMOVED,
                    "reader '" + readerName + "' returned a " + bytes.length + "-byte answer: the card is gone", null);
        }
        return bytes;
    }

    private byte[] transmitRaw(byte[] commandApdu) throws CardException {
        response.clear();
        try {
            TRANSMIT_RAW.invoke(channel, ByteBuffer.wrap(commandApdu.clone()), response);
        } catch (CardException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new CardException("SCardTransmit failed", e);
        }
        response.flip();
        byte[] bytes = new byte[response.remaining()];
        response.get(bytes);
        return bytes;
    }

    private static MethodHandle findTransmitRaw() {
        try {
            Method raw = Smartcardio.JnaCardChannel.class.getDeclaredMethod("transmitRaw", ByteBuffer.class,
                    ByteBuffer.class);
            raw.setAccessible(true);
            return MethodHandles.lookup().unreflect(raw);
        } catch (ReflectiveOperationException | RuntimeException e) {
            logger.warn("jnasmartcardio's raw transmit is not reachable; falling back to CardChannel.transmit, which "
                    + "handles 61xx/6Cxx itself", e);
            return null;
        }
    }

    @Override
    public Bytes atr() {
        return atr;
    }

    /**
     * Returns whether extended-length APDUs may be sent: {@code true} when the card was connected with the T=1
     * protocol (the provider refuses extended APDUs over T=0). The card's own limits are not checked here.
     *
     * @return {@code true} if extended APDUs may be sent
     */
    @Override
    public boolean supportsExtendedLength() {
        return extendedLength;
    }

    /**
     * Returns the name of the reader this transport is connected through.
     *
     * @return the PC/SC reader name, for example {@code "Virtual PCD 00 00"}
     */
    public String readerName() {
        return readerName;
    }

    /**
     * Returns the deadlines this transport applies.
     *
     * @return the deadlines of the {@link PcscReaders} that connected it
     */
    public CardTimeouts timeouts() {
        return timeouts;
    }

    /**
     * Ends exclusive access, disconnects (resetting the card, so no security state survives for the next user) and
     * releases the PC/SC context, within the release deadline. If the card was already removed there is nothing to
     * release at the card, and only the context is released. After a time-out the release already runs in the
     * background and this returns at once. Closing twice has no effect.
     *
     * @throws CardLinkException if the reader reported an error while releasing, or {@link CardErrorCode#TIMEOUT}
     */
    @Override
    public void close() throws CardLinkException {
        if (closed) {
            return;
        }
        closed = true;
        if (worker.isPoisoned()) {
            return; // the release is queued behind the stuck call
        }
        try {
            worker.call("release the card in reader '" + readerName + "'", timeouts.release(), () -> {
                release();
                return null;
            }, null);
        } finally {
            worker.shutdown();
        }
    }

    /** Releases the card after a time-out, on the worker thread once the stuck call returned. */
    private void releaseQuietly() {
        try {
            release();
        } catch (CardLinkException | RuntimeException e) {
            logger.debug("releasing the card in '{}' after a time-out failed", readerName, e);
        }
    }

    /** Ends exclusive access, disconnects and releases the context; runs on the worker thread, once. */
    private void release() throws CardLinkException {
        if (released) {
            return;
        }
        released = true;
        CardLinkException failure = null;
        try {
            // end the transaction even when the card is gone: a lock left behind would block the next SCardConnect
            card.endExclusive();
        } catch (CardException | RuntimeException e) {
            failure = releaseFailure(e, "end exclusive access");
        }
        try {
            card.disconnect(!cardGone);
        } catch (CardException | RuntimeException e) {
            CardLinkException disconnectFailure = releaseFailure(e, "disconnect");
            if (failure == null) {
                failure = disconnectFailure;
            } else if (disconnectFailure != null) {
                failure.addSuppressed(disconnectFailure);
            }
        }
        if (failure == null) {
            failure = releaseContext(context, null);
        } else {
            releaseContext(context, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A release failure, or {@code null} if it only says that the card is already gone (nothing left to release). */
    private CardLinkException releaseFailure(Throwable e, String action) {
        CardLinkException failure = map(e, action + " on the card in reader '" + readerName + "'", false);
        if (failure.errorCode() == CardErrorCode.CARD_REMOVED || failure.errorCode() == CardErrorCode.NO_CARD
                || (cardGone && failure.errorCode() == CardErrorCode.LINK_FAILED)) {
            logger.debug("card in '{}' was already gone at close ({})", readerName, action, e);
            return null;
        }
        return failure;
    }

    /**
     * Releases a PC/SC context. A failure is added to {@code pending} as suppressed if given, else returned.
     */
    static CardLinkException releaseContext(CardTerminals context, CardLinkException pending) {
        try {
            if (context instanceof Smartcardio.JnaCardTerminals jna) {
                jna.close();
            }
            return null;
        } catch (CardException | RuntimeException e) {
            if (pending != null) {
                pending.addSuppressed(e);
                return null;
            }
            return map(e, "release the PC/SC context", false);
        }
    }

    @Override
    public String toString() {
        return "PcscCardTransport[" + readerName + (closed ? ", closed" : "") + "]";
    }

    /**
     * Maps a provider failure to a {@link CardLinkException}, keeping it as the cause.
     *
     * @param failure what the provider threw
     * @param action what we were doing, for the message
     * @param duringTransmit whether a command was in flight: then an {@link IllegalArgumentException} (empty answer)
     *     and {@code SCARD_E_NOT_TRANSACTED} mean the card vanished
     * @return the mapped exception
     */
    static CardLinkException map(Throwable failure, String action, boolean duringTransmit) {
        Throwable root = failure;
        if (root instanceof Smartcardio.EstablishContextException && root.getCause() != null) {
            root = root.getCause();
        }
        Long code = pcscCode(root);
        CardErrorCode errorCode;
        if (code != null) {
            errorCode = codeFor(code, duringTransmit);
        } else if (root instanceof CardNotPresentException) {
            errorCode = CardErrorCode.NO_CARD;
        } else if (duringTransmit && root instanceof IllegalArgumentException) {
            // both providers build a ResponseAPDU from pcscd's 0-byte answer when the card dies mid-command
            errorCode = CardErrorCode.CARD_REMOVED;
        } else {
            errorCode = CardErrorCode.LINK_FAILED;
        }
        String detail = code != null ? String.format("PC/SC 0x%08X", code) : root.getClass().getSimpleName();
        return new CardLinkException(errorCode, "could not " + action + ": " + describe(errorCode) + " (" + detail + ")",
                failure);
    }

    static CardErrorCode codeFor(long code, boolean duringTransmit) {
        if (code == SCARD_E_NO_SERVICE || code == SCARD_E_SERVICE_STOPPED || code == SCARD_E_NO_READERS_AVAILABLE
                || code == SCARD_E_READER_UNAVAILABLE || code == SCARD_E_UNKNOWN_READER) {
            return CardErrorCode.READER_UNAVAILABLE;
        }
        if (code == SCARD_E_NO_SMARTCARD) {
            return CardErrorCode.NO_CARD;
        }
        if (code == SCARD_W_REMOVED_CARD || code == SCARD_W_RESET_CARD || code == SCARD_W_UNPOWERED_CARD) {
            return CardErrorCode.CARD_REMOVED;
        }
        if (code == SCARD_E_NOT_TRANSACTED && duringTransmit) {
            return CardErrorCode.CARD_REMOVED;
        }
        return CardErrorCode.LINK_FAILED;
    }

    private static Long pcscCode(Throwable t) {
        if (t instanceof Smartcardio.JnaPCSCException e && e.code != 0) {
            return e.code & 0xFFFFFFFFL;
        }
        if (t instanceof Smartcardio.JnaCardNotPresentException e && e.code != 0) {
            return e.code & 0xFFFFFFFFL;
        }
        return null;
    }

    private static String describe(CardErrorCode code) {
        return switch (code) {
            case READER_UNAVAILABLE -> "the PC/SC service or the reader is unavailable";
            case NO_CARD -> "no card in the reader";
            case CARD_REMOVED -> "the card was removed or reset";
            default -> "the reader reported an error";
        };
    }
}
