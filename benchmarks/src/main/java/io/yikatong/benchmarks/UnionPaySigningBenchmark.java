package io.yikatong.benchmarks;

import io.yikatong.payment.unionpay.SignMethod;
import io.yikatong.payment.unionpay.UnionPayClient;
import io.yikatong.payment.unionpay.UnionPayNotification;
import io.yikatong.payment.unionpay.internal.AcpCertificates;
import io.yikatong.payment.unionpay.internal.AcpForms;
import io.yikatong.payment.unionpay.internal.AcpSigning;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
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
 * UnionPay ACP 5.1.0 throughput: signing the fields of a barcode consumption, and parsing a back notification (for
 * signMethod 01 this includes the PKIX chain check of {@code signPubKeyCert} and the RSA verification; for 12 the SM3
 * secure-key digest). Baseline: one bare JDK SHA256withRSA signature over the same sign string.
 *
 * <p>Not thread-safe; confine to one thread (JMH state per thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UnionPaySigningBenchmark {

    private static final String SECURE_KEY = "88888888888888888888888888888888";

    /** The signMethod: 01 (RSA certificate) or 12 (SM3 secure key). */
    @Param({"01", "12"})
    public String signMethod;

    private Map<String, String> fields;
    private AcpCertificates.Issued merchant;
    private String keyDigest;
    private UnionPayClient client;
    private byte[] notification;
    private Signature jdkRsa;
    private byte[] message;

    /**
     * Creates keys, a certificate chain, a client and one signed notification.
     *
     * @throws Exception if a provider is missing
     */
    @Setup
    public void setUp() throws Exception {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        Instant from = now.minus(1, ChronoUnit.DAYS);
        Instant to = now.plus(30, ChronoUnit.DAYS);
        merchant = AcpCertificates.issue("merchant", AcpCertificates.rsaKeys(), null, false,
                new BigInteger("69629715588"), from, to);
        AcpCertificates.Issued root = AcpCertificates.issue("root", AcpCertificates.rsaKeys(), null, true,
                BigInteger.ONE, from, to);
        AcpCertificates.Issued middle = AcpCertificates.issue("middle", AcpCertificates.rsaKeys(), root, true,
                BigInteger.TWO, from, to);
        AcpCertificates.Issued signer = AcpCertificates.issue(UnionPayClient.DEFAULT_SIGNER_CN,
                AcpCertificates.rsaKeys(), middle, false, BigInteger.TEN, from, to);
        fields = new TreeMap<>();
        fields.put("version", "5.1.0");
        fields.put("encoding", "UTF-8");
        fields.put("signMethod", signMethod);
        fields.put("txnType", "01");
        fields.put("txnSubType", "06");
        fields.put("bizType", "000000");
        fields.put("channelType", "08");
        fields.put("accessType", "0");
        fields.put("merId", "777290058110048");
        fields.put("orderId", "20231115060000AbCdEf123456");
        fields.put("txnTime", "20231115060000");
        fields.put("txnAmt", "1230");
        fields.put("currencyCode", "156");
        fields.put("qrNo", "6225881234567890123");
        fields.put("backUrl", "https://his.example.com/pay/unionpay/notify");
        fields.put("certId", merchant.certificate().getSerialNumber().toString());
        keyDigest = AcpSigning.digestHex("12", SECURE_KEY);
        jdkRsa = Signature.getInstance("SHA256withRSA");
        jdkRsa.initSign(merchant.keys().getPrivate());
        message = AcpSigning.signString(fields).getBytes(StandardCharsets.UTF_8);
        UnionPayClient.Builder b = UnionPayClient.builder().merId("777290058110048")
                .backUrl(URI.create("https://his.example.com/pay/unionpay/notify"))
                .clock(Clock.fixed(now, ZoneOffset.UTC));
        Map<String, String> n = new TreeMap<>(fields);
        n.remove("qrNo");
        n.remove("backUrl");
        n.put("respCode", "00");
        n.put("respMsg", "Success!");
        n.put("queryId", "2023111500000001");
        if ("01".equals(signMethod)) {
            client = b.rsaSigning(merchant.keys().getPrivate(), merchant.certificate())
                    .trust(middle.certificate(), root.certificate()).build();
            n.put("certId", signer.certificate().getSerialNumber().toString());
            n.put("signPubKeyCert", AcpCertificates.toPem(signer.certificate()));
            n.put("signature", AcpSigning.rsaSign(signer.keys().getPrivate(), n));
        } else {
            client = b.secureKey(SignMethod.SM3_SECURE_KEY, SECURE_KEY).build();
            n.remove("certId");
            n.put("signature", AcpSigning.secureKeySign("12", keyDigest, n));
        }
        notification = AcpForms.encodeForm(n).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Signs the request fields with the configured method.
     *
     * @return the signature
     */
    @Benchmark
    public String signFields() {
        return "01".equals(signMethod) ? AcpSigning.rsaSign(merchant.keys().getPrivate(), fields)
                : AcpSigning.secureKeySign("12", keyDigest, fields);
    }

    /**
     * Verifies and decodes a back notification.
     *
     * @return the notification
     * @throws Exception if it does not verify (never, the input is valid)
     */
    @Benchmark
    public UnionPayNotification verifyNotification() throws Exception {
        return client.parseNotification(notification);
    }

    /**
     * Baseline: one bare JDK SHA256withRSA signature over the sign string.
     *
     * @return the signature
     * @throws Exception never
     */
    @Benchmark
    public byte[] baselineJdkRsaSign() throws Exception {
        jdkRsa.update(message);
        return jdkRsa.sign();
    }
}
