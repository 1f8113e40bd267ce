package io.yikatong.core.crypto;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm4Engine;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * A 128-bit SM4 key (分组密码算法, GB/T 32907-2016, GM/T 0002-2012).
 *
 * <p>The key bytes are copied on creation and the encryption and decryption round keys are computed once and kept,
 * so build a key once and share it: {@link Sm4Cipher}, {@link Sm4Gcm} and {@link Sm4Mac} built on it pay nothing for
 * the key schedule per message. {@link #toString()} never shows the key; there is no {@code equals}/{@code hashCode}
 * on key material (use {@link #equalsKey(Sm4Key)}); raw bytes leave only through
 * {@link #toBytes(InsecureKeyAccess)}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Sm4Key {

    /** Key length in bytes (16). */
    public static final int KEY_LENGTH = 16;

    private final byte[] key;
    private final int[] encryptRoundKeys;
    private final int[] decryptRoundKeys;

    private Sm4Key(byte[] ownedKey) {
        this.key = ownedKey;
        this.encryptRoundKeys = Sm4Engine.expandKey(ownedKey, 0);
        this.decryptRoundKeys = Sm4Engine.reverse(encryptRoundKeys);
    }

    /**
     * Creates a key from 16 raw bytes (copied).
     *
     * @param key the key bytes
     * @return the key
     * @throws InvalidInputException naming {@code key} if it is {@code null} or not 16 bytes long
     */
    public static Sm4Key of(byte[] key) {
        if (key == null) {
            throw new InvalidInputException("key", "must not be null");
        }
        if (key.length != KEY_LENGTH) {
            throw new InvalidInputException("key", "SM4 key must be 16 bytes, was " + key.length);
        }
        return new Sm4Key(key.clone());
    }

    /**
     * Generates a random key.
     *
     * @param random the source of randomness
     * @return a new key
     * @throws InvalidInputException if {@code random} is {@code null}
     */
    public static Sm4Key generate(SecureRandom random) {
        if (random == null) {
            throw new InvalidInputException("random", "must not be null");
        }
        byte[] k = new byte[KEY_LENGTH];
        random.nextBytes(k);
        return new Sm4Key(k);
    }

    /** Creates a key taking ownership of {@code ownedKey} (16 bytes, not copied); for this package only. */
    static Sm4Key ofOwned(byte[] ownedKey) {
        return new Sm4Key(ownedKey);
    }

    /** A copy of the raw key bytes, for key derivation inside this package; the caller wipes it. */
    byte[] copyOfKeyBytes() {
        return key.clone();
    }

    int[] encryptRoundKeys() {
        return encryptRoundKeys;
    }

    int[] decryptRoundKeys() {
        return decryptRoundKeys;
    }

    /**
     * Returns a copy of the raw key bytes.
     *
     * @param access the capability token, proof that the caller deliberately exports a secret
     * @return a copy of the 16 key bytes
     * @throws InvalidInputException if {@code access} is {@code null}
     */
    public byte[] toBytes(InsecureKeyAccess access) {
        if (access == null) {
            throw new InvalidInputException("access", "InsecureKeyAccess token required");
        }
        return key.clone();
    }

    /**
     * Compares key material in constant time.
     *
     * @param other another key, or {@code null}
     * @return {@code true} if both hold the same 16 bytes
     */
    public boolean equalsKey(Sm4Key other) {
        return other != null && MessageDigest.isEqual(key, other.key);
    }

    /** Returns {@code Sm4Key[128 bits]}, never the key material. */
    @Override
    public String toString() {
        return "Sm4Key[128 bits]";
    }
}
