package io.yikatong.testkit.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wechat.pay.java.core.Config;
import com.wechat.pay.java.core.RSAAutoCertificateConfig;
import com.wechat.pay.java.core.RSAConfig;
import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.cipher.RSAVerifier;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.http.DefaultHttpClientBuilder;
import com.wechat.pay.java.core.http.HttpClient;
import com.wechat.pay.java.core.notification.NotificationConfig;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSANotificationConfig;
import com.wechat.pay.java.core.notification.RequestParam;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.payments.nativepay.NativePayService;
import com.wechat.pay.java.service.payments.nativepay.model.Amount;
import com.wechat.pay.java.service.payments.nativepay.model.CloseOrderRequest;
import com.wechat.pay.java.service.payments.nativepay.model.PrepayRequest;
import com.wechat.pay.java.service.payments.nativepay.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.refund.RefundService;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.QueryByOutRefundNoRequest;
import com.wechat.pay.java.service.refund.model.Refund;
import com.wechat.pay.java.service.refund.model.RefundNotification;
import com.wechat.pay.java.service.refund.model.Status;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.WechatPayV3Client;
import io.yikatong.testkit.payment.wechat.WechatPaySimulator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official WeChat Pay APIv3 SDK (wechatpay-java 0.2.17) as a client of {@link WechatPaySimulator}: every answer
 * and notification is checked by the SDK's own validator, and our client's requests by the SDK's own verifier. The
 * SDK's services have the gateway host built in, so its OkHttp client is given an interceptor that sends each request
 * to the simulator instead (the signed part, path and query, is unchanged).
 */
class WechatPayJavaInteropTest {

    /** RFC 3339 in seconds with the +08:00 offset, as the gateway writes times: {@code 2026-12-07T18:15:15+08:00}. */
    static final Pattern GATEWAY_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+08:00");
    static final String API_V3_KEY = "0123456789abcdefghijABCDEFGHIJ01";
    static final String APPID = "wxd678efh567hg6787";
    static final String MERCHANT_SERIAL = "3775B6A45ACD588826D15E583A95F5DD12345678";
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger SEQ = new AtomicInteger();
    /** wechatpay-java keeps one auto-certificate config per mchid per JVM, so every test uses its own. */
    static final AtomicInteger MCHIDS = new AtomicInteger(new SecureRandom().nextInt(1_000_000));

    static KeyPair merchant;

    String mchid;
    NotificationSink sink;
    WechatPaySimulator sim;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        merchant = g.generateKeyPair();
    }

    @BeforeEach
    void start() throws Exception {
        mchid = String.format("19%08d", MCHIDS.incrementAndGet() % 100_000_000);
        sink = new NotificationSink(204, "");
        sim = WechatPaySimulator.builder().mchid(mchid).appid(APPID)
                .merchantRsaKey(MERCHANT_SERIAL, merchant.getPublic())
                .apiV3Key(API_V3_KEY.getBytes(StandardCharsets.US_ASCII)).certificateMode(true)
                .notifyUrl(sink.uri()).start(0);
    }

    @AfterEach
    void stop() {
        sim.close();
        sink.close();
    }

    static String no(String prefix) {
        return prefix + System.nanoTime() % 1_000_000_000L + "_" + SEQ.incrementAndGet();
    }

    /** An OkHttp client that sends every request meant for api.mch.weixin.qq.com to the simulator. */
    static OkHttpClient toSimulator(URI base) {
        return new OkHttpClient.Builder().addInterceptor(chain -> {
            Request r = chain.request();
            HttpUrl url = r.url().newBuilder().scheme("http").host(base.getHost()).port(base.getPort()).build();
            return chain.proceed(r.newBuilder().url(url).build());
        }).build();
    }

    HttpClient httpClient(Config config) {
        return new DefaultHttpClientBuilder().config(config).okHttpClient(toSimulator(sim.baseUri())).build();
    }

    static String pem(X509Certificate cert) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    RSAConfig rsaConfig() throws Exception {
        return new RSAConfig.Builder().merchantId(mchid).privateKey(merchant.getPrivate())
                .merchantSerialNumber(MERCHANT_SERIAL).wechatPayCertificates(pem(sim.platformCertificate().orElseThrow()))
                .build();
    }

    /** RSANotificationConfig is deprecated in 0.2.17 yet still how a merchant verifies with a given certificate. */
    @SuppressWarnings("deprecation")
    NotificationParser notificationParser() throws Exception {
        NotificationConfig config = new RSANotificationConfig.Builder().apiV3Key(API_V3_KEY)
                .certificates(sim.platformCertificate().orElseThrow()).build();
        return new NotificationParser(config);
    }

    static RequestParam requestParam(NotificationSink.Received n) {
        return new RequestParam.Builder().serialNumber(n.header("Wechatpay-Serial"))
                .timestamp(n.header("Wechatpay-Timestamp")).nonce(n.header("Wechatpay-Nonce"))
                .signature(n.header("Wechatpay-Signature")).signType(n.header("Wechatpay-Signature-Type"))
                .body(n.text()).build();
    }

    static void assertGatewayTime(String text) {
        assertNotNull(text);
        assertTrue(GATEWAY_TIME.matcher(text).matches(), "not a gateway time in seconds with +08:00: " + text);
    }

    PrepayRequest prepay(String no, int fen) {
        PrepayRequest p = new PrepayRequest();
        p.setAppid(APPID);
        p.setMchid(mchid);
        p.setDescription("挂号费");
        p.setOutTradeNo(no);
        p.setNotifyUrl(sink.uri().toString());
        Amount amount = new Amount();
        amount.setTotal(fen);
        p.setAmount(amount);
        return p;
    }

    Transaction query(NativePayService service, String no) {
        QueryOrderByOutTradeNoRequest q = new QueryOrderByOutTradeNoRequest();
        q.setMchid(mchid);
        q.setOutTradeNo(no);
        return service.queryOrderByOutTradeNo(q);
    }

    void close(NativePayService service, String no) {
        CloseOrderRequest c = new CloseOrderRequest();
        c.setMchid(mchid);
        c.setOutTradeNo(no);
        service.closeOrder(c);
    }

    /** The patient scans the Native QR and pays, through the simulator's documented control endpoint. */
    void patientPays(String no) throws Exception {
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                sim.baseUri().resolve("/simulator/pay?out_trade_no=" + no)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    /** Create, query, pay, notify, refund, notify, close: all through the SDK in platform-certificate mode. */
    @Test
    void rsaConfigDrivesANativeOrderThroughItsLife() throws Exception {
        RSAConfig config = rsaConfig();
        HttpClient http = httpClient(config);
        NativePayService pay = new NativePayService.Builder().httpClient(http).build();
        RefundService refunds = new RefundService.Builder().httpClient(http).build();
        NotificationParser parser = notificationParser();

        String no = no("N");
        String codeUrl = pay.prepay(prepay(no, 1230)).getCodeUrl();
        assertTrue(codeUrl.startsWith("weixin://wxpay/bizpayurl"), codeUrl);
        assertEquals(Transaction.TradeStateEnum.NOTPAY, query(pay, no).getTradeState());

        patientPays(no);
        Transaction paid = query(pay, no);
        assertEquals(Transaction.TradeStateEnum.SUCCESS, paid.getTradeState());
        assertEquals(Transaction.TradeTypeEnum.NATIVE, paid.getTradeType());
        assertEquals(1230, paid.getAmount().getTotal());
        assertGatewayTime(paid.getSuccessTime());
        assertFalse(paid.getPayer().getOpenid().isBlank());

        NotificationSink.Received n = sink.take();
        JsonNode envelope = JSON.readTree(n.body());
        assertEquals("TRANSACTION.SUCCESS", envelope.path("event_type").asText());
        assertEquals("支付成功", envelope.path("summary").asText());
        assertGatewayTime(envelope.path("create_time").asText());
        Transaction notified = parser.parse(requestParam(n), Transaction.class);
        assertEquals(no, notified.getOutTradeNo());
        assertEquals(Transaction.TradeTypeEnum.NATIVE, notified.getTradeType());
        assertEquals(Transaction.TradeStateEnum.SUCCESS, notified.getTradeState());
        assertEquals(paid.getTransactionId(), notified.getTransactionId());
        assertEquals(paid.getPayer().getOpenid(), notified.getPayer().getOpenid());
        assertEquals(paid.getSuccessTime(), notified.getSuccessTime());

        CreateRequest refund = new CreateRequest();
        refund.setOutTradeNo(no);
        refund.setOutRefundNo("R" + no);
        refund.setNotifyUrl(sink.uri().toString());
        AmountReq amount = new AmountReq();
        amount.setRefund(230L);
        amount.setTotal(1230L);
        amount.setCurrency("CNY");
        refund.setAmount(amount);
        Refund created = refunds.create(refund);
        assertEquals("R" + no, created.getOutRefundNo());
        assertEquals(230L, created.getAmount().getRefund());
        QueryByOutRefundNoRequest rq = new QueryByOutRefundNoRequest();
        rq.setOutRefundNo("R" + no);
        Refund done = refunds.queryByOutRefundNo(rq);
        assertEquals(Status.SUCCESS, done.getStatus());
        assertGatewayTime(done.getSuccessTime());

        NotificationSink.Received rn = sink.take();
        JsonNode refundEnvelope = JSON.readTree(rn.body());
        assertEquals("REFUND.SUCCESS", refundEnvelope.path("event_type").asText());
        assertEquals("退款成功", refundEnvelope.path("summary").asText());
        RefundNotification refunded = parser.parse(requestParam(rn), RefundNotification.class);
        assertEquals(Status.SUCCESS, refunded.getRefundStatus());
        assertEquals("R" + no, refunded.getOutRefundNo());
        assertGatewayTime(refunded.getSuccessTime());

        String unpaid = no("C");
        pay.prepay(prepay(unpaid, 500));
        close(pay, unpaid); // 204, signed: the SDK validates it too
        assertEquals(Transaction.TradeStateEnum.CLOSED, query(pay, unpaid).getTradeState());
    }

    /** RSAAutoCertificateConfig downloads GET /v3/certificates, decrypts it with the APIv3 key and trusts it. */
    @Test
    void autoCertificateConfigDownloadsThePlatformCertificate() throws Exception {
        RSAAutoCertificateConfig config = new RSAAutoCertificateConfig.Builder().merchantId(mchid)
                .privateKey(merchant.getPrivate()).merchantSerialNumber(MERCHANT_SERIAL).apiV3Key(API_V3_KEY)
                .httpClientBuilder(new DefaultHttpClientBuilder().okHttpClient(toSimulator(sim.baseUri()))).build();
        NativePayService pay = new NativePayService.Builder().httpClient(httpClient(config)).build();
        String no = no("A");
        pay.prepay(prepay(no, 800));
        assertEquals(Transaction.TradeStateEnum.NOTPAY, query(pay, no).getTradeState());
        patientPays(no);
        assertEquals(Transaction.TradeStateEnum.SUCCESS, query(pay, no).getTradeState());
        // the auto config is also a NotificationConfig: it verifies the notification with the downloaded certificate
        Transaction notified = new NotificationParser(config).parse(requestParam(sink.take()), Transaction.class);
        assertEquals(no, notified.getOutTradeNo());
        String unpaid = no("A");
        pay.prepay(prepay(unpaid, 100));
        close(pay, unpaid);
        assertEquals(Transaction.TradeStateEnum.CLOSED, query(pay, unpaid).getTradeState());
    }

    /** Public-key mode (微信支付公钥): RSAPublicKeyConfig verifies answers signed under the public-key ID. */
    @Test
    void publicKeyConfigVerifiesAnswersUnderThePublicKeyId() throws Exception {
        try (WechatPaySimulator pk = WechatPaySimulator.builder().mchid(mchid).appid(APPID)
                .merchantRsaKey(MERCHANT_SERIAL, merchant.getPublic())
                .apiV3Key(API_V3_KEY.getBytes(StandardCharsets.US_ASCII)).start(0)) {
            RSAPublicKeyConfig config = new RSAPublicKeyConfig.Builder().merchantId(mchid)
                    .privateKey(merchant.getPrivate()).merchantSerialNumber(MERCHANT_SERIAL).apiV3Key(API_V3_KEY)
                    .publicKey(pk.platformPublicKey().orElseThrow())
                    .publicKeyId(pk.platformPublicKeyId().orElseThrow()).build();
            NativePayService pay = new NativePayService.Builder().httpClient(new DefaultHttpClientBuilder()
                    .config(config).okHttpClient(toSimulator(pk.baseUri())).build()).build();
            String no = no("P");
            pay.prepay(prepay(no, 300));
            pk.payNative(no);
            Transaction t = query(pay, no);
            assertEquals(Transaction.TradeStateEnum.SUCCESS, t.getTradeState());
            assertEquals(Transaction.TradeTypeEnum.NATIVE, t.getTradeType());
            assertTrue(pk.platformCertificate().isEmpty() && pk.platformCertificateSerial().isEmpty());

            // a merchant with only the public key has no platform certificate to download (wechatpay-java #354)
            ServiceException e = assertThrows(ServiceException.class, () -> new RSAAutoCertificateConfig.Builder()
                    .merchantId(mchid).privateKey(merchant.getPrivate()).merchantSerialNumber(MERCHANT_SERIAL)
                    .apiV3Key(API_V3_KEY).httpClientBuilder(new DefaultHttpClientBuilder()
                            .okHttpClient(toSimulator(pk.baseUri()))).build());
            assertEquals("RESOURCE_NOT_EXISTS", e.getErrorCode());
        }
    }

    /**
     * Our own client ({@link WechatPayV3Client}) through the simulator: each request's Authorization, as the simulator
     * received it, verifies with the SDK's RSAVerifier over the APIv3 signing string, and the barcode payment's
     * notification parses with the SDK's NotificationParser.
     */
    @Test
    void ourRequestsAndTheSimulatorsNotificationsPassTheOfficialChecks() throws Exception {
        WechatPayV3Client ours = WechatPayV3Client.builder().baseUri(sim.baseUri()).appid(APPID)
                .signer(MerchantSigner.rsa(mchid, MERCHANT_SERIAL, merchant.getPrivate()))
                .verifier(sim.platformVerifier()).apiV3Key(API_V3_KEY.getBytes(StandardCharsets.US_ASCII))
                .requestTimeout(Duration.ofSeconds(5)).build();
        String no = no("B");
        ours.codepay(no, 990, "药费", "134567890123456789");
        ours.queryByOutTradeNo(no);
        ours.refund(no, "R" + no, 990, 990, "退药", null);

        List<WechatPaySimulator.ReceivedRequest> received = sim.requests();
        assertEquals(3, received.size());
        RSAVerifier verifier = new RSAVerifier(merchant.getPublic(), MERCHANT_SERIAL);
        Pattern field = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
        for (WechatPaySimulator.ReceivedRequest r : received) {
            String auth = r.authorization();
            assertTrue(auth.startsWith("WECHATPAY2-SHA256-RSA2048 "), auth);
            Map<String, String> f = new HashMap<>();
            Matcher m = field.matcher(auth);
            while (m.find()) {
                f.put(m.group(1), m.group(2));
            }
            assertEquals(mchid, f.get("mchid"));
            assertEquals(MERCHANT_SERIAL, f.get("serial_no"));
            assertEquals(32, f.get("nonce_str").length());
            String message = r.method() + "\n" + r.url() + "\n" + f.get("timestamp") + "\n" + f.get("nonce_str")
                    + "\n" + r.body() + "\n";
            assertTrue(verifier.verify(MERCHANT_SERIAL, message, f.get("signature")), "request " + r.url());
        }

        NotificationSink.Received n = sink.take();
        assertEquals(sim.platformCertificateSerial().orElseThrow(), n.header("Wechatpay-Serial"));
        Transaction notified = notificationParser().parse(requestParam(n), Transaction.class);
        assertEquals(no, notified.getOutTradeNo());
        assertEquals(Transaction.TradeTypeEnum.MICROPAY, notified.getTradeType());
        assertGatewayTime(notified.getSuccessTime());
        assertFalse(notified.getPayer().getOpenid().isBlank());
        RefundNotification refunded = notificationParser().parse(requestParam(sink.take()), RefundNotification.class);
        assertEquals(Status.SUCCESS, refunded.getRefundStatus());
        assertGatewayTime(refunded.getSuccessTime());
    }
}
