package io.yikatong.core.crypto;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm4Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * <p>Inputs of any size stream through {@link #encrypt(byte[], InputStream, OutputStream)} and
 * {@link #decrypt(byte[], InputStream, OutputStream)} in bounded memory, or piece by piece through an
 * {@link Encryptor} or {@link Decryptor}; the output is identical to the one-shot methods'.
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

    /** Bytes read from an input stream at a time by the streaming methods. */
    static final int STREAM_BUFFER = 64 * 1024;

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
        int pad = padLength(out, n);
        if (pad < 0) {
            Arrays.fill(out, (byte) 0);
            throw new DecryptionException("SM4-" + mode + " padding invalid (wrong key, IV or tampered ciphertext)");
        }
        byte[] result = Arrays.copyOf(out, n - pad);
        Arrays.fill(out, (byte) 0);
        return result;
    }

    /**
     * Starts encrypting a message piece by piece.
     *
     * @param iv the 16-byte IV (CBC) or initial counter block (CTR); {@code null} for ECB
     * @return a new encryptor for one message
     * @throws InvalidInputException naming {@code iv} if it is missing, present for ECB or not 16 bytes
     */
    public Encryptor encryptor(byte[] iv) {
        checkIv(iv);
        return new Encryptor(new Chain(this, iv, false));
    }

    /**
     * Starts decrypting a message piece by piece.
     *
     * @param iv the 16-byte IV or initial counter block used for encryption; {@code null} for ECB
     * @return a new decryptor for one message
     * @throws InvalidInputException naming {@code iv} if it is missing, present for ECB or not 16 bytes
     */
    public Decryptor decryptor(byte[] iv) {
        checkIv(iv);
        return new Decryptor(new Chain(this, iv, true));
    }

    /**
     * Encrypts everything {@code in} holds up to its end and writes the ciphertext to {@code out}, in memory bounded
     * by a small buffer whatever the size of the input. Neither stream is closed.
     *
     * <p>If this throws, what was written to {@code out} is an incomplete ciphertext: discard it (write to a temporary
     * file and move it into place only when this returns).
     *
     * @param iv the 16-byte IV (CBC) or initial counter block (CTR); {@code null} for ECB
     * @param in the plaintext
     * @param out receives the ciphertext
     * @return the number of ciphertext bytes written
     * @throws IOException if reading or writing fails
     * @throws InvalidInputException naming {@code iv} as for {@link #encrypt(byte[], byte[])}, {@code in} or
     *     {@code out} if {@code null}, or {@code plaintext} if, without padding in ECB or CBC, its length is not a
     *     multiple of 16
     */
    public long encrypt(byte[] iv, InputStream in, OutputStream out) throws IOException {
        checkIv(iv);
        checkStreams(in, out);
        Chain chain = new Chain(this, iv, false);
        try {
            return pump(chain, in, out);
        } catch (DecryptionException e) {
            throw new AssertionError("encryption does not fail with DecryptionException", e);
        }
    }

    /**
     * Decrypts everything {@code in} holds up to its end and writes the plaintext to {@code out}, in memory bounded by
     * a small buffer whatever the size of the input. Neither stream is closed.
     *
     * <p>These modes do not authenticate: plaintext is written as it is decrypted, and a bad length or padding is
     * found only at the end. If this throws, discard everything written to {@code out} (write to a temporary file and
     * move it into place only when this returns); it is not the message.
     *
     * @param iv the 16-byte IV or initial counter block used for encryption; {@code null} for ECB
     * @param in the ciphertext
     * @param out receives the plaintext
     * @return the number of plaintext bytes written
     * @throws DecryptionException as {@link #decrypt(byte[], byte[])}: impossible length or invalid padding
     * @throws IOException if reading or writing fails
     * @throws InvalidInputException naming {@code iv} as for {@link #decrypt(byte[], byte[])}, or {@code in} or
     *     {@code out} if {@code null}
     */
    public long decrypt(byte[] iv, InputStream in, OutputStream out) throws IOException, DecryptionException {
        checkIv(iv);
        checkStreams(in, out);
        return pump(new Chain(this, iv, true), in, out);
    }

    private static long pump(Chain chain, InputStream in, OutputStream out) throws IOException, DecryptionException {
        byte[] buf = new byte[STREAM_BUFFER];
        byte[] outBuf = new byte[STREAM_BUFFER + BLOCK];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                int w = chain.update(buf, 0, n, outBuf);
                out.write(outBuf, 0, w);
                total += w;
            }
            int w = chain.doFinal(outBuf);
            out.write(outBuf, 0, w);
            total += w;
            return total;
        } finally {
            chain.wipe();
            if (chain.decrypt) {
                Arrays.fill(outBuf, (byte) 0);
                Arrays.fill(buf, (byte) 0);
            }
        }
    }

    private static void checkStreams(InputStream in, OutputStream out) {
        if (in == null) {
            throw new InvalidInputException("in", "must not be null");
        }
        if (out == null) {
            throw new InvalidInputException("out", "must not be null");
        }
    }

    /**
     * Checks the PKCS#7 padding of the 16-byte block ending at {@code end} without branching on its values.
     *
     * @return the pad length 1..16, or -1 if the padding is invalid
     */
    private static int padLength(byte[] b, int end) {
        int pad = b[end - 1] & 0xff;
        int bad = ((pad - 1) >>> 31) | ((BLOCK - pad) >>> 31); // pad == 0 or pad > 16
        for (int i = 1; i <= BLOCK; i++) {
            int inPad = (i - pad - 1) >>> 31; // 1 if i <= pad
            int diff = (b[end - i] & 0xff) ^ pad;
            bad |= inPad & ((diff | -diff) >>> 31);
        }
        return bad != 0 ? -1 : pad;
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
     * Encrypts one message given in pieces: call {@link #update(byte[], int, int)} for each piece, then
     * {@link #doFinal()} once. The concatenated outputs equal {@link Sm4Cipher#encrypt(byte[], byte[])} of the
     * concatenated pieces. Up to 15 bytes (a partial block) are held back between calls.
     *
     * <p>Not thread-safe; one message per instance.
     *
     * @since 0.1
     */
    public static final class Encryptor {

        private final Chain chain;

        private Encryptor(Chain chain) {
            this.chain = chain;
        }

        /**
         * Encrypts the next piece of plaintext.
         *
         * @param data the array holding the piece
         * @param offset the first byte
         * @param length the number of bytes
         * @return the ciphertext available so far (possibly empty)
         * @throws InvalidInputException if the range is outside the array
         * @throws IllegalStateException after {@link #doFinal()} or a failure
         */
        public byte[] update(byte[] data, int offset, int length) {
            Sm3.checkRange(data, offset, length);
            return chain.updateToArray(data, offset, length);
        }

        /**
         * Encrypts the next piece of plaintext.
         *
         * @param data the piece
         * @return the ciphertext available so far (possibly empty)
         * @throws InvalidInputException if {@code data} is {@code null}
         * @throws IllegalStateException after {@link #doFinal()} or a failure
         */
        public byte[] update(byte[] data) {
            if (data == null) {
                throw new InvalidInputException("data", "must not be null");
            }
            return update(data, 0, data.length);
        }

        /**
         * Finishes the message: pads (PKCS#7) and encrypts the held-back bytes. The encryptor cannot be used again.
         *
         * @return the last ciphertext bytes (possibly empty)
         * @throws InvalidInputException naming {@code plaintext} if, without padding in ECB or CBC, the total length
         *     is not a multiple of 16
         * @throws IllegalStateException if called twice
         */
        public byte[] doFinal() {
            try {
                return chain.doFinalToArray();
            } catch (DecryptionException e) {
                throw new AssertionError("encryption does not fail with DecryptionException", e);
            }
        }

        @Override
        public String toString() {
            return "Sm4Cipher.Encryptor[" + chain.mode + "/" + chain.padding + "]";
        }
    }

    /**
     * Decrypts one message given in pieces: call {@link #update(byte[], int, int)} for each piece, then
     * {@link #doFinal()} once. With PKCS#7 the last block is held back until {@link #doFinal()} checks its padding.
     *
     * <p>These modes do not authenticate: output of {@link #update(byte[], int, int)} is released before the length
     * and padding are checked, so treat all of it as unverified, and discard it if {@link #doFinal()} throws.
     *
     * <p>Not thread-safe; one message per instance.
     *
     * @since 0.1
     */
    public static final class Decryptor {

        private final Chain chain;

        private Decryptor(Chain chain) {
            this.chain = chain;
        }

        /**
         * Decrypts the next piece of ciphertext.
         *
         * @param data the array holding the piece
         * @param offset the first byte
         * @param length the number of bytes
         * @return the plaintext available so far (possibly empty)
         * @throws InvalidInputException if the range is outside the array
         * @throws IllegalStateException after {@link #doFinal()} or a failure
         */
        public byte[] update(byte[] data, int offset, int length) {
            Sm3.checkRange(data, offset, length);
            return chain.updateToArray(data, offset, length);
        }

        /**
         * Decrypts the next piece of ciphertext.
         *
         * @param data the piece
         * @return the plaintext available so far (possibly empty)
         * @throws InvalidInputException if {@code data} is {@code null}
         * @throws IllegalStateException after {@link #doFinal()} or a failure
         */
        public byte[] update(byte[] data) {
            if (data == null) {
                throw new InvalidInputException("data", "must not be null");
            }
            return update(data, 0, data.length);
        }

        /**
         * Finishes the message: checks the total length and, with PKCS#7, removes and checks the padding. The
         * decryptor cannot be used again.
         *
         * @return the last plaintext bytes (possibly empty)
         * @throws DecryptionException if the total length is impossible for the configuration or the padding is
         *     invalid; discard all output of this decryptor
         * @throws IllegalStateException if called twice
         */
        public byte[] doFinal() throws DecryptionException {
            return chain.doFinalToArray();
        }

        @Override
        public String toString() {
            return "Sm4Cipher.Decryptor[" + chain.mode + "/" + chain.padding + "]";
        }
    }

    /**
     * The state of one message in progress: the chaining value (CBC) or next counter block (CTR) and a partial block.
     */
    private static final class Chain {
        final Sm4Mode mode;
        final Sm4Padding padding;
        final boolean decrypt;
        private final int[] rk;
        /** CBC: previous ciphertext block; CTR: next counter block; ECB: unused. */
        private final byte[] chain = new byte[BLOCK];
        private final byte[] pending = new byte[BLOCK];
        private final byte[] saved = new byte[BLOCK];
        private int pendingLen;
        private long total;
        private boolean finished;

        Chain(Sm4Cipher cipher, byte[] iv, boolean decrypt) {
            this.mode = cipher.mode;
            this.padding = cipher.padding;
            this.decrypt = decrypt;
            this.rk = decrypt && mode != Sm4Mode.CTR ? cipher.key.decryptRoundKeys() : cipher.key.encryptRoundKeys();
            if (iv != null) {
                System.arraycopy(iv, 0, chain, 0, BLOCK);
            }
        }

        /** Decryption with PKCS#7 keeps the last full block back for {@link #doFinal(byte[])}. */
        private boolean holdsLastBlock() {
            return decrypt && padding == Sm4Padding.PKCS7;
        }

        byte[] updateToArray(byte[] in, int off, int len) {
            byte[] out = new byte[len + BLOCK];
            int w = update(in, off, len, out);
            byte[] result = Arrays.copyOf(out, w);
            Arrays.fill(out, (byte) 0);
            return result;
        }

        byte[] doFinalToArray() throws DecryptionException {
            byte[] out = new byte[BLOCK];
            int w = doFinal(out);
            byte[] result = Arrays.copyOf(out, w);
            Arrays.fill(out, (byte) 0);
            return result;
        }

        /** Processes input; {@code out} must have room for {@code len + 16} bytes. Returns the bytes written. */
        int update(byte[] in, int off, int len, byte[] out) {
            if (finished) {
                throw new IllegalStateException("the message is finished; start a new one");
            }
            total += len;
            int written = 0;
            if (pendingLen > 0) {
                int take = Math.min(BLOCK - pendingLen, len);
                System.arraycopy(in, off, pending, pendingLen, take);
                pendingLen += take;
                off += take;
                len -= take;
                if (pendingLen < BLOCK || (len == 0 && holdsLastBlock())) {
                    return 0;
                }
                blocks(pending, 0, BLOCK, out, 0);
                written = BLOCK;
                pendingLen = 0;
            }
            int full = len & ~(BLOCK - 1);
            if (full == len && full > 0 && holdsLastBlock()) {
                full -= BLOCK;
            }
            blocks(in, off, full, out, written);
            written += full;
            pendingLen = len - full;
            System.arraycopy(in, off + full, pending, 0, pendingLen);
            return written;
        }

        /** Finishes; {@code out} must have room for 16 bytes. Returns the bytes written. */
        int doFinal(byte[] out) throws DecryptionException {
            if (finished) {
                throw new IllegalStateException("the message is already finished");
            }
            finished = true;
            try {
                if (mode == Sm4Mode.CTR) {
                    Sm4Engine.ctr(rk, chain, 0, pending, 0, pendingLen, out, 0);
                    return pendingLen;
                }
                if (padding == Sm4Padding.NONE) {
                    if (pendingLen != 0) {
                        if (decrypt) {
                            throw new DecryptionException("SM4-" + mode + " ciphertext length " + total
                                    + " is not a multiple of 16");
                        }
                        throw new InvalidInputException("plaintext",
                                "without padding the length must be a multiple of 16, was " + total);
                    }
                    return 0;
                }
                if (!decrypt) {
                    int pad = BLOCK - pendingLen;
                    Arrays.fill(pending, pendingLen, BLOCK, (byte) pad);
                    blocks(pending, 0, BLOCK, out, 0);
                    return BLOCK;
                }
                if (pendingLen != BLOCK) {
                    throw new DecryptionException("SM4-" + mode + " ciphertext length " + total
                            + " is not a non-zero multiple of 16");
                }
                blocks(pending, 0, BLOCK, out, 0);
                int pad = padLength(out, BLOCK);
                if (pad < 0) {
                    Arrays.fill(out, 0, BLOCK, (byte) 0);
                    throw new DecryptionException("SM4-" + mode
                            + " padding invalid (wrong key, IV or tampered ciphertext)");
                }
                return BLOCK - pad;
            } finally {
                wipe();
            }
        }

        /** Encrypts or decrypts whole blocks and advances the chaining value. */
        private void blocks(byte[] in, int off, int len, byte[] out, int outOff) {
            if (len == 0) {
                return;
            }
            switch (mode) {
                case ECB -> Sm4Engine.ecb(rk, in, off, len, out, outOff);
                case CBC -> {
                    if (decrypt) {
                        System.arraycopy(in, off + len - BLOCK, saved, 0, BLOCK);
                        Sm4Engine.cbcDecrypt(rk, chain, 0, in, off, len, out, outOff);
                        System.arraycopy(saved, 0, chain, 0, BLOCK);
                    } else {
                        Sm4Engine.cbcEncrypt(rk, chain, 0, in, off, len, out, outOff);
                        System.arraycopy(out, outOff + len - BLOCK, chain, 0, BLOCK);
                    }
                }
                case CTR -> {
                    Sm4Engine.ctr(rk, chain, 0, in, off, len, out, outOff);
                    addToCounter(chain, len / BLOCK);
                }
                default -> throw new IllegalStateException("unknown mode " + mode);
            }
        }

        void wipe() {
            Arrays.fill(pending, (byte) 0);
            Arrays.fill(saved, (byte) 0);
            pendingLen = 0;
        }
    }

    /** Adds {@code blocks} to a 128-bit big-endian counter block, modulo 2^128 (as the CTR engine counts). */
    static void addToCounter(byte[] counter, long blocks) {
        long carry = blocks;
        for (int i = BLOCK - 1; i >= 0 && carry != 0; i--) {
            long sum = (counter[i] & 0xffL) + (carry & 0xff);
            counter[i] = (byte) sum;
            carry = (carry >>> 8) + (sum >>> 8);
        }
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
