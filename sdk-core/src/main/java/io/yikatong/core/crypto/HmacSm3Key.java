package io.yikatong.core.crypto;

import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm3Engine;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * An HMAC-SM3 key (RFC 2104 with SM3, block size 64 bytes, 32-byte tags), as used for message authentication in
 * hospital and payment interfaces (for example {@code HmacSM3} signatures of request bodies).
 *
 * <p>The key bytes are copied on creation. The SM3 states after the inner and outer pads are computed once, so each
 * {@link #compute(byte[])} costs only the message blocks plus two final blocks. Keys longer than 64 bytes are first
 * hashed with SM3, as RFC 2104 requires. {@link #verify(byte[], byte[])} compares in constant time.
 *
 * <p>There is no {@code equals}/{@code hashCode} on key material; use {@link #equalsKey(HmacSm3Key)}.
 * {@link #toString()} never shows the key.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class HmacSm3Key {

    /** Tag length in bytes (32). */
    public static final int TAG_LENGTH = Sm3Engine.DIGEST_LENGTH;

    /** Length of keys made by {@link #generate(SecureRandom)} (32 bytes). */
    public static final int GENERATED_KEY_LENGTH = 32;

    private final byte[] key;
    private final int[] innerState;
    private final int[] outerState;

    private HmacSm3Key(byte[] key) {
        this.key = key;
        byte[] k0 = new byte[Sm3Engine.BLOCK_LENGTH];
        if (key.length > Sm3Engine.BLOCK_LENGTH) {
            System.arraycopy(Sm3.digest(key), 0, k0, 0, Sm3Engine.DIGEST_LENGTH);
        } else {
            System.arraycopy(key, 0, k0, 0, key.length);
        }
        byte[] pad = new byte[Sm3Engine.BLOCK_LENGTH];
        Sm3Engine e = new Sm3Engine();
        for (int i = 0; i < pad.length; i++) {
            pad[i] = (byte) (k0[i] ^ 0x36);
        }
        e.update(pad, 0, pad.length);
        innerState = e.chaining();
        e.reset();
        for (int i = 0; i < pad.length; i++) {
            pad[i] = (byte) (k0[i] ^ 0x5c);
        }
        e.update(pad, 0, pad.length);
        outerState = e.chaining();
        Arrays.fill(k0, (byte) 0);
        Arrays.fill(pad, (byte) 0);
    }

    /**
     * Creates a key from raw bytes (copied).
     *
     * @param key the key, at least 1 byte; 32 bytes or more is recommended
     * @return the key
     * @throws InvalidInputException if {@code key} is {@code null} or empty
     */
    public static HmacSm3Key of(byte[] key) {
        if (key == null || key.length == 0) {
            throw new InvalidInputException("key", "HMAC-SM3 key must not be empty");
        }
        return new HmacSm3Key(key.clone());
    }

    /**
     * Generates a random 32-byte key.
     *
     * @param random the source of randomness
     * @return the key
     * @throws InvalidInputException if {@code random} is {@code null}
     */
    public static HmacSm3Key generate(SecureRandom random) {
        if (random == null) {
            throw new InvalidInputException("random", "must not be null");
        }
        byte[] k = new byte[GENERATED_KEY_LENGTH];
        random.nextBytes(k);
        return new HmacSm3Key(k);
    }

    /**
     * Computes the tag of a message.
     *
     * @param data the message
     * @return the 32-byte tag
     * @throws NullPointerException if {@code data} is {@code null}
     */
    public byte[] compute(byte[] data) {
        Objects.requireNonNull(data, "data");
        return compute(data, 0, data.length);
    }

    /**
     * Computes the tag of a range of an array.
     *
     * @param data the array
     * @param offset the first byte of the message
     * @param length the message length
     * @return the 32-byte tag
     * @throws InvalidInputException if the range is outside the array
     */
    public byte[] compute(byte[] data, int offset, int length) {
        Sm3.checkRange(data, offset, length);
        Sm3Engine e = new Sm3Engine();
        e.restore(innerState, Sm3Engine.BLOCK_LENGTH);
        e.update(data, offset, length);
        byte[] out = new byte[TAG_LENGTH];
        e.doFinal(out, 0);
        e.restore(outerState, Sm3Engine.BLOCK_LENGTH);
        e.update(out, 0, TAG_LENGTH);
        e.doFinal(out, 0);
        return out;
    }

    /**
     * Checks a tag in constant time.
     *
     * @param data the message
     * @param tag the 32-byte tag received with it
     * @throws SignatureVerificationException with code {@link CoreErrorCode#MAC_INVALID} if the tag does not match
     *     or is not 32 bytes long
     * @throws NullPointerException if {@code data} is {@code null}
     * @throws InvalidInputException naming {@code tag} if it is {@code null}
     */
    public void verify(byte[] data, byte[] tag) throws SignatureVerificationException {
        if (tag == null) {
            throw new InvalidInputException("tag", "must not be null");
        }
        byte[] expected = compute(data);
        if (!MessageDigest.isEqual(expected, tag)) {
            throw new SignatureVerificationException(CoreErrorCode.MAC_INVALID, "HMAC-SM3 tag invalid");
        }
    }

    /**
     * Returns a copy of the raw key bytes.
     *
     * @param access the capability token, proof that the caller deliberately exports a secret
     * @return a copy of the key
     * @throws InvalidInputException if {@code access} is {@code null}
     */
    public byte[] toBytes(InsecureKeyAccess access) {
        if (access == null) {
            throw new InvalidInputException("access", "InsecureKeyAccess token required");
        }
        return key.clone();
    }

    /**
     * Compares key material in constant time (for equal lengths).
     *
     * @param other another key, or {@code null}
     * @return {@code true} if both hold the same key bytes
     */
    public boolean equalsKey(HmacSm3Key other) {
        return other != null && MessageDigest.isEqual(key, other.key);
    }

    /** Returns {@code HmacSm3Key[length bytes]}, never the key material. */
    @Override
    public String toString() {
        return "HmacSm3Key[" + key.length + " bytes]";
    }
}
