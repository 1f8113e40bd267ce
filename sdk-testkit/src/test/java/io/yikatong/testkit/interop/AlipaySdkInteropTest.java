package io.yikatong.testkit.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alipay.api.AlipayApiException;
import com.alipay.api.AlipayResponse;
import com.alipay.api.DefaultAlipayClient;
import com.alipay.api.domain.AlipayTradeCloseModel;
import com.alipay.api.domain.AlipayTradePrecreateModel;
import com.alipay.api.domain.AlipayTradeQueryModel;
import com.alipay.api.domain.AlipayTradeRefundModel;
import com.alipay.api.internal.util.AlipaySignature;
import com.alipay.api.request.AlipayTradeCloseRequest;
import com.alipay.api.request.AlipayTradePrecreateRequest;
import com.alipay.api.request.AlipayTradeQueryRequest;
import com.alipay.api.request.AlipayTradeRefundRequest;
import com.alipay.api.response.AlipayTradeCloseResponse;
import com.alipay.api.response.AlipayTradePrecreateResponse;
import com.alipay.api.response.AlipayTradeQueryResponse;
import com.alipay.api.response.AlipayTradeRefundResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.core.Money;
import io.yikatong.payment.alipay.AlipayClient;
import io.yikatong.testkit.payment.alipay.AlipaySimulator;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Alipay SDK (alipay-sdk-java 4.40.0.ALL, {@link DefaultAlipayClient}) as a client of
 * {@link AlipaySimulator}: the SDK sends the system parameters in the URL query and {@code biz_content} in the form,
 * verifies every answer's signature with the simulator's Alipay public key, and {@link AlipaySignature} checks the
 * simulator's notifications and the requests our own {@link AlipayClient} sends.
 */
class AlipaySdkInteropTest {

    static final String APP_ID = "2021000000000001";
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger SEQ = new AtomicInteger();
    static KeyPair app;

    NotificationSink sink;
    AlipaySimulator sim;
    DefaultAlipayClient official;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        app = g.generateKeyPair();
    }

    @BeforeEach
    void start() throws Exception {
        sink = new NotificationSink(200, "success");
        sim = AlipaySimulator.start(APP_ID, app.getPublic(), null, 0);
        official = new DefaultAlipayClient(sim.gateway().toString(), APP_ID, b64(app.getPrivate().getEncoded()), "json",
                "UTF-8", alipayPublicKey(), "RSA2");
    }

    @AfterEach
    void stop() {
        sim.close();
        sink.close();
    }

    static String b64(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }

    String alipayPublicKey() {
        return b64(sim.alipayPublicKey().getEncoded());
    }

    static String no(String prefix) {
        return prefix + System.nanoTime() % 1_000_000_000L + "_" + SEQ.incrementAndGet();
    }

    AlipayTradePrecreateResponse precreate(String no, String yuan) throws AlipayApiException {
        AlipayTradePrecreateModel m = new AlipayTradePrecreateModel();
        m.setOutTradeNo(no);
        m.setTotalAmount(yuan);
        m.setSubject("门诊缴费");
        AlipayTradePrecreateRequest r = new AlipayTradePrecreateRequest();
        r.setBizModel(m);
        r.setNotifyUrl(sink.uri().toString());
        return official.execute(r);
    }

    AlipayTradeQueryResponse query(String no) throws AlipayApiException {
        AlipayTradeQueryModel m = new AlipayTradeQueryModel();
        m.setOutTradeNo(no);
        AlipayTradeQueryRequest r = new AlipayTradeQueryRequest();
        r.setBizModel(m);
        return official.execute(r);
    }

    AlipayTradeCloseResponse close(String no) throws AlipayApiException {
        AlipayTradeCloseModel m = new AlipayTradeCloseModel();
        m.setOutTradeNo(no);
        AlipayTradeCloseRequest r = new AlipayTradeCloseRequest();
        r.setBizModel(m);
        return official.execute(r);
    }

    static void assertOk(AlipayResponse r) {
        assertTrue(r.isSuccess(), () -> r.getCode() + " " + r.getSubCode() + " " + r.getBody());
    }

    /** A patient scans the QR with the Alipay app and pays, through the simulator's control endpoint. */
    void patientPays(String no) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                sim.gateway().resolve("/simulator/pay?out_trade_no=" + no))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    /** Precreate, (not scanned yet), pay by scan, query, notify, refund, and close of another order. */
    @Test
    void officialClientDrivesAQrOrderThroughItsLife() throws Exception {
        String no = no("Q");
        AlipayTradePrecreateResponse created = precreate(no, "12.30");
        assertOk(created);
        assertEquals(no, created.getOutTradeNo());
        assertTrue(created.getQrCode().startsWith("https://qr.alipay.com/"), created.getQrCode());

        // nobody scanned it: the gateway has no trade yet
        AlipayTradeQueryResponse before = query(no);
        assertFalse(before.isSuccess());
        assertEquals("ACQ.TRADE_NOT_EXIST", before.getSubCode());

        patientPays(no);
        AlipayTradeQueryResponse paid = query(no);
        assertOk(paid);
        assertEquals("TRADE_SUCCESS", paid.getTradeStatus());
        assertEquals("12.30", paid.getTotalAmount());
        assertFalse(paid.getTradeNo().isEmpty());

        Map<String, String> n = sink.take().form();
        assertTrue(AlipaySignature.rsaCheckV1(n, alipayPublicKey(), "UTF-8", "RSA2"), n.toString());
        assertEquals("trade_status_sync", n.get("notify_type"));
        assertEquals("TRADE_SUCCESS", n.get("trade_status"));
        assertEquals(no, n.get("out_trade_no"));
        assertEquals(paid.getTradeNo(), n.get("trade_no"));
        assertEquals("12.30", n.get("total_amount"));
        assertEquals("12.30", n.get("receipt_amount"));
        assertEquals("12.30", n.get("buyer_pay_amount"));
        assertEquals("门诊缴费", n.get("subject"));
        assertTrue(n.get("gmt_payment").matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"), n.get("gmt_payment"));
        assertTrue(n.get("seller_id").matches("2088\\d{12}"), n.get("seller_id"));
        assertTrue(n.get("buyer_id").matches("2088\\d{12}"), n.get("buyer_id"));
        JsonNode bills = JSON.readTree(n.get("fund_bill_list"));
        assertTrue(bills.isArray() && bills.size() == 1, n.get("fund_bill_list"));
        assertEquals("12.30", bills.get(0).path("amount").asText());
        assertFalse(bills.get(0).path("fundChannel").asText().isEmpty());

        AlipayTradeRefundModel rm = new AlipayTradeRefundModel();
        rm.setOutTradeNo(no);
        rm.setRefundAmount("2.30");
        rm.setOutRequestNo("R" + no);
        AlipayTradeRefundRequest rr = new AlipayTradeRefundRequest();
        rr.setBizModel(rm);
        AlipayTradeRefundResponse refund = official.execute(rr);
        assertOk(refund);
        assertEquals("Y", refund.getFundChange());
        assertEquals("2.30", refund.getRefundFee());
        AlipayTradeRefundResponse again = official.execute(rr);
        assertOk(again);
        assertEquals("N", again.getFundChange());

        // close: an order nobody scanned does not exist yet; a scanned, unpaid one closes
        String unscanned = no("C");
        assertOk(precreate(unscanned, "5.00"));
        AlipayTradeCloseResponse notThere = close(unscanned);
        assertFalse(notThere.isSuccess());
        assertEquals("ACQ.TRADE_NOT_EXIST", notThere.getSubCode());
        sim.buyerScans(unscanned);
        assertEquals("WAIT_BUYER_PAY", query(unscanned).getTradeStatus());
        assertOk(close(unscanned));
        assertEquals("TRADE_CLOSED", query(unscanned).getTradeStatus());
    }

    /** A tampered answer fails the official client's signature check (so the check above was real). */
    @Test
    void officialClientRejectsATamperedAnswer() throws Exception {
        String no = no("T");
        assertOk(precreate(no, "1.00"));
        sim.buyerPays(no);
        sim.tamperNextAnswer();
        AlipayApiException e = org.junit.jupiter.api.Assertions.assertThrows(AlipayApiException.class,
                () -> query(no));
        assertTrue(String.valueOf(e.getMessage()).contains("sign"), e.getMessage());
    }

    /** The requests our {@link AlipayClient} sends verify with the official SDK's request check (sign over all but sign). */
    @Test
    void ourRequestsVerifyWithTheOfficialSignatureCheck() throws Exception {
        AlipayClient ours = AlipayClient.builder().gateway(sim.gateway()).appId(APP_ID).appPrivateKey(app.getPrivate())
                .alipayPublicKey(sim.alipayPublicKey()).requestTimeout(Duration.ofSeconds(5)).build();
        String no = no("O");
        ours.precreate(no, Money.ofFen(4560), "药费", sink.uri());
        sim.buyerPays(no);
        ours.query(no);
        ours.refund(no, "R" + no, Money.ofFen(560), "退药");
        List<Map<String, String>> requests = sim.requests();
        assertEquals(3, requests.size());
        String appPublicKey = b64(app.getPublic().getEncoded());
        for (Map<String, String> p : requests) {
            assertTrue(AlipaySignature.rsaCheckV2(new java.util.HashMap<>(p), appPublicKey, "UTF-8", "RSA2"),
                    p.get("method"));
        }
        Map<String, String> n = sink.take().form();
        assertTrue(AlipaySignature.rsaCheckV1(n, alipayPublicKey(), "UTF-8", "RSA2"));
        assertEquals("45.60", n.get("receipt_amount"));
        assertEquals("药费", n.get("subject"));
    }
}
