package io.yikatong.core.crypto.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A tiny strict DER reader/writer for the two SM2 structures that cross the wire outside X.509: the signature
 * {@code SEQUENCE { r INTEGER, s INTEGER }} and the GM/T 0009 ciphertext
 * {@code SEQUENCE { x INTEGER, y INTEGER, C3 OCTET STRING, C2 OCTET STRING }}. Internal: not API.
 *
 * <p>Strict means: definite minimal lengths only, minimal non-negative INTEGERs, no trailing bytes. Every failure is an
 * {@link IllegalArgumentException} whose message names the element and offset; callers map it to their typed
 * exception.
 *
 * <p>Not thread-safe; confine to one thread (readers are created per call).
 */
public final class Sm2Der {

    private static final int TAG_INTEGER = 0x02;
    private static final int TAG_OCTET_STRING = 0x04;
    private static final int TAG_SEQUENCE = 0x30;

    private final byte[] in;
    private int pos;
    private final int end;

    private Sm2Der(byte[] in, int pos, int end) {
        this.in = in;
        this.pos = pos;
        this.end = end;
    }

    /**
     * Opens the single top-level SEQUENCE that must span the whole input.
     *
     * @param der the input
     * @return a reader positioned on the SEQUENCE's content
     * @throws IllegalArgumentException if the input is not exactly one SEQUENCE
     */
    public static Sm2Der openSequence(byte[] der) {
        Sm2Der outer = new Sm2Der(der, 0, der.length);
        int len = outer.header(TAG_SEQUENCE, "SEQUENCE");
        if (outer.pos + len != der.length) {
            throw new IllegalArgumentException("trailing bytes after SEQUENCE at offset " + (outer.pos + len));
        }
        return new Sm2Der(der, outer.pos, outer.pos + len);
    }

    private int header(int tag, String name) {
        if (pos >= end) {
            throw new IllegalArgumentException(name + " missing at offset " + pos);
        }
        int t = in[pos] & 0xFF;
        if (t != tag) {
            throw new IllegalArgumentException(name + " expected at offset " + pos + ", found tag " + t);
        }
        pos++;
        if (pos >= end) {
            throw new IllegalArgumentException(name + " length missing at offset " + pos);
        }
        int first = in[pos++] & 0xFF;
        int len;
        if (first < 0x80) {
            len = first;
        } else {
            int n = first & 0x7F;
            if (n == 0 || n > 3) {
                throw new IllegalArgumentException(name + " unsupported length form at offset " + (pos - 1));
            }
            if (end - pos < n) {
                throw new IllegalArgumentException(name + " truncated length at offset " + pos);
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (in[pos++] & 0xFF);
            }
            int minimalBytes = len < 0x80 ? 0 : len < 0x100 ? 1 : len < 0x10000 ? 2 : 3;
            if (n != minimalBytes) {
                throw new IllegalArgumentException(name + " non-minimal length at offset " + (pos - n - 1));
            }
        }
        if (len > end - pos) {
            throw new IllegalArgumentException(name + " truncated: needs " + len + " bytes at offset " + pos);
        }
        return len;
    }

    /**
     * Returns the complete encoding (tag, length and content) of the first element inside the top-level SEQUENCE,
     * for example the exact signed bytes of a certificate's TBSCertificate.
     *
     * @param der the input, one SEQUENCE spanning all of it
     * @return a copy of the first element's bytes
     * @throws IllegalArgumentException if the input is not a SEQUENCE whose first element is a SEQUENCE
     */
    public static byte[] firstElement(byte[] der) {
        Sm2Der inner = openSequence(der);
        int start = inner.pos;
        int len = inner.header(TAG_SEQUENCE, "first element");
        return Arrays.copyOfRange(der, start, inner.pos + len);
    }

    /**
     * Reads a minimally encoded non-negative INTEGER.
     *
     * @param name the element name for messages
     * @return the value
     * @throws IllegalArgumentException on any encoding error
     */
    public BigInteger readUnsignedInteger(String name) {
        int start = pos;
        int len = header(TAG_INTEGER, name);
        if (len == 0) {
            throw new IllegalArgumentException(name + " empty INTEGER at offset " + start);
        }
        byte b0 = in[pos];
        if ((b0 & 0x80) != 0) {
            throw new IllegalArgumentException(name + " negative INTEGER at offset " + start);
        }
        if (len > 1 && b0 == 0 && (in[pos + 1] & 0x80) == 0) {
            throw new IllegalArgumentException(name + " non-minimal INTEGER at offset " + start);
        }
        BigInteger v = new BigInteger(1, Arrays.copyOfRange(in, pos, pos + len));
        pos += len;
        return v;
    }

    /**
     * Reads an OCTET STRING.
     *
     * @param name the element name for messages
     * @return the content
     * @throws IllegalArgumentException on any encoding error
     */
    public byte[] readOctetString(String name) {
        int len = header(TAG_OCTET_STRING, name);
        byte[] v = Arrays.copyOfRange(in, pos, pos + len);
        pos += len;
        return v;
    }

    /**
     * Checks that the SEQUENCE content is fully consumed.
     *
     * @throws IllegalArgumentException if bytes remain
     */
    public void finish() {
        if (pos != end) {
            throw new IllegalArgumentException("unexpected element inside SEQUENCE at offset " + pos);
        }
    }

    /**
     * Encodes a signature as {@code SEQUENCE { r INTEGER, s INTEGER }}.
     *
     * @param r r, positive
     * @param s s, positive
     * @return DER bytes
     */
    public static byte[] encodeSignature(BigInteger r, BigInteger s) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(72);
        writeInteger(content, r);
        writeInteger(content, s);
        return wrap(TAG_SEQUENCE, content.toByteArray());
    }

    /**
     * Encodes a ciphertext SEQUENCE of two INTEGERs and two OCTET STRINGs in the given order.
     *
     * @param x C1's x
     * @param y C1's y
     * @param first the first OCTET STRING (C3 for GM/T 0009 order)
     * @param second the second OCTET STRING
     * @return DER bytes
     */
    public static byte[] encodeCiphertext(BigInteger x, BigInteger y, byte[] first, byte[] second) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(80 + first.length + second.length);
        writeInteger(content, x);
        writeInteger(content, y);
        content.writeBytes(wrap(TAG_OCTET_STRING, first));
        content.writeBytes(wrap(TAG_OCTET_STRING, second));
        return wrap(TAG_SEQUENCE, content.toByteArray());
    }

    private static void writeInteger(ByteArrayOutputStream out, BigInteger v) {
        out.writeBytes(wrap(TAG_INTEGER, v.toByteArray()));
    }

    private static byte[] wrap(int tag, byte[] content) {
        int len = content.length;
        byte[] lenBytes;
        if (len < 0x80) {
            lenBytes = new byte[] {(byte) len};
        } else if (len < 0x100) {
            lenBytes = new byte[] {(byte) 0x81, (byte) len};
        } else if (len < 0x10000) {
            lenBytes = new byte[] {(byte) 0x82, (byte) (len >>> 8), (byte) len};
        } else if (len < 0x1000000) {
            lenBytes = new byte[] {(byte) 0x83, (byte) (len >>> 16), (byte) (len >>> 8), (byte) len};
        } else {
            throw new IllegalArgumentException("content too long for DER writer: " + len);
        }
        byte[] out = new byte[1 + lenBytes.length + len];
        out[0] = (byte) tag;
        System.arraycopy(lenBytes, 0, out, 1, lenBytes.length);
        System.arraycopy(content, 0, out, 1 + lenBytes.length, len);
        return out;
    }
}
