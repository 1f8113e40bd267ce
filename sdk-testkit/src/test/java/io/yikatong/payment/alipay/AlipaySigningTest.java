package io.yikatong.payment.alipay;

import static io.yikatong.payment.spi.ChannelFailures.assertChannel;
import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Money;
import io.yikatong.payment.alipay.internal.AlipaySigning;
import io.yikatong.payment.spi.Base64Spellings;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.testkit.payment.alipay.AlipaySimulator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlipaySigningTest {

    private AlipaySimulator sim;
    private AlipayClient client;

    @BeforeEach
    void start() throws Exception {
        sim = AlipaySimulator.start(AlipayTestKeys.APP_ID, AlipayTestKeys.merchant().getPublic(), null, 0);
        client = AlipayClient.builder().gateway(sim.gateway()).appId(AlipayTestKeys.APP_ID)
                .appPrivateKey(AlipayTestKeys.merchant().getPrivate()).alipayPublicKey(sim.alipayPublicKey())
                .clock(Clock.fixed(Instant.parse("2026-03-01T16:30:05Z"), ZoneOffset.UTC)).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void signStringKnownAnswer() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("version", "1.0");
        p.put("sign", "SHOULD_NOT_APPEAR");
        p.put("timestamp", "2014-07-24 03:07:50");
        p.put("method", "alipay.trade.pay");
        p.put("app_auth_token", "");
        p.put("biz_content", "{\"out_trade_no\":\"20150320010101001\",\"total_amount\":\"88.88\",\"subject\":\"挂号费 &x\"}");
        p.put("charset", "utf-8");
        p.put("sign_type", "RSA2");
        p.put("format", "JSON");
        p.put("app_id", "2014072300007148");
        p.put("notify_url", "http://api.test.alipay.net/atinterface/receive_notify.htm?a=1&b=2");
        String expected = "app_id=2014072300007148"
                + "&biz_content={\"out_trade_no\":\"20150320010101001\",\"total_amount\":\"88.88\",\"subject\":\"挂号费 &x\"}"
                + "&charset=utf-8&format=JSON&method=alipay.trade.pay"
                + "&notify_url=http://api.test.alipay.net/atinterface/receive_notify.htm?a=1&b=2"
                + "&sign_type=RSA2&timestamp=2014-07-24 03:07:50&version=1.0";
        byte[] got = AlipaySigning.signString(p, AlipaySigning.REQUEST_EXCLUDED).getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, new String(got, StandardCharsets.UTF_8));
        assertTrue(java.util.Arrays.equals(expected.getBytes(StandardCharsets.UTF_8), got));
        String notify = AlipaySigning.signString(p, AlipaySigning.NOTIFICATION_EXCLUDED);
        assertEquals(expected.replace("&sign_type=RSA2", ""), notify);
    }

    @Test
    void requestCarriesCommonParamsInChinaTimeAndAVerifiableSignature() throws Exception {
        client.pay("KAT0001", Money.ofFen(8888), "挂号费", "281234567890123456");
        Map<String, String> req = sim.requests().get(0);
        assertEquals("2026-03-02 00:30:05", req.get("timestamp"));
        assertEquals("RSA2", req.get("sign_type"));
        assertEquals("JSON", req.get("format"));
        assertEquals("utf-8", req.get("charset"));
        assertEquals("1.0", req.get("version"));
        assertEquals("alipay.trade.pay", req.get("method"));
        assertTrue(req.get("biz_content").contains("\"total_amount\":\"88.88\""), req.get("biz_content"));
        assertTrue(req.get("biz_content").contains("\"scene\":\"bar_code\""));
        // independent check: rebuild the sign string by hand and verify with the JDK
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(req).entrySet()) {
            if (!e.getKey().equals("sign")) {
                sb.append(sb.length() == 0 ? "" : "&").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(AlipayTestKeys.merchant().getPublic());
        s.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(s.verify(Base64.getDecoder().decode(req.get("sign"))));
        assertEquals(256, Base64.getDecoder().decode(req.get("sign")).length);
    }

    @Test
    void tamperedAnswerIsRejected() {
        sim.tamperNextAnswer();
        assertChannelThrows(ChannelSignatureException.class, "alipay",
                () -> client.pay("TAMPER01", Money.ofFen(100), "x", "281234567890123456"));
        // the request did take effect: the trade exists
        assertEquals("TRADE_SUCCESS", sim.trade("TAMPER01").orElseThrow().tradeStatus());
    }

    @Test
    void rawResponseNodeIsExtractedVerbatim() throws Exception {
        String node = "{\"code\":\"10000\", \"msg\" : \"Success\",\"a\":{\"b\":[1,2,\"}\"]}}";
        String body = "{\"x\":[1,{\"y\":2}],\"alipay_trade_query_response\":" + node + ",\"sign\":\"abc\"}";
        AlipaySigning.RawNode raw = AlipaySigning.extract(body, "alipay_trade_query_response");
        assertEquals(node, raw.node());
        assertEquals("abc", raw.sign());
        assertNull(AlipaySigning.extract("{\"sign\":\"s\"}", "other").node());
    }

    private Map<String, String> notification() {
        Map<String, String> n = new TreeMap<>();
        n.put("notify_id", "n1");
        n.put("notify_type", "trade_status_sync");
        n.put("app_id", AlipayTestKeys.APP_ID);
        n.put("out_trade_no", "NOTIFY01");
        n.put("trade_no", "2026000001");
        n.put("trade_status", "TRADE_SUCCESS");
        n.put("total_amount", "12.30");
        n.put("subject", "挂号费 & 诊金");
        return n;
    }

    private static byte[] form(Map<String, String> n) {
        StringBuilder sb = new StringBuilder();
        n.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void notificationVerifiesWithoutSignType() throws Exception {
        Map<String, String> n = notification();
        n.put("sign_type", "RSA2");
        n.put("sign", sim.signNotification(n)); // the simulator signs without sign and sign_type
        AlipayNotification parsed = client.parseNotification(form(n));
        assertEquals("NOTIFY01", parsed.outTradeNo());
        assertEquals(Money.ofFen(1230), parsed.totalAmount());
        assertEquals("TRADE_SUCCESS", parsed.tradeStatus());
    }

    /** Signs a hand-built string with a key the test owns, so the client's exclusion set is checked independently. */
    private static String handSign(String text) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(AlipayTestKeys.merchant().getPrivate());
        s.update(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    @Test
    void notificationVerificationExcludesSignTypeIndependently() throws Exception {
        AlipayClient trusting = AlipayClient.builder().gateway(sim.gateway()).appId(AlipayTestKeys.APP_ID)
                .appPrivateKey(AlipayTestKeys.merchant().getPrivate())
                .alipayPublicKey(AlipayTestKeys.merchant().getPublic()).build();
        Map<String, String> n = notification();
        n.put("sign_type", "RSA2");
        String without = "app_id=" + AlipayTestKeys.APP_ID + "&notify_id=n1&notify_type=trade_status_sync"
                + "&out_trade_no=NOTIFY01&subject=挂号费 & 诊金&total_amount=12.30&trade_no=2026000001"
                + "&trade_status=TRADE_SUCCESS";
        String with = without.replace("&subject=", "&sign_type=RSA2&subject=");
        n.put("sign", handSign(without));
        assertEquals("NOTIFY01", trusting.parseNotification(form(n)).outTradeNo());
        n.put("sign", handSign(with));
        assertChannelThrows(ChannelSignatureException.class, "alipay", () -> trusting.parseNotification(form(n)));
    }

    @Test
    void tamperedNotificationIsRejected() {
        Map<String, String> n = notification();
        n.put("sign_type", "RSA2");
        n.put("sign", sim.signNotification(n));
        n.put("total_amount", "0.01");
        ChannelSignatureException e = assertChannelThrows(ChannelSignatureException.class, "alipay",
                () -> client.parseNotification(form(n)));
        assertFalse(e.getMessage().contains(n.get("sign")));
        n.remove("sign");
        assertChannelThrows(ChannelSignatureException.class, "alipay", () -> client.parseNotification(form(n)));
    }

    @Test
    void onlyTheCanonicalSpellingOfTheSignIsAccepted() throws Exception {
        Map<String, String> n = notification();
        String sign = sim.signNotification(n);
        n.put("sign", sign);
        assertEquals("NOTIFY01", client.parseNotification(form(n)).outTradeNo());
        for (String other : Base64Spellings.nonCanonical(sign)) {
            n.put("sign", other);
            assertChannelThrows(ChannelSignatureException.class, "alipay", () -> client.parseNotification(form(n)));
        }
        // characters a MIME decoder skips are not part of a signature
        for (String bad : new String[] {sign.substring(0, 20) + "*" + sign.substring(20), sign + "!",
            sign.substring(0, 20) + " " + sign.substring(20), sign.substring(0, 76) + "\r\n" + sign.substring(76),
            sign.substring(0, sign.length() - 2)}) {
            n.put("sign", bad);
            assertChannelThrows(ChannelSignatureException.class, "alipay", () -> client.parseNotification(form(n)));
            assertFalse(AlipaySigning.verify(sim.alipayPublicKey(), "x", bad));
        }
    }

    @Test
    void signedNotificationWithBadAmountIsMalformed() {
        Map<String, String> n = notification();
        n.put("total_amount", "12.301");
        n.put("sign", sim.signNotification(n));
        assertChannel(ChannelMalformedResponseException.class, "alipay",
                assertChannelThrows(ChannelException.class, "alipay", () -> client.parseNotification(form(n))));
    }

    @Test
    void notificationFuzzOnlyTypedExceptions() {
        Random r = new Random(20261123L);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[r.nextInt(200)];
            r.nextBytes(b);
            if (i % 2 == 0) {
                for (int j = 0; j < b.length; j++) {
                    b[j] = (byte) "a=b&%=+sign_type0123456789".charAt(Math.floorMod(b[j], 26));
                }
            }
            ChannelException e = assertChannelThrows(ChannelException.class, "alipay",
                    () -> client.parseNotification(b));
            assertTrue(e instanceof ChannelSignatureException || e instanceof ChannelMalformedResponseException);
        }
    }
}
