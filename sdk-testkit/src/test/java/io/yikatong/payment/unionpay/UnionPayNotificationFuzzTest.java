package io.yikatong.payment.unionpay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.core.Money;
import io.yikatong.payment.spi.ChannelNotification;
import io.yikatong.payment.spi.ChannelStatus;
import io.yikatong.payment.spi.NotificationRejectedException;
import io.yikatong.payment.spi.RefundResult;
import io.yikatong.payment.unionpay.internal.AcpForms;
import io.yikatong.testkit.payment.unionpay.UnionPaySimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Arbitrary notification bodies and headers give NotificationRejectedException only; valid ones decode. */
class UnionPayNotificationFuzzTest {

    private static final List<String> KEYS = List.of("version", "encoding", "signMethod", "txnType", "txnSubType",
            "bizType", "accessType", "merId", "orderId", "txnTime", "queryId", "respCode", "respMsg", "txnAmt",
            "currencyCode", "origQryId", "signPubKeyCert", "signature", "certId");
    private static UnionPaySimulator sim;
    private static UnionPayChannel channel;

    @BeforeAll
    static void start() throws Exception {
        sim = UnionPaySimulator.builder().merId(UnionPayTestKeys.MER_ID)
                .merchantCertificate(UnionPayTestKeys.merchant().certificate()).start();
        UnionPayClient client = UnionPayClient.builder().backTransUrl(sim.backTransUrl())
                .queryTransUrl(sim.queryTransUrl()).merId(UnionPayTestKeys.MER_ID)
                .rsaSigning(UnionPayTestKeys.merchant().keys().getPrivate(), UnionPayTestKeys.merchant().certificate())
                .trust(sim.middleCertificate(), sim.rootCertificate()).backUrl(URI.create("http://127.0.0.1:1/n"))
                .build();
        channel = UnionPayChannel.create(client, TxnTimeLookup.inMemory());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static Map<String, String> valid(String txnType, String orderId) {
        Map<String, String> n = new TreeMap<>();
        n.put("version", "5.1.0");
        n.put("encoding", "UTF-8");
        n.put("txnType", txnType);
        n.put("txnSubType", "00");
        n.put("bizType", "000000");
        n.put("accessType", "0");
        n.put("merId", UnionPayTestKeys.MER_ID);
        n.put("orderId", orderId);
        n.put("txnTime", "20261123120000");
        n.put("queryId", "2026112300000001");
        n.put("respCode", "00");
        n.put("respMsg", "Success!");
        n.put("txnAmt", "1230");
        n.put("currencyCode", "156");
        return n;
    }

    private static byte[] body(Map<String, String> fields) {
        return AcpForms.encodeForm(fields).getBytes(StandardCharsets.UTF_8);
    }

    /** Returns whether the body was accepted; fails on anything but NotificationRejectedException. */
    private static boolean accepted(Map<String, String> headers, byte[] body) {
        try {
            channel.parseNotification(headers, body);
            return true;
        } catch (NotificationRejectedException expected) {
            return false;
        } catch (RuntimeException e) {
            return fail("untyped " + e, e);
        }
    }

    private static void assertRejected(Map<String, String> headers, byte[] body) {
        if (accepted(headers, body)) {
            fail("accepted");
        }
    }

    @Test
    void validNotificationsDecodeByTxnType() throws Exception {
        ChannelNotification.Payment p = assertInstanceOf(ChannelNotification.Payment.class,
                channel.parseNotification(Map.of(), body(sim.sign(valid("01", "ORDER0001")))));
        assertEquals("ORDER0001", p.merchantOrderNo());
        assertEquals(ChannelStatus.PAID, p.result().status());
        assertEquals(Money.ofFen(1230), p.result().amount());
        ChannelNotification.Payment c = assertInstanceOf(ChannelNotification.Payment.class,
                channel.parseNotification(Map.of(), body(sim.sign(valid("31", "ORDER0001C")))));
        assertEquals("ORDER0001", c.merchantOrderNo());
        assertEquals(ChannelStatus.REVERSED, c.result().status());
        ChannelNotification.Refund r = assertInstanceOf(ChannelNotification.Refund.class,
                channel.parseNotification(Map.of(), body(sim.sign(valid("04", "REFUND0001")))));
        assertEquals("REFUND0001", r.merchantRefundNo());
        assertEquals(RefundResult.Status.SUCCEEDED, r.result().status());
    }

    @Test
    void signedButWrongNotificationsAreRejected() {
        Map<String, String> otherMer = valid("01", "ORDER0001");
        otherMer.put("merId", "999999999999999");
        assertRejected(Map.of(), body(sim.sign(otherMer)));
        assertRejected(Map.of(), body(sim.sign(valid("99", "ORDER0001"))));
        Map<String, String> badAmount = valid("01", "ORDER0001");
        badAmount.put("txnAmt", "12.30");
        assertRejected(Map.of(), body(sim.sign(badAmount)));
        assertRejected(Map.of(), body(sim.sign(valid("01", "short"))));
        Map<String, String> garbageCert = sim.sign(valid("01", "ORDER0001"));
        garbageCert.put("signPubKeyCert", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----");
        assertRejected(Map.of(), body(garbageCert));
        Map<String, String> unsigned = sim.sign(valid("01", "ORDER0001"));
        unsigned.remove("signature");
        assertRejected(Map.of(), body(unsigned));
        assertRejected(Map.of(), null);
    }

    @Test
    void randomBodiesAndHeadersAreRejectedTyped() {
        Random r = new Random(5_1_0);
        byte[] signed = body(sim.sign(valid("01", "ORDER0001")));
        for (int i = 0; i < 3000; i++) {
            Map<String, String> headers = new HashMap<>();
            for (int h = r.nextInt(3); h > 0; h--) {
                headers.put("h" + r.nextInt(5), Integer.toString(r.nextInt()));
            }
            byte[] body;
            switch (i % 4) {
                case 0 -> {
                    body = new byte[r.nextInt(200)];
                    r.nextBytes(body);
                }
                case 1 -> {
                    Map<String, String> f = new TreeMap<>();
                    for (int k = r.nextInt(KEYS.size()); k > 0; k--) {
                        f.put(KEYS.get(r.nextInt(KEYS.size())), Long.toString(r.nextLong(), 36));
                    }
                    body = body(f);
                }
                case 2 -> {
                    body = signed.clone();
                    for (int k = 1 + r.nextInt(3); k > 0; k--) {
                        body[r.nextInt(body.length)] = (byte) (' ' + r.nextInt(95));
                    }
                }
                default -> {
                    Map<String, String> f = sim.sign(valid(List.of("01", "31", "04", "", "7").get(r.nextInt(5)),
                            "ORDER" + r.nextInt(1000)));
                    String k = KEYS.get(r.nextInt(KEYS.size()));
                    f.put(k, f.getOrDefault(k, "") + (char) ('!' + r.nextInt(90)));
                    body = body(f);
                }
            }
            // a mutation that only changes the case of a %-escape (%2F → %2f) leaves the same fields: not altered
            if (accepted(headers, body) && !decodedForm(body).equals(decodedForm(signed))) {
                fail("accepted an altered body: " + new String(body, StandardCharsets.UTF_8));
            }
        }
    }

    /** The fields of a form body as a receiver decodes them (an undecodable body is its own distinct value). */
    private static Object decodedForm(byte[] body) {
        Map<String, String> fields = new TreeMap<>();
        try {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&", -1)) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                fields.put(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            return List.of(body);
        }
        return fields;
    }
}
