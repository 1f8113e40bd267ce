package io.yikatong.payment.alipay;

import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelRefusedException;
import io.yikatong.payment.spi.ChannelResult;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.spi.ChannelStatus;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.spi.PaymentErrorCode;
import io.yikatong.payment.spi.PaymentException;
import io.yikatong.payment.spi.RefundResult;
import io.yikatong.payment.spi.ReverseResult;
import io.yikatong.payment.spi.TransportProbe;
import io.yikatong.testkit.payment.alipay.AlipaySimulator;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlipayClientTest {

    private static final String CODE = "281234567890123456";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private AlipaySimulator sim;
    private AlipayClient client;
    private AlipayChannel channel;

    @BeforeEach
    void start() throws Exception {
        sim = AlipaySimulator.start(AlipayTestKeys.APP_ID, AlipayTestKeys.merchant().getPublic(), null, 0);
        client = AlipayClient.builder().gateway(sim.gateway()).appId(AlipayTestKeys.APP_ID)
                .appPrivateKey(AlipayTestKeys.merchant().getPrivate()).alipayPublicKey(sim.alipayPublicKey())
                .requestTimeout(Duration.ofSeconds(5)).build();
        channel = AlipayChannel.create(client, URI.create("http://127.0.0.1:1/notify"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static String no() {
        return "A" + System.nanoTime() % 1_000_000_000L + "x" + SEQ.incrementAndGet();
    }

    @Test
    void payQueryRefundAndRefundQuery() throws Exception {
        String no = no();
        AlipayTrade t = client.pay(no, Money.ofFen(1230), "挂号费", CODE);
        assertEquals("10000", t.code());
        assertEquals(Money.ofFen(1230), t.totalAmount());
        assertEquals(sim.trade(no).orElseThrow().tradeNo(), t.tradeNo());
        AlipayTrade q = client.query(no);
        assertEquals("TRADE_SUCCESS", q.tradeStatus());
        assertEquals(no, q.outTradeNo());
        AlipayRefund r = client.refund(no, "R1" + no, Money.ofFen(230), "退号");
        assertTrue(r.fundChange());
        assertEquals(Money.ofFen(230), r.refundAmount());
        AlipayRefund again = client.refund(no, "R1" + no, Money.ofFen(230), "退号");
        assertFalse(again.fundChange());
        assertEquals(Money.ofFen(230), sim.trade(no).orElseThrow().refunded());
        AlipayRefundedCheck.assertRefused("ACQ.DISCORDANT_REPEAT_REQUEST",
                () -> client.refund(no, "R1" + no, Money.ofFen(231), null));
        AlipayRefundedCheck.assertRefused("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
                () -> client.refund(no, "R2" + no, Money.ofFen(1001), null));
        AlipayRefund rq = client.queryRefund(no, "R1" + no);
        assertEquals("REFUND_SUCCESS", rq.refundStatus());
        assertEquals(Money.ofFen(230), rq.refundAmount());
        assertEquals("", client.queryRefund(no, "NOPE" + no).refundStatus());
        client.refund(no, "R3" + no, Money.ofFen(1000), null);
        assertEquals("TRADE_CLOSED", client.query(no).tradeStatus());
        assertEquals(Money.ofFen(1230), sim.trade(no).orElseThrow().refunded());
    }

    @Test
    void precreateSendsTheExpiryAbsoluteAndInWholeMinutesRoundedUp() throws Exception {
        String no = no();
        java.time.Instant expiry = java.time.Instant.now().plusSeconds(90).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS);
        client.precreate(no, Money.ofFen(100), "药费", null, expiry);
        com.fasterxml.jackson.databind.JsonNode biz = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                sim.requests().get(sim.requests().size() - 1).get("biz_content"));
        assertEquals(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(java.time.ZoneId.of("Asia/Shanghai")).format(expiry), biz.get("time_expire").asText());
        assertEquals("2m", biz.get("timeout_express").asText());
        client.precreate(no(), Money.ofFen(1), "x", null);
        assertFalse(sim.requests().get(sim.requests().size() - 1).get("biz_content").contains("time_expire"),
                "no expiry: Alipay's default");
        org.junit.jupiter.api.Assertions.assertThrows(io.yikatong.core.InvalidInputException.class,
                () -> client.precreate(no(), Money.ofFen(1), "x", null, java.time.Instant.now().minusSeconds(1)));
    }

    @Test
    void precreateCloseAndBuyerPays() throws Exception {
        String no = no();
        AlipayTrade t = client.precreate(no, Money.ofFen(5000), "药费", null);
        assertTrue(t.qrCode().startsWith("https://qr.alipay.com/"));
        // as at the gateway, the trade exists only once a buyer scans the code
        AlipayRefundedCheck.assertRefused("ACQ.TRADE_NOT_EXIST", () -> client.query(no));
        AlipayRefundedCheck.assertRefused("ACQ.TRADE_NOT_EXIST", () -> client.close(no));
        assertEquals(t.qrCode(), client.precreate(no, Money.ofFen(5000), "药费", null).qrCode(), "same order, same QR");
        sim.buyerScans(no);
        assertEquals("WAIT_BUYER_PAY", client.query(no).tradeStatus());
        client.close(no);
        assertEquals("TRADE_CLOSED", client.query(no).tradeStatus());
        String paid = no();
        client.precreate(paid, Money.ofFen(1), "药费", null);
        sim.buyerPays(paid);
        AlipayRefundedCheck.assertRefused("ACQ.TRADE_STATUS_ERROR", () -> client.close(paid));
        assertEquals(ChannelStatus.PAID, channel.close(paid).status());
    }

    @Test
    void cancelClosesUnpaidAndRefundsPaid() throws Exception {
        String unpaid = no();
        sim.waitBuyerPay(5, "TRADE_SUCCESS");
        assertEquals("10003", client.pay(unpaid, Money.ofFen(100), "x", CODE).code());
        AlipayCancel c = client.cancel(unpaid);
        assertEquals("close", c.action());
        assertFalse(c.retry());
        assertEquals("TRADE_CLOSED", sim.trade(unpaid).orElseThrow().tradeStatus());
        String paid = no();
        client.pay(paid, Money.ofFen(100), "x", CODE);
        assertEquals("refund", client.cancel(paid).action());
        assertEquals(Money.ofFen(100), sim.trade(paid).orElseThrow().refunded());
        assertEquals(ReverseResult.Status.NOT_FOUND, channel.reverse(no()).status());
        assertEquals(ReverseResult.Status.REVERSED, channel.reverse(paid).status());
    }

    @Test
    void waitBuyerPayThenSuccessOrClosed() throws Exception {
        String no = no();
        sim.waitBuyerPay(2, "TRADE_SUCCESS");
        AlipayTrade t = client.pay(no, Money.ofFen(700), "x", CODE);
        assertEquals("10003", t.code());
        assertEquals("WAIT_BUYER_PAY", t.tradeStatus());
        assertEquals(ChannelStatus.USER_PAYING, channel.query(no).status());
        assertEquals("WAIT_BUYER_PAY", client.query(no).tradeStatus());
        assertEquals("TRADE_SUCCESS", client.query(no).tradeStatus());
        assertEquals(3, sim.trade(no).orElseThrow().queries());
        String closed = no();
        sim.waitBuyerPay(0, "TRADE_CLOSED");
        assertEquals(ChannelStatus.USER_PAYING, channel.barcodePay(closed, Money.ofFen(700), "x", CODE).status());
        assertEquals(ChannelStatus.CLOSED, channel.query(closed).status());
    }

    @Test
    void declinesKeepTheSubCode() throws Exception {
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "alipay",
                () -> client.pay(no(), Money.ofFen(100), "x", AlipaySimulator.DECLINED_AUTH_CODE));
        assertEquals("40004", e.channelCode());
        assertEquals("ACQ.BUYER_BALANCE_NOT_ENOUGH", e.subCode());
        assertFalse(e.outcomeUnknown());
        ChannelResult d = channel.barcodePay(no(), Money.ofFen(100), "x", AlipaySimulator.DECLINED_AUTH_CODE);
        assertEquals(ChannelStatus.DECLINED, d.status());
        assertEquals("ACQ.BUYER_BALANCE_NOT_ENOUGH", d.code());
        assertEquals(DeclineReason.INSUFFICIENT_FUNDS, d.declineReason());
        ChannelResult bad = channel.barcodePay(no(), Money.ofFen(100), "x", "12");
        assertEquals(DeclineReason.AUTH_CODE_INVALID, bad.declineReason());
        assertEquals(ChannelStatus.NOT_FOUND, channel.query(no()).status());
        String no = no();
        channel.barcodePay(no, Money.ofFen(100), "x", CODE);
        assertEquals(ChannelStatus.UNKNOWN, channel.barcodePay(no, Money.ofFen(100), "x", CODE).status());
    }

    @Test
    void linkFaultsAreUnknownNeverDeclined() throws Exception {
        String no = no();
        sim.dropNextAnswers(1);
        assertChannelThrows(ChannelLinkException.class, "alipay", () -> client.pay(no, Money.ofFen(100), "x", CODE));
        assertEquals("TRADE_SUCCESS", sim.trade(no).orElseThrow().tradeStatus()); // it did take effect
        sim.failNext(1, 502);
        assertChannelThrows(ChannelLinkException.class, "alipay", () -> client.query(no));
        sim.failNext(1, 500);
        assertEquals(ChannelStatus.UNKNOWN, channel.barcodePay(no(), Money.ofFen(100), "x", CODE).status());
        sim.dropNextAnswers(1);
        assertEquals(RefundResult.Status.UNKNOWN, channel.refund(no, "R" + no, Money.ofFen(50), Money.ofFen(100),
                null).status());
        assertEquals(RefundResult.Status.SUCCEEDED, channel.queryRefund(no, "R" + no).status());
        sim.tamperNextAnswer();
        assertEquals(ChannelStatus.UNKNOWN, channel.query(no).status());
        sim.failNext(1, 503);
        assertEquals(ReverseResult.Status.UNKNOWN, channel.reverse(no).status());
        assertEquals(ChannelStatus.PAID, channel.query(no).status());
        // a fresh channel (as after a restart) asks by order number: a refund never sent is not found, one sent is found
        AlipayChannel restarted = AlipayChannel.create(client, URI.create("http://127.0.0.1:1/notify"));
        assertEquals(RefundResult.Status.NOT_FOUND, restarted.queryRefund(no, "never-sent").status());
        assertEquals(RefundResult.Status.SUCCEEDED, restarted.queryRefund(no, "R" + no).status());
    }

    @Test
    void wrongKeyIsMisconfiguredNotDeclined() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        AlipayClient wrong = AlipayClient.builder().gateway(sim.gateway()).appId(AlipayTestKeys.APP_ID)
                .appPrivateKey(g.generateKeyPair().getPrivate()).alipayPublicKey(sim.alipayPublicKey()).build();
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "alipay",
                () -> wrong.query(no()));
        assertEquals("40002", e.channelCode());
        assertEquals("isv.invalid-signature", e.subCode());
        assertTrue(e.credentialsRejected());
        PaymentException pe = assertThrows(PaymentException.class,
                () -> AlipayChannel.create(wrong, URI.create("http://127.0.0.1:1/n")).barcodePay(no(),
                        Money.ofFen(1), "x", CODE));
        assertEquals(PaymentErrorCode.CHANNEL_MISCONFIGURED, pe.errorCode());
        AlipayClient wrongVerifier = AlipayClient.builder().gateway(sim.gateway()).appId(AlipayTestKeys.APP_ID)
                .appPrivateKey(AlipayTestKeys.merchant().getPrivate())
                .alipayPublicKey(AlipayTestKeys.merchant().getPublic()).build();
        assertChannelThrows(ChannelSignatureException.class, "alipay", () -> wrongVerifier.query(no()));
    }

    @Test
    void invalidInputIsRejectedBeforeSending() throws Exception {
        assertEquals("amount", assertThrows(InvalidInputException.class,
                () -> client.pay(no(), Money.ofFen(0), "x", CODE)).field());
        assertEquals("outTradeNo", assertThrows(InvalidInputException.class,
                () -> client.query("bad no")).field());
        assertEquals("appPrivateKey", assertThrows(InvalidInputException.class,
                () -> AlipayClient.builder().appId("a").alipayPublicKey(sim.alipayPublicKey()).build()).field());
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        assertThrows(InvalidInputException.class, () -> AlipayClient.builder().appId("a")
                .appPrivateKey(g.generateKeyPair().getPrivate()).alipayPublicKey(sim.alipayPublicKey()).build());
        assertTrue(sim.requests().isEmpty());
        assertFalse(client.toString().contains("PRIVATE"));
    }

    @Test
    void amountsConvertExactly() throws Exception {
        String no = no();
        client.pay(no, Money.ofFen(1), "x", CODE);
        assertEquals(Money.ofFen(1), client.query(no).totalAmount());
        assertTrue(sim.requests().get(0).get("biz_content").contains("\"total_amount\":\"0.01\""));
        String big = no();
        client.pay(big, Money.ofFen(123456789), "x", CODE);
        assertEquals(Money.ofFen(123456789), client.query(big).totalAmount());
    }

    @Test
    void anInjectedHttpClientCarriesEveryRequestAndTheRequestTimeoutStillApplies() throws Exception {
        try (TransportProbe probe = new TransportProbe()) {
            AlipayClient viaProbe = AlipayClient.builder().gateway(sim.gateway()).appId(AlipayTestKeys.APP_ID)
                    .appPrivateKey(AlipayTestKeys.merchant().getPrivate()).alipayPublicKey(sim.alipayPublicKey())
                    .httpClient(probe.client()).requestTimeout(Duration.ofSeconds(5)).build();
            String no = no();
            assertEquals("10000", viaProbe.pay(no, Money.ofFen(100), "挂号费", CODE).code());
            assertEquals("TRADE_SUCCESS", viaProbe.query(no).tradeStatus());
            assertEquals(List.of(sim.gateway()), probe.requests().stream().distinct().toList());
            assertTrue(probe.requests().size() >= 2, probe.requests()::toString);
            AlipayClient silent = AlipayClient.builder().gateway(probe.silentServer()).appId(AlipayTestKeys.APP_ID)
                    .appPrivateKey(AlipayTestKeys.merchant().getPrivate()).alipayPublicKey(sim.alipayPublicKey())
                    .httpClient(probe.client()).requestTimeout(Duration.ofMillis(300)).build();
            ChannelLinkException e = assertChannelThrows(ChannelLinkException.class, "alipay",
                    () -> silent.query(no));
            assertTrue(e.getMessage().contains("timed out after 300 ms (outcome unknown)"), e.getMessage());
        }
    }
}
