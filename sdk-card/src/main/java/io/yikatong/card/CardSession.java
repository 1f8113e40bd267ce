package io.yikatong.card;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
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
 *   <li>The ISO/IEC 7816-4 commands the card applications share, with their exact bytes in one place: SELECT by file
 *       identifier ({@link #selectFile}, {@link #selectEf}) and by DF name ({@link #selectByName}), READ RECORD by
 *       number and by record identifier ({@link #readRecord}, {@link #readRecordByIdentifier}), READ BINARY from an
 *       offset in chunks ({@link #readBinary}), GET CHALLENGE ({@link #getChallenge}), UPDATE BINARY in chunks
 *       ({@link #updateBinary}) and UPDATE RECORD, plain, with secure messaging or on a cyclic file
 *       ({@link #updateRecord}, {@link #updateRecordSecured}, {@link #appendCyclicRecord}). Anything else (proprietary
 *       commands, authentication) goes through {@link #send}.</li>
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

    /**
     * The class byte of a command with proprietary secure messaging (ISO/IEC 7816-4 §5.4.1: CLA bits b4 b3 = 01), as
     * the health card's protected record writes use it ({@code 04DC}, health-card-spec §1.8).
     */
    public static final int CLA_SECURE_MESSAGING = 0x04;

    private static final int INS_SELECT = 0xA4;
    private static final int INS_READ_BINARY = 0xB0;
    private static final int INS_READ_RECORD = 0xB2;
    private static final int INS_GET_CHALLENGE = 0x84;
    private static final int INS_UPDATE_BINARY = 0xD6;
    private static final int INS_UPDATE_RECORD = 0xDC;
    /** READ/UPDATE RECORD P2: record number in P1, current EF. */
    private static final int P2_RECORD_NUMBER = 0x04;
    /** READ RECORD P2: first record with the identifier in P1, current EF. */
    private static final int P2_FIRST_WITH_IDENTIFIER = 0x00;
    /** UPDATE RECORD P2: previous record (with P1 00, a new record 1 on a cyclic EF). */
    private static final int P2_PREVIOUS_RECORD = 0x03;

    private final CardTransport transport;
    private final List<ApduListener> listeners;
    private final int readChunk;
    private final int writeChunk;
    private int sequence;

    private CardSession(CardTransport transport, Builder b) {
        this.transport = transport;
        this.listeners = List.copyOf(b.listeners);
        this.readChunk = b.readChunk;
        this.writeChunk = b.writeChunk;
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

    // ------------------------------------------------------------------------------------------------ ISO 7816-4

    /**
     * Selects a file by its identifier: SELECT {@code 00A4 0000 02 <fid>} (P1 {@code 00}: MF, DF or EF; no Le). This is
     * how the health card, its SAM and the purse PSAM navigate.
     *
     * @param fid the file identifier, {@code 0000}..{@code FFFF} (for example {@code 0xDDF1})
     * @param what what the selection is for, used in error messages (for example {@code "select DDF1"})
     * @return the response data (usually none)
     * @throws InvalidInputException if the identifier is outside {@code 0000}..{@code FFFF}
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card refused (for example {@code 6A82}, file not found)
     * @throws MalformedCardResponseException if the response was truncated
     */
    public byte[] selectFile(int fid, String what)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        return send(CommandApdu.of(0x00, INS_SELECT, 0x00, 0x00, fid(fid)), what);
    }

    /**
     * Selects an elementary file under the current DF: SELECT {@code 00A4 0200 02 <fid>} (P1 {@code 02}; no Le), as the
     * social security card's SSSE files are selected.
     *
     * @param fid the EF's identifier, {@code 0000}..{@code FFFF} (for example {@code 0xEF05})
     * @param what what the selection is for, used in error messages
     * @return the response data (usually none)
     * @throws InvalidInputException if the identifier is outside {@code 0000}..{@code FFFF}
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card refused
     * @throws MalformedCardResponseException if the response was truncated
     */
    public byte[] selectEf(int fid, String what)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        return send(CommandApdu.of(0x00, INS_SELECT, 0x02, 0x00, fid(fid)), what);
    }

    /**
     * Selects a DF by its name (an application identifier, AID) without asking for the FCI: SELECT
     * {@code 00A4 0400 <Lc> <name>} (case 3).
     *
     * @param dfName the DF name, 1 to 16 bytes
     * @param what what the selection is for, used in error messages
     * @return the response data (usually none)
     * @throws InvalidInputException if the name is empty or longer than 16 bytes
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card refused (for example {@code 6A82}, no such application)
     * @throws MalformedCardResponseException if the response was truncated
     */
    public byte[] selectByName(Bytes dfName, String what)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        return selectByName(dfName, 0, what);
    }

    /**
     * Selects a DF by its name (AID): SELECT {@code 00A4 0400 <Lc> <name>}, with Le when {@code ne} is not 0 — for
     * example {@code 256} ({@code Le 00}) to ask for the file control information, as the social security card's SSSE
     * is selected.
     *
     * @param dfName the DF name, 1 to 16 bytes
     * @param ne the expected response length: 0 for no Le, 1 to 256 for a short Le
     * @param what what the selection is for, used in error messages
     * @return the response data: the FCI, if the card sends one
     * @throws InvalidInputException if the name is empty or longer than 16 bytes, or {@code ne} is outside 0..256
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card refused
     * @throws MalformedCardResponseException if the response was truncated
     */
    public byte[] selectByName(Bytes dfName, int ne, String what)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        Objects.requireNonNull(dfName, "dfName");
        if (dfName.length() < 1 || dfName.length() > 16) {
            throw new InvalidInputException("dfName", "must be 1 to 16 bytes, was " + dfName.length());
        }
        return send(CommandApdu.of(0x00, INS_SELECT, 0x04, 0x00, dfName.toByteArray(), shortNe(ne, 0)), what);
    }

    /**
     * Reads a record of the current EF by its number: READ RECORD {@code 00B2 <number> 04 00} (P2 {@code 04}: record
     * number in P1; Le {@code 00}, up to 256 bytes).
     *
     * @param number the record number, 1 to 254
     * @param what what is read, used in error messages (for example {@code "read DDF1/EF06 record 1"})
     * @return the record
     * @throws InvalidInputException if the number is outside 1..254
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card refused ({@code 6A83}: no such record)
     * @throws MalformedCardResponseException if the response was truncated
     */
    public byte[] readRecord(int number, String what)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        return send(CommandApdu.withNe(0x00, INS_READ_RECORD, record(number, "number"), P2_RECORD_NUMBER, 256), what);
    }

    /**
     * Reads the first record of the current EF that carries a record identifier: READ RECORD
     * {@code 00B2 <identifier> 00 <Le>} (P2 {@code 00}). The TLV files of the health and social security cards use a
     * record's tag as its identifier.
     *
     * @param identifier the record identifier, 1 to 254 (for example {@code 0x39}, the city code of DDF1/EF05)
     * @param ne the expected length, 1 to 256 (the exact Le some cards require)
     * @param what what is read, used in error messages
     * @return the record
     * @throws InvalidInputException if the identifier or {@code ne} is out of range
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card refused ({@code 6A83}: no such record)
     * @throws MalformedCardResponseException if the response was truncated
     */
    public byte[] readRecordByIdentifier(int identifier, int ne, String what)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        return send(CommandApdu.withNe(0x00, INS_READ_RECORD, record(identifier, "identifier"),
                P2_FIRST_WITH_IDENTIFIER, shortNe(ne, 1)), what);
    }

    /**
     * Asks the card for a random challenge: GET CHALLENGE {@code 0084 0000 <length>}.
     *
     * @param length the challenge length, 1 to 256 (8 for the health and social security cards)
     * @return the challenge, exactly {@code length} bytes
     * @throws InvalidInputException if the length is outside 1..256
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card refused
     * @throws MalformedCardResponseException if the card returned another number of bytes
     */
    public byte[] getChallenge(int length)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        if (length < 1 || length > CommandApdu.MAX_SHORT_NE) {
            throw new InvalidInputException("length", "must be 1..256, was " + length);
        }
        byte[] r = send(CommandApdu.withNe(0x00, INS_GET_CHALLENGE, 0x00, 0x00, length), "get challenge");
        if (r.length != length) {
            throw new MalformedCardResponseException("GET CHALLENGE response", -1, -1,
                    "expected " + length + " bytes, card returned " + r.length, null);
        }
        return r;
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
            byte[] chunk = send(CommandApdu.withNe(0x00, INS_READ_BINARY, at >>> 8, at & 0xFF, n), "read " + file);
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
     * Writes bytes into the currently selected transparent file from {@code offset}, in chunks of at most the
     * configured size, with UPDATE BINARY ({@code 00D6}, offset in P1-P2, 15 bits). Chunks written before a failure
     * stay written.
     *
     * @param offset the first byte, 0 to 32767
     * @param data the bytes
     * @param file the file name for error messages, for example {@code "DF03/ED01"}
     * @throws InvalidInputException if the range does not fit UPDATE BINARY's 15-bit offset
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card refused a chunk
     * @throws MalformedCardResponseException if a response was truncated
     */
    public void updateBinary(int offset, byte[] data, String file)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        Objects.requireNonNull(data, "data");
        if (offset < 0 || offset + data.length > 0x8000) {
            throw new InvalidInputException("offset/length", "UPDATE BINARY reaches offsets 0..32767 only");
        }
        for (int done = 0; done < data.length; done += writeChunk) {
            int n = Math.min(writeChunk, data.length - done);
            int at = offset + done;
            send(CommandApdu.of(0x00, INS_UPDATE_BINARY, at >>> 8, at & 0xFF, Arrays.copyOfRange(data, done, done + n)),
                    "write " + file);
        }
    }

    /**
     * Replaces a record of the current EF: UPDATE RECORD {@code 00DC <number> 04 <Lc> <record>}.
     *
     * @param number the record number, 1 to 254
     * @param record the new record (the data field)
     * @param what what is written, used in error messages
     * @throws InvalidInputException if the number is outside 1..254
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card refused
     * @throws MalformedCardResponseException if the response was truncated
     */
    public void updateRecord(int number, byte[] record, String what)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        send(CommandApdu.of(0x00, INS_UPDATE_RECORD, record(number, "number"), P2_RECORD_NUMBER, recordData(record)),
                what);
    }

    /**
     * Returns the header {@code CLA INS P1 P2} of {@link #updateRecordSecured}, {@code 04DC <number> 04}: what a
     * security module MACs together with the ciphertext.
     *
     * @param number the record number, 1 to 254
     * @return 4 bytes
     * @throws InvalidInputException if the number is outside 1..254
     */
    public static Bytes updateRecordSecuredHeader(int number) {
        return Bytes.copyOf(new byte[] {(byte) CLA_SECURE_MESSAGING, (byte) INS_UPDATE_RECORD,
                (byte) record(number, "number"), (byte) P2_RECORD_NUMBER});
    }

    /**
     * Replaces a record of the current EF with secure messaging: UPDATE RECORD
     * {@code 04DC <number> 04 <Lc> <protected data>} (CLA {@link #CLA_SECURE_MESSAGING}). The protected data
     * (ciphertext and MAC over {@link #updateRecordSecuredHeader(int)}) comes from a security module.
     *
     * @param number the record number, 1 to 254
     * @param protectedData the protected data (the data field)
     * @param what what is written, used in error messages
     * @throws InvalidInputException if the number is outside 1..254
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card refused (for example a wrong MAC)
     * @throws MalformedCardResponseException if the response was truncated
     */
    public void updateRecordSecured(int number, byte[] protectedData, String what)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        send(CommandApdu.of(CLA_SECURE_MESSAGING, INS_UPDATE_RECORD, record(number, "number"), P2_RECORD_NUMBER,
                recordData(protectedData)), what);
    }

    /**
     * Writes a new record into the current cyclic EF: UPDATE RECORD {@code 00DC 00 03 <Lc> <record>} (P1 {@code 00},
     * P2 {@code 03}, "previous record"). On a cyclic file the record becomes record 1 and the oldest one is overwritten,
     * as the health card's allergy and immunisation files are written (health-card-spec §1.5 [C-vendor]).
     *
     * @param record the new record (the data field)
     * @param what what is written, used in error messages
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card refused
     * @throws MalformedCardResponseException if the response was truncated
     */
    public void appendCyclicRecord(byte[] record, String what)
            throws CardLinkException, CardRefusedException, MalformedCardResponseException {
        send(CommandApdu.of(0x00, INS_UPDATE_RECORD, 0x00, P2_PREVIOUS_RECORD, recordData(record)), what);
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
     * Returns the largest UPDATE BINARY chunk this session writes.
     *
     * @return 1..255 bytes
     */
    public int writeChunk() {
        return writeChunk;
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

    private static byte[] fid(int fid) {
        if (fid < 0 || fid > 0xFFFF) {
            throw new InvalidInputException("fid", "must be 0000..FFFF, was " + fid);
        }
        return new byte[] {(byte) (fid >>> 8), (byte) fid};
    }

    private static int record(int value, String field) {
        if (value < 1 || value > 0xFE) {
            throw new InvalidInputException(field, "must be 1..254, was " + value);
        }
        return value;
    }

    private static byte[] recordData(byte[] data) {
        return Objects.requireNonNull(data, "record");
    }

    private static int shortNe(int ne, int min) {
        if (ne < min || ne > CommandApdu.MAX_SHORT_NE) {
            throw new InvalidInputException("ne", "must be " + min + ".." + CommandApdu.MAX_SHORT_NE + ", was " + ne);
        }
        return ne;
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
        private int writeChunk = 0xF0;

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
         * Sets the largest UPDATE BINARY chunk. Default {@code 0xF0}, the size the SDK has always written DF03 records
         * in; at most 255, the data field of a short APDU.
         *
         * @param bytes 1 to 255
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder writeChunk(int bytes) {
            if (bytes < 1 || bytes > CommandApdu.MAX_SHORT_LC) {
                throw new InvalidInputException("writeChunk", "must be 1..255, was " + bytes);
            }
            this.writeChunk = bytes;
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
