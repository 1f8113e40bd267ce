package io.yikatong.benchmarks;

import io.yikatong.payment.alipay.AlipayClient;
import io.yikatong.payment.alipay.AlipayNotification;
import io.yikatong.payment.alipay.internal.AlipaySigning;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Alipay RSA2 throughput: signing an {@code alipay.trade.pay} request (sorted sign string + SHA256withRSA) and
 * verifying an asynchronous notification from its raw form body. Baselines in the same JVM: one bare JDK
 * SHA256withRSA signature and one bare verification over the same texts.
 *
 * <p>Not thread-safe; confine to one thread (JMH state per thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AlipaySigningBenchmark {

    private KeyPair app;
    private Map<String, String> request;
    private String requestText;
    private AlipayClient client;
    private byte[] notification;
    private String notificationText;
    private byte[] notificationSignature;
    private Signature jdkSign;
    private Signature jdkVerify;

    /**
     * Creates keys, a request and one signed notification.
     *
     * @throws Exception if a provider is missing
     */
    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        app = g.generateKeyPair();
        KeyPair alipay = g.generateKeyPair();
        request = new TreeMap<>();
        request.put("app_id", "2021000000000001");
        request.put("method", "alipay.trade.pay");
        request.put("format", "JSON");
        request.put("charset", "utf-8");
        request.put("sign_type", "RSA2");
        request.put("timestamp", "2026-11-23 10:00:00");
        request.put("version", "1.0");
        request.put("biz_content", "{\"out_trade_no\":\"H20261123000001\",\"scene\":\"bar_code\",\"auth_code\":"
                + "\"281234567890123456\",\"subject\":\"挂号费\",\"total_amount\":\"12.30\"}");
        requestText = AlipaySigning.signString(request, AlipaySigning.REQUEST_EXCLUDED);
        Map<String, String> n = new TreeMap<>();
        n.put("notify_id", "n1");
        n.put("notify_type", "trade_status_sync");
        n.put("app_id", "2021000000000001");
        n.put("out_trade_no", "H20261123000001");
        n.put("trade_no", "2026112322001400000000000001");
        n.put("trade_status", "TRADE_SUCCESS");
        n.put("total_amount", "12.30");
        n.put("subject", "挂号费");
        notificationText = AlipaySigning.signString(n, AlipaySigning.NOTIFICATION_EXCLUDED);
        String sign = AlipaySigning.sign(alipay.getPrivate(), notificationText);
        n.put("sign", sign);
        n.put("sign_type", "RSA2");
        StringBuilder sb = new StringBuilder();
        n.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        notification = sb.toString().getBytes(StandardCharsets.UTF_8);
        notificationSignature = java.util.Base64.getDecoder().decode(sign);
        client = AlipayClient.builder().gateway(URI.create("http://127.0.0.1:9/gateway.do"))
                .appId("2021000000000001").appPrivateKey(app.getPrivate()).alipayPublicKey(alipay.getPublic())
                .build();
        jdkSign = Signature.getInstance("SHA256withRSA");
        jdkSign.initSign(app.getPrivate());
        jdkVerify = Signature.getInstance("SHA256withRSA");
        jdkVerify.initVerify(alipay.getPublic());
    }

    /**
     * Builds the sign string of a request and signs it.
     *
     * @return the Base64 signature
     */
    @Benchmark
    public String signRequest() {
        return AlipaySigning.sign(app.getPrivate(), AlipaySigning.signString(request,
                AlipaySigning.REQUEST_EXCLUDED));
    }

    /**
     * Parses, verifies and decodes a notification from its raw body.
     *
     * @return the notification
     * @throws Exception if it does not verify (never, the input is valid)
     */
    @Benchmark
    public AlipayNotification verifyNotification() throws Exception {
        return client.parseNotification(notification);
    }

    /**
     * Baseline: one bare JDK SHA256withRSA signature over the request's sign string.
     *
     * @return the signature
     * @throws Exception never
     */
    @Benchmark
    public byte[] baselineJdkRsaSign() throws Exception {
        jdkSign.update(requestText.getBytes(StandardCharsets.UTF_8));
        return jdkSign.sign();
    }

    /**
     * Baseline: one bare JDK SHA256withRSA verification over the notification's sign string.
     *
     * @return whether it verified (always)
     * @throws Exception never
     */
    @Benchmark
    public boolean baselineJdkRsaVerify() throws Exception {
        jdkVerify.update(notificationText.getBytes(StandardCharsets.UTF_8));
        return jdkVerify.verify(notificationSignature);
    }
}
