package io.yikatong.benchmarks;

import io.yikatong.core.MalformedDataException;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.qr.internal.Base45;
import io.yikatong.qr.token.CredentialType;
import io.yikatong.qr.token.InMemoryReplayGuard;
import io.yikatong.qr.token.InsecureTokenParser;
import io.yikatong.qr.token.ReplayGuardException;
import io.yikatong.qr.token.TokenClaims;
import io.yikatong.qr.token.TokenContent;
import io.yikatong.qr.token.TokenIssuer;
import io.yikatong.qr.token.TokenVerificationException;
import io.yikatong.qr.token.TokenVerifier;
import io.yikatong.qr.token.TrustList;
import io.yikatong.qr.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Offline QR tokens ({@code YKT1:} + Base45, SM3withSM2 raw r||s) with a known issuer key.
 *
 * <ul>
 *   <li>{@code verifyOneTime}: the full {@link TokenVerifier#verify} path (trim, Base45, parse, key lookup, signature,
 *       validity, in-memory replay guard) over a pool of one-time visit passes (the guard is renewed each time the
 *       pool wraps, outside the measured work of all but one call in {@value #POOL});</li>
 *   <li>{@code verifyReusable}: the same without the replay guard (one reusable token verified again and again);</li>
 *   <li>{@code verifyDistinctReusable}: reusable tokens from a pool of {@value #POOL} distinct ones (different
 *       signatures each call, as in real use, without the guard);</li>
 *   <li>{@code partParseOnly}, {@code partSm2Only}: the parse and the bare SM2 verification, to see where the time
 *       of a verify goes;</li>
 *   <li>{@code bcVerify}: baseline, Base45 decode plus BouncyCastle's reused {@code SM2Signer} (plain r||s encoding)
 *       over the same signed bytes, no parsing or validity checks;</li>
 *   <li>{@code issueSignOnly}: {@link TokenIssuer#issue} (claims, encode, SM2 sign, Base45 text; no QR matrix),
 *       baseline {@code bcSign}: BouncyCastle's reused signer over the same bytes.</li>
 * </ul>
 * Targets (performance.md): at least 20,000 verifies/s and 5,000 issues/s (with the matrix) on one core. Every
 * benchmark method fails loudly if a verification fails.
 *
 * <p>Not thread-safe; confine to one thread (JMH state per thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenVerifyBenchmark {

    private static final int POOL = 1024;
    private static final byte[] ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private TrustList trust;
    private TokenIssuer issuer;
    private TokenClaims claims;
    private String[] oneTime;
    private int next;
    private int next2;
    private TokenVerifier oneTimeVerifier;
    private String reusable;
    private String[] distinct;
    private TokenVerifier reusableVerifier;
    private SM2Signer bcVerifier;
    private SM2Signer bcSigner;
    private byte[] signedPart;
    private byte[] rawSignature;
    private Sm2Verifier ourSm2;

    /**
     * Creates the key, the tokens and the verifiers.
     *
     * @throws Exception never
     */
    @Setup
    public void setup() throws Exception {
        SecureRandom random = new SecureRandom();
        Sm2KeyPair kp = Sm2KeyPair.generate(random);
        trust = TrustList.builder().addKey("330100", "k1", kp.publicKey()).build();
        issuer = TokenIssuer.builder().signingKey(kp.privateKey()).issuer("330100").keyId("k1").build();
        claims = TokenClaims.builder().type(CredentialType.VISIT_PASS).subject("EMPI00012345678901")
                .ttl(Duration.ofDays(1)).build();
        reusable = issuer.issue(claims);
        TokenClaims once = TokenClaims.builder().type(CredentialType.VISIT_PASS).subject("EMPI00012345678901")
                .ttl(Duration.ofDays(1)).oneTime(true).build();
        oneTime = new String[POOL];
        for (int i = 0; i < POOL; i++) {
            oneTime[i] = issuer.issue(once);
        }
        distinct = new String[POOL];
        for (int i = 0; i < POOL; i++) {
            distinct[i] = issuer.issue(claims);
        }
        reusableVerifier = TokenVerifier.builder().trustList(trust).build();
        renewGuard();

        byte[] all = Base45.decode(reusable.substring(5));
        signedPart = Arrays.copyOf(all, all.length - 64);
        rawSignature = Arrays.copyOfRange(all, all.length - 64, all.length);
        ourSm2 = Sm2Verifier.builder(kp.publicKey()).format(Sm2SignatureFormat.RAW).build();
        X9ECParameters x9 = CustomNamedCurves.getByName("sm2p256v1");
        ECDomainParameters domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN());
        bcVerifier = new SM2Signer(PlainDSAEncoding.INSTANCE);
        bcVerifier.init(false, new ParametersWithID(new ECPublicKeyParameters(
                domain.getCurve().decodePoint(kp.publicKey().toUncompressedPoint()), domain), ID));
        bcSigner = new SM2Signer(PlainDSAEncoding.INSTANCE);
        byte[] d = kp.privateKey().toRawScalar(io.yikatong.core.crypto.InsecureKeyAccess.get());
        bcSigner.init(true, new ParametersWithID(new ParametersWithRandom(new ECPrivateKeyParameters(
                new java.math.BigInteger(1, d), domain), random), ID));
        // sanity: every path accepts its input
        verifyOneTime();
        verifyReusable();
        partParseOnly();
        partSm2Only();
        bcVerify();
        bcVerifier.update(signedPart, 0, signedPart.length);
        check(bcVerifier.verifySignature(bcSign()));
        reusableVerifier.verify(issueSignOnly());
    }

    private void renewGuard() {
        oneTimeVerifier = TokenVerifier.builder().trustList(trust).replayGuard(InMemoryReplayGuard.withDefaults())
                .build();
        next = 0;
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("verification failed");
        }
    }

    /**
     * Ours: full verification of a one-time token, replay guard included.
     *
     * @return the verified token
     * @throws TokenVerificationException never
     * @throws ReplayGuardException never
     */
    @Benchmark
    public VerifiedToken verifyOneTime() throws TokenVerificationException, ReplayGuardException {
        if (next == POOL) {
            renewGuard();
        }
        return oneTimeVerifier.verify(oneTime[next++]);
    }

    /**
     * Ours: full verification of a reusable token (no replay guard work).
     *
     * @return the verified token
     * @throws TokenVerificationException never
     * @throws ReplayGuardException never
     */
    @Benchmark
    public VerifiedToken verifyReusable() throws TokenVerificationException, ReplayGuardException {
        return reusableVerifier.verify(reusable);
    }

    /**
     * Ours: full verification of reusable tokens cycling through a pool of distinct tokens (no replay guard work), to
     * separate the cost of the guard from the cost of verifying a different signature each time.
     *
     * @return the verified token
     * @throws TokenVerificationException never
     * @throws ReplayGuardException never
     */
    @Benchmark
    public VerifiedToken verifyDistinctReusable() throws TokenVerificationException, ReplayGuardException {
        if (next2 == POOL) {
            next2 = 0;
        }
        return reusableVerifier.verify(distinct[next2++]);
    }

    /**
     * Where time goes (1/2): parsing only (trim, Base45, layout, claims), no key, signature or validity work.
     *
     * @return the unverified content
     * @throws TokenVerificationException never
     */
    @Benchmark
    public TokenContent partParseOnly() throws TokenVerificationException {
        return InsecureTokenParser.parseWithoutVerifying(reusable);
    }

    /**
     * Where time goes (2/2): our SM2 verifier alone over the same signed bytes and raw signature.
     *
     * @throws SignatureVerificationException never
     */
    @Benchmark
    public void partSm2Only() throws SignatureVerificationException {
        ourSm2.verify(signedPart, rawSignature);
    }

    /**
     * Baseline: Base45 decode and BouncyCastle's reused SM2 verifier, no parsing or validity checks.
     *
     * @return whether it verified (always true)
     * @throws MalformedDataException never
     */
    @Benchmark
    public boolean bcVerify() throws MalformedDataException {
        byte[] all = Base45.decode(reusable, 5, reusable.length());
        int n = all.length - 64;
        bcVerifier.update(all, 0, n);
        boolean ok = bcVerifier.verifySignature(Arrays.copyOfRange(all, n, all.length));
        check(ok);
        return ok;
    }

    /**
     * Ours: issue a token (sign and encode to text, no QR matrix).
     *
     * @return the token text
     */
    @Benchmark
    public String issueSignOnly() {
        return issuer.issue(claims);
    }

    /**
     * Ours, the issue target of issue 4 (at least 5,000/s on one core): issue a token and encode its QR matrix (EC M,
     * the SDK's fixed mask).
     *
     * @return the matrix
     */
    @Benchmark
    public io.yikatong.qr.render.QrMatrix issueWithMatrix() {
        return io.yikatong.qr.render.QrCodes.encode(issuer.issue(claims), io.yikatong.qr.render.ErrorCorrection.M);
    }

    /**
     * Baseline: BouncyCastle's reused SM2 signer over the same signed bytes.
     *
     * @return the signature
     * @throws CryptoException never
     */
    @Benchmark
    public byte[] bcSign() throws CryptoException {
        bcSigner.update(signedPart, 0, signedPart.length);
        return bcSigner.generateSignature();
    }
}
