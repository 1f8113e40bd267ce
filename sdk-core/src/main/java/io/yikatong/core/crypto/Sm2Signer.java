package io.yikatong.core.crypto;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm2Curve;
import io.yikatong.core.crypto.internal.Sm2Der;
import io.yikatong.core.crypto.internal.Sm2Hash;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Creates SM2 signatures (SM2 数字签名, GB/T 32918.2) with one private key, one signer user ID and one signature format,
 * all fixed when the signer is built.
 *
 * <p>The message is hashed as e = SM3(Z<sub>A</sub> || M) with Z<sub>A</sub> = SM3(ENTL || ID || a || b || x<sub>G</sub>
 * || y<sub>G</sub> || x<sub>A</sub> || y<sub>A</sub>) computed once per signer. The default user ID is
 * {@code "1234567812345678"} (GM/T 0009), which BouncyCastle and Kona also use; OpenSSL 3 uses an empty ID unless
 * {@code -pkeyopt distid:1234567812345678} is given, so set {@link Builder#userId(byte[])} to match the verifier. The
 * nonce k is fresh and uniformly random per signature and k·G uses BouncyCastle's fixed-point comb. To have a message
 * signed elsewhere (a PSAM, an HSM) compute its digest e with {@link Sm2Digest}.
 *
 * <pre>{@code
 * Sm2Signer signer = Sm2Signer.builder(privateKey).build();   // build once, share
 * byte[] sig = signer.sign(message);                          // DER by default
 * byte[] big = signer.sign(Files.newInputStream(file));        // large messages stream
 * }</pre>
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class Sm2Signer {

    /** The default signer ID of GM/T 0009, "1234567812345678". */
    static final byte[] DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private final Sm2PrivateKey key;
    private final Sm2SignatureFormat format;
    private final Sm2Hash hash;
    private final SecureRandom random;

    private Sm2Signer(Builder b) {
        this.key = b.key;
        this.format = b.format;
        this.hash = key.publicKey().state().hashFor(b.userId);
        this.random = b.random != null ? b.random : new SecureRandom();
    }

    /**
     * Starts building a signer for a key.
     *
     * @param privateKey the signing key
     * @return a builder with the default user ID and DER format
     */
    public static Builder builder(Sm2PrivateKey privateKey) {
        return new Builder(Objects.requireNonNull(privateKey, "privateKey"));
    }

    /**
     * Signs a message.
     *
     * @param message the message M (not a digest)
     * @return the signature in the signer's format
     */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        return signE(hash.digest(message));
    }

    /**
     * Signs a message read from a stream to its end, in bounded memory whatever its size; the signature is the same
     * as {@link #sign(byte[])} of the whole message would give. The stream is not closed.
     *
     * @param message the message M (not a digest)
     * @return the signature in the signer's format
     * @throws IOException if reading fails (nothing is signed)
     */
    public byte[] sign(InputStream message) throws IOException {
        Objects.requireNonNull(message, "message");
        return signE(hash.digest(message));
    }

    private byte[] signE(byte[] e) {
        while (true) {
            byte[] sig = signDigest(e, Sm2Curve.randomScalar(random));
            if (sig != null) {
                return sig;
            }
        }
    }

    /** Test hook: signs with a fixed nonce k; returns {@code null} if k is unusable. Never public. */
    byte[] signWithFixedK(byte[] message, BigInteger k) {
        return signDigest(hash.digest(message), k);
    }

    private byte[] signDigest(byte[] eBytes, BigInteger k) {
        BigInteger n = Sm2Curve.N;
        BigInteger x1 = Sm2Curve.multiplyG(k).getAffineXCoord().toBigInteger();
        BigInteger r = new BigInteger(1, eBytes).add(x1).mod(n);
        if (r.signum() == 0 || r.add(k).equals(n)) {
            return null;
        }
        BigInteger s = key.inverseOnePlusD().multiply(k.subtract(r.multiply(key.scalar()))).mod(n);
        if (s.signum() == 0) {
            return null;
        }
        return encode(r, s);
    }

    private byte[] encode(BigInteger r, BigInteger s) {
        if (format == Sm2SignatureFormat.RAW) {
            byte[] out = new byte[64];
            System.arraycopy(Sm2Curve.to32(r), 0, out, 0, 32);
            System.arraycopy(Sm2Curve.to32(s), 0, out, 32, 32);
            return out;
        }
        return Sm2Der.encodeSignature(r, s);
    }

    /**
     * Returns the signature format.
     *
     * @return the format
     */
    public Sm2SignatureFormat format() {
        return format;
    }

    /**
     * Returns the public key that verifies this signer's signatures.
     *
     * @return the public key
     */
    public Sm2PublicKey publicKey() {
        return key.publicKey();
    }

    @Override
    public String toString() {
        return "Sm2Signer[" + format + ", " + key.publicKey() + "]";
    }

    /**
     * Builds an {@link Sm2Signer}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Sm2PrivateKey key;
        private byte[] userId = DEFAULT_USER_ID.clone();
        private Sm2SignatureFormat format = Sm2SignatureFormat.DER;
        private SecureRandom random;

        private Builder(Sm2PrivateKey key) {
            this.key = key;
        }

        /**
         * Sets the signer's user ID (用户身份标识 ID<sub>A</sub>). Default {@code "1234567812345678"}.
         *
         * @param userId the ID bytes, at most 8191 bytes; empty is allowed (OpenSSL's default)
         * @return this builder
         * @throws InvalidInputException if the ID is longer than 8191 bytes
         */
        public Builder userId(byte[] userId) {
            this.userId = checkedUserId(userId);
            return this;
        }

        /**
         * Sets the signer's user ID as UTF-8 text. Default {@code "1234567812345678"}.
         *
         * @param userId the ID text
         * @return this builder
         * @throws InvalidInputException if the UTF-8 ID is longer than 8191 bytes
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
         * Sets the source of nonces. Default a new {@link SecureRandom}.
         *
         * @param random the source
         * @return this builder
         */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Builds the signer, computing Z once.
         *
         * @return the signer
         */
        public Sm2Signer build() {
            return new Sm2Signer(this);
        }
    }

    static byte[] checkedUserId(byte[] userId) {
        Objects.requireNonNull(userId, "userId");
        if (userId.length > Sm2Hash.MAX_ID_BYTES) {
            throw new InvalidInputException("userId", "must be at most " + Sm2Hash.MAX_ID_BYTES + " bytes, was "
                    + userId.length);
        }
        return userId.clone();
    }
}
