package io.yikatong.card;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ISO/IEC 7816-4 protocol layer over a {@link CardTransport}: it turns the raw byte pipe into commands and
 * responses and handles the transmission details every card application needs.
 * <ul>
 *   <li>{@code 61xx}: fetches the remaining response bytes with GET RESPONSE ({@code 00C00000xx}) until the card has
 *       sent everything (ISO/IEC 7816-4 §5.3.4; T=0 cards and the health card's SAM answer this way).</li>
 *   <li>{@code 6Cxx}: re-sends the same command once with Le = xx.</li>
 *   <li>READ BINARY of large transparent files in chunks ({@link #readBinary}).</li>
 *   <li>Every physical exchange is reported to the {@link ApduListener}s and traced at TRACE level through SLF4J,
 *       redacted (data fields shown as lengths, sensitive commands masked).</li>
 *   <li>Status words are mapped to exceptions in one place ({@link #send}): {@code 63Cx} and {@code 6983} to
 *       {@link AuthenticationFailedException}, other errors to {@link CardRefusedException}.</li>
 * </ul>
 *
 * <p>Not thread-safe; confine to one thread (one session per card; use one session per reader when serving several
 * callers).
 *
 * @since 0.1
 */
public final class CardSession implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(CardSession.class);

    /** Safety bound on GET RESPONSE rounds for one command (a card stuck answering 61xx must not hang us). */
    static final int MAX_GET_RESPONSE_ROUNDS = 256;

    private final CardTransport transport;
    private final List<ApduListener> listeners;
    private final int readChunk;
    private int sequence;

    private CardSession(CardTransport transport, Builder b) {
        this.transport = transport;
        this.listeners = List.copyOf(b.listeners);
        this.readChunk = b.readChunk;
    }

    /**
     * Starts building a session over a transport.
     *
     * @param transport the byte pipe; the session owns it and closes it
     * @return a builder
     */
    public static Builder builder(CardTransport transport) {
        return new Builder(Objects.requireNonNull(transport, "transport"));
    }

    /**
     * Opens a session with default settings.
     *
     * @param transport the byte pipe; the session owns it and closes it
     * @return the session
     */
    public static CardSession open(CardTransport transport) {
        return builder(transport).build();
    }

    /**
     * Sends a command and returns the complete response, whatever its status word (61xx and 6Cxx handled).
     *
     * @param command the command
     * @return the response with all its data
     * @throws CardLinkException if the link failed
     * @throws MalformedCardResponseException if the card answered fewer than two bytes (a card that vanishes
     *     mid-command often does)
     */
    public ResponseApdu transmit(CommandApdu command) throws CardLinkException, MalformedCardResponseException {
        ResponseApdu response = exchange(command);
        if (response.statusWord().isWrongLe()) {
            logger.warn("card answered {} to {}, re-sending with Le={}", response.statusWord(), command,
                    response.statusWord().sw2());
            int ne = response.statusWord().sw2() == 0 ? 256 : response.statusWord().sw2();
            response = exchange(command.withNe(ne));
        }
        if (!response.statusWord().isMoreDataAvailable()) {
            return response;
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(response.data());
        for (int round = 0; round < MAX_GET_RESPONSE_ROUNDS; round++) {
            int sw2 = response.statusWord().sw2();
            // GET RESPONSE is sent with CLA 00 even after proprietary (80) commands: health-card-spec §1.8 (SAM 80FA → 61xx → 00C0)
            CommandApdu getResponse = CommandApdu.withNe(0x00, 0xC0, 0x00, 0x00, sw2 == 0 ? 256 : sw2);
            response = exchange(getResponse);
            data.writeBytes(response.data());
            if (!response.statusWord().isMoreDataAvailable()) {
                return ResponseApdu.of(data.toByteArray(), response.statusWord());
            }
        }
        throw new MalformedCardResponseException("response to " + command, -1, -1,
                "card still answers 61xx after " + MAX_GET_RESPONSE_ROUNDS + " GET RESPONSE commands", null);
    }

    /**
     * Sends a command and returns its data, requiring status {@code 9000}.
     *
     * @param command the command
     * @param what what the command is for, used in error messages (for example {@code "select DDF1"})
     * @return the response data
     * @throws CardLinkException if the link failed
     * @throws AuthenticationFailedException if the card answered {@code 63Cx} or {@code 6983}
     * @throws CardRefusedException if the card answered any other status but {@code 9000}
     * @throws MalformedCardResponseException if the response was truncated
     */
    public byte[] send(CommandApdu command, String what)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        ResponseApdu response = transmit(command);
        StatusWord sw = response.statusWord();
        if (sw.isSuccess()) {
            return response.data();
        }
        if (sw.retriesLeft() >= 0 || sw.equals(StatusWord.AUTHENTICATION_BLOCKED)) {
            throw new AuthenticationFailedException(command, sw, what);
        }
        throw new CardRefusedException(command, sw, what);
    }

    /**
     * Reads {@code length} bytes of the currently selected transparent file from {@code offset}, in chunks of at most
     * the configured size, with READ BINARY ({@code 00B0}, offset in P1-P2, 15 bits).
     *
     * @param offset the first byte, 0 to 32767
     * @param length how many bytes
     * @param file the file name for error messages, for example {@code "DDF1/EF07"}
     * @return the bytes read
     * @throws InvalidInputException if the range does not fit READ BINARY's 15-bit offset
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card refused a chunk
     * @throws MalformedCardResponseException if the card returned more or fewer bytes than asked for
     */
    public byte[] readBinary(int offset, int length, String file)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        if (offset < 0 || length < 0 || offset + length > 0x8000) {
            throw new InvalidInputException("offset/length", "READ BINARY reaches offsets 0..32767 only");
        }
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            int n = Math.min(readChunk, length - done);
            int at = offset + done;
            byte[] chunk = send(CommandApdu.withNe(0x00, 0xB0, at >>> 8, at & 0xFF, n), "read " + file);
            if (chunk.length != n) {
                throw new MalformedCardResponseException(file, -1, at,
                        "asked for " + n + " bytes, card returned " + chunk.length, null);
            }
            System.arraycopy(chunk, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /**
     * Returns the largest READ BINARY chunk this session asks for.
     *
     * @return 1..256 bytes
     */
    public int readChunk() {
        return readChunk;
    }

    /**
     * Returns the number of APDUs exchanged so far (GET RESPONSE and re-sent commands included).
     *
     * @return the count
     */
    public int apduCount() {
        return sequence;
    }

    /**
     * Returns the transport.
     *
     * @return the transport this session runs on
     */
    public CardTransport transport() {
        return transport;
    }

    /**
     * Closes the transport.
     *
     * @throws CardLinkException if the reader reported an error while releasing the card
     */
    @Override
    public void close() throws CardLinkException {
        transport.close();
    }

    private ResponseApdu exchange(CommandApdu command) throws CardLinkException, MalformedCardResponseException {
        long start = System.nanoTime();
        byte[] raw = transport.transmit(command.encode());
        long nanos = System.nanoTime() - start;
        ResponseApdu response;
        try {
            response = ResponseApdu.decode(raw);
        } catch (MalformedDataException e) {
            throw new MalformedCardResponseException("response to " + command, -1, raw.length,
                    "fewer than two status bytes (card removed mid-command?)", e);
        }
        ApduExchange exchange = new ApduExchange(++sequence, command, response, nanos);
        if (logger.isTraceEnabled()) {
            logger.trace("{}", exchange.trace(false));
        }
        for (ApduListener listener : listeners) {
            listener.exchanged(exchange);
        }
        return response;
    }

    /**
     * Builds a {@link CardSession}.
     *
     * <p>Not thread-safe; confine to one thread.
     */
    public static final class Builder {

        private final CardTransport transport;
        private final List<ApduListener> listeners = new ArrayList<>();
        private int readChunk = 0x80;

        private Builder(CardTransport transport) {
            this.transport = transport;
        }

        /**
         * Adds a listener that sees every exchanged APDU.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(ApduListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Sets the largest READ BINARY chunk. Default {@code 0x80}, the size the health-card vendor implementation
         * reads (health-card-spec §1.4, [C-vendor]); up to 256 for readers and cards that accept it.
         *
         * @param bytes 1 to 256
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder readChunk(int bytes) {
            if (bytes < 1 || bytes > 256) {
                throw new InvalidInputException("readChunk", "must be 1..256, was " + bytes);
            }
            this.readChunk = bytes;
            return this;
        }

        /**
         * Builds the session.
         *
         * @return the session
         */
        public CardSession build() {
            return new CardSession(transport, this);
        }
    }
}
