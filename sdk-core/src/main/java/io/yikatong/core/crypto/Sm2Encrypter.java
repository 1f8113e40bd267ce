package io.yikatong.core.crypto;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm2CipherCore;
import io.yikatong.core.crypto.internal.Sm2Curve;
import io.yikatong.core.crypto.internal.Sm2Der;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Encrypts with SM2 public-key encryption (SM2 公钥加密, GB/T 32918.4) to one recipient key in one ciphertext layout,
 * both fixed when the encrypter is built. The default layout is {@link Sm2CiphertextFormat#C1C3C2}; use
 * {@link Sm2CiphertextFormat#C1C3C2_DER} for OpenSSL and Kona.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class Sm2Encrypter {

    private final Sm2PublicKey key;
    private final Sm2CiphertextFormat format;
    private final SecureRandom random;

    private Sm2Encrypter(Builder b) {
        this.key = b.key;
        this.format = b.format;
        this.random = b.random != null ? b.random : new SecureRandom();
    }

    /**
     * Starts building an encrypter.
     *
     * @param recipient the recipient's public key
     * @return a builder with format {@link Sm2CiphertextFormat#C1C3C2}
     */
    public static Builder builder(Sm2PublicKey recipient) {
        return new Builder(Objects.requireNonNull(recipient, "recipient"));
    }

    /**
     * Encrypts a message.
     *
     * @param plaintext the message, at least one byte
     * @return the ciphertext in this encrypter's layout (97 bytes longer than the plaintext for the raw layouts)
     * @throws InvalidInputException if the plaintext is empty
     */
    public byte[] encrypt(byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length == 0) {
            throw new InvalidInputException("plaintext", "must not be empty");
        }
        while (true) {
            Sm2CipherCore.Parts parts = Sm2CipherCore.encrypt(key.state().point(), plaintext,
                    Sm2Curve.randomScalar(random));
            if (parts != null) {
                return encode(parts, format);
            }
        }
    }

    /** Test hook: encrypts with a fixed nonce k; {@code null} if k is unusable. Never public. */
    byte[] encryptWithFixedK(byte[] plaintext, BigInteger k) {
        Sm2CipherCore.Parts parts = Sm2CipherCore.encrypt(key.state().point(), plaintext, k);
        return parts == null ? null : encode(parts, format);
    }

    static byte[] encode(Sm2CipherCore.Parts parts, Sm2CiphertextFormat format) {
        ECPoint c1 = parts.c1();
        byte[] c2 = parts.c2();
        byte[] c3 = parts.c3();
        switch (format) {
            case C1C3C2_DER:
                return Sm2Der.encodeCiphertext(c1.getAffineXCoord().toBigInteger(),
                        c1.getAffineYCoord().toBigInteger(), c3, c2);
            case C1C2C3_DER:
                return Sm2Der.encodeCiphertext(c1.getAffineXCoord().toBigInteger(),
                        c1.getAffineYCoord().toBigInteger(), c2, c3);
            default:
                byte[] p = c1.getEncoded(false);
                byte[] out = new byte[p.length + c2.length + c3.length];
                System.arraycopy(p, 0, out, 0, p.length);
                boolean c3First = format == Sm2CiphertextFormat.C1C3C2;
                byte[] first = c3First ? c3 : c2;
                byte[] second = c3First ? c2 : c3;
                System.arraycopy(first, 0, out, p.length, first.length);
                System.arraycopy(second, 0, out, p.length + first.length, second.length);
                return out;
        }
    }

    /**
     * Returns the ciphertext layout.
     *
     * @return the format
     */
    public Sm2CiphertextFormat format() {
        return format;
    }

    @Override
    public String toString() {
        return "Sm2Encrypter[" + format + ", " + key + "]";
    }

    /**
     * Builds an {@link Sm2Encrypter}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Sm2PublicKey key;
        private Sm2CiphertextFormat format = Sm2CiphertextFormat.C1C3C2;
        private SecureRandom random;

        private Builder(Sm2PublicKey key) {
            this.key = key;
        }

        /**
         * Sets the ciphertext layout. Default {@link Sm2CiphertextFormat#C1C3C2}.
         *
         * @param format the layout
         * @return this builder
         */
        public Builder format(Sm2CiphertextFormat format) {
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
         * Builds the encrypter.
         *
         * @return the encrypter
         */
        public Sm2Encrypter build() {
            return new Sm2Encrypter(this);
        }
    }
}
