package io.yikatong.core.crypto.internal;

import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.DEFAULT_ID;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.G;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.N;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.P;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.digestE;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.oracle;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.publicKey;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.randomScalar;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.to32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.raw.Nat256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Sm2FastVerifierTest {

    private static final long SEED = 0x5EED_2024_0003L;
    private static final HexFormat HEX = HexFormat.of();
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(Sm2FastVerifierTestSupport.PARAMS);

    // ---------------------------------------------------------------- published vector

    /**
     * GM/T 0003.5-2012 Annex A / GB/T 32918.5 example on the recommended curve: private key 3945208F..., ID
     * "1234567812345678", message "message digest". r and s as quoted in openssl/openssl
     * test/sm2_internal_test.c (sm2_sig_test, "From Annex A in both GM/T0003.5-2012 and GB/T 32918.5-2016"); the
     * digest e = F0B43E94... is the Annex A value e = SM3(Z_A || M).
     */
    @Test
    void verifiesPublishedGmt00035AnnexAExample() {
        BigInteger d = new BigInteger("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8", 16);
        ECPoint q = publicKey(d);
        assertEquals(new BigInteger("09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020", 16),
                q.getAffineXCoord().toBigInteger());
        assertEquals(new BigInteger("CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13", 16),
                q.getAffineYCoord().toBigInteger());
        byte[] e = digestE(DEFAULT_ID, q, "message digest".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(HEX.parseHex("F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640"), e);
        BigInteger r = new BigInteger("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3", 16);
        BigInteger s = new BigInteger("B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA", 16);

        Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
        assertTrue(v.verify(e, r, s));
        assertFalse(v.verify(e, r.add(BigInteger.ONE), s));
        assertFalse(v.verify(e, r, s.add(BigInteger.ONE)));
        byte[] e2 = e.clone();
        e2[31] ^= 1;
        assertFalse(v.verify(e2, r, s));
    }

    // ---------------------------------------------------------------- differential vs BouncyCastle

    @Test
    void agreesWithBouncyCastleOnRealAndTamperedSignatures() throws Exception {
        Random rnd = new Random(SEED);
        SecureRandom signingRandom = SecureRandom.getInstance("SHA1PRNG");
        signingRandom.setSeed(SEED);
        int keys = 60;
        int messagesPerKey = 4;
        int checked = 0;
        int accepted = 0;
        for (int k = 0; k < keys; k++) {
            BigInteger d = randomScalar(rnd);
            ECPoint q = publicKey(d);
            Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
            for (int m = 0; m < messagesPerKey; m++) {
                byte[] message = new byte[rnd.nextInt(200)];
                rnd.nextBytes(message);
                SM2Signer signer = new SM2Signer(PlainDSAEncoding.INSTANCE);
                signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(d, DOMAIN), signingRandom));
                signer.update(message, 0, message.length);
                byte[] sig = signer.generateSignature();
                BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
                BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
                byte[] e = digestE(DEFAULT_ID, q, message);
                String ctx = "seed=" + SEED + " key#" + k + " msg#" + m;

                // BC's own full verify says yes, and so do we (this also pins our e = SM3(Z||M) to BC's)
                SM2Signer verifier = new SM2Signer(PlainDSAEncoding.INSTANCE);
                verifier.init(false, new ECPublicKeyParameters(q, DOMAIN));
                verifier.update(message, 0, message.length);
                assertTrue(verifier.verifySignature(sig), ctx);
                assertTrue(v.verify(e, r, s), ctx);
                accepted++;

                for (Object[] c : tamperings(rnd, e, r, s)) {
                    byte[] te = (byte[]) c[1];
                    BigInteger tr = (BigInteger) c[2];
                    BigInteger ts = (BigInteger) c[3];
                    boolean expected = oracle(q, te, tr, ts);
                    assertEquals(expected, v.verify(te, tr, ts), ctx + " tampering=" + c[0]);
                    checked++;
                }
            }
        }
        assertEquals(keys * messagesPerKey, accepted);
        assertTrue(checked > keys * messagesPerKey * 20, "checked " + checked);
    }

    private static List<Object[]> tamperings(Random rnd, byte[] e, BigInteger r, BigInteger s) {
        List<Object[]> out = new ArrayList<>();
        BigInteger[] specials = {BigInteger.ZERO, BigInteger.ONE, N.subtract(BigInteger.ONE), N,
            N.add(BigInteger.ONE), new BigInteger(256, rnd), BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE),
            BigInteger.ONE.negate()};
        for (int i = 0; i < 3; i++) {
            out.add(new Object[] {"flip r", e, r.flipBit(rnd.nextInt(256)), s});
            out.add(new Object[] {"flip s", e, r, s.flipBit(rnd.nextInt(256))});
            byte[] te = e.clone();
            te[rnd.nextInt(32)] ^= (byte) (1 << rnd.nextInt(8));
            out.add(new Object[] {"flip e", te, r, s});
        }
        for (BigInteger x : specials) {
            out.add(new Object[] {"r=" + x.toString(16), e, x, s});
            out.add(new Object[] {"s=" + x.toString(16), e, r, x});
        }
        out.add(new Object[] {"swap", e, s, r});
        out.add(new Object[] {"r+n-s (t=0)", e, N.subtract(s), s});
        out.add(new Object[] {"e+n", to32(new BigInteger(1, e).add(N).mod(BigInteger.ONE.shiftLeft(256))), r, s});
        out.add(new Object[] {"random e", to32(new BigInteger(256, rnd)), r, s});
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8, 9, 10})
    void pointLevelSumMatchesBouncyCastleForEveryKeyTableWidth(int width) {
        Random rnd = new Random(SEED + width);
        for (int k = 0; k < 6; k++) {
            ECPoint q = publicKey(randomScalar(rnd));
            Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q, width);
            assertEquals(width, v.keyTableWidth());
            for (int i = 0; i < 25; i++) {
                BigInteger a = scalarWithShape(rnd, i);
                BigInteger b = scalarWithShape(rnd, i + 7);
                assertSameSum(v, q, a, b, "seed=" + (SEED + width) + " w=" + width + " key#" + k + " i=" + i);
            }
        }
    }

    /** Random scalars of several shapes: full, short, sparse, all-ones windows, near n, zero. */
    private static BigInteger scalarWithShape(Random rnd, int i) {
        switch (i % 8) {
            case 0:
                return new BigInteger(1 + rnd.nextInt(40), rnd);
            case 1:
                return BigInteger.ONE.shiftLeft(rnd.nextInt(256));
            case 2:
                return N.subtract(BigInteger.valueOf(rnd.nextInt(1000) + 1));
            case 3:
                return BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).mod(N);
            case 4:
                return BigInteger.ZERO;
            default:
                return randomScalar(rnd);
        }
    }

    private static void assertSameSum(Sm2FastVerifier v, ECPoint q, BigInteger a, BigInteger b, String ctx) {
        ECPoint expected = ECAlgorithms.sumOfTwoMultiplies(G, a.mod(N), q, b.mod(N)).normalize();
        BigInteger[] actual = v.sumOfProductsAffine(a, b);
        String msg = ctx + " a=" + a.toString(16) + " b=" + b.toString(16);
        if (expected.isInfinity()) {
            assertNull(actual, msg);
        } else {
            assertNotNull(actual, msg);
            assertEquals(expected.getAffineXCoord().toBigInteger(), actual[0], msg);
            assertEquals(expected.getAffineYCoord().toBigInteger(), actual[1], msg);
        }
    }

    // ---------------------------------------------------------------- edge cases

    @Test
    void zeroScalarsGiveInfinityOrTheOtherProduct() {
        BigInteger d = new BigInteger("123456789abcdef", 16);
        ECPoint q = publicKey(d);
        Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
        assertNull(v.sumOfProductsAffine(BigInteger.ZERO, BigInteger.ZERO));
        assertNull(v.sumOfProductsAffine(N, N));
        assertSameSum(v, q, BigInteger.ZERO, BigInteger.valueOf(5), "a=0");
        assertSameSum(v, q, BigInteger.valueOf(5), BigInteger.ZERO, "b=0");
        assertSameSum(v, q, BigInteger.ONE, BigInteger.ZERO, "G");
        assertSameSum(v, q, BigInteger.ZERO, BigInteger.ONE, "Q");
    }

    /** s*G = -Q and t = 1: the single Q addition hits the negation, the sum is infinity, verify must say false. */
    @Test
    void sumAtInfinityFromNegationIsRejected() {
        BigInteger d = randomScalar(new Random(SEED + 1));
        ECPoint q = publicKey(d);
        Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
        BigInteger s = N.subtract(d);
        BigInteger t = BigInteger.ONE;
        BigInteger r = t.subtract(s).mod(N);
        assertNull(v.sumOfProductsAffine(s, t));
        for (BigInteger e : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, r, new BigInteger(256, new Random(3))}) {
            assertFalse(oracle(q, to32(e), r, s));
            assertFalse(v.verify(to32(e), r, s));
        }
    }

    /** t*Q = -s*G for a general t: the sum is infinity through many additions; verify must say false. */
    @Test
    void sumAtInfinityWithGeneralScalarsIsRejected() {
        Random rnd = new Random(SEED + 2);
        for (int i = 0; i < 20; i++) {
            BigInteger d = randomScalar(rnd);
            ECPoint q = publicKey(d);
            Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q, 4 + i % 5);
            BigInteger s = randomScalar(rnd);
            BigInteger t = s.negate().multiply(d.modInverse(N)).mod(N);
            BigInteger r = t.subtract(s).mod(N);
            if (r.signum() == 0) {
                continue;
            }
            assertNull(v.sumOfProductsAffine(s, t));
            byte[] e = to32(new BigInteger(256, rnd));
            assertFalse(oracle(q, e, r, s));
            assertFalse(v.verify(e, r, s));
        }
    }

    /** s*G = Q and t = 1: the single Q addition adds a point to itself and must double; verify must say true. */
    @Test
    void sumThatRequiresDoublingVerifies() {
        BigInteger d = randomScalar(new Random(SEED + 3));
        ECPoint q = publicKey(d);
        Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
        BigInteger s = d;
        BigInteger t = BigInteger.ONE;
        BigInteger r = t.subtract(s).mod(N);
        ECPoint twoQ = q.twice().normalize();
        BigInteger[] sum = v.sumOfProductsAffine(s, t);
        assertEquals(twoQ.getAffineXCoord().toBigInteger(), sum[0]);
        assertEquals(twoQ.getAffineYCoord().toBigInteger(), sum[1]);
        byte[] e = to32(r.subtract(twoQ.getAffineXCoord().toBigInteger()).mod(N));
        assertTrue(oracle(q, e, r, s));
        assertTrue(v.verify(e, r, s));
        assertFalse(v.verify(to32(new BigInteger(1, e).add(BigInteger.ONE)), r, s));
    }

    /** s*G == t*Q as whole products (t random): result 2*s*G; verify true with the matching e. */
    @Test
    void equalProductsVerify() {
        Random rnd = new Random(SEED + 4);
        for (int i = 0; i < 10; i++) {
            BigInteger d = randomScalar(rnd);
            ECPoint q = publicKey(d);
            Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
            BigInteger s = randomScalar(rnd);
            BigInteger t = s.multiply(d.modInverse(N)).mod(N);
            BigInteger r = t.subtract(s).mod(N);
            ECPoint expected = G.multiply(s.shiftLeft(1).mod(N)).normalize();
            byte[] e = to32(r.subtract(expected.getAffineXCoord().toBigInteger()).mod(N));
            assertTrue(oracle(q, e, r, s));
            assertTrue(v.verify(e, r, s));
        }
    }

    @Test
    void publicKeyEqualToGeneratorOrItsNegation() {
        Random rnd = new Random(SEED + 5);
        for (ECPoint q : new ECPoint[] {G.normalize(), G.negate().normalize()}) {
            Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
            for (int i = 0; i < 30; i++) {
                BigInteger s = randomScalar(rnd);
                // every third r makes t = r + s = n (rejected); the rest are random
                BigInteger r = i % 3 == 0 ? N.subtract(s) : randomScalar(rnd);
                byte[] e = to32(new BigInteger(256, rnd));
                assertEquals(oracle(q, e, r, s), v.verify(e, r, s));
                assertSameSum(v, q, s, r.add(s), "Q=+-G i=" + i);
                // a signature made to verify: x1 of s*G + t*Q with e chosen to match
                BigInteger t = r.add(s).mod(N);
                if (t.signum() == 0) {
                    assertFalse(v.verify(e, r, s), "t = 0, i=" + i);
                    continue;
                }
                ECPoint sum = ECAlgorithms.sumOfTwoMultiplies(G, s, q, t).normalize();
                if (!sum.isInfinity()) {
                    byte[] good = to32(r.subtract(sum.getAffineXCoord().toBigInteger()).mod(N));
                    assertTrue(v.verify(good, r, s), "i=" + i);
                }
            }
        }
    }

    /** Q = -G with t = s: s*G + s*(-G) is infinity, so verify must say false whatever e is. */
    @Test
    void negatedGeneratorKeyWithEqualScalarsIsInfinity() {
        ECPoint q = G.negate().normalize();
        Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
        Random rnd = new Random(SEED + 6);
        for (int i = 0; i < 10; i++) {
            // t = (r + s) mod n = s  <=>  r = 0 mod n, impossible for a valid r; use t = s via the point API
            BigInteger s = randomScalar(rnd);
            assertNull(v.sumOfProductsAffine(s, s));
        }
        // for signatures: s*G + t*(-G) = (s - t)*G = -r*G, never infinity for r in [1, n-1]; compare with BC
        for (int i = 0; i < 10; i++) {
            BigInteger s = randomScalar(rnd);
            BigInteger r = randomScalar(rnd);
            ECPoint sum = G.multiply(r).negate().normalize();
            byte[] e = to32(r.subtract(sum.getAffineXCoord().toBigInteger()).mod(N));
            assertTrue(oracle(q, e, r, s));
            assertTrue(v.verify(e, r, s));
        }
    }

    /**
     * Digests e >= n must be reduced like BC does. A valid signature with a small e' (so that e' + n still fits 32
     * bytes) is built by choosing the sum point R = k*G first and solving for the key: with r = (e' + x(R)) mod n,
     * random t and s = (t - r) mod n, the key d = (k - s) / t mod n makes s*G + t*Q = R.
     */
    @Test
    void digestAtOrAboveOrderIsReducedLikeBouncyCastle() {
        Random rnd = new Random(SEED + 7);
        BigInteger twoTo256 = BigInteger.ONE.shiftLeft(256);
        BigInteger liftable = twoTo256.subtract(N); // e' < 2^256 - n  =>  e' + n < 2^256
        for (int i = 0; i < 20; i++) {
            BigInteger k = randomScalar(rnd);
            BigInteger x1 = G.multiply(k).normalize().getAffineXCoord().toBigInteger();
            BigInteger ePrime = new BigInteger(liftable.bitLength() - 1, rnd);
            BigInteger r = ePrime.add(x1).mod(N);
            BigInteger t = randomScalar(rnd);
            BigInteger s = t.subtract(r).mod(N);
            if (r.signum() == 0 || s.signum() == 0) {
                continue;
            }
            BigInteger d = k.subtract(s).multiply(t.modInverse(N)).mod(N);
            ECPoint q = publicKey(d);
            Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
            byte[] lifted = to32(ePrime.add(N));
            String ctx = "seed=" + (SEED + 7) + " i=" + i;
            assertTrue(oracle(q, to32(ePrime), r, s), ctx);
            assertTrue(v.verify(to32(ePrime), r, s), ctx);
            assertTrue(oracle(q, lifted, r, s), ctx);
            assertTrue(v.verify(lifted, r, s), ctx);
            byte[] off = to32(ePrime.add(N).add(BigInteger.ONE));
            assertFalse(oracle(q, off, r, s), ctx);
            assertFalse(v.verify(off, r, s), ctx);
        }
        ECPoint q = publicKey(randomScalar(rnd));
        Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
        BigInteger r = randomScalar(rnd);
        BigInteger s = randomScalar(rnd);
        for (BigInteger e : new BigInteger[] {N, N.add(BigInteger.ONE), twoTo256.subtract(BigInteger.ONE), P}) {
            assertEquals(oracle(q, to32(e), r, s), v.verify(to32(e), r, s), e.toString(16));
        }
    }

    @Test
    void boundaryComponents() {
        Random rnd = new Random(SEED + 8);
        BigInteger d = randomScalar(rnd);
        ECPoint q = publicKey(d);
        Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
        BigInteger nm1 = N.subtract(BigInteger.ONE);
        BigInteger[][] pairs = {{nm1, randomScalar(rnd)}, {randomScalar(rnd), nm1}, {nm1, nm1},
            {BigInteger.ONE, BigInteger.ONE}, {BigInteger.ONE, nm1}, {nm1, BigInteger.ONE}};
        for (BigInteger[] rs : pairs) {
            BigInteger r = rs[0];
            BigInteger s = rs[1];
            BigInteger t = r.add(s).mod(N);
            byte[] eRandom = to32(new BigInteger(256, rnd));
            assertEquals(oracle(q, eRandom, r, s), v.verify(eRandom, r, s));
            if (t.signum() != 0) {
                ECPoint sum = ECAlgorithms.sumOfTwoMultiplies(G, s, q, t).normalize();
                byte[] good = to32(r.subtract(sum.getAffineXCoord().toBigInteger()).mod(N));
                assertTrue(oracle(q, good, r, s));
                assertTrue(v.verify(good, r, s), "r=" + r.toString(16) + " s=" + s.toString(16));
            } else {
                assertFalse(v.verify(eRandom, r, s));
            }
        }
        // r + s = n  =>  t = 0  =>  false, even with the e that would make (e + x(s*G)) mod n == r hold
        BigInteger s = randomScalar(rnd);
        BigInteger rZeroT = N.subtract(s);
        assertFalse(v.verify(to32(BigInteger.TEN), rZeroT, s));
        BigInteger xsG = G.multiply(s).normalize().getAffineXCoord().toBigInteger();
        byte[] matching = to32(rZeroT.subtract(xsG).mod(N));
        assertFalse(oracle(q, matching, rZeroT, s));
        assertFalse(v.verify(matching, rZeroT, s));
        // out-of-range components
        byte[] e = to32(BigInteger.TEN);
        for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, N, N.add(BigInteger.ONE), BigInteger.ONE.negate(),
            BigInteger.ONE.shiftLeft(300)}) {
            assertFalse(v.verify(e, bad, s));
            assertFalse(v.verify(e, s, bad));
        }
    }

    /**
     * x1 in [n, p): the check must also accept x1 = c + n. A point R with such an x is built directly, and the key
     * Q = R - s0*G makes s0*G + 1*Q = R.
     */
    @Test
    void affineXAboveOrderTakesTheSecondComparison() {
        ECCurve curve = Sm2FastVerifierTestSupport.PARAMS.getCurve();
        Random rnd = new Random(SEED + 9);
        int found = 0;
        for (int attempt = 0; attempt < 200 && found < 5; attempt++) {
            BigInteger x = N.add(new BigInteger(120, rnd));
            if (x.compareTo(P) >= 0) {
                continue;
            }
            ECPoint rPoint;
            try {
                byte[] enc = new byte[33];
                enc[0] = 0x02;
                System.arraycopy(to32(x), 0, enc, 1, 32);
                rPoint = curve.decodePoint(enc);
            } catch (IllegalArgumentException notOnCurve) {
                continue; // x^3 - 3x + b is not a square
            }
            found++;
            BigInteger s0 = randomScalar(rnd);
            ECPoint q = rPoint.add(G.multiply(s0).negate()).normalize();
            Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
            BigInteger s = s0;
            BigInteger r = BigInteger.ONE.subtract(s).mod(N);
            byte[] e = to32(r.subtract(x).mod(N));
            assertTrue(oracle(q, e, r, s));
            assertTrue(v.verify(e, r, s));
            byte[] wrong = to32(r.subtract(x).mod(N).add(BigInteger.ONE));
            assertFalse(oracle(q, wrong, r, s));
            assertFalse(v.verify(wrong, r, s));
        }
        assertEquals(5, found);
    }

    /** Scalars with long runs of zero digits and of maximal digits (carry chains through the recoding). */
    @Test
    void sparseAndCarryHeavyScalars() {
        Random rnd = new Random(SEED + 10);
        ECPoint q = publicKey(randomScalar(rnd));
        for (int w : new int[] {5, 7, 8}) {
            Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q, w);
            List<BigInteger> scalars = new ArrayList<>();
            for (int bit = 0; bit < 256; bit += 17) {
                scalars.add(BigInteger.ONE.shiftLeft(bit));
                scalars.add(BigInteger.ONE.shiftLeft(bit).subtract(BigInteger.ONE));
            }
            scalars.add(N.subtract(BigInteger.ONE));
            scalars.add(BigInteger.ONE.shiftLeft(255));
            // every window equal to half: 0x80 repeated for w = 8 and analogues
            BigInteger halves = BigInteger.ZERO;
            for (int i = 0; i * w < 256; i++) {
                halves = halves.or(BigInteger.ONE.shiftLeft(i * w + w - 1));
            }
            scalars.add(halves.mod(N));
            for (BigInteger a : scalars) {
                assertSameSum(v, q, a, scalars.get(rnd.nextInt(scalars.size())), "w=" + w);
            }
        }
    }

    @Test
    void documentedTableSizes() {
        assertEquals(26, Sm2FastTables.windows(10));
        assertEquals(851_968L, Sm2FastTables.tableBytes(10));
        assertEquals(33, Sm2FastTables.windows(8));
        assertEquals(270_336L, Sm2FastTables.tableBytes(8));
        int[] table = Sm2FastTables.build(G.normalize(), 8);
        assertEquals(270_336L, table.length * 4L);
        // entry (0, 1) is G itself, entry (1, 1) is 2^8 * G, entry (0, 128) is 128 * G
        assertEquals(G.normalize().getAffineXCoord().toBigInteger(),
                Nat256.toBigInteger(Arrays.copyOfRange(table, 0, 8)));
        ECPoint g256 = G.multiply(BigInteger.valueOf(256)).normalize();
        assertEquals(g256.getAffineYCoord().toBigInteger(),
                Nat256.toBigInteger(Arrays.copyOfRange(table, 128 * 16 + 8, 128 * 16 + 16)));
        ECPoint g128 = G.multiply(BigInteger.valueOf(128)).normalize();
        assertEquals(g128.getAffineXCoord().toBigInteger(),
                Nat256.toBigInteger(Arrays.copyOfRange(table, 127 * 16, 127 * 16 + 8)));
    }

    @Test
    void recodingReconstructsTheScalar() {
        Random rnd = new Random(SEED + 11);
        for (int w = 2; w <= 10; w++) {
            int[] digits = new int[Sm2FastTables.windows(w)];
            for (int i = 0; i < 300; i++) {
                BigInteger k = i == 0
                        ? BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)
                        : new BigInteger(256, rnd);
                Sm2FastTables.recode(Nat256.fromBigInteger(k), w, digits);
                BigInteger back = BigInteger.ZERO;
                for (int j = digits.length - 1; j >= 0; j--) {
                    assertTrue(digits[j] <= (1 << (w - 1)) && digits[j] > -(1 << (w - 1)), "w=" + w);
                    back = back.shiftLeft(w).add(BigInteger.valueOf(digits[j]));
                }
                assertEquals(k, back, "seed=" + (SEED + 11) + " w=" + w + " k=" + k.toString(16));
            }
        }
    }

    /** (a + b) mod n and (r - e) mod n on limbs, against BigInteger, including e >= n, r < e mod n, carries. */
    @Test
    void scalarArithmeticMatchesBigInteger() {
        Random rnd = new Random(SEED + 14);
        BigInteger twoTo256 = BigInteger.ONE.shiftLeft(256);
        BigInteger[] specialR = {BigInteger.ZERO, BigInteger.ONE, N.subtract(BigInteger.ONE), BigInteger.TEN};
        BigInteger[] specialE = {BigInteger.ZERO, BigInteger.ONE, N.subtract(BigInteger.ONE), N,
            N.add(BigInteger.ONE), twoTo256.subtract(BigInteger.ONE), twoTo256.subtract(N), P,
            N.add(BigInteger.valueOf(11))};
        List<BigInteger> rs = new ArrayList<>(Arrays.asList(specialR));
        List<BigInteger> es = new ArrayList<>(Arrays.asList(specialE));
        for (int i = 0; i < 400; i++) {
            rs.add(i % 4 == 0 ? new BigInteger(1 + rnd.nextInt(64), rnd) : randomScalar(rnd));
            BigInteger big = N.add(new BigInteger(223, rnd)); // e >= n, e - n small: r < e - n is likely
            es.add(i % 3 == 0 ? big.min(twoTo256.subtract(BigInteger.ONE)) : new BigInteger(256, rnd));
        }
        for (int i = 0; i < rs.size(); i++) {
            BigInteger r = rs.get(i);
            for (int j = 0; j < 12; j++) {
                BigInteger e = es.get((i * 12 + j) % es.size());
                int[] c = Sm2FastVerifier.subtractDigestModN(Nat256.fromBigInteger(r),
                        to32(e));
                assertEquals(r.subtract(e).mod(N), Nat256.toBigInteger(c),
                        "seed=" + (SEED + 14) + " r=" + r.toString(16) + " e=" + e.toString(16));
                BigInteger b = es.get((i + j) % es.size()).mod(N);
                int[] t = Sm2FastVerifier.addModN(Nat256.fromBigInteger(r),
                        Nat256.fromBigInteger(b));
                assertEquals(r.add(b).mod(N), Nat256.toBigInteger(t),
                        "r=" + r.toString(16) + " b=" + b.toString(16));
            }
        }
    }

    // ---------------------------------------------------------------- argument checks

    @Test
    void rejectsBadKeys() {
        assertEquals("publicKey", assertThrows(InvalidInputException.class,
                () -> Sm2FastVerifier.forPublicKey(null)).field());
        ECCurve curve = Sm2FastVerifierTestSupport.PARAMS.getCurve();
        assertThrows(InvalidInputException.class, () -> Sm2FastVerifier.forPublicKey(curve.getInfinity()));
        // a different curve
        ECPoint p256 = CustomNamedCurves.getByName("secp256r1").getG();
        assertThrows(InvalidInputException.class, () -> Sm2FastVerifier.forPublicKey(p256));
        // a point not on the curve (unchecked construction)
        ECPoint offCurve = curve.createPoint(BigInteger.ONE, BigInteger.TWO);
        assertThrows(InvalidInputException.class, () -> Sm2FastVerifier.forPublicKey(offCurve));
    }

    @Test
    void rejectsBadVerifyArguments() {
        Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(G);
        BigInteger one = BigInteger.ONE;
        assertEquals("e", assertThrows(InvalidInputException.class, () -> v.verify(null, one, one)).field());
        assertEquals("e", assertThrows(InvalidInputException.class, () -> v.verify(new byte[31], one, one)).field());
        assertEquals("e", assertThrows(InvalidInputException.class, () -> v.verify(new byte[33], one, one)).field());
        assertEquals("r", assertThrows(InvalidInputException.class, () -> v.verify(new byte[32], null, one)).field());
        assertEquals("s", assertThrows(InvalidInputException.class, () -> v.verify(new byte[32], one, null)).field());
    }

    /** The same curve as BC's generic (non-custom) curve object is the same group: accepted, same results. */
    @Test
    void acceptsPointOnEqualGenericCurveObject() {
        Random rnd = new Random(SEED + 13);
        BigInteger d = randomScalar(rnd);
        ECPoint generic = GMNamedCurves.getByName("sm2p256v1").getG().multiply(d).normalize();
        Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(generic);
        assertSameSum(v, publicKey(d), randomScalar(rnd), randomScalar(rnd), "generic curve object");
    }

    @Test
    void acceptsNonNormalizedKey() {
        Random rnd = new Random(SEED + 12);
        BigInteger d = randomScalar(rnd);
        ECPoint jacobian = G.multiply(d); // BC custom curves return Jacobian points before normalize()
        Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(jacobian);
        assertSameSum(v, jacobian.normalize(), randomScalar(rnd), randomScalar(rnd), "non-normalized");
    }
}
