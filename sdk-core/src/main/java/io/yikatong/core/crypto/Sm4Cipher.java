package io.yikatong.core.crypto;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm4Engine;
import java.util.Arrays;

/**
 * SM4 encryption in ECB, CBC or CTR mode with PKCS#7 or no padding; the mode and padding are fixed when the cipher
 * is built, never taken from the input.
 *
 * <pre>{@code
 * Sm4Cipher cbc = Sm4Cipher.builder().key(key).mode(Sm4Mode.CBC).padding(Sm4Padding.PKCS7).build();
 * byte[] ct = cbc.encrypt(iv, plaintext);
 * byte[] pt = cbc.decrypt(iv, ct); // throws DecryptionException on bad padding or length
 * }</pre>
 *
 * <p>Output is byte-for-byte what OpenSSL {@code enc -sm4-ecb|-sm4-cbc|-sm4-ctr} (with {@code -nopad} for
 * {@link Sm4Padding#NONE}), BouncyCastle and Kona produce. These modes give confidentiality only: an attacker can
 * change ciphertext undetected, and CBC with PKCS#7 leaks a padding oracle if decryption failures are observable.
 * Authenticate the ciphertext ({@link Sm4Mac}, {@link HmacSm3Key}) or use {@link Sm4Gcm}.
 *
 * <p>Instances are immutable and thread-safe; share one per key and configuration.
 *
 * @since 0.1
 */
public final class Sm4Cipher {

    /** IV length in bytes for CBC and CTR (16). */
    public static final int IV_LENGTH = Sm4Engine.BLOCK;

    private static final int BLOCK = Sm4Engine.BLOCK;

    private final Sm4Key key;
    private final Sm4Mode mode;
    private final Sm4Padding padding;

    private Sm4Cipher(Sm4Key key, Sm4Mode mode, Sm4Padding padding) {
        this.key = key;
        this.mode = mode;
        this.padding = padding;
    }

    /**
     * Starts building a cipher.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the mode.
     *
     * @return the mode
     */
    public Sm4Mode mode() {
        return mode;
    }

    /**
     * Returns the padding.
     *
     * @return the padding
     */
    public Sm4Padding padding() {
        return padding;
    }

    /**
     * Returns the IV length this cipher expects.
     *
     * @return 16 for CBC and CTR, 0 for ECB
     */
    public int ivLength() {
        return mode == Sm4Mode.ECB ? 0 : IV_LENGTH;
    }

    /**
     * Encrypts in ECB mode (which takes no IV).
     *
     * @param plaintext the plaintext
     * @return the ciphertext
     * @throws InvalidInputException naming {@code iv} if this cipher is not ECB, or naming {@code plaintext} if it is
     *     {@code null} or, without padding, not a multiple of 16 bytes
     */
    public byte[] encrypt(byte[] plaintext) {
        return encrypt(null, plaintext);
    }

    /**
     * Decrypts in ECB mode (which takes no IV).
     *
     * @param ciphertext the ciphertext
     * @return the plaintext
     * @throws DecryptionException if the ciphertext length is not a multiple of 16 or its padding is invalid
     * @throws InvalidInputException naming {@code iv} if this cipher is not ECB, or naming {@code ciphertext} if it is
     *     {@code null}
     */
    public byte[] decrypt(byte[] ciphertext) throws DecryptionException {
        return decrypt(null, ciphertext);
    }

    /**
     * Encrypts a message.
     *
     * @param iv the 16-byte IV (CBC) or initial counter block (CTR); {@code null} for ECB. Must be unpredictable for
     *     CBC and never repeat under one key for CTR.
     * @param plaintext the plaintext; without padding its length must be a multiple of 16 (ECB, CBC)
     * @return a new array with the ciphertext
     * @throws InvalidInputException naming {@code iv} if it is missing, present for ECB or not 16 bytes, or naming
     *     {@code plaintext} if it is {@code null} or has a length the configuration cannot encrypt
     */
    public byte[] encrypt(byte[] iv, byte[] plaintext) {
        checkIv(iv);
        if (plaintext == null) {
            throw new InvalidInputException("plaintext", "must not be null");
        }
        int n = plaintext.length;
        if (mode == Sm4Mode.CTR) {
            byte[] out = new byte[n];
            Sm4Engine.ctr(key.encryptRoundKeys(), iv, 0, plaintext, 0, n, out, 0);
            return out;
        }
        byte[] out;
        if (padding == Sm4Padding.PKCS7) {
            int pad = BLOCK - (n % BLOCK);
            out = Arrays.copyOf(plaintext, n + pad);
            Arrays.fill(out, n, n + pad, (byte) pad);
        } else {
            if (n % BLOCK != 0) {
                throw new InvalidInputException("plaintext",
                        "without padding the length must be a multiple of 16, was " + n);
            }
            out = plaintext.clone();
        }
        if (mode == Sm4Mode.ECB) {
            Sm4Engine.ecb(key.encryptRoundKeys(), out, 0, out.length, out, 0);
        } else {
            Sm4Engine.cbcEncrypt(key.encryptRoundKeys(), iv, 0, out, 0, out.length, out, 0);
        }
        return out;
    }

    /**
     * Decrypts a message.
     *
     * @param iv the 16-byte IV or initial counter block used for encryption; {@code null} for ECB
     * @param ciphertext the ciphertext
     * @return a new array with the plaintext
     * @throws DecryptionException if the ciphertext length is impossible for the configuration (ECB, CBC: not a
     *     non-zero multiple of 16 with PKCS#7, not a multiple of 16 without) or the PKCS#7 padding is invalid
     * @throws InvalidInputException naming {@code iv} if it is missing, present for ECB or not 16 bytes, or naming
     *     {@code ciphertext} if it is {@code null}
     */
    public byte[] decrypt(byte[] iv, byte[] ciphertext) throws DecryptionException {
        checkIv(iv);
        if (ciphertext == null) {
            throw new InvalidInputException("ciphertext", "must not be null");
        }
        int n = ciphertext.length;
        byte[] out = new byte[n];
        if (mode == Sm4Mode.CTR) {
            Sm4Engine.ctr(key.encryptRoundKeys(), iv, 0, ciphertext, 0, n, out, 0);
            return out;
        }
        if (n % BLOCK != 0 || (padding == Sm4Padding.PKCS7 && n == 0)) {
            throw new DecryptionException("SM4-" + mode + " ciphertext length " + n + " is not a "
                    + (padding == Sm4Padding.PKCS7 ? "non-zero " : "") + "multiple of 16");
        }
        if (mode == Sm4Mode.ECB) {
            Sm4Engine.ecb(key.decryptRoundKeys(), ciphertext, 0, n, out, 0);
        } else {
            Sm4Engine.cbcDecrypt(key.decryptRoundKeys(), iv, 0, ciphertext, 0, n, out, 0);
        }
        if (padding == Sm4Padding.NONE) {
            return out;
        }
        int pad = out[n - 1] & 0xff;
        // Check the last 16 bytes without branching on their values.
        int bad = ((pad - 1) >>> 31) | ((BLOCK - pad) >>> 31); // pad == 0 or pad > 16
        for (int i = 1; i <= BLOCK; i++) {
            int inPad = (i - pad - 1) >>> 31; // 1 if i <= pad
            int diff = (out[n - i] & 0xff) ^ pad;
            bad |= inPad & ((diff | -diff) >>> 31);
        }
        if (bad != 0) {
            Arrays.fill(out, (byte) 0);
            throw new DecryptionException("SM4-" + mode + " padding invalid (wrong key, IV or tampered ciphertext)");
        }
        byte[] result = Arrays.copyOf(out, n - pad);
        Arrays.fill(out, (byte) 0);
        return result;
    }

    private void checkIv(byte[] iv) {
        if (mode == Sm4Mode.ECB) {
            if (iv != null) {
                throw new InvalidInputException("iv", "ECB takes no IV; pass null");
            }
            return;
        }
        if (iv == null) {
            throw new InvalidInputException("iv", mode + " requires a 16-byte IV");
        }
        if (iv.length != IV_LENGTH) {
            throw new InvalidInputException("iv", mode + " IV must be 16 bytes, was " + iv.length);
        }
    }

    /** Returns e.g. {@code Sm4Cipher[CBC/PKCS7]}, never key material. */
    @Override
    public String toString() {
        return "Sm4Cipher[" + mode + "/" + padding + "]";
    }

    /**
     * Builds an {@link Sm4Cipher}. Key and mode are required; padding is required for ECB and CBC, and must be
     * {@link Sm4Padding#NONE} (or unset) for CTR.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {

        private Sm4Key key;
        private Sm4Mode mode;
        private Sm4Padding padding;

        private Builder() {
        }

        /**
         * Sets the key.
         *
         * @param key the key
         * @return this builder
         */
        public Builder key(Sm4Key key) {
            this.key = key;
            return this;
        }

        /**
         * Sets the mode.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(Sm4Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Sets the padding.
         *
         * @param padding the padding
         * @return this builder
         */
        public Builder padding(Sm4Padding padding) {
            this.padding = padding;
            return this;
        }

        /**
         * Builds the cipher.
         *
         * @return the cipher
         * @throws InvalidInputException naming {@code key}, {@code mode} or {@code padding} if one is missing, or
         *     naming {@code padding} for CTR with PKCS#7
         */
        public Sm4Cipher build() {
            if (key == null) {
                throw new InvalidInputException("key", "an Sm4Key is required");
            }
            if (mode == null) {
                throw new InvalidInputException("mode", "a mode (ECB, CBC, CTR) is required");
            }
            Sm4Padding p = padding;
            if (mode == Sm4Mode.CTR) {
                if (p == Sm4Padding.PKCS7) {
                    throw new InvalidInputException("padding", "CTR is a stream mode and takes no padding");
                }
                p = Sm4Padding.NONE;
            } else if (p == null) {
                throw new InvalidInputException("padding", mode + " requires an explicit padding (PKCS7 or NONE)");
            }
            return new Sm4Cipher(key, mode, p);
        }
    }
}
