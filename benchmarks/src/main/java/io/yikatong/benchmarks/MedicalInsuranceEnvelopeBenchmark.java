package io.yikatong.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Signer;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.payment.medicalinsurance.SignatureEncoding;
import io.yikatong.payment.medicalinsurance.internal.MedicalInsuranceEnvelope;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Medical-insurance (医保移动支付) envelope throughput: sealing a 6201 request (canonical sign string, SM2 signature
 * with the appSecret as user ID, SM4-ECB encryption, JSON) and opening a reply (parse, decrypt, verify), for raw and
 * DER signatures. Baselines: one bare SM2 signature and one bare SM2 verification over the same sign string, so the
 * ratio shows the envelope's overhead over the unavoidable public-key operation.
 *
 * <p>Not thread-safe; confine to one thread (JMH state per thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MedicalInsuranceEnvelopeBenchmark {

    private static final String APP_ID = "ABCDEFGHIJKLMNOP1234";
    private static final String APP_SECRET = "S3cr3tKey0123456";
    private static final String DATA = "{\"medOrgOrd\":\"H20261123001\",\"chrgBchno\":\"B20261123001\","
            + "\"orgCodg\":\"H44010600001\",\"payAuthNo\":\"AUTH0001\",\"psnNo\":\"PSN0001\",\"acctUsedFlag\":\"1\","
            + "\"medfeeSumamt\":\"123.34\",\"feedetail\":[{\"feedetlSn\":\"1\",\"medListCodg\":\"XB01AC0\","
            + "\"medinsListName\":\"阿莫西林胶囊\",\"cnt\":\"1\",\"detItemFeeSumamt\":\"100.01\"},{\"feedetlSn\":\"2\","
            + "\"medListCodg\":\"XB01AC1\",\"medinsListName\":\"布洛芬片\",\"cnt\":\"2\",\"detItemFeeSumamt\":\"23.33\"}]}";

    /** The signature encoding. */
    @Param({"RAW", "DER"})
    public String encoding;

    private MedicalInsuranceEnvelope channel;
    private MedicalInsuranceEnvelope platform;
    private JsonNode data;
    private byte[] reply;
    private byte[] signString;
    private byte[] signature;
    private Sm2Signer bareSigner;
    private Sm2Verifier bareVerifier;

    /**
     * Creates keys, both sides of the envelope and one sealed reply.
     *
     * @throws Exception if the data does not parse
     */
    @Setup
    public void setUp() throws Exception {
        Sm2KeyPair c = Sm2KeyPair.generate(new SecureRandom());
        Sm2KeyPair p = Sm2KeyPair.generate(new SecureRandom());
        SignatureEncoding e = SignatureEncoding.valueOf(encoding);
        channel = new MedicalInsuranceEnvelope(APP_ID, APP_SECRET, c.privateKey(), p.publicKey(), e, true);
        platform = new MedicalInsuranceEnvelope(APP_ID, APP_SECRET, p.privateKey(), c.publicKey(), e, true);
        data = MedicalInsuranceEnvelope.json().readTree(DATA);
        reply = platform.seal(data, 1_700_000_000_000L, Map.of("code", "0", "message", "成功", "success", true))
                .getBytes(StandardCharsets.UTF_8);
        ObjectNode top = MedicalInsuranceEnvelope.json().createObjectNode();
        top.put("appId", APP_ID);
        top.put("encType", "SM4");
        top.put("signType", "SM2");
        top.put("timestamp", 1_700_000_000_000L);
        top.put("version", "2.0.1");
        top.set("data", data);
        signString = MedicalInsuranceEnvelope.signString(top, APP_SECRET).getBytes(StandardCharsets.UTF_8);
        Sm2SignatureFormat f = e == SignatureEncoding.DER ? Sm2SignatureFormat.DER : Sm2SignatureFormat.RAW;
        bareSigner = Sm2Signer.builder(c.privateKey()).userId(APP_SECRET).format(f).build();
        bareVerifier = Sm2Verifier.builder(c.publicKey()).userId(APP_SECRET).format(f).build();
        signature = bareSigner.sign(signString);
    }

    /**
     * Seals a 6201 request.
     *
     * @return the JSON text
     */
    @Benchmark
    public String seal() {
        return channel.seal(data, 1_700_000_000_000L, Map.of());
    }

    /**
     * Opens a signed, encrypted reply.
     *
     * @return the opened fields
     * @throws Exception never, for a correct reply
     */
    @Benchmark
    public ObjectNode open() throws Exception {
        return channel.open(reply);
    }

    /**
     * Baseline: one bare SM2 signature over the request's sign string.
     *
     * @return the signature
     */
    @Benchmark
    public byte[] baselineSm2Sign() {
        return bareSigner.sign(signString);
    }

    /**
     * Baseline: one bare SM2 verification.
     *
     * @throws Exception never, for a correct signature
     */
    @Benchmark
    public void baselineSm2Verify() throws Exception {
        bareVerifier.verify(signString, signature);
    }
}
