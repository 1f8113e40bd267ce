package io.yikatong.card.pcsc;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTimeouts;
import io.yikatong.core.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import jnasmartcardio.Smartcardio;

/**
 * Entry point to the PC/SC readers (读卡器) of this machine, through pcsc-lite (Linux, macOS) or WinSCard (Windows) and
 * the jnasmartcardio provider. Readers are always chosen by name, exactly or by pattern, never by their position in the
 * list: plugging in another reader must not redirect commands to a different card.
 *
 * <pre>{@code
 * PcscReaders readers = PcscReaders.open();
 * String reader = readers.find(Pattern.compile("Virtual PCD 00 00"));
 * if (readers.waitForCard(reader, CardPresence.PRESENT, Duration.ofSeconds(30))) {
 *     try (CardSession session = CardSession.open(readers.connect(reader))) {
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Every call opens its own PC/SC context, so a restarted PC/SC service is picked up by the next call.
 *
 * <p>Card I/O is bounded: the transports from {@link #connect(String)} apply this entry point's {@link CardTimeouts}
 * (defaults: {@link CardTimeouts#defaults()}; choose others with {@link #open(CardTimeouts)}) and end a call that
 * misses its deadline with {@link CardErrorCode#TIMEOUT} (see {@link PcscCardTransport}).
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class PcscReaders {

    private final TerminalFactory factory;
    private final CardTimeouts timeouts;

    private PcscReaders(TerminalFactory factory, CardTimeouts timeouts) {
        this.factory = factory;
        this.timeouts = timeouts;
    }

    /**
     * Creates the entry point with the default deadlines ({@link CardTimeouts#defaults()}). Does not contact the PC/SC
     * service yet.
     *
     * @return the readers of this machine
     * @throws CardLinkException with {@link CardErrorCode#READER_UNAVAILABLE} if the PC/SC library cannot be loaded
     */
    public static PcscReaders open() throws CardLinkException {
        return open(CardTimeouts.defaults());
    }

    /**
     * Creates the entry point with the given deadlines for card I/O. Does not contact the PC/SC service yet.
     *
     * @param timeouts the deadlines of connecting, commands and release
     * @return the readers of this machine
     * @throws CardLinkException with {@link CardErrorCode#READER_UNAVAILABLE} if the PC/SC library cannot be loaded
     */
    public static PcscReaders open(CardTimeouts timeouts) throws CardLinkException {
        Objects.requireNonNull(timeouts, "timeouts");
        try {
            return new PcscReaders(TerminalFactory.getInstance("PC/SC", null, new Smartcardio()), timeouts);
        } catch (java.security.NoSuchAlgorithmException | RuntimeException | LinkageError e) {
            throw new CardLinkException(CardErrorCode.READER_UNAVAILABLE,
                    "the PC/SC library could not be loaded: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Returns the deadlines of card I/O.
     *
     * @return the deadlines the transports of {@link #connect(String)} apply
     */
    public CardTimeouts timeouts() {
        return timeouts;
    }

    /**
     * Lists the readers, sorted by name, with card presence.
     *
     * @return the readers; empty if the service runs but has no reader
     * @throws CardLinkException with {@link CardErrorCode#READER_UNAVAILABLE} if the PC/SC service is not running, or
     *     {@link CardErrorCode#LINK_FAILED} on other errors
     */
    public List<PcscReader> list() throws CardLinkException {
        CardTerminals context = establish();
        CardLinkException failure = null;
        try {
            List<PcscReader> readers = new ArrayList<>();
            for (CardTerminal terminal : terminals(context)) {
                readers.add(new PcscReader(terminal.getName(), terminal.isCardPresent()));
            }
            readers.sort(Comparator.comparing(PcscReader::name));
            return List.copyOf(readers);
        } catch (CardException | RuntimeException e) {
            failure = PcscCardTransport.map(e, "list the readers", false);
            throw failure;
        } finally {
            release(context, failure);
        }
    }

    /**
     * Returns the name of the one reader whose whole name matches {@code pattern}.
     *
     * @param pattern matched against the whole reader name ({@link java.util.regex.Matcher#matches()})
     * @return the reader's name
     * @throws CardLinkException with {@link CardErrorCode#READER_UNAVAILABLE} if the service is not running or no
     *     reader matches
     * @throws InvalidInputException if more than one reader matches (make the pattern more specific)
     */
    public String find(Pattern pattern) throws CardLinkException {
        Objects.requireNonNull(pattern, "pattern");
        List<String> matches = new ArrayList<>();
        for (PcscReader reader : list()) {
            if (pattern.matcher(reader.name()).matches()) {
                matches.add(reader.name());
            }
        }
        if (matches.isEmpty()) {
            throw new CardLinkException(CardErrorCode.READER_UNAVAILABLE,
                    "no PC/SC reader matches /" + pattern.pattern() + "/", null);
        }
        if (matches.size() > 1) {
            throw new InvalidInputException("pattern", "/" + pattern.pattern() + "/ matches " + matches.size()
                    + " readers " + matches + "; make it match exactly one");
        }
        return matches.get(0);
    }

    /**
     * Waits until the named reader has (or no longer has) a card. Returns at once if it already is in that state.
     *
     * @param readerName the exact reader name
     * @param presence the state to wait for
     * @param timeout how long to wait at most; positive
     * @return {@code true} if the reader reached the state, {@code false} if the time-out passed first
     * @throws CardLinkException with {@link CardErrorCode#READER_UNAVAILABLE} if the service is not running or the
     *     reader does not exist, or {@link CardErrorCode#LINK_FAILED} on other errors
     * @throws InvalidInputException if {@code timeout} is not positive
     */
    public boolean waitForCard(String readerName, CardPresence presence, Duration timeout) throws CardLinkException {
        Objects.requireNonNull(readerName, "readerName");
        Objects.requireNonNull(presence, "presence");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("timeout", "must be positive, was " + timeout);
        }
        long millis = Math.max(1, Math.min(timeout.toMillis(), Integer.MAX_VALUE));
        CardTerminals context = establish();
        CardLinkException failure = null;
        try {
            CardTerminal terminal = terminal(context, readerName);
            return presence == CardPresence.PRESENT ? terminal.waitForCardPresent(millis)
                    : terminal.waitForCardAbsent(millis);
        } catch (CardException | RuntimeException e) {
            failure = PcscCardTransport.map(e, "wait for the card in reader '" + readerName + "'", false);
            throw failure;
        } catch (CardLinkException e) {
            failure = e;
            throw e;
        } finally {
            release(context, failure);
        }
    }

    /**
     * Connects to the card in the named reader and takes exclusive access to it until the transport is closed.
     *
     * @param readerName the exact reader name
     * @return the transport; the caller closes it (or the {@link io.yikatong.card.CardSession} that owns it does)
     * @throws CardLinkException with {@link CardErrorCode#READER_UNAVAILABLE} (service not running, no such reader),
     *     {@link CardErrorCode#NO_CARD} (reader empty), {@link CardErrorCode#TIMEOUT} (the card or the reader did not
     *     answer within {@link CardTimeouts#connect()}, or an earlier call on this reader is still stuck), or
     *     {@link CardErrorCode#LINK_FAILED}
     */
    public PcscCardTransport connect(String readerName) throws CardLinkException {
        Objects.requireNonNull(readerName, "readerName");
        return PcscCardTransport.connect(() -> {
            CardTerminals context = establish();
            try {
                terminal(context, readerName);
            } catch (CardException | RuntimeException e) {
                CardLinkException failure = PcscCardTransport.map(e, "find reader '" + readerName + "'", false);
                release(context, failure);
                throw failure;
            } catch (CardLinkException e) {
                release(context, e);
                throw e;
            }
            return context;
        }, readerName, timeouts);
    }

    @Override
    public String toString() {
        return "PcscReaders[jnasmartcardio, " + timeouts + "]";
    }

    private CardTerminals establish() throws CardLinkException {
        try {
            return factory.terminals();
        } catch (RuntimeException e) {
            throw PcscCardTransport.map(e, "connect to the PC/SC service", false);
        }
    }

    private static List<CardTerminal> terminals(CardTerminals context) throws CardException {
        try {
            return context.list();
        } catch (CardException e) {
            CardLinkException mapped = PcscCardTransport.map(e, "list", false);
            if (mapped.errorCode() == CardErrorCode.READER_UNAVAILABLE && e instanceof Smartcardio.JnaPCSCException jna
                    && (jna.code & 0xFFFFFFFFL) == PcscCardTransport.SCARD_E_NO_READERS_AVAILABLE) {
                return List.of(); // the service runs but has no reader
            }
            throw e;
        }
    }

    private static CardTerminal terminal(CardTerminals context, String readerName)
            throws CardException, CardLinkException {
        for (CardTerminal terminal : terminals(context)) {
            if (terminal.getName().equals(readerName)) {
                return terminal;
            }
        }
        throw new CardLinkException(CardErrorCode.READER_UNAVAILABLE, "no PC/SC reader named '" + readerName + "'",
                null);
    }

    private static void release(CardTerminals context, CardLinkException pending) throws CardLinkException {
        CardLinkException failure = PcscCardTransport.releaseContext(context, pending);
        if (failure != null) {
            throw failure;
        }
    }
}
