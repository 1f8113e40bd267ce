package io.yikatong.payment.unionpay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.core.Money;
import io.yikatong.payment.spi.Base64Spellings;
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

/**
 * Arbitrary notification bodies and headers give NotificationRejectedException only; valid ones decode; an accepted
 * body means exactly what the signed one means (a second spelling of the same signature bytes is rejected).
 */
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
        channel = channelOf(sim);
    }

    private static UnionPayChannel channelOf(UnionPaySimulator sim) {
        UnionPayClient client = UnionPayClient.builder().backTransUrl(sim.backTransUrl())
                .queryTransUrl(sim.queryTransUrl()).merId(UnionPayTestKeys.MER_ID)
                .rsaSigning(UnionPayTestKeys.merchant().keys().getPrivate(), UnionPayTestKeys.merchant().certificate())
                .trust(sim.middleCertificate(), sim.rootCertificate()).backUrl(URI.create("http://127.0.0.1:1/n"))
                .build();
        return UnionPayChannel.create(client, TxnTimeLookup.inMemory());
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
        return accepted(channel, headers, body);
    }

    private static boolean accepted(UnionPayChannel channel, Map<String, String> headers, byte[] body) {
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
    void nonCanonicalSignatureSpellingsAreRejected() {
        Map<String, String> f = sim.sign(valid("01", "ORDER0001"));
        String sig = f.get("signature"); // 256 bytes: always ends in "=="
        assertEquals(true, accepted(Map.of(), body(f)));
        List<String> others = Base64Spellings.nonCanonical(sig);
        assertEquals(15, others.size());
        for (String other : others) {
            f.put("signature", other);
            assertRejected(Map.of(), body(f));
        }
        // the line breaks the format allows are not an alteration
        f.put("signature", sig.substring(0, 76) + "\r\n" + sig.substring(76));
        assertEquals(true, accepted(Map.of(), body(f)));
    }

    /**
     * Mutated and random bodies: one that is accepted must mean what the signed one means. Each key set is a fresh
     * simulator (new certificates, so a new signature text); {@code -Dyikatong.fuzz.keySets=50} runs 50 of them.
     */
    @Test
    void randomBodiesAndHeadersAreRejectedTyped() throws Exception {
        fuzz(sim, channel, 5_1_0);
        int keySets = Integer.getInteger("yikatong.fuzz.keySets", 1);
        for (int k = 1; k < keySets; k++) {
            try (UnionPaySimulator fresh = UnionPaySimulator.builder().merId(UnionPayTestKeys.MER_ID)
                    .merchantCertificate(UnionPayTestKeys.merchant().certificate()).start()) {
                fuzz(fresh, channelOf(fresh), 5_1_0 + k);
            }
        }
    }

    private static void fuzz(UnionPaySimulator sim, UnionPayChannel channel, long seed) {
        Random r = new Random(seed);
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
            if (accepted(channel, headers, body) && !meaning(body).equals(meaning(signed))) {
                fail("seed " + seed + ": accepted an altered body: " + new String(body, StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * What a receiver acts on: the fields of the form as decoded (so a mutation that only changes the case of a
     * %-escape, %2F → %2f, is not an alteration), with the signature's CR/LF removed (line breaks that UnionPay's
     * format allows carry nothing). Every other difference, in the signature's text too, is an alteration: a
     * second spelling of the same signature bytes must be rejected. An undecodable body is its own distinct value.
     */
    private static Object meaning(byte[] body) {
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
        fields.computeIfPresent("signature", (k, v) -> v.replace("\r", "").replace("\n", ""));
        return fields;
    }
}
