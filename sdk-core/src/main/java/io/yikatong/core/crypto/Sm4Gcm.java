package io.yikatong.core.crypto;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Ghash;
import io.yikatong.core.crypto.internal.Sm4Engine;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * SM4 in Galois/Counter Mode (NIST SP 800-38D with SM4, as specified for TLS 1.3 by RFC 8998 {@code TLS_SM4_GCM_SM3}):
 * authenticated encryption with associated data, a 12-byte nonce and a 16-byte tag appended to the ciphertext.
 *
 * <pre>{@code
 * Sm4Gcm gcm = Sm4Gcm.of(key);
 * byte[] sealed = gcm.encrypt(nonce, plaintext, aad);  // ciphertext || tag
 * byte[] opened = gcm.decrypt(nonce, sealed, aad);     // throws DecryptionException if anything was changed
 * }</pre>
 *
 * <p>A nonce must never repeat under one key: a repeat reveals the XOR of the plaintexts and lets an attacker forge
 * tags. Decryption checks the tag in constant time before any plaintext is released. The hash subkey is computed
 * once per instance.
 *
 * <p>Messages are held in memory; for inputs of any size use {@link Sm4GcmStream}, which seals a stream in tagged
 * segments.
 *
 * <p>Instances are immutable and thread-safe; share one per key.
 *
 * @since 0.1
 */
public final class Sm4Gcm {

    /** Nonce length in bytes (12). */
    public static final int NONCE_LENGTH = 12;
    /** Tag length in bytes (16). */
    public static final int TAG_LENGTH = 16;

    private static final byte[] EMPTY = new byte[0];

    private final Sm4Key key;
    private final byte[] hashSubkey;

    private Sm4Gcm(Sm4Key key) {
        this.key = key;
        this.hashSubkey = new byte[16];
        Sm4Engine.processBlock(key.encryptRoundKeys(), hashSubkey, 0, hashSubkey, 0);
    }

    /**
     * Creates SM4-GCM with a key.
     *
     * @param key the key
     * @return the AEAD
     * @throws InvalidInputException if {@code key} is {@code null}
     */
    public static Sm4Gcm of(Sm4Key key) {
        if (key == null) {
            throw new InvalidInputException("key", "an Sm4Key is required");
        }
        return new Sm4Gcm(key);
    }

    /**
     * Encrypts and authenticates.
     *
     * @param nonce the 12-byte nonce, unique per message under this key
     * @param plaintext the plaintext
     * @param aad associated data that is authenticated but not encrypted, or {@code null} for none
     * @return ciphertext followed by the 16-byte tag
     * @throws InvalidInputException naming {@code nonce} if it is not 12 bytes, or {@code plaintext} if it is
     *     {@code null}
     */
    public byte[] encrypt(byte[] nonce, byte[] plaintext, byte[] aad) {
        checkNonce(nonce);
        if (plaintext == null) {
            throw new InvalidInputException("plaintext", "must not be null");
        }
        byte[] a = aad == null ? EMPTY : aad;
        int n = plaintext.length;
        byte[] out = new byte[n + TAG_LENGTH];
        seal(nonce, a, plaintext, 0, n, out, 0);
        return out;
    }

    /** Encrypts {@code in[inOff, +len)} and writes ciphertext and tag ({@code len + 16} bytes) to {@code out}. */
    void seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) {
        byte[] counter = counterBlock(nonce, 2);
        Sm4Engine.ctr(key.encryptRoundKeys(), counter, 0, in, inOff, len, out, outOff);
        byte[] tag = tag(nonce, aad, out, outOff, len);
        System.arraycopy(tag, 0, out, outOff + len, TAG_LENGTH);
    }

    /**
     * Verifies and decrypts.
     *
     * @param nonce the 12-byte nonce used for encryption
     * @param ciphertextAndTag ciphertext followed by the 16-byte tag
     * @param aad the associated data given to encryption, or {@code null} for none
     * @return the plaintext
     * @throws DecryptionException if the input is shorter than a tag or the tag does not verify (wrong key, nonce,
     *     AAD, or tampered data); no plaintext is released
     * @throws InvalidInputException naming {@code nonce} if it is not 12 bytes, or {@code ciphertextAndTag} if it is
     *     {@code null}
     */
    public byte[] decrypt(byte[] nonce, byte[] ciphertextAndTag, byte[] aad) throws DecryptionException {
        checkNonce(nonce);
        if (ciphertextAndTag == null) {
            throw new InvalidInputException("ciphertextAndTag", "must not be null");
        }
        if (ciphertextAndTag.length < TAG_LENGTH) {
            throw new DecryptionException("SM4-GCM input of " + ciphertextAndTag.length
                    + " bytes is shorter than the 16-byte tag");
        }
        byte[] a = aad == null ? EMPTY : aad;
        int n = ciphertextAndTag.length - TAG_LENGTH;
        byte[] out = new byte[n];
        open(nonce, a, ciphertextAndTag, 0, ciphertextAndTag.length, out, 0);
        return out;
    }

    /**
     * Checks the tag of {@code in[inOff, +len)} (ciphertext then tag, {@code len >= 16}) and only then writes the
     * {@code len - 16} plaintext bytes to {@code out}; writes nothing if the tag is invalid.
     */
    void open(byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws DecryptionException {
        int n = len - TAG_LENGTH;
        byte[] expected = tag(nonce, aad, in, inOff, n);
        byte[] received = Arrays.copyOfRange(in, inOff + n, inOff + len);
        if (!MessageDigest.isEqual(expected, received)) {
            throw new DecryptionException("SM4-GCM tag invalid (wrong key, nonce or AAD, or tampered data)");
        }
        Sm4Engine.ctr(key.encryptRoundKeys(), counterBlock(nonce, 2), 0, in, inOff, n, out, outOff);
    }

    private byte[] tag(byte[] nonce, byte[] aad, byte[] ct, int ctOff, int ctLen) {
        Ghash g = new Ghash(hashSubkey);
        g.updatePadded(aad, 0, aad.length);
        g.updatePadded(ct, ctOff, ctLen);
        byte[] s = new byte[16];
        g.finish(aad.length, ctLen, s);
        byte[] j0 = counterBlock(nonce, 1);
        Sm4Engine.processBlock(key.encryptRoundKeys(), j0, 0, j0, 0);
        for (int i = 0; i < 16; i++) {
            s[i] ^= j0[i];
        }
        return s;
    }

    /**
     * The counter block nonce || 32-bit big-endian value. A Java array holds fewer than 2^32 blocks, so the 128-bit
     * increment of the CTR engine equals GCM's 32-bit increment here.
     */
    private static byte[] counterBlock(byte[] nonce, int value) {
        byte[] c = new byte[16];
        System.arraycopy(nonce, 0, c, 0, NONCE_LENGTH);
        c[15] = (byte) value;
        return c;
    }

    private static void checkNonce(byte[] nonce) {
        if (nonce == null) {
            throw new InvalidInputException("nonce", "a 12-byte nonce is required");
        }
        if (nonce.length != NONCE_LENGTH) {
            throw new InvalidInputException("nonce", "SM4-GCM nonce must be 12 bytes, was " + nonce.length);
        }
    }

    @Override
    public String toString() {
        return "Sm4Gcm";
    }
}
