package io.yikatong.benchmarks;

import io.yikatong.core.crypto.internal.Sm2FastVerifier;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SM2 verification with an issuer key known in advance: the fixed-base engine ({@link Sm2FastVerifier}) against
 * BouncyCastle with a reused key, in the same JVM.
 *
 * <ul>
 *   <li>{@code fastCore} vs {@code bcCore}: the verification arithmetic only, given e = SM3(Z || M): range checks,
 *       t = (r + s) mod n, s*G + t*Q, (e + x1) mod n == r. BC's side is {@code ECAlgorithms.sumOfTwoMultiplies} on a
 *       reused normalized Q (BC caches its wNAF precomputation on the point), which is the core of
 *       {@code SM2Signer.verifySignature}.</li>
 *   <li>{@code fastFull} vs {@code bcSignerFull}: with hashing, SM3(Z || M) over a 64-byte message with Z computed
 *       once per key on both sides; BC's side is a reused {@code SM2Signer} initialised once with the public key.</li>
 *   <li>{@code fastBuildKeyTable}: the cost of {@link Sm2FastVerifier#forPublicKey} (key-table precomputation).</li>
 * </ul>
 *
 * <p>Not thread-safe; JMH confines each state to its benchmark thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class Sm2VerifyEngineBenchmark {

    private static final int SIGNATURES = 16;

    private X9ECParameters params;
    private ECDomainParameters domain;
    private ECPoint g;
    private BigInteger n;
    private ECPoint q;
    private Sm2FastVerifier fast;
    private SM2Signer bcSigner;
    private byte[] z;
    private byte[][] messages;
    private byte[][] signatures;
    private byte[][] digests;
    private BigInteger[] rs;
    private BigInteger[] ss;
    private ECPoint[] otherKeys;
    private int next;

    /**
     * Creates a key, 16 messages and their signatures.
     *
     * @throws Exception if the deterministic random source is unavailable
     */
    @Setup
    public void setUp() throws Exception {
        params = CustomNamedCurves.getByName("sm2p256v1");
        domain = new ECDomainParameters(params);
        g = params.getG();
        n = params.getN();
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(42L);
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), random);
        q = g.multiply(d).normalize();
        fast = Sm2FastVerifier.forPublicKey(q);
        byte[] id = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
        z = userZ(id, q);
        messages = new byte[SIGNATURES][];
        signatures = new byte[SIGNATURES][];
        digests = new byte[SIGNATURES][];
        rs = new BigInteger[SIGNATURES];
        ss = new BigInteger[SIGNATURES];
        for (int i = 0; i < SIGNATURES; i++) {
            messages[i] = new byte[64];
            random.nextBytes(messages[i]);
            SM2Signer signer = new SM2Signer(PlainDSAEncoding.INSTANCE);
            signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(d, domain), random));
            signer.update(messages[i], 0, messages[i].length);
            signatures[i] = signer.generateSignature();
            rs[i] = new BigInteger(1, Arrays.copyOfRange(signatures[i], 0, 32));
            ss[i] = new BigInteger(1, Arrays.copyOfRange(signatures[i], 32, 64));
            digests[i] = hash(z, messages[i]);
            if (!fast.verify(digests[i], rs[i], ss[i])) {
                throw new IllegalStateException("fast verifier rejects a valid signature");
            }
        }
        bcSigner = new SM2Signer(PlainDSAEncoding.INSTANCE);
        bcSigner.init(false, new ECPublicKeyParameters(q, domain));
        otherKeys = new ECPoint[8];
        for (int i = 0; i < otherKeys.length; i++) {
            otherKeys[i] = g.multiply(BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE),
                    random)).normalize();
        }
    }

    private int index() {
        int i = next;
        next = (i + 1) & (SIGNATURES - 1);
        return i;
    }

    /**
     * Fixed-base engine, digest given.
     *
     * @return the verification result
     */
    @Benchmark
    public boolean fastCore() {
        int i = index();
        return fast.verify(digests[i], rs[i], ss[i]);
    }

    /**
     * BouncyCastle core of SM2Signer.verifySignature with a reused normalized key, digest given.
     *
     * @return the verification result
     */
    @Benchmark
    public boolean bcCore() {
        int i = index();
        BigInteger r = rs[i];
        BigInteger s = ss[i];
        if (r.signum() <= 0 || r.compareTo(n) >= 0 || s.signum() <= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        BigInteger t = r.add(s).mod(n);
        if (t.signum() == 0) {
            return false;
        }
        ECPoint x1y1 = ECAlgorithms.sumOfTwoMultiplies(g, s, q, t).normalize();
        if (x1y1.isInfinity()) {
            return false;
        }
        BigInteger e = new BigInteger(1, digests[i]);
        return e.add(x1y1.getAffineXCoord().toBigInteger()).mod(n).equals(r);
    }

    /**
     * Fixed-base engine with hashing: SM3(Z || M) with Z precomputed per key, then verify.
     *
     * @return the verification result
     */
    @Benchmark
    public boolean fastFull() {
        int i = index();
        byte[] sig = signatures[i];
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        return fast.verify(hash(z, messages[i]), r, s);
    }

    /**
     * BouncyCastle SM2Signer reused with a reused key (Z computed once at init), with hashing.
     *
     * @return the verification result
     */
    @Benchmark
    public boolean bcSignerFull() {
        int i = index();
        bcSigner.update(messages[i], 0, messages[i].length);
        return bcSigner.verifySignature(signatures[i]);
    }

    /**
     * Key-table precomputation for a new public key.
     *
     * @return the verifier
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @BenchmarkMode(Mode.AverageTime)
    public Sm2FastVerifier fastBuildKeyTable() {
        return Sm2FastVerifier.forPublicKey(otherKeys[index() & (otherKeys.length - 1)]);
    }

    private static byte[] hash(byte[] z, byte[] message) {
        SM3Digest d = new SM3Digest();
        d.update(z, 0, z.length);
        d.update(message, 0, message.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    private byte[] userZ(byte[] id, ECPoint key) {
        SM3Digest d = new SM3Digest();
        int bits = id.length * 8;
        d.update((byte) (bits >>> 8));
        d.update((byte) bits);
        d.update(id, 0, id.length);
        for (BigInteger v : new BigInteger[] {params.getCurve().getA().toBigInteger(),
            params.getCurve().getB().toBigInteger(), g.normalize().getAffineXCoord().toBigInteger(),
            g.normalize().getAffineYCoord().toBigInteger(), key.getAffineXCoord().toBigInteger(),
            key.getAffineYCoord().toBigInteger()}) {
            byte[] b = BigIntegers.asUnsignedByteArray(32, v);
            d.update(b, 0, b.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
