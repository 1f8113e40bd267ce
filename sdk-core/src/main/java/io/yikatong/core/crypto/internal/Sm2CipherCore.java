package io.yikatong.core.crypto.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import org.bouncycastle.math.ec.ECPoint;

/**
 * SM2 public-key encryption core (GB/T 32918.4 §6-7), independent of the ciphertext layout. Internal: not API.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Sm2CipherCore {

    /** The three ciphertext parts. Instances are immutable and thread-safe. */
    public static final class Parts {
        private final ECPoint c1;
        private final byte[] c2;
        private final byte[] c3;

        /**
         * Creates the parts (arrays are owned by this object).
         *
         * @param c1 the ephemeral point
         * @param c2 the masked message
         * @param c3 the check value
         */
        public Parts(ECPoint c1, byte[] c2, byte[] c3) {
            this.c1 = c1;
            this.c2 = c2;
            this.c3 = c3;
        }

        /**
         * Returns C1.
         *
         * @return the point
         */
        public ECPoint c1() {
            return c1;
        }

        /**
         * Returns C2 (shared array).
         *
         * @return C2
         */
        public byte[] c2() {
            return c2;
        }

        /**
         * Returns C3 (shared array).
         *
         * @return C3
         */
        public byte[] c3() {
            return c3;
        }
    }

    private Sm2CipherCore() {
    }

    /**
     * Encrypts with a given nonce.
     *
     * @param q the recipient's point
     * @param message the non-empty plaintext
     * @param k the nonce in [1, n-1]
     * @return the parts, or {@code null} if the KDF output was all zero (caller retries with a new k)
     */
    public static Parts encrypt(ECPoint q, byte[] message, BigInteger k) {
        ECPoint c1 = Sm2Curve.multiplyG(k);
        ECPoint s = Sm2Curve.multiplySecret(q, k);
        byte[] x2 = s.getAffineXCoord().getEncoded();
        byte[] y2 = s.getAffineYCoord().getEncoded();
        byte[] t = Sm2Hash.kdf(concat(x2, y2), message.length);
        if (allZero(t)) {
            return null;
        }
        for (int i = 0; i < t.length; i++) {
            t[i] ^= message[i];
        }
        byte[] c3 = Sm2Hash.sm3(x2, message, y2);
        return new Parts(c1, t, c3);
    }

    /**
     * Decrypts parts whose C1 has been validated to be on the curve.
     *
     * @param d the private scalar
     * @param parts the ciphertext parts
     * @return the plaintext, or {@code null} if the KDF output is all zero or C3 does not match
     */
    public static byte[] decrypt(BigInteger d, Parts parts) {
        ECPoint s = Sm2Curve.multiplySecret(parts.c1(), d);
        byte[] x2 = s.getAffineXCoord().getEncoded();
        byte[] y2 = s.getAffineYCoord().getEncoded();
        byte[] t = Sm2Hash.kdf(concat(x2, y2), parts.c2().length);
        boolean zero = allZero(t);
        for (int i = 0; i < t.length; i++) {
            t[i] ^= parts.c2()[i];
        }
        byte[] u = Sm2Hash.sm3(x2, t, y2);
        boolean match = MessageDigest.isEqual(u, parts.c3());
        if (zero || !match) {
            java.util.Arrays.fill(t, (byte) 0);
            return null;
        }
        return t;
    }

    private static boolean allZero(byte[] t) {
        int acc = 0;
        for (byte b : t) {
            acc |= b;
        }
        return acc == 0;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
