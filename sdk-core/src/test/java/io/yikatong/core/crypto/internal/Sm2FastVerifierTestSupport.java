package io.yikatong.core.crypto.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/** Shared oracle and helpers for the Sm2FastVerifier tests. */
final class Sm2FastVerifierTestSupport {

    static final X9ECParameters PARAMS = CustomNamedCurves.getByName("sm2p256v1");
    static final ECPoint G = PARAMS.getG();
    static final BigInteger N = PARAMS.getN();
    static final BigInteger P = PARAMS.getCurve().getField().getCharacteristic();
    static final byte[] DEFAULT_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private Sm2FastVerifierTestSupport() {
    }

    /**
     * The reference: BouncyCastle's SM2Signer.verifySignature logic (GB/T 32918.2 section 7.1) on BC's own
     * {@code ECAlgorithms.sumOfTwoMultiplies}, taking the digest e directly.
     */
    static boolean oracle(ECPoint q, byte[] e, BigInteger r, BigInteger s) {
        if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
            return false;
        }
        BigInteger t = r.add(s).mod(N);
        if (t.signum() == 0) {
            return false;
        }
        ECPoint x1y1 = ECAlgorithms.sumOfTwoMultiplies(G, s, q, t).normalize();
        if (x1y1.isInfinity()) {
            return false;
        }
        return new BigInteger(1, e).add(x1y1.getAffineXCoord().toBigInteger()).mod(N).equals(r);
    }

    /** Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA), GB/T 32918.2 section 5.5. */
    static byte[] userZ(byte[] id, ECPoint q) {
        ECPoint qn = q.normalize();
        SM3Digest d = new SM3Digest();
        int bits = id.length * 8;
        d.update((byte) (bits >>> 8));
        d.update((byte) bits);
        d.update(id, 0, id.length);
        update32(d, PARAMS.getCurve().getA().toBigInteger());
        update32(d, PARAMS.getCurve().getB().toBigInteger());
        update32(d, G.normalize().getAffineXCoord().toBigInteger());
        update32(d, G.normalize().getAffineYCoord().toBigInteger());
        update32(d, qn.getAffineXCoord().toBigInteger());
        update32(d, qn.getAffineYCoord().toBigInteger());
        byte[] z = new byte[32];
        d.doFinal(z, 0);
        return z;
    }

    /** e = SM3(Z || M). */
    static byte[] digestE(byte[] id, ECPoint q, byte[] message) {
        byte[] z = userZ(id, q);
        SM3Digest d = new SM3Digest();
        d.update(z, 0, z.length);
        d.update(message, 0, message.length);
        byte[] e = new byte[32];
        d.doFinal(e, 0);
        return e;
    }

    private static void update32(SM3Digest d, BigInteger v) {
        byte[] b = BigIntegers.asUnsignedByteArray(32, v);
        d.update(b, 0, b.length);
    }

    /** A uniformly random scalar in [1, n-1]. */
    static BigInteger randomScalar(Random rnd) {
        while (true) {
            BigInteger k = new BigInteger(256, rnd);
            if (k.signum() > 0 && k.compareTo(N) < 0) {
                return k;
            }
        }
    }

    static byte[] to32(BigInteger v) {
        return BigIntegers.asUnsignedByteArray(32, v);
    }

    static ECPoint publicKey(BigInteger d) {
        return G.multiply(d).normalize();
    }
}
