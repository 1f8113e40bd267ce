package io.yikatong.card;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * An ISO/IEC 7816-4 command APDU: header CLA INS P1 P2, optional data (Lc bytes) and the expected response length Ne.
 *
 * <p>Ne is {@code 0} when no response data is expected (no Le field), {@code 1..256} for short Le (256 is encoded as
 * {@code 00}), and up to {@code 65536} for extended Le. {@link #encode()} picks the short form whenever it suffices
 * (data ≤ 255 bytes and Ne ≤ 256) and the extended form otherwise (ISO/IEC 7816-3 §12.1.3 cases 1 to 4).
 *
 * <p>Commands that carry secrets (VERIFY {@code 20}, CHANGE REFERENCE DATA {@code 24}, RESET RETRY COUNTER
 * {@code 2C}, or any command marked with {@link #asSensitive()}) are {@linkplain #isSensitive() sensitive}: traces show
 * their header and length only. {@link #toString()} never shows the data field of any command.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class CommandApdu {

    /** Largest data field of a short APDU. */
    public static final int MAX_SHORT_LC = 255;
    /** Largest Ne of a short APDU (Le byte 00). */
    public static final int MAX_SHORT_NE = 256;
    /** Largest data field of an extended APDU. */
    public static final int MAX_EXTENDED_LC = 65535;
    /** Largest Ne of an extended APDU (Le bytes 0000). */
    public static final int MAX_EXTENDED_NE = 65536;

    private final int cla;
    private final int ins;
    private final int p1;
    private final int p2;
    private final byte[] data;
    private final int ne;
    private final boolean sensitive;

    private CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne, boolean sensitive) {
        this.cla = checkByte(cla, "cla");
        this.ins = checkByte(ins, "ins");
        this.p1 = checkByte(p1, "p1");
        this.p2 = checkByte(p2, "p2");
        if (data.length > MAX_EXTENDED_LC) {
            throw new InvalidInputException("data", "at most " + MAX_EXTENDED_LC + " bytes, was " + data.length);
        }
        if (ne < 0 || ne > MAX_EXTENDED_NE) {
            throw new InvalidInputException("ne", "must be 0.." + MAX_EXTENDED_NE + ", was " + ne);
        }
        this.data = data;
        this.ne = ne;
        this.sensitive = sensitive || ins == 0x20 || ins == 0x24 || ins == 0x2C;
    }

    private static int checkByte(int value, String field) {
        if (value < 0 || value > 0xFF) {
            throw new InvalidInputException(field, "must be 00..FF, was " + value);
        }
        return value;
    }

    /**
     * Creates a case 1 command (header only).
     *
     * @param cla the class byte
     * @param ins the instruction byte
     * @param p1 parameter 1
     * @param p2 parameter 2
     * @return the command
     * @throws InvalidInputException naming the field if a byte is outside 00..FF
     */
    public static CommandApdu of(int cla, int ins, int p1, int p2) {
        return new CommandApdu(cla, ins, p1, p2, new byte[0], 0, false);
    }

    /**
     * Creates a case 3 command (data, no response data expected).
     *
     * @param cla the class byte
     * @param ins the instruction byte
     * @param p1 parameter 1
     * @param p2 parameter 2
     * @param data the data field (copied)
     * @return the command
     * @throws InvalidInputException naming the field if a byte is out of range or the data is too long
     */
    public static CommandApdu of(int cla, int ins, int p1, int p2, byte[] data) {
        return new CommandApdu(cla, ins, p1, p2, Objects.requireNonNull(data, "data").clone(), 0, false);
    }

    /**
     * Creates a case 3 or 4 command.
     *
     * @param cla the class byte
     * @param ins the instruction byte
     * @param p1 parameter 1
     * @param p2 parameter 2
     * @param data the data field (copied), may be empty
     * @param ne the expected response length, 0 for none, 256 for "up to 256" in short form
     * @return the command
     * @throws InvalidInputException naming the field if a value is out of range
     */
    public static CommandApdu of(int cla, int ins, int p1, int p2, byte[] data, int ne) {
        return new CommandApdu(cla, ins, p1, p2, Objects.requireNonNull(data, "data").clone(), ne, false);
    }

    /**
     * Creates a case 2 command (no data, response data expected).
     *
     * @param cla the class byte
     * @param ins the instruction byte
     * @param p1 parameter 1
     * @param p2 parameter 2
     * @param ne the expected response length, 1 to 65536
     * @return the command
     * @throws InvalidInputException naming the field if a value is out of range
     */
    public static CommandApdu withNe(int cla, int ins, int p1, int p2, int ne) {
        return new CommandApdu(cla, ins, p1, p2, new byte[0], ne, false);
    }

    /**
     * Decodes an encoded command APDU (short or extended), as a virtual card receives it.
     *
     * @param apdu the bytes
     * @return the command
     * @throws MalformedDataException if the bytes are not a well-formed case 1 to 4 APDU
     */
    public static CommandApdu decode(byte[] apdu) throws MalformedDataException {
        Objects.requireNonNull(apdu, "apdu");
        int n = apdu.length;
        if (n < 4) {
            throw new MalformedDataException("command APDU", n, "shorter than the 4-byte header");
        }
        int cla = apdu[0] & 0xFF;
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        if (n == 4) {
            return new CommandApdu(cla, ins, p1, p2, new byte[0], 0, false);
        }
        int b5 = apdu[4] & 0xFF;
        if (n == 5) {
            return new CommandApdu(cla, ins, p1, p2, new byte[0], b5 == 0 ? 256 : b5, false);
        }
        if (b5 != 0) {
            // short case 3 or 4
            int lc = b5;
            if (n == 5 + lc) {
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + lc), 0, false);
            }
            if (n == 6 + lc) {
                int le = apdu[5 + lc] & 0xFF;
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + lc), le == 0 ? 256 : le, false);
            }
            throw new MalformedDataException("command APDU", 4, "Lc=" + lc + " does not match the length " + n);
        }
        // extended: 00 followed by two length bytes
        if (n == 7) {
            int le = ((apdu[5] & 0xFF) << 8) | (apdu[6] & 0xFF);
            return new CommandApdu(cla, ins, p1, p2, new byte[0], le == 0 ? 65536 : le, false);
        }
        if (n < 7) {
            throw new MalformedDataException("command APDU", 4, "truncated extended length");
        }
        int lc = ((apdu[5] & 0xFF) << 8) | (apdu[6] & 0xFF);
        if (lc == 0) {
            throw new MalformedDataException("command APDU", 5, "extended Lc of 0");
        }
        if (n == 7 + lc) {
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, 7 + lc), 0, false);
        }
        if (n == 9 + lc) {
            int le = ((apdu[7 + lc] & 0xFF) << 8) | (apdu[8 + lc] & 0xFF);
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, 7 + lc), le == 0 ? 65536 : le, false);
        }
        throw new MalformedDataException("command APDU", 5, "extended Lc=" + lc + " does not match the length " + n);
    }

    /**
     * Returns a copy of this command with another Ne (as after a {@code 6Cxx} status).
     *
     * @param newNe the expected response length
     * @return the new command
     * @throws InvalidInputException if {@code newNe} is out of range
     */
    public CommandApdu withNe(int newNe) {
        return new CommandApdu(cla, ins, p1, p2, data, newNe, sensitive);
    }

    /**
     * Returns a copy of this command marked as carrying secrets or personal data: traces show its header and length
     * only.
     *
     * @return the sensitive command
     */
    public CommandApdu asSensitive() {
        return sensitive ? this : new CommandApdu(cla, ins, p1, p2, data, ne, true);
    }

    /**
     * Encodes the command, choosing the short form when it suffices.
     *
     * @return the APDU bytes
     */
    public byte[] encode() {
        boolean extended = data.length > MAX_SHORT_LC || ne > MAX_SHORT_NE;
        int length = 4;
        if (data.length > 0) {
            length += (extended ? 3 : 1) + data.length;
        }
        if (ne > 0) {
            length += extended ? (data.length > 0 ? 2 : 3) : 1;
        }
        byte[] out = new byte[length];
        out[0] = (byte) cla;
        out[1] = (byte) ins;
        out[2] = (byte) p1;
        out[3] = (byte) p2;
        int pos = 4;
        if (data.length > 0) {
            if (extended) {
                out[pos++] = 0;
                out[pos++] = (byte) (data.length >>> 8);
            }
            out[pos++] = (byte) data.length;
            System.arraycopy(data, 0, out, pos, data.length);
            pos += data.length;
        }
        if (ne > 0) {
            if (extended) {
                if (data.length == 0) {
                    out[pos++] = 0;
                }
                out[pos++] = (byte) (ne >>> 8);
            }
            out[pos] = (byte) ne; // 256 → 00, 65536 → 0000
        }
        return out;
    }

    /**
     * Returns whether {@link #encode()} produces the extended form.
     *
     * @return {@code true} if data exceeds 255 bytes or Ne exceeds 256
     */
    public boolean isExtended() {
        return data.length > MAX_SHORT_LC || ne > MAX_SHORT_NE;
    }

    /** @return the class byte */
    public int cla() {
        return cla;
    }

    /** @return the instruction byte */
    public int ins() {
        return ins;
    }

    /** @return parameter 1 */
    public int p1() {
        return p1;
    }

    /** @return parameter 2 */
    public int p2() {
        return p2;
    }

    /** @return the expected response length, 0 if none */
    public int ne() {
        return ne;
    }

    /** @return the length of the data field (Nc) */
    public int dataLength() {
        return data.length;
    }

    /** @return a copy of the data field */
    public byte[] data() {
        return data.clone();
    }

    /** @return the data field as immutable bytes */
    public Bytes dataBytes() {
        return Bytes.copyOf(data);
    }

    /** @return whether traces must hide this command's data */
    public boolean isSensitive() {
        return sensitive;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandApdu c && cla == c.cla && ins == c.ins && p1 == c.p1 && p2 == c.p2 && ne == c.ne
                && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cla, ins, p1, p2, ne, Arrays.hashCode(data));
    }

    /** Returns the header, Lc and Le, for example {@code CommandApdu[00A40000 Lc=2 Le=-]}; never the data. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CommandApdu[%02X%02X%02X%02X Lc=%d Le=%s%s]", cla, ins, p1, p2, data.length,
                ne == 0 ? "-" : Integer.toString(ne), sensitive ? " sensitive" : "");
    }
}
