package io.yikatong.core.crypto.internal;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * SM2 signature verification core for one public key: checks (e + x(sG + tQ)) mod n == r.
 *
 * <p>PLACEHOLDER implementation over BouncyCastle's {@code ECAlgorithms.sumOfTwoMultiplies} (BC caches its wNAF
 * precomputation on the point objects, so reuse one instance per key). The fixed-base precomputed-table engine
 * replaces this class at merge with the same signature.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Sm2FastVerifier {

    private final ECPoint q;

    private Sm2FastVerifier(ECPoint q) {
        this.q = q;
    }

    /**
     * Creates a verifier for one key.
     *
     * @param q a valid, normalized public point on CustomNamedCurves sm2p256v1
     * @return the verifier
     */
    public static Sm2FastVerifier forPublicKey(ECPoint q) {
        return new Sm2FastVerifier(q);
    }

    /**
     * Checks a signature against a digest.
     *
     * @param e the 32-byte SM3(Z||M)
     * @param r the signature's r
     * @param s the signature's s
     * @return true iff r,s in [1,n-1], t=(r+s) mod n != 0, (e + x(sG+tQ)) mod n == r
     */
    public boolean verify(byte[] e, BigInteger r, BigInteger s) {
        BigInteger n = Sm2Curve.N;
        if (r.signum() <= 0 || r.compareTo(n) >= 0 || s.signum() <= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        BigInteger t = r.add(s).mod(n);
        if (t.signum() == 0) {
            return false;
        }
        ECPoint p = ECAlgorithms.sumOfTwoMultiplies(Sm2Curve.G, s, q, t).normalize();
        if (p.isInfinity()) {
            return false;
        }
        BigInteger x1 = p.getAffineXCoord().toBigInteger();
        BigInteger v = new BigInteger(1, e).add(x1).mod(n);
        return v.equals(r);
    }
}
