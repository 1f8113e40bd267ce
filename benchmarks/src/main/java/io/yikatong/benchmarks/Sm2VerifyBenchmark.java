package io.yikatong.benchmarks;

import com.tencent.kona.crypto.KonaCryptoProvider;
import com.tencent.kona.crypto.spec.SM2PublicKeySpec;
import com.tencent.kona.crypto.spec.SM2SignatureParameterSpec;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.KeyFormatException;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm2Signer;
import io.yikatong.core.crypto.Sm2Verifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SM2 verify throughput: ours with the key known in advance and with the key decoded from the 65-byte point per call,
 * against BouncyCastle (reused verifier, key decoded per call, JCA) and Kona; ID "1234567812345678", DER signature,
 * 64-byte message. Every benchmark method fails loudly if a verification fails.
 *
 * <p>Not thread-safe; confine to one thread (JMH state per thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sm2VerifyBenchmark {

    private static final byte[] ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private byte[] message;
    private byte[] signature;
    private byte[] point;
    private Sm2Verifier oursKnown;
    private SM2Signer bcReused;
    private ECDomainParameters domain;
    private Signature bcJca;
    private Signature kona;

    /**
     * Creates keys, a signature and verifiers.
     *
     * @throws Exception if a provider is missing
     */
    @Setup
    public void setup() throws Exception {
        SecureRandom random = new SecureRandom();
        message = new byte[64];
        random.nextBytes(message);
        Sm2KeyPair kp = Sm2KeyPair.generate(random);
        signature = Sm2Signer.builder(kp.privateKey()).build().sign(message);
        point = kp.publicKey().toUncompressedPoint();
        oursKnown = Sm2Verifier.builder(kp.publicKey()).build();

        X9ECParameters x9 = CustomNamedCurves.getByName("sm2p256v1");
        domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN());
        bcReused = new SM2Signer();
        bcReused.init(false, new ParametersWithID(new ECPublicKeyParameters(domain.getCurve().decodePoint(point),
                domain), ID));

        byte[] spki = kp.publicKey().toX509Der();
        BouncyCastleProvider bc = new BouncyCastleProvider();
        PublicKey bcPub = KeyFactory.getInstance("EC", bc).generatePublic(new X509EncodedKeySpec(spki));
        bcJca = Signature.getInstance("SM3withSM2", bc);
        bcJca.initVerify(bcPub);

        KonaCryptoProvider konaProvider = new KonaCryptoProvider();
        PublicKey konaPub = KeyFactory.getInstance("SM2", konaProvider).generatePublic(new SM2PublicKeySpec(point));
        kona = Signature.getInstance("SM2", konaProvider);
        kona.setParameter(new SM2SignatureParameterSpec(ID, (ECPublicKey) konaPub));
        kona.initVerify(konaPub);
        // sanity: every path accepts the signature
        oursKeyKnown();
        oursKeyDecodedPerCall();
        bcReusedVerifier();
        bcKeyDecodedPerCall();
        bcJca();
        kona();
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("verification failed");
        }
    }

    /**
     * Ours, verifier built once.
     *
     * @throws SignatureVerificationException never
     */
    @Benchmark
    public void oursKeyKnown() throws SignatureVerificationException {
        oursKnown.verify(message, signature);
    }

    /**
     * Ours, key decoded from the 65-byte point and verifier built per call.
     *
     * @throws SignatureVerificationException never
     * @throws KeyFormatException never
     */
    @Benchmark
    public void oursKeyDecodedPerCall() throws SignatureVerificationException, KeyFormatException {
        Sm2Verifier.builder(Sm2PublicKey.fromRawPoint(point)).build().verify(message, signature);
    }

    /** BC lightweight verifier reused. */
    @Benchmark
    public void bcReusedVerifier() {
        bcReused.update(message, 0, message.length);
        check(bcReused.verifySignature(signature));
    }

    /** BC lightweight, point decoded and verifier created per call. */
    @Benchmark
    public void bcKeyDecodedPerCall() {
        SM2Signer v = new SM2Signer();
        v.init(false, new ParametersWithID(new ECPublicKeyParameters(domain.getCurve().decodePoint(point), domain),
                ID));
        v.update(message, 0, message.length);
        check(v.verifySignature(signature));
    }

    /**
     * BC JCA verifier reused.
     *
     * @throws Exception never
     */
    @Benchmark
    public void bcJca() throws Exception {
        bcJca.update(message);
        check(bcJca.verify(signature));
    }

    /**
     * Kona verifier reused.
     *
     * @throws Exception never
     */
    @Benchmark
    public void kona() throws Exception {
        kona.update(message);
        check(kona.verify(signature));
    }
}
