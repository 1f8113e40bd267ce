package io.yikatong.benchmarks;

import com.tencent.kona.crypto.KonaCryptoProvider;
import com.tencent.kona.crypto.spec.SM2PrivateKeySpec;
import com.tencent.kona.crypto.spec.SM2PublicKeySpec;
import com.tencent.kona.crypto.spec.SM2SignatureParameterSpec;
import io.yikatong.core.crypto.InsecureKeyAccess;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2Signer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
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
 * SM2 sign throughput: ours against BouncyCastle (lightweight reused, lightweight new per call, JCA) and Kona, all with
 * ID "1234567812345678", DER output, a 64-byte message.
 *
 * <p>Not thread-safe; confine to one thread (JMH state per thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sm2SignBenchmark {

    private static final byte[] ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private byte[] message;
    private Sm2Signer ours;
    private SM2Signer bcReused;
    private ECPrivateKeyParameters bcKey;
    private SecureRandom random;
    private Signature bcJca;
    private Signature kona;

    /**
     * Creates keys and signers.
     *
     * @throws Exception if a provider is missing
     */
    @Setup
    public void setup() throws Exception {
        random = new SecureRandom();
        message = new byte[64];
        random.nextBytes(message);
        Sm2KeyPair kp = Sm2KeyPair.generate(random);
        ours = Sm2Signer.builder(kp.privateKey()).build();

        X9ECParameters x9 = CustomNamedCurves.getByName("sm2p256v1");
        ECDomainParameters domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN());
        bcKey = new ECPrivateKeyParameters(new BigInteger(1, kp.privateKey().toRawScalar(InsecureKeyAccess.get())),
                domain);
        bcReused = new SM2Signer();
        bcReused.init(true, new ParametersWithID(new ParametersWithRandom(bcKey, random), ID));

        byte[] pkcs8 = kp.privateKey().toPkcs8Der(InsecureKeyAccess.get());
        BouncyCastleProvider bc = new BouncyCastleProvider();
        PrivateKey bcPriv = KeyFactory.getInstance("EC", bc).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        bcJca = Signature.getInstance("SM3withSM2", bc);
        bcJca.initSign(bcPriv, random);

        KonaCryptoProvider konaProvider = new KonaCryptoProvider();
        KeyFactory kf = KeyFactory.getInstance("SM2", konaProvider);
        PrivateKey konaPriv = kf.generatePrivate(
                new SM2PrivateKeySpec(kp.privateKey().toRawScalar(InsecureKeyAccess.get())));
        PublicKey konaPub = kf.generatePublic(new SM2PublicKeySpec(kp.publicKey().toUncompressedPoint()));
        kona = Signature.getInstance("SM2", konaProvider);
        kona.setParameter(new SM2SignatureParameterSpec(ID, (ECPublicKey) konaPub));
        kona.initSign(konaPriv, random);
    }

    /** @return our signature */
    @Benchmark
    public byte[] ours() {
        return ours.sign(message);
    }

    /**
     * @return BC signature, signer reused (reset keeps Z)
     * @throws Exception never
     */
    @Benchmark
    public byte[] bcReusedSigner() throws Exception {
        bcReused.update(message, 0, message.length);
        return bcReused.generateSignature(); // generateSignature resets to the Z-loaded state
    }

    /**
     * @return BC signature with a new signer per call
     * @throws Exception never
     */
    @Benchmark
    public byte[] bcNewSignerPerCall() throws Exception {
        SM2Signer s = new SM2Signer();
        s.init(true, new ParametersWithID(new ParametersWithRandom(bcKey, random), ID));
        s.update(message, 0, message.length);
        return s.generateSignature();
    }

    /**
     * @return BC JCA signature
     * @throws Exception never
     */
    @Benchmark
    public byte[] bcJca() throws Exception {
        bcJca.update(message);
        return bcJca.sign();
    }

    /**
     * @return Kona signature
     * @throws Exception never
     */
    @Benchmark
    public byte[] kona() throws Exception {
        kona.update(message);
        return kona.sign();
    }
}
