package io.yikatong.core.crypto;

import io.yikatong.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Authenticated encryption of streams of any length with SM4-GCM in bounded memory: the input is cut into segments,
 * each sealed with its own SM4-GCM tag, so decryption releases a segment's plaintext only after that segment's tag
 * has been checked, and never holds more than one segment.
 *
 * <pre>{@code
 * Sm4GcmStream aead = Sm4GcmStream.of(key);             // 64 KiB segments
 * aead.encrypt(plainIn, cipherOut, aad);
 * aead.decrypt(cipherIn, plainOut, aad);                // DecryptionException on any change, truncation, reordering
 * }</pre>
 *
 * <p><b>Format (version 1).</b> The ciphertext is a 31-byte header followed by one or more segments:
 * <ul>
 *   <li>header: the 4 bytes {@code 59 4B 47 01} ("YKG", version 1); the plaintext segment size {@code S} as a 32-bit
 *       big-endian integer; a 16-byte random salt; a 7-byte random nonce prefix;</li>
 *   <li>segment {@code i} (counting from 0): SM4-GCM ({@link Sm4Gcm}, empty AAD) of the next {@code S} plaintext bytes
 *       (the last segment: the remaining 0 to {@code S} bytes, empty only if the whole plaintext is empty), followed by
 *       its 16-byte tag; every segment but the last therefore has {@code S + 16} bytes;</li>
 *   <li>segment key: the first 16 bytes of HMAC-SM3 keyed with the SM4 key over the ASCII label
 *       {@code "yikatong sm4-gcm-stream v1"}, a zero byte, the 31 header bytes and the caller's associated data;
 *       a fresh salt gives each stream its own key, so nonces cannot collide across streams;</li>
 *   <li>segment nonce (12 bytes): the nonce prefix, {@code i} as a 32-bit big-endian integer, then {@code 01} for the
 *       last segment and {@code 00} for every other.</li>
 * </ul>
 *
 * <p>Hence a changed byte anywhere (header, segment or tag), a wrong key or associated data, segments swapped, dropped,
 * repeated or taken from another stream, a stream cut at a segment boundary (its new last segment is not marked last)
 * or with bytes appended (the real last segment is then not the last) all fail with {@link DecryptionException}.
 *
 * <p>What streaming cannot avoid: plaintext of the segments before a damaged or missing one has already been written
 * when the damage is found. It is authentic, but it may be a prefix of the message. Treat the output as the message
 * only when {@link #decrypt(InputStream, OutputStream, byte[])} returns normally; write it to a temporary file and move
 * that into place then. The decrypter accepts only its own segment size, so a header cannot make it allocate more.
 *
 * <p>This is not the RFC 8998 / NIST SP 800-38D SM4-GCM wire format (use {@link Sm4Gcm} for single messages that fit
 * in memory and must interoperate); it is this SDK's format, stable within version 1.
 *
 * <p>Instances are immutable and thread-safe; share one per key.
 *
 * @since 0.1
 */
public final class Sm4GcmStream {

    /** Header length in bytes (31). */
    public static final int HEADER_LENGTH = 31;

    /** Default plaintext bytes per segment (65,536). */
    public static final int DEFAULT_SEGMENT_SIZE = 64 * 1024;

    /** Smallest plaintext segment size (16 bytes). */
    public static final int MIN_SEGMENT_SIZE = 16;

    /** Largest plaintext segment size (16 MiB). */
    public static final int MAX_SEGMENT_SIZE = 16 * 1024 * 1024;

    private static final byte[] MAGIC = {0x59, 0x4B, 0x47, 0x01};
    private static final byte[] LABEL = "yikatong sm4-gcm-stream v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];
    private static final int SALT_LENGTH = 16;
    private static final int PREFIX_LENGTH = 7;
    private static final long MAX_SEGMENTS = 1L << 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HmacSm3Key kdfKey;
    private final int segmentSize;

    private Sm4GcmStream(HmacSm3Key kdfKey, int segmentSize) {
        this.kdfKey = kdfKey;
        this.segmentSize = segmentSize;
    }

    /**
     * Creates the streaming AEAD with {@value #DEFAULT_SEGMENT_SIZE}-byte segments.
     *
     * @param key the SM4 key; use it for this purpose only
     * @return the streaming AEAD
     * @throws InvalidInputException naming {@code key} if it is {@code null}
     */
    public static Sm4GcmStream of(Sm4Key key) {
        return of(key, DEFAULT_SEGMENT_SIZE);
    }

    /**
     * Creates the streaming AEAD with a chosen segment size. Encrypter and decrypter must use the same size.
     *
     * @param key the SM4 key; use it for this purpose only
     * @param segmentSize plaintext bytes per segment, {@value #MIN_SEGMENT_SIZE} to {@value #MAX_SEGMENT_SIZE};
     *     memory use is about twice this
     * @return the streaming AEAD
     * @throws InvalidInputException naming {@code key} if it is {@code null}, or {@code segmentSize} if it is out of
     *     range
     */
    public static Sm4GcmStream of(Sm4Key key, int segmentSize) {
        if (key == null) {
            throw new InvalidInputException("key", "an Sm4Key is required");
        }
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new InvalidInputException("segmentSize", "must be " + MIN_SEGMENT_SIZE + " to " + MAX_SEGMENT_SIZE
                    + " bytes, was " + segmentSize);
        }
        byte[] raw = key.copyOfKeyBytes();
        try {
            return new Sm4GcmStream(HmacSm3Key.of(raw), segmentSize);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Returns the plaintext segment size.
     *
     * @return bytes of plaintext per segment
     */
    public int segmentSize() {
        return segmentSize;
    }

    /**
     * Returns the ciphertext length for a plaintext length.
     *
     * @param plaintextLength the plaintext length, at least 0
     * @return header, plaintext and one 16-byte tag per segment
     * @throws InvalidInputException naming {@code plaintextLength} if it is negative
     */
    public long ciphertextLength(long plaintextLength) {
        if (plaintextLength < 0) {
            throw new InvalidInputException("plaintextLength", "must not be negative");
        }
        long segments = Math.max(1, (plaintextLength + segmentSize - 1) / segmentSize);
        return HEADER_LENGTH + plaintextLength + segments * Sm4Gcm.TAG_LENGTH;
    }

    /**
     * Encrypts everything {@code in} holds up to its end and writes the header and segments to {@code out}. Neither
     * stream is closed. A fresh random salt and nonce prefix are drawn for every call.
     *
     * <p>If this throws, what was written to {@code out} is not a valid ciphertext (its last segment is missing);
     * decryption of it fails.
     *
     * @param in the plaintext
     * @param out receives the ciphertext
     * @param aad associated data authenticated with every segment but not encrypted, or {@code null} for none
     * @return the number of ciphertext bytes written
     * @throws IOException if reading or writing fails
     * @throws InvalidInputException naming {@code in} or {@code out} if {@code null}, or {@code plaintext} if it
     *     needs more than 2<sup>32</sup> segments
     */
    public long encrypt(InputStream in, OutputStream out, byte[] aad) throws IOException {
        checkStreams(in, out);
        byte[] header = new byte[HEADER_LENGTH];
        System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
        putInt(header, 4, segmentSize);
        byte[] random = new byte[SALT_LENGTH + PREFIX_LENGTH];
        RANDOM.nextBytes(random);
        System.arraycopy(random, 0, header, 8, random.length);
        Sm4Gcm gcm = segmentCipher(header, aad);
        out.write(header);
        long total = HEADER_LENGTH;
        byte[] plain = new byte[segmentSize];
        byte[] sealed = new byte[segmentSize + Sm4Gcm.TAG_LENGTH];
        byte[] nonce = new byte[Sm4Gcm.NONCE_LENGTH];
        System.arraycopy(header, 8 + SALT_LENGTH, nonce, 0, PREFIX_LENGTH);
        try {
            int carry = -1;
            for (long index = 0; ; index++) {
                if (index >= MAX_SEGMENTS) {
                    throw new InvalidInputException("plaintext", "longer than 2^32 segments of " + segmentSize
                            + " bytes");
                }
                int n = 0;
                if (carry >= 0) {
                    plain[0] = (byte) carry;
                    n = 1;
                }
                n += in.readNBytes(plain, n, segmentSize - n);
                carry = n < segmentSize ? -1 : in.read();
                boolean last = carry < 0;
                segmentNonce(nonce, index, last);
                gcm.seal(nonce, EMPTY, plain, 0, n, sealed, 0);
                out.write(sealed, 0, n + Sm4Gcm.TAG_LENGTH);
                total += n + Sm4Gcm.TAG_LENGTH;
                if (last) {
                    return total;
                }
            }
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Checks and decrypts a ciphertext made by {@link #encrypt(InputStream, OutputStream, byte[])}, reading {@code in}
     * to its end, and writes the plaintext to {@code out} one verified segment at a time. Neither stream is closed.
     *
     * <p>No byte of a segment is written before its tag is checked, but the segments before a bad one have been
     * written when this throws: the output is the message only if this returns normally (see the class description).
     *
     * @param in the ciphertext
     * @param out receives the plaintext
     * @param aad the associated data given to encryption, or {@code null} for none
     * @return the number of plaintext bytes written
     * @throws DecryptionException if the header is not version 1 with this segment size, or any segment is changed,
     *     missing, reordered, repeated or appended, or the key or associated data is wrong
     * @throws IOException if reading or writing fails
     * @throws InvalidInputException naming {@code in} or {@code out} if {@code null}
     */
    public long decrypt(InputStream in, OutputStream out, byte[] aad) throws IOException, DecryptionException {
        checkStreams(in, out);
        byte[] header = new byte[HEADER_LENGTH];
        int h = in.readNBytes(header, 0, HEADER_LENGTH);
        if (h < HEADER_LENGTH) {
            throw new DecryptionException("SM4-GCM stream truncated: " + h + " bytes is shorter than its header");
        }
        if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DecryptionException("not an SM4-GCM stream of version 1 (header does not start 59 4B 47 01)");
        }
        int size = getInt(header, 4);
        if (size != segmentSize) {
            throw new DecryptionException("SM4-GCM stream has segment size " + Integer.toUnsignedString(size)
                    + ", this decrypter uses " + segmentSize);
        }
        Sm4Gcm gcm = segmentCipher(header, aad);
        int sealedSize = segmentSize + Sm4Gcm.TAG_LENGTH;
        byte[] sealed = new byte[sealedSize];
        byte[] plain = new byte[segmentSize];
        byte[] nonce = new byte[Sm4Gcm.NONCE_LENGTH];
        System.arraycopy(header, 8 + SALT_LENGTH, nonce, 0, PREFIX_LENGTH);
        long total = 0;
        try {
            int carry = -1;
            for (long index = 0; ; index++) {
                if (index >= MAX_SEGMENTS) {
                    throw new DecryptionException("SM4-GCM stream longer than 2^32 segments");
                }
                int n = 0;
                if (carry >= 0) {
                    sealed[0] = (byte) carry;
                    n = 1;
                }
                n += in.readNBytes(sealed, n, sealedSize - n);
                carry = n < sealedSize ? -1 : in.read();
                boolean last = carry < 0;
                if (n < Sm4Gcm.TAG_LENGTH) {
                    throw new DecryptionException("SM4-GCM stream truncated: segment " + index + " has " + n
                            + " bytes, shorter than its tag");
                }
                segmentNonce(nonce, index, last);
                try {
                    gcm.open(nonce, EMPTY, sealed, 0, n, plain, 0);
                } catch (DecryptionException e) {
                    throw new DecryptionException("SM4-GCM stream segment " + index + " invalid (wrong key or"
                            + " associated data, or the stream was changed, truncated, reordered or extended)");
                }
                int p = n - Sm4Gcm.TAG_LENGTH;
                out.write(plain, 0, p);
                total += p;
                if (last) {
                    return total;
                }
            }
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private Sm4Gcm segmentCipher(byte[] header, byte[] aad) {
        byte[] a = aad == null ? EMPTY : aad;
        byte[] info = new byte[LABEL.length + HEADER_LENGTH + a.length];
        System.arraycopy(LABEL, 0, info, 0, LABEL.length);
        System.arraycopy(header, 0, info, LABEL.length, HEADER_LENGTH);
        System.arraycopy(a, 0, info, LABEL.length + HEADER_LENGTH, a.length);
        byte[] prk = kdfKey.compute(info);
        byte[] segmentKey = Arrays.copyOf(prk, Sm4Key.KEY_LENGTH);
        Arrays.fill(prk, (byte) 0);
        return Sm4Gcm.of(Sm4Key.ofOwned(segmentKey));
    }

    private static void segmentNonce(byte[] nonce, long index, boolean last) {
        putInt(nonce, PREFIX_LENGTH, (int) index);
        nonce[PREFIX_LENGTH + 4] = (byte) (last ? 1 : 0);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static void checkStreams(InputStream in, OutputStream out) {
        if (in == null) {
            throw new InvalidInputException("in", "must not be null");
        }
        if (out == null) {
            throw new InvalidInputException("out", "must not be null");
        }
    }

    /** Returns e.g. {@code Sm4GcmStream[65536-byte segments]}, never key material. */
    @Override
    public String toString() {
        return "Sm4GcmStream[" + segmentSize + "-byte segments]";
    }
}
