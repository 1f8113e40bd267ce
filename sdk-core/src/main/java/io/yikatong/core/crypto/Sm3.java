package io.yikatong.core.crypto;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm3Engine;
import java.util.Objects;

/**
 * The SM3 cryptographic hash (杂凑算法, GB/T 32905-2016, GM/T 0004-2012): 256-bit digests of byte strings.
 *
 * <p>One-shot: {@code byte[] d = Sm3.digest(data);}. Streaming:
 * <pre>{@code
 * Sm3 h = Sm3.create();
 * h.update(part1).update(part2);
 * byte[] d = h.digest(); // h is reset and can be reused
 * }</pre>
 *
 * <p>The output is interoperable with BouncyCastle {@code SM3Digest}, OpenSSL {@code dgst -sm3} and Kona
 * {@code MessageDigest "SM3"}; for example {@code SM3("abc") = 66c7f0f4...8f4ba8e0}.
 *
 * <p>Not thread-safe; confine to one thread. The static {@link #digest(byte[])} methods are thread-safe.
 *
 * @since 0.1
 */
public final class Sm3 {

    /** Digest length in bytes (32). */
    public static final int DIGEST_LENGTH = Sm3Engine.DIGEST_LENGTH;

    /** Block length in bytes (64), as used by HMAC. */
    public static final int BLOCK_LENGTH = Sm3Engine.BLOCK_LENGTH;

    private static final ThreadLocal<Sm3Engine> ONE_SHOT = ThreadLocal.withInitial(Sm3Engine::new);

    private final Sm3Engine engine = new Sm3Engine();

    private Sm3() {
    }

    /**
     * Creates a streaming hash in its initial state.
     *
     * @return a new hash object
     */
    public static Sm3 create() {
        return new Sm3();
    }

    /**
     * Hashes a whole array.
     *
     * @param data the message
     * @return the 32-byte digest
     * @throws NullPointerException if {@code data} is {@code null}
     */
    public static byte[] digest(byte[] data) {
        Objects.requireNonNull(data, "data");
        return digest(data, 0, data.length);
    }

    /**
     * Hashes a range of an array.
     *
     * @param data the array holding the message
     * @param offset the first byte of the message
     * @param length the message length
     * @return the 32-byte digest
     * @throws InvalidInputException if the range is outside the array
     */
    public static byte[] digest(byte[] data, int offset, int length) {
        checkRange(data, offset, length);
        // One engine per thread for one-shot digests: no allocation per call. Safe because a one-shot digest runs to
        // completion without calling out, and the engine is reset first.
        Sm3Engine e = ONE_SHOT.get();
        e.reset();
        e.update(data, offset, length);
        byte[] out = new byte[DIGEST_LENGTH];
        e.doFinal(out, 0);
        return out;
    }

    static void checkRange(byte[] data, int offset, int length) {
        Objects.requireNonNull(data, "data");
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new InvalidInputException("offset/length",
                    "range [" + offset + ", +" + length + ") is outside an array of " + data.length + " bytes");
        }
    }

    /**
     * Absorbs one byte.
     *
     * @param b the byte
     * @return this object
     */
    public Sm3 update(byte b) {
        engine.update(b);
        return this;
    }

    /**
     * Absorbs a whole array.
     *
     * @param data the bytes
     * @return this object
     * @throws NullPointerException if {@code data} is {@code null}
     */
    public Sm3 update(byte[] data) {
        Objects.requireNonNull(data, "data");
        engine.update(data, 0, data.length);
        return this;
    }

    /**
     * Absorbs a range of an array.
     *
     * @param data the array
     * @param offset the first byte
     * @param length the number of bytes
     * @return this object
     * @throws InvalidInputException if the range is outside the array
     */
    public Sm3 update(byte[] data, int offset, int length) {
        checkRange(data, offset, length);
        engine.update(data, offset, length);
        return this;
    }

    /**
     * Finishes the hash and resets this object to its initial state.
     *
     * @return the 32-byte digest of everything absorbed since creation or the last reset
     */
    public byte[] digest() {
        byte[] out = new byte[DIGEST_LENGTH];
        engine.doFinal(out, 0);
        return out;
    }

    /** Discards everything absorbed so far. */
    public void reset() {
        engine.reset();
    }

    @Override
    public String toString() {
        return "Sm3";
    }
}
