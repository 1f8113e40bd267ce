package io.yikatong.benchmarks;

import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.PlatformVerifier;
import io.yikatong.payment.wechat.WechatPayNotification;
import io.yikatong.payment.wechat.WechatPayV3Client;
import io.yikatong.payment.wechat.internal.ResourceCipher;
import io.yikatong.payment.wechat.internal.WechatCrypto;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
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
 * WeChat Pay APIv3 throughput: building a signed {@code Authorization} header for a codepay request, and parsing a
 * notification (verify over the raw body, decrypt the resource, decode), for the RSA and SM2 schemes. Baseline: one
 * bare JDK SHA256withRSA signature over the same message.
 *
 * <p>Not thread-safe; confine to one thread (JMH state per thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WechatPaySigningBenchmark {

    private static final byte[] API_V3_KEY = "0123456789abcdefghijABCDEFGHIJ01".getBytes(StandardCharsets.US_ASCII);
    private static final String BODY = "{\"appid\":\"wxd678efh567hg6787\",\"mchid\":\"1900000001\",\"description\":"
            + "\"挂号费\",\"out_trade_no\":\"H20240601000001\",\"amount\":{\"total\":1230,\"currency\":\"CNY\"},"
            + "\"payer\":{\"auth_code\":\"134567890123456789\"}}";

    /** The signature scheme. */
    @Param({"RSA", "SM2"})
    public String scheme;

    private MerchantSigner signer;
    private WechatPayV3Client client;
    private Map<String, String> headers;
    private byte[] notification;
    private Signature jdkRsa;
    private byte[] message;

    /**
     * Creates keys, a client and one signed notification.
     *
     * @throws Exception if a provider is missing
     */
    @Setup
    public void setUp() throws Exception {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        KeyPair merchant = g.generateKeyPair();
        jdkRsa = Signature.getInstance("SHA256withRSA");
        jdkRsa.initSign(merchant.getPrivate());
        message = MerchantSigner.requestMessage("POST", "/v3/pay/transactions/codepay", now.getEpochSecond(),
                "593BEC0C930BF1AFEB40B4A08C8FB242", BODY).getBytes(StandardCharsets.UTF_8);
        PlatformVerifier verifier;
        WechatCrypto.Signer platformSigner;
        String algorithm;
        if ("SM2".equals(scheme)) {
            Sm2KeyPair m = Sm2KeyPair.generate(new SecureRandom());
            Sm2KeyPair p = Sm2KeyPair.generate(new SecureRandom());
            signer = MerchantSigner.sm2("1900000001", "M", m.privateKey(), Sm2SignatureFormat.DER);
            verifier = PlatformVerifier.builder().sm2PublicKey("P", p.publicKey(), Sm2SignatureFormat.DER).build();
            platformSigner = WechatCrypto.sm2Signer(p.privateKey(), Sm2SignatureFormat.DER);
            algorithm = ResourceCipher.SM4;
        } else {
            KeyPair p = g.generateKeyPair();
            signer = MerchantSigner.rsa("1900000001", "M", merchant.getPrivate());
            verifier = PlatformVerifier.builder().rsaPublicKey("P", p.getPublic()).build();
            platformSigner = WechatCrypto.rsaSigner(p.getPrivate());
            algorithm = ResourceCipher.AES;
        }
        client = WechatPayV3Client.builder().baseUri(URI.create("http://127.0.0.1:9")).appid("wx1").signer(signer)
                .verifier(verifier).apiV3Key(API_V3_KEY).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        String plain = "{\"out_trade_no\":\"H20240601000001\",\"transaction_id\":\"4200000000000000000000000001\","
                + "\"trade_state\":\"SUCCESS\",\"amount\":{\"total\":1230,\"payer_total\":1230}}";
        byte[] ct = new ResourceCipher(API_V3_KEY, ResourceCipher.defaultSm4Key(API_V3_KEY)).encrypt(algorithm,
                "abcdefghijkl", "transaction", plain.getBytes(StandardCharsets.UTF_8));
        notification = ("{\"id\":\"N1\",\"create_time\":\"2024-06-01T10:00:00+08:00\",\"event_type\":"
                + "\"TRANSACTION.SUCCESS\",\"resource_type\":\"encrypt-resource\",\"resource\":{\"algorithm\":\""
                + algorithm + "\",\"ciphertext\":\"" + Base64.getEncoder().encodeToString(ct)
                + "\",\"nonce\":\"abcdefghijkl\",\"associated_data\":\"transaction\"}}")
                .getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(now.getEpochSecond());
        headers = new HashMap<>();
        headers.put("Wechatpay-Serial", "P");
        headers.put("Wechatpay-Timestamp", ts);
        headers.put("Wechatpay-Nonce", "NONCE");
        headers.put("Wechatpay-Signature", Base64.getEncoder().encodeToString(
                platformSigner.sign(PlatformVerifier.responseMessage(ts, "NONCE", notification))));
    }

    /**
     * Signs a codepay request into an {@code Authorization} header.
     *
     * @return the header
     */
    @Benchmark
    public String signRequest() {
        return signer.authorization("POST", "/v3/pay/transactions/codepay", BODY, 1_700_000_000L,
                "593BEC0C930BF1AFEB40B4A08C8FB242");
    }

    /**
     * Verifies, decrypts and decodes a notification.
     *
     * @return the notification
     * @throws Exception if it does not verify (never, the input is valid)
     */
    @Benchmark
    public WechatPayNotification verifyNotification() throws Exception {
        return client.parseNotification(headers, notification);
    }

    /**
     * Baseline: one bare JDK SHA256withRSA signature over the same message.
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
