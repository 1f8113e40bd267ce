package io.yikatong.testkit.card;

import io.yikatong.card.CommandApdu;
import io.yikatong.card.StatusWord;
import io.yikatong.card.health.security.internal.HealthCardCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.crypto.DecryptionException;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.testkit.card.FileNode.Df;
import io.yikatong.testkit.card.FileNode.Ef;
import io.yikatong.testkit.card.FileNode.RecordEf;
import io.yikatong.testkit.card.FileNode.TransparentEf;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A virtual ISO/IEC 7816-4 smart card: an MF ({@code 3F00}) with DFs and EFs addressed by 2-byte file identifiers,
 * current DF / EF / record state, per-DF security state, and the commands the health-card flows use
 * (health-card-spec §1.2–1.6):
 * <ul>
 * <li>SELECT by file identifier ({@code 00A4 0000 02 <fid>}, P2 {@code 00}, {@code 04} or {@code 0C}): the MF
 * ({@code 3F00}), the current DF, its children, its parent, and the parent's child DFs (siblings); an empty SELECT
 * selects the MF. Selecting an EF keeps the current DF; selecting a DF resets the security state of every DF that is
 * no longer on the path from the MF.</li>
 * <li>READ BINARY ({@code 00B0}, offset in P1-P2 (15 bits), Le): {@code 6B00} if the offset is at or past the end,
 * {@code 6282} with the remaining bytes if fewer than Le remain (Le {@code 00} means "up to 256", so no warning).</li>
 * <li>READ RECORD ({@code 00B2}): by number ({@code P2=04}, P1 = record, {@code 00} = current record) and by record
 * identifier = first byte, the TLV tag ({@code P2=00} first, {@code 01} last, {@code 02} next, {@code 03} previous
 * occurrence). A record longer than Le gets {@code 6Cxx} (its length), a shorter one {@code 6282} unless Le was
 * {@code 00}.</li>
 * <li>UPDATE BINARY ({@code 00D6}), UPDATE RECORD ({@code 00DC <rec> 04}; on a cyclic file {@code 00DC 00 03} writes a
 * new record 1, as the vendor code does for DF02/EF07, spec §1.5), APPEND RECORD ({@code 00E2 0000}).</li>
 * <li>GET CHALLENGE ({@code 0084 0000 <Le>}, Le 4, 8 or 16) from the injected random generator.</li>
 * </ul>
 * Errors: {@code 6E00} unknown class (secure-messaging classes get {@code 6882} in this version), {@code 6D00}
 * unknown instruction, {@code 6700} wrong length or malformed APDU, {@code 6A86} bad P1-P2, {@code 6A81} short EF
 * identifiers (not supported), {@code 6A82} file not found, {@code 6A83} record not found, {@code 6986} no current
 * EF, {@code 6981} command does not fit the file structure, {@code 6982} access condition not satisfied,
 * {@code 6A84} no room in the file. Every command gets a status word; the engine never throws.
 *
 * <p>Not thread-safe; confine to one thread (like the transport that serves it).
 *
 * @since 0.1
 */
public final class VirtualCard {

    /** The MF's file identifier. */
    public static final int MF = 0x3F00;

    /** How many recent commands {@link #recentCommands()} keeps. */
    public static final int COMMAND_LOG_SIZE = 256;

    private static final byte[] DEFAULT_DIVERSIFICATION = {0x59, 0x4B, 0x54, 0x00, 0x00, 0x00, 0x00, 0x01};

    private final Df mf;
    private final Bytes atr;
    private final RandomGenerator random;
    private Df currentDf;
    private Ef currentEf;
    private int currentRecord;
    private long commandCount;
    private final ArrayDeque<Bytes> commandLog = new ArrayDeque<>();
    private Bytes lastChallenge = Bytes.empty();
    private byte[] pendingResponse;
    private final List<CardApplet> applets;

    private VirtualCard(Builder b) {
        this.mf = b.mf;
        this.atr = b.atr;
        this.random = b.random;
        this.currentDf = mf;
        this.applets = List.copyOf(b.applets);
    }

    /**
     * Starts building a card with an empty MF.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the default ATR, {@code 3B 6C 00 00 80 <factor 8 bytes> 90 00 00}: 12 historical bytes, of which ATR bytes
     * 5..12 (0-based) are the card diversification factor the health-card SAM flow takes from the ATR (spec §1.8).
     *
     * @param diversificationFactor 8 bytes
     * @return the ATR
     * @throws InvalidInputException if the factor is not 8 bytes
     */
    public static Bytes atrWithDiversificationFactor(Bytes diversificationFactor) {
        Objects.requireNonNull(diversificationFactor, "diversificationFactor");
        if (diversificationFactor.length() != 8) {
            throw new InvalidInputException("diversificationFactor", "must be 8 bytes, was " + diversificationFactor.length());
        }
        byte[] atr = new byte[16];
        atr[0] = 0x3B;
        atr[1] = 0x6C; // TB1 and TC1 present, 12 historical bytes
        atr[2] = 0x00;
        atr[3] = 0x00;
        atr[4] = (byte) 0x80; // category indicator: compact-TLV follows (simplified)
        System.arraycopy(diversificationFactor.toByteArray(), 0, atr, 5, 8);
        atr[13] = (byte) 0x90;
        atr[14] = 0x00;
        atr[15] = 0x00;
        return Bytes.copyOf(atr);
    }

    /**
     * Returns the answer to reset.
     *
     * @return the ATR
     */
    public Bytes atr() {
        return atr;
    }

    /**
     * Processes one command APDU and returns the response (data followed by SW1 SW2). Never throws for any input
     * bytes: malformed commands get an error status word.
     *
     * @param command the command APDU bytes
     * @return the response bytes
     */
    public byte[] process(byte[] command) {
        Objects.requireNonNull(command, "command");
        commandCount++;
        if (commandLog.size() == COMMAND_LOG_SIZE) {
            commandLog.removeFirst();
        }
        commandLog.addLast(Bytes.copyOf(command));
        CommandApdu c;
        try {
            c = CommandApdu.decode(command);
        } catch (MalformedDataException e) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        byte[] pending = pendingResponse;
        pendingResponse = null;
        if (c.cla() == 0x00 && c.ins() == 0xC0) {
            return getResponse(c, pending);
        }
        for (CardApplet applet : applets) {
            byte[] r = applet.process(c, this);
            if (r != null) {
                return r;
            }
        }
        int cla = c.cla();
        if (cla == 0x04 && c.ins() == 0xDC) {
            return secureUpdateRecord(c, command);
        }
        if (cla != 0x00) {
            if ((cla & 0xF0) == 0 && (cla & 0x0C) != 0) {
                return sw(StatusWord.SECURE_MESSAGING_NOT_SUPPORTED);
            }
            return sw(StatusWord.CLA_NOT_SUPPORTED);
        }
        return switch (c.ins()) {
            case 0xA4 -> select(c);
            case 0xB0 -> readBinary(c);
            case 0xB2 -> readRecord(c);
            case 0xD6 -> updateBinary(c);
            case 0xDC -> updateRecord(c);
            case 0xE2 -> appendRecord(c);
            case 0x84 -> getChallenge(c);
            case 0x82 -> externalAuthenticate(c);
            default -> sw(StatusWord.INS_NOT_SUPPORTED);
        };
    }

    /**
     * Returns how many command APDUs this card has processed (malformed ones included), so tests can assert the
     * number of commands a flow needs.
     *
     * @return the count
     */
    public long commandCount() {
        return commandCount;
    }

    /**
     * Returns the last {@link #COMMAND_LOG_SIZE} commands this card processed, oldest first. The log is a test aid: it
     * holds command bytes as sent, so do not print it for cards holding real secrets.
     *
     * @return an unmodifiable snapshot
     */
    public List<Bytes> recentCommands() {
        return List.copyOf(commandLog);
    }

    /**
     * Test hook standing in for external authentication with the DF's read key (RK): grants the read right of the DF
     * with this file identifier. Like an authenticated right it is lost when the DF is left (another DF outside its
     * subtree is selected) and at power-on (creating a {@link VirtualCardTransport} resets the card), so grant it
     * after inserting the card.
     *
     * @param dfFid the DF's file identifier, for example {@code 0xDDF1}
     * @throws InvalidInputException if the card has no such DF
     */
    public void grantReadRight(int dfFid) {
        findDf(mf, dfFid).security.grantRead();
    }

    /**
     * Test hook standing in for external authentication with the DF's update key (UK): grants the update right of
     * the DF with this file identifier, until the DF is left.
     *
     * @param dfFid the DF's file identifier
     * @throws InvalidInputException if the card has no such DF
     */
    public void grantUpdateRight(int dfFid) {
        findDf(mf, dfFid).security.grantUpdate();
    }

    /**
     * Returns the last challenge given by GET CHALLENGE (for the external authentication of the next version).
     *
     * @return the challenge, empty if none was asked for
     */
    Bytes lastChallenge() {
        return lastChallenge;
    }

    /** Resets the card state as a power cycle does: MF selected, all security states cleared. */
    void reset() {
        clearSecurity(mf);
        currentDf = mf;
        currentEf = null;
        currentRecord = 0;
        lastChallenge = Bytes.empty();
        pendingResponse = null;
        for (CardApplet a : applets) {
            a.reset();
        }
    }

    // ------------------------------------------------------------------------------------ hooks for CardApplets

    /** @return the current DF */
    Df currentDf() {
        return currentDf;
    }

    /** @return the current EF, or {@code null} */
    Ef currentEf() {
        return currentEf;
    }

    /**
     * Takes the last challenge: a challenge serves one authentication or one protected command.
     *
     * @return the challenge, empty if none is outstanding
     */
    Bytes takeChallenge() {
        Bytes c = lastChallenge;
        lastChallenge = Bytes.empty();
        return c;
    }

    /** @return the random generator the card draws from */
    RandomGenerator random() {
        return random;
    }

    /**
     * Answers {@code 61xx} and keeps the data for the following GET RESPONSE, as a T=0 card does for case-4 commands.
     *
     * @param data 1 to 256 bytes
     * @return the {@code 61xx} status
     */
    byte[] respondViaGetResponse(byte[] data) {
        pendingResponse = data.clone();
        return sw(StatusWord.of(0x61, data.length & 0xFF));
    }

    private static void clearSecurity(Df df) {
        df.security.reset();
        for (FileNode n : df.children) {
            if (n instanceof Df d) {
                clearSecurity(d);
            }
        }
    }

    private static Df findDf(Df from, int fid) {
        Df found = findDfOrNull(from, fid);
        if (found == null) {
            throw new InvalidInputException("dfFid", String.format("no DF %04X on this card", fid));
        }
        return found;
    }

    private static Df findDfOrNull(Df from, int fid) {
        if (from.fid == fid) {
            return from;
        }
        for (FileNode n : from.children) {
            if (n instanceof Df d) {
                Df found = findDfOrNull(d, fid);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------- commands

    private byte[] select(CommandApdu c) {
        int p1 = c.p1();
        int p2 = c.p2();
        if (p2 != 0x00 && p2 != 0x04 && p2 != 0x0C) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        if (p1 == 0x04) {
            Df named = c.dataLength() == 0 ? null : findByName(mf, c.data());
            if (named == null) {
                return sw(StatusWord.FILE_NOT_FOUND);
            }
            selectDf(named);
            return sw(StatusWord.SUCCESS);
        }
        if (p1 != 0x00) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        if (c.dataLength() == 0) {
            selectDf(mf);
            return sw(StatusWord.SUCCESS);
        }
        if (c.dataLength() != 2) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        byte[] d = c.data();
        int fid = ((d[0] & 0xFF) << 8) | (d[1] & 0xFF);
        FileNode target = resolve(fid);
        if (target == null) {
            return sw(StatusWord.FILE_NOT_FOUND);
        }
        if (target instanceof Df df) {
            selectDf(df);
        } else {
            Ef ef = (Ef) target;
            if (ef.parent != currentDf) {
                selectDf(ef.parent);
            }
            currentEf = ef;
            currentRecord = 0;
        }
        return sw(StatusWord.SUCCESS);
    }

    private static Df findByName(Df from, byte[] name) {
        if (from.name != null && Arrays.equals(from.name, name)) {
            return from;
        }
        for (FileNode n : from.children) {
            if (n instanceof Df d) {
                Df found = findByName(d, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private FileNode resolve(int fid) {
        if (fid == MF) {
            return mf;
        }
        if (fid == currentDf.fid) {
            return currentDf;
        }
        FileNode child = currentDf.child(fid);
        if (child != null) {
            return child;
        }
        Df parent = currentDf.parent;
        if (parent != null) {
            if (parent.fid == fid) {
                return parent;
            }
            FileNode sibling = parent.child(fid);
            if (sibling instanceof Df) {
                return sibling;
            }
        }
        return null;
    }

    private void selectDf(Df df) {
        for (Df d = currentDf; d != null; d = d.parent) {
            if (!d.isAncestorOrSelfOf(df)) {
                d.security.reset();
            }
        }
        currentDf = df;
        currentEf = null;
        currentRecord = 0;
    }

    /**
     * Checks a READ/UPDATE BINARY against the current EF: returns the refusing status word, or {@code null} when the
     * current EF is a transparent file the command may access at offset P1-P2.
     */
    private StatusWord transparentAccessRefused(CommandApdu c, boolean update) {
        if ((c.p1() & 0x80) != 0) {
            return StatusWord.FUNCTION_NOT_SUPPORTED;
        }
        if (currentEf == null) {
            return StatusWord.NO_CURRENT_EF;
        }
        if (!(currentEf instanceof TransparentEf ef)) {
            return StatusWord.INCOMPATIBLE_FILE_STRUCTURE;
        }
        AccessCondition condition = update ? ef.update : ef.read;
        if (!ef.parent.allows(condition) || condition.requiresSecureMessaging()) {
            return StatusWord.SECURITY_STATUS_NOT_SATISFIED;
        }
        return ((c.p1() << 8) | c.p2()) >= ef.content.length ? StatusWord.WRONG_P1_P2 : null;
    }

    private byte[] readBinary(CommandApdu c) {
        if (c.dataLength() != 0 || c.ne() == 0) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        StatusWord refused = transparentAccessRefused(c, false);
        if (refused != null) {
            return sw(refused);
        }
        TransparentEf ef = (TransparentEf) currentEf;
        int offset = (c.p1() << 8) | c.p2();
        int available = ef.content.length - offset;
        int n = Math.min(available, c.ne());
        byte[] data = Arrays.copyOfRange(ef.content, offset, offset + n);
        boolean shortRead = n < c.ne() && !(c.ne() == 256 && !c.isExtended()) && c.ne() != 65536;
        return respond(data, shortRead ? StatusWord.END_OF_FILE : StatusWord.SUCCESS);
    }

    private byte[] readRecord(CommandApdu c) {
        if (c.dataLength() != 0 || c.ne() == 0) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        int p2 = c.p2();
        if ((p2 & 0xF8) != 0) {
            return sw(StatusWord.FUNCTION_NOT_SUPPORTED);
        }
        int mode = p2 & 0x07;
        if (mode > 4) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        RecordEf ef = currentRecordEf();
        if (ef == null) {
            return sw(currentEf == null ? StatusWord.NO_CURRENT_EF : StatusWord.INCOMPATIBLE_FILE_STRUCTURE);
        }
        if (!ef.parent.allows(ef.read)) {
            return sw(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        int index = mode == 4 ? byNumber(ef, c.p1()) : byIdentifier(ef, c.p1(), mode);
        if (index < 0) {
            return sw(StatusWord.RECORD_NOT_FOUND);
        }
        byte[] record = ef.records.get(index);
        int ne = c.ne();
        boolean upTo = ne == 65536 || (ne == 256 && !c.isExtended());
        if (record.length > ne) {
            return sw(StatusWord.of(0x6C, record.length & 0xFF));
        }
        currentRecord = index + 1;
        return respond(record, record.length < ne && !upTo ? StatusWord.END_OF_FILE : StatusWord.SUCCESS);
    }

    private int byNumber(RecordEf ef, int number) {
        int n = number == 0 ? currentRecord : number;
        return n >= 1 && n <= ef.records.size() ? n - 1 : -1;
    }

    private int byIdentifier(RecordEf ef, int id, int mode) {
        int size = ef.records.size();
        return switch (mode) {
            case 0 -> scan(ef, id, 0, size, 1);
            case 1 -> scan(ef, id, size - 1, -1, -1);
            case 2 -> scan(ef, id, currentRecord, size, 1); // next: after the current record (index currentRecord)
            default -> currentRecord == 0 ? scan(ef, id, size - 1, -1, -1) : scan(ef, id, currentRecord - 2, -1, -1);
        };
    }

    private static int scan(RecordEf ef, int id, int from, int toExclusive, int step) {
        for (int i = from; i != toExclusive && i >= 0 && i < ef.records.size(); i += step) {
            byte[] r = ef.records.get(i);
            if (r.length > 0 && (r[0] & 0xFF) == id) {
                return i;
            }
        }
        return -1;
    }

    private RecordEf currentRecordEf() {
        return currentEf instanceof RecordEf r ? r : null;
    }

    private byte[] updateBinary(CommandApdu c) {
        if (c.dataLength() == 0 || c.ne() != 0) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        StatusWord refused = transparentAccessRefused(c, true);
        if (refused != null) {
            return sw(refused);
        }
        TransparentEf ef = (TransparentEf) currentEf;
        int offset = (c.p1() << 8) | c.p2();
        if (offset + c.dataLength() > ef.content.length) {
            return sw(StatusWord.NOT_ENOUGH_MEMORY);
        }
        System.arraycopy(c.data(), 0, ef.content, offset, c.dataLength());
        return sw(StatusWord.SUCCESS);
    }

    private byte[] updateRecord(CommandApdu c) {
        if (c.dataLength() == 0 || c.ne() != 0) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        int p2 = c.p2();
        if ((p2 & 0xF8) != 0) {
            return sw(StatusWord.FUNCTION_NOT_SUPPORTED);
        }
        int mode = p2 & 0x07;
        if (mode != 4 && !(mode == 3 && c.p1() == 0)) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        RecordEf ef = currentRecordEf();
        if (ef == null) {
            return sw(currentEf == null ? StatusWord.NO_CURRENT_EF : StatusWord.INCOMPATIBLE_FILE_STRUCTURE);
        }
        if (!ef.parent.allows(ef.update)) {
            return sw(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        if (ef.update.requiresSecureMessaging()) {
            return sw(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        if (mode == 3) {
            if (ef.structure != RecordStructure.CYCLIC) {
                return sw(StatusWord.INCORRECT_P1_P2);
            }
            if (!lengthFits(ef, c.dataLength())) {
                return sw(StatusWord.WRONG_LENGTH);
            }
            ef.append(c.data());
            currentRecord = 1;
            return sw(StatusWord.SUCCESS);
        }
        return writeRecord(ef, c.p1(), c.data());
    }

    private byte[] writeRecord(RecordEf ef, int p1, byte[] data) {
        if (!lengthFits(ef, data.length)) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        int index = byNumber(ef, p1);
        if (index < 0) {
            return sw(StatusWord.RECORD_NOT_FOUND);
        }
        ef.records.set(index, data);
        currentRecord = index + 1;
        return sw(StatusWord.SUCCESS);
    }

    private byte[] appendRecord(CommandApdu c) {
        if (c.dataLength() == 0 || c.ne() != 0) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        if (c.p1() != 0 || (c.p2() & 0x07) != 0) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        if (c.p2() != 0) {
            return sw(StatusWord.FUNCTION_NOT_SUPPORTED);
        }
        RecordEf ef = currentRecordEf();
        if (ef == null) {
            return sw(currentEf == null ? StatusWord.NO_CURRENT_EF : StatusWord.INCOMPATIBLE_FILE_STRUCTURE);
        }
        if (!ef.parent.allows(ef.update) || ef.update.requiresSecureMessaging()) {
            return sw(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        if (!lengthFits(ef, c.dataLength())) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        if (!ef.append(c.data())) {
            return sw(StatusWord.NOT_ENOUGH_MEMORY);
        }
        currentRecord = ef.structure == RecordStructure.CYCLIC ? 1 : ef.records.size();
        return sw(StatusWord.SUCCESS);
    }

    private static boolean lengthFits(RecordEf ef, int length) {
        return ef.fixedLength() ? length == ef.maxRecordLength : length >= 1 && length <= ef.maxRecordLength;
    }

    private byte[] getResponse(CommandApdu c, byte[] pending) {
        if (pending == null) {
            return sw(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        if (c.p1() != 0 || c.p2() != 0 || c.dataLength() != 0) {
            pendingResponse = pending;
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        if (c.ne() < pending.length && !(c.ne() == 256 && !c.isExtended())) {
            pendingResponse = pending;
            return sw(StatusWord.of(0x6C, pending.length & 0xFF));
        }
        return respond(pending, StatusWord.SUCCESS);
    }

    /**
     * EXTERNAL AUTHENTICATE {@code 0082 00 <ref> <Lc> <cryptogram 8> <input 8> [01]} (health-card-spec §1.8): checks the
     * cryptogram with the session key derived from the current DF's key and the last challenge; success records the
     * key as authenticated in the DF's security state and resets its retry counter, failure decrements the counter
     * ({@code 63Cx}, then {@code 6983} when blocked).
     */
    private byte[] externalAuthenticate(CommandApdu c) {
        if (c.p1() != 0) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        if (c.dataLength() != 16 && c.dataLength() != 17) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        CardKey key = currentDf.key(c.p2());
        if (key == null || (key.usage != KeyUsage.READ && key.usage != KeyUsage.UPDATE)) {
            return sw(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        if (key.blocked()) {
            return sw(StatusWord.AUTHENTICATION_BLOCKED);
        }
        Bytes challenge = takeChallenge();
        if (challenge.length() != 8) {
            return sw(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        byte[] d = c.data();
        byte[] expected = HealthCardCrypto.cryptogram(HealthCardCrypto.sessionKey(key.key, challenge),
                Bytes.copyOf(d, 8, 8));
        if (!java.security.MessageDigest.isEqual(expected, Arrays.copyOf(d, 8))) {
            if (key.maxTries > 0) {
                key.triesLeft--;
                return sw(StatusWord.of(0x63, 0xC0 | key.triesLeft));
            }
            return sw(StatusWord.of(0x63, 0x00));
        }
        key.triesLeft = key.maxTries;
        currentDf.security.authenticated(key.reference);
        return sw(StatusWord.SUCCESS);
    }

    /**
     * UPDATE RECORD with secure messaging, {@code 04DC <rec> 04 <Lc> <ciphertext> <MAC 4>}: the MAC and the
     * ciphertext use the session key derived from the DF's line-protection key and the last challenge
     * ({@link HealthCardCrypto}); the decrypted record then goes through the same checks as a plain UPDATE RECORD.
     */
    private byte[] secureUpdateRecord(CommandApdu c, byte[] raw) {
        if (c.dataLength() == 0 || c.ne() != 0 || c.isExtended()) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        if (c.p2() != 0x04) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        RecordEf ef = currentRecordEf();
        if (ef == null) {
            return sw(currentEf == null ? StatusWord.NO_CURRENT_EF : StatusWord.INCOMPATIBLE_FILE_STRUCTURE);
        }
        if (!ef.parent.allows(ef.update)) {
            return sw(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        CardKey stk = ef.parent.keyFor(KeyUsage.LINE_PROTECTION);
        if (stk == null) {
            return sw(StatusWord.SECURE_MESSAGING_NOT_SUPPORTED);
        }
        Bytes challenge = takeChallenge();
        if (challenge.length() != 8) {
            return sw(StatusWord.SECURE_MESSAGING_OBJECTS_MISSING);
        }
        byte[] record;
        try {
            record = HealthCardCrypto.unprotect(HealthCardCrypto.sessionKey(stk.key, challenge),
                    Arrays.copyOf(raw, 5), c.data());
        } catch (SignatureVerificationException | DecryptionException e) {
            return sw(StatusWord.SECURE_MESSAGING_INCORRECT);
        }
        return writeRecord(ef, c.p1(), record);
    }

    private byte[] getChallenge(CommandApdu c) {
        if (c.p1() != 0 || c.p2() != 0) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        int ne = c.ne();
        if (c.dataLength() != 0 || (ne != 4 && ne != 8 && ne != 16)) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        byte[] challenge = new byte[ne];
        random.nextBytes(challenge);
        lastChallenge = Bytes.copyOf(challenge);
        return respond(challenge, StatusWord.SUCCESS);
    }

    static byte[] sw(StatusWord sw) {
        return new byte[] {(byte) sw.sw1(), (byte) sw.sw2()};
    }

    static byte[] respond(byte[] data, StatusWord sw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 2);
        out.writeBytes(data);
        out.write(sw.sw1());
        out.write(sw.sw2());
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------------- builders

    /**
     * Builds a {@link VirtualCard}: its file tree, ATR and random generator.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Df mf = new Df(MF, null);
        private Bytes atr = atrWithDiversificationFactor(Bytes.copyOf(DEFAULT_DIVERSIFICATION));
        private RandomGenerator random;
        private final List<CardApplet> applets = new ArrayList<>();
        private boolean built;

        private Builder() {
        }

        /**
         * Adds files to the MF.
         *
         * @param files fills the MF's contents
         * @return this builder
         * @throws InvalidInputException if a file identifier is reserved or repeated
         */
        public Builder mf(Consumer<DfBuilder> files) {
            files.accept(new DfBuilder(mf));
            return this;
        }

        /**
         * Sets the ATR.
         *
         * @param atr the answer to reset, 2 to 33 bytes
         * @return this builder
         * @throws InvalidInputException if the length is out of range
         */
        public Builder atr(Bytes atr) {
            Objects.requireNonNull(atr, "atr");
            if (atr.length() < 2 || atr.length() > 33) {
                throw new InvalidInputException("atr", "must be 2 to 33 bytes, was " + atr.length());
            }
            this.atr = atr;
            return this;
        }

        /**
         * Sets the generator GET CHALLENGE draws from (default: a new {@link SecureRandom}). Inject a seeded one for
         * reproducible tests.
         *
         * @param random the generator
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Adds an application command handler (offered every command before the engine). */
        Builder applet(CardApplet applet) {
            applets.add(Objects.requireNonNull(applet, "applet"));
            return this;
        }

        /**
         * Builds the card. A builder builds one card (the file tree is not copied).
         *
         * @return the card, MF selected
         * @throws InvalidInputException if this builder already built a card
         */
        public VirtualCard build() {
            if (built) {
                throw new InvalidInputException("builder", "already built a card");
            }
            built = true;
            if (random == null) {
                random = new SecureRandom();
            }
            return new VirtualCard(this);
        }
    }

    /**
     * Adds files to one DF of a {@link Builder}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class DfBuilder {
        private final Df df;

        private DfBuilder(Df df) {
            this.df = df;
        }

        /**
         * Adds a child DF and its contents.
         *
         * @param fid the DF's file identifier
         * @param files fills the DF's contents
         * @return this builder
         * @throws InvalidInputException if the identifier is reserved or repeated in this DF
         */
        public DfBuilder df(int fid, Consumer<DfBuilder> files) {
            Df child = new Df(checkFid(fid), df);
            df.children.add(child);
            files.accept(new DfBuilder(child));
            return this;
        }

        /**
         * Adds a child DF with a name (AID), selectable by name ({@code 00A4 0400 <name>}) from anywhere.
         *
         * @param fid the DF's file identifier
         * @param name the DF name, 1 to 16 bytes
         * @param files fills the DF's contents
         * @return this builder
         * @throws InvalidInputException if the identifier is reserved or repeated, or the name's length is wrong
         */
        public DfBuilder df(int fid, Bytes name, Consumer<DfBuilder> files) {
            if (name.isEmpty() || name.length() > 16) {
                throw new InvalidInputException("name", "a DF name has 1 to 16 bytes, was " + name.length());
            }
            Df child = new Df(checkFid(fid), df);
            child.name = name.toByteArray();
            df.children.add(child);
            files.accept(new DfBuilder(child));
            return this;
        }

        /**
         * Adds a key to this DF. A DF holds one line-protection key at most; its reference only names it.
         *
         * @param reference the key reference ({@code P2} of EXTERNAL AUTHENTICATE), 0..255
         * @param usage what the key is for
         * @param key the card's (diversified) key
         * @param maxTries the retry counter's start value, 1..15, or 0 for no counter
         * @return this builder
         * @throws InvalidInputException if the reference is out of range or repeated, or maxTries is out of range
         */
        public DfBuilder key(int reference, KeyUsage usage, Sm4Key key, int maxTries) {
            if (reference < 0 || reference > 0xFF) {
                throw new InvalidInputException("reference", "must be 0..255, was " + reference);
            }
            if (df.key(reference) != null) {
                throw new InvalidInputException("reference", String.format("key %02X is already in this DF", reference));
            }
            if (usage == KeyUsage.LINE_PROTECTION && df.keyFor(KeyUsage.LINE_PROTECTION) != null) {
                throw new InvalidInputException("usage", "a DF holds one line-protection key");
            }
            if (maxTries < 0 || maxTries > 15) {
                throw new InvalidInputException("maxTries", "must be 0..15, was " + maxTries);
            }
            df.keys.add(new CardKey(reference, Objects.requireNonNull(usage, "usage"), Objects.requireNonNull(key, "key"),
                    maxTries));
            return this;
        }

        /**
         * Adds a transparent EF.
         *
         * @param fid the EF's file identifier
         * @param content the initial content; its length is the file size (copied)
         * @param read who may read
         * @param update who may update
         * @return this builder
         * @throws InvalidInputException if the identifier is reserved or repeated, or the content is empty or longer
         *     than 32767 bytes
         */
        public DfBuilder transparent(int fid, Bytes content, AccessCondition read, AccessCondition update) {
            if (content.isEmpty() || content.length() > 0x7FFF) {
                throw new InvalidInputException("content", "file size must be 1 to 32767 bytes, was " + content.length());
            }
            df.children.add(new TransparentEf(checkFid(fid), df, content.toByteArray(),
                    Objects.requireNonNull(read, "read"), Objects.requireNonNull(update, "update")));
            return this;
        }

        /**
         * Adds a record EF with initial records (record 1 first).
         *
         * @param fid the EF's file identifier
         * @param structure linear fixed, linear variable or cyclic
         * @param maxRecordLength the record length (fixed and cyclic) or maximum length (variable), 1 to 255
         * @param maxRecords how many records the file holds, 1 to 254
         * @param records the initial records (copied), at most {@code maxRecords}, each fitting the length rule
         * @param read who may read
         * @param update who may update and append
         * @return this builder
         * @throws InvalidInputException if an argument breaks the rules above or the identifier is reserved or
         *     repeated
         */
        public DfBuilder records(int fid, RecordStructure structure, int maxRecordLength, int maxRecords,
                List<Bytes> records, AccessCondition read, AccessCondition update) {
            Objects.requireNonNull(structure, "structure");
            if (maxRecordLength < 1 || maxRecordLength > 255) {
                throw new InvalidInputException("maxRecordLength", "must be 1..255, was " + maxRecordLength);
            }
            if (maxRecords < 1 || maxRecords > 254) {
                throw new InvalidInputException("maxRecords", "must be 1..254, was " + maxRecords);
            }
            if (records.size() > maxRecords) {
                throw new InvalidInputException("records", records.size() + " records, file holds " + maxRecords);
            }
            RecordEf ef = new RecordEf(checkFid(fid), df, structure, maxRecordLength, maxRecords,
                    Objects.requireNonNull(read, "read"), Objects.requireNonNull(update, "update"));
            for (Bytes r : records) {
                if (!lengthFits(ef, r.length())) {
                    throw new InvalidInputException("records", String.format(
                            "a record of %d bytes does not fit EF %04X (%s, %d bytes)", r.length(), fid, structure,
                            maxRecordLength));
                }
                ef.records.add(r.toByteArray());
            }
            df.children.add(ef);
            return this;
        }

        private int checkFid(int fid) {
            if (fid < 0 || fid > 0xFFFF || fid == MF || fid == 0x3FFF || fid == 0xFFFF) {
                throw new InvalidInputException("fid", String.format("%04X is reserved or out of range", fid));
            }
            if (df.child(fid) != null || fid == df.fid) {
                throw new InvalidInputException("fid", String.format("%04X is already used in this DF", fid));
            }
            return fid;
        }
    }

    // =========================================================================================================
    // Hook for the social security card applets (VirtualSocialSecurityCards). Package-private; not API.
    // =========================================================================================================

    /**
     * Runs a command through the engine's own ISO commands, skipping the applets, the command count and the log: an
     * applet that accepts a command form the engine does not know (SELECT with P1 {@code 02}, READ RECORD with a short
     * EF identifier) rewrites it into one the engine knows and hands it here.
     *
     * @param c the command, CLA {@code 00}
     * @return the engine's response
     */
    byte[] processBuiltIn(CommandApdu c) {
        if (c.cla() != 0x00) {
            return sw(StatusWord.CLA_NOT_SUPPORTED);
        }
        return switch (c.ins()) {
            case 0xA4 -> select(c);
            case 0xB0 -> readBinary(c);
            case 0xB2 -> readRecord(c);
            case 0xD6 -> updateBinary(c);
            case 0xDC -> updateRecord(c);
            case 0xE2 -> appendRecord(c);
            case 0x84 -> getChallenge(c);
            case 0x82 -> externalAuthenticate(c);
            default -> sw(StatusWord.INS_NOT_SUPPORTED);
        };
    }
}
