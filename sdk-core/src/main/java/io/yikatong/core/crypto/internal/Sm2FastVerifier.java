package io.yikatong.core.crypto.internal;

import io.yikatong.core.InvalidInputException;
import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.raw.Nat256;

/**
 * The SM2 (GM/T 0003.2, GB/T 32918.2) signature verification engine for public keys known in advance, such as issuer
 * keys of QR tokens (二维码), health-card data (电子健康卡) and payment notifications.
 *
 * <p>It computes {@code s*G + t*Q} with fixed-base precomputation for both the generator G (one table per JVM, built
 * on first use) and the public key Q (one table per instance, built by {@link #forPublicKey}): every scalar is recoded
 * into signed base-2^w digits and the product is a sum of one precomputed affine point per digit, with no doublings.
 * The final comparison {@code (e + x1) mod n == r} is done projectively, without a field inversion. The group law is
 * implemented completely (doubling and infinity cases), so the result equals BouncyCastle's {@code SM2Signer} on every
 * input. Not constant-time: it only handles public data.
 *
 * <p>Cost model (chosen by JMH measurement, see {@code Sm2VerifyEngineBenchmark}): a verification is about
 * {@code ceil(257/12) + ceil(257/10) = 22 + 26 = 48} mixed Jacobian-affine additions (8M + 3S each) and no doublings,
 * against about 256 doublings plus ~85 additions for BouncyCastle's wNAF. Memory: the shared generator table (width
 * {@value #G_WIDTH}: 22 windows x 2048 points x 64 bytes = 2,883,584 bytes) is built once per JVM by the first
 * {@link #forPublicKey} (~60 ms); each key table (width {@value #Q_WIDTH}: 26 windows x 512 points x 64 bytes =
 * 851,968 bytes) takes ~15 ms to build, so build an instance once per issuer key and keep it. Measured: generator
 * width 12 instead of 10 gave ~9 % more verifications per second; key width 8 would need 270,336 bytes and ~5 ms per
 * key for ~15 % more additions.
 *
 * <p>Internal, not API. Thread-safe; create one and share it.
 */
public final class Sm2FastVerifier {

    /** Window width of the shared generator table. */
    static final int G_WIDTH = 12;
    /** Window width of each public-key table. */
    static final int Q_WIDTH = 10;

    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("sm2p256v1");
    private static final ECCurve CURVE = PARAMS.getCurve();
    private static final BigInteger N_BIG = PARAMS.getN();
    /** Group order n as limbs. */
    private static final int[] N = Nat256.fromBigInteger(N_BIG);
    /** Field prime p as limbs. */
    private static final int[] P = Nat256.fromBigInteger(CURVE.getField().getCharacteristic());

    /** Holder idiom: the generator table is built on first use, once per JVM, and safely published. */
    private static final class GeneratorTable {
        static final int[] TABLE = Sm2FastTables.build(PARAMS.getG().normalize(), G_WIDTH);
    }

    private final int[] qTable;
    private final int qWidth;

    private Sm2FastVerifier(int[] qTable, int qWidth) {
        this.qTable = qTable;
        this.qWidth = qWidth;
    }

    /**
     * Precomputes the verification table for a public key.
     *
     * @param q a valid, finite public point on {@code CustomNamedCurves.getByName("sm2p256v1")}; normalized here if it
     *     is not already
     * @return a verifier for signatures under {@code q}
     * @throws InvalidInputException if {@code q} is null, the point at infinity, on another curve, or not on the curve
     */
    public static Sm2FastVerifier forPublicKey(ECPoint q) {
        return forPublicKey(q, Q_WIDTH);
    }

    /**
     * Like {@link #forPublicKey(ECPoint)} with an explicit key-table width; for tests and measurements.
     *
     * @param q the public point
     * @param qWidth window width of the key table, 2 to 10
     * @return a verifier
     */
    static Sm2FastVerifier forPublicKey(ECPoint q, int qWidth) {
        if (q == null) {
            throw new InvalidInputException("publicKey", "must not be null");
        }
        if (qWidth < 2 || qWidth > 10) {
            throw new InvalidInputException("qWidth", "must be in [2, 10], was " + qWidth);
        }
        if (q.isInfinity()) {
            throw new InvalidInputException("publicKey", "must not be the point at infinity");
        }
        if (!CURVE.equals(q.getCurve())) {
            throw new InvalidInputException("publicKey", "must be a point on sm2p256v1 (CustomNamedCurves)");
        }
        ECPoint normalized = q.normalize();
        if (!normalized.isValid()) {
            throw new InvalidInputException("publicKey", "is not a valid point of the SM2 group");
        }
        // build the shared generator table now rather than on the first verification
        if (GeneratorTable.TABLE.length == 0) {
            throw new IllegalStateException("empty generator table");
        }
        return new Sm2FastVerifier(Sm2FastTables.build(normalized, qWidth), qWidth);
    }

    /**
     * Verifies an SM2 signature (r, s) over a digest {@code e = SM3(Z || M)} under this instance's public key.
     *
     * @param e the 32-byte digest {@code SM3(Z || M)}, read as a big-endian integer (it may exceed n)
     * @param r the signature component r
     * @param s the signature component s
     * @return true iff r and s are in [1, n-1], {@code t = (r + s) mod n != 0}, {@code s*G + t*Q} is finite and its
     *     affine x coordinate x1 satisfies {@code (e + x1) mod n == r}
     * @throws InvalidInputException if an argument is null or {@code e} is not 32 bytes
     */
    public boolean verify(byte[] e, BigInteger r, BigInteger s) {
        if (e == null) {
            throw new InvalidInputException("e", "must not be null");
        }
        if (e.length != 32) {
            throw new InvalidInputException("e", "must be 32 bytes, was " + e.length);
        }
        if (r == null) {
            throw new InvalidInputException("r", "must not be null");
        }
        if (s == null) {
            throw new InvalidInputException("s", "must not be null");
        }
        if (r.signum() <= 0 || r.compareTo(N_BIG) >= 0 || s.signum() <= 0 || s.compareTo(N_BIG) >= 0) {
            return false;
        }
        final int[] rl = Nat256.fromBigInteger(r);
        final int[] sl = Nat256.fromBigInteger(s);
        final int[] t = addModN(rl, sl);
        if (Nat256.isZero(t)) {
            return false;
        }
        final int[] c = subtractDigestModN(rl, e);

        final Sm2FastAccumulator acc = new Sm2FastAccumulator();
        sumOfProducts(sl, t, acc);
        if (acc.infinity) {
            return false;
        }
        // x1 mod n == c  <=>  x1 == c or x1 == c + n (x1 < p < 2n)
        if (acc.affineXEquals(c)) {
            return true;
        }
        if (Nat256.addTo(N, c) == 0 && !Nat256.gte(c, P)) {
            return acc.affineXEquals(c);
        }
        return false;
    }

    /**
     * Computes {@code a*G + b*Q} for scalars below 2^256 (reduced mod n by the caller) into {@code acc}.
     */
    private void sumOfProducts(int[] a, int[] b, Sm2FastAccumulator acc) {
        final int[] gTable = GeneratorTable.TABLE;
        final int gHalf = 1 << (G_WIDTH - 1);
        final int[] gDigits = new int[Sm2FastTables.windows(G_WIDTH)];
        Sm2FastTables.recode(a, G_WIDTH, gDigits);
        final int qHalf = 1 << (qWidth - 1);
        final int[] qDigits = new int[Sm2FastTables.windows(qWidth)];
        Sm2FastTables.recode(b, qWidth, qDigits);
        final int[] qTable = this.qTable;

        acc.setInfinity();
        for (int i = 0; i < gDigits.length; i++) {
            int d = gDigits[i];
            if (d != 0) {
                int idx = d > 0 ? d : -d;
                acc.addAffine(gTable, (i * gHalf + idx - 1) * Sm2FastTables.POINT_INTS, d < 0);
            }
        }
        for (int i = 0; i < qDigits.length; i++) {
            int d = qDigits[i];
            if (d != 0) {
                int idx = d > 0 ? d : -d;
                acc.addAffine(qTable, (i * qHalf + idx - 1) * Sm2FastTables.POINT_INTS, d < 0);
            }
        }
    }

    /**
     * Computes the affine point {@code a*G + b*Q} for tests (a differential oracle against BouncyCastle).
     *
     * @param a scalar for G, any non-negative integer (reduced mod n here)
     * @param b scalar for Q, any non-negative integer (reduced mod n here)
     * @return {x, y} as non-negative integers, or null for the point at infinity
     */
    BigInteger[] sumOfProductsAffine(BigInteger a, BigInteger b) {
        final Sm2FastAccumulator acc = new Sm2FastAccumulator();
        sumOfProducts(Nat256.fromBigInteger(a.mod(N_BIG)), Nat256.fromBigInteger(b.mod(N_BIG)), acc);
        if (acc.infinity) {
            return null;
        }
        final int[] x = Nat256.create();
        final int[] y = Nat256.create();
        acc.toAffine(x, y);
        return new BigInteger[] {Nat256.toBigInteger(x), Nat256.toBigInteger(y)};
    }

    /**
     * Returns the width of this instance's key table.
     *
     * @return the window width in bits
     */
    int keyTableWidth() {
        return qWidth;
    }

    /**
     * Returns {@code (a + b) mod n} for a, b in [0, n).
     *
     * @param a limbs of a
     * @param b limbs of b
     * @return new limbs of the sum mod n
     */
    static int[] addModN(int[] a, int[] b) {
        final int[] t = Nat256.create();
        // a + b < 2n < 2^257: subtract n once if the sum carried out of 256 bits or is at least n
        int carry = Nat256.add(a, b, t);
        if (carry != 0 || Nat256.gte(t, N)) {
            Nat256.subFrom(N, t);
        }
        return t;
    }

    /**
     * Returns {@code (r - e) mod n} for r in [0, n) and a 32-byte big-endian digest e (any value below 2^256).
     *
     * @param r limbs of r
     * @param e the digest
     * @return new limbs of the difference mod n, in [0, n)
     */
    static int[] subtractDigestModN(int[] r, byte[] e) {
        // e < 2^256 < 2n, so one conditional subtraction reduces it
        final int[] el = bigEndianToLimbs(e);
        if (Nat256.gte(el, N)) {
            Nat256.subFrom(N, el);
        }
        final int[] c = Nat256.create();
        if (Nat256.sub(r, el, c) != 0) {
            Nat256.addTo(N, c);
        }
        return c;
    }

    private static int[] bigEndianToLimbs(byte[] b) {
        final int[] z = new int[8];
        for (int i = 0; i < 8; i++) {
            final int o = 28 - 4 * i;
            z[i] = ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
        }
        return z;
    }
}
