package io.yikatong.core.crypto;

import io.yikatong.core.crypto.internal.Sm2Curve;
import io.yikatong.core.crypto.internal.Sm2Der;
import io.yikatong.core.crypto.internal.Sm2Hash;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Verifies SM2 signatures (SM2 验签, GB/T 32918.2) under one public key, one signer user ID and one signature format,
 * all fixed when the verifier is built; nothing about the algorithm is taken from the signature.
 *
 * <p>{@link #verify(byte[], byte[])} returns normally or throws {@link SignatureVerificationException}; a signature in
 * the wrong encoding (for example 64 raw bytes given to a DER verifier), with r or s outside [1, n-1], or with
 * non-strict DER (trailing bytes, non-minimal or negative integers) is rejected the same way. The default user ID is
 * {@code "1234567812345678"}; signatures made by OpenSSL without {@code distid} need {@code userId("")}.
 *
 * <p>Building is cheap: Z and the verification precomputation are cached with the decoded public key (see
 * {@link Sm2PublicKey}), so building a verifier per call is acceptable; building one and sharing it is best.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class Sm2Verifier {

    private static final String FAILED = "SM2 signature invalid";

    private final Sm2PublicKey key;
    private final Sm2SignatureFormat format;
    private final Sm2Hash hash;

    private Sm2Verifier(Builder b) {
        this.key = b.key;
        this.format = b.format;
        this.hash = key.state().hashFor(b.userId);
    }

    /**
     * Starts building a verifier for a key.
     *
     * @param publicKey the signer's public key
     * @return a builder with the default user ID and DER format
     */
    public static Builder builder(Sm2PublicKey publicKey) {
        return new Builder(Objects.requireNonNull(publicKey, "publicKey"));
    }

    /**
     * Verifies a signature over a message.
     *
     * @param message the message M (not a digest)
     * @param signature the signature in this verifier's format
     * @throws SignatureVerificationException if the signature is malformed, in another format, or does not verify
     *     for this key, user ID and message
     */
    public void verify(byte[] message, byte[] signature) throws SignatureVerificationException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        BigInteger[] rs = decode(signature);
        check(hash.digest(message), rs);
    }

    /**
     * Verifies a signature over a message read from a stream to its end, in bounded memory whatever its size. The
     * signature is decoded first, so a malformed one is rejected without reading the message. The stream is not
     * closed.
     *
     * @param message the message M (not a digest)
     * @param signature the signature in this verifier's format
     * @throws SignatureVerificationException if the signature is malformed, in another format, or does not verify
     *     for this key, user ID and message
     * @throws IOException if reading the message fails
     */
    public void verify(InputStream message, byte[] signature) throws IOException, SignatureVerificationException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        BigInteger[] rs = decode(signature);
        check(hash.digest(message), rs);
    }

    private BigInteger[] decode(byte[] signature) throws SignatureVerificationException {
        BigInteger r;
        BigInteger s;
        if (format == Sm2SignatureFormat.RAW) {
            if (signature.length != 64) {
                throw new SignatureVerificationException(FAILED + " (RAW signature must be 64 bytes)");
            }
            r = new BigInteger(1, signature, 0, 32);
            s = new BigInteger(1, signature, 32, 32);
        } else {
            try {
                Sm2Der der = Sm2Der.openSequence(signature);
                r = der.readUnsignedInteger("r");
                s = der.readUnsignedInteger("s");
                der.finish();
            } catch (IllegalArgumentException e) {
                throw new SignatureVerificationException(FAILED + " (not a strict DER SM2 signature)");
            }
        }
        if (r.signum() <= 0 || r.compareTo(Sm2Curve.N) >= 0 || s.signum() <= 0 || s.compareTo(Sm2Curve.N) >= 0) {
            throw new SignatureVerificationException(FAILED + " (r or s out of range)");
        }
        return new BigInteger[] {r, s};
    }

    private void check(byte[] e, BigInteger[] rs) throws SignatureVerificationException {
        if (!key.state().verify(e, rs[0], rs[1])) {
            throw new SignatureVerificationException(FAILED);
        }
    }

    /**
     * Returns the signature format this verifier accepts.
     *
     * @return the format
     */
    public Sm2SignatureFormat format() {
        return format;
    }

    /**
     * Returns the public key.
     *
     * @return the key
     */
    public Sm2PublicKey publicKey() {
        return key;
    }

    @Override
    public String toString() {
        return "Sm2Verifier[" + format + ", " + key + "]";
    }

    /**
     * Builds an {@link Sm2Verifier}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Sm2PublicKey key;
        private byte[] userId = Sm2Signer.DEFAULT_USER_ID.clone();
        private Sm2SignatureFormat format = Sm2SignatureFormat.DER;

        private Builder(Sm2PublicKey key) {
            this.key = key;
        }

        /**
         * Sets the signer's user ID. Default {@code "1234567812345678"}.
         *
         * @param userId the ID bytes, at most 8191 bytes; empty is allowed
         * @return this builder
         * @throws io.yikatong.core.InvalidInputException if the ID is longer than 8191 bytes
         */
        public Builder userId(byte[] userId) {
            this.userId = Sm2Signer.checkedUserId(userId);
            return this;
        }

        /**
         * Sets the signer's user ID as UTF-8 text. Default {@code "1234567812345678"}.
         *
         * @param userId the ID text
         * @return this builder
         * @throws io.yikatong.core.InvalidInputException if the UTF-8 ID is longer than 8191 bytes
         */
        public Builder userId(String userId) {
            return userId(Objects.requireNonNull(userId, "userId").getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Sets the signature format. Default {@link Sm2SignatureFormat#DER}.
         *
         * @param format the format
         * @return this builder
         */
        public Builder format(Sm2SignatureFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return the verifier
         */
        public Sm2Verifier build() {
            return new Sm2Verifier(this);
        }
    }
}
