package io.yikatong.payment.wechat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.ChannelResult;
import io.yikatong.payment.spi.ChannelStatus;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.spi.NotificationRejectedException;
import io.yikatong.payment.spi.PaymentErrorCode;
import io.yikatong.payment.spi.PaymentException;
import io.yikatong.payment.spi.RefundResult;
import io.yikatong.payment.spi.ReverseResult;
import io.yikatong.testkit.payment.wechat.WechatPaySimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WechatPayChannelTest {

    static final byte[] KEY = "0123456789abcdefghijABCDEFGHIJ01".getBytes(StandardCharsets.US_ASCII);
    static final URI NOTIFY = URI.create("http://127.0.0.1:9/notify");
    static KeyPair merchant;
    static WechatPaySimulator sim;
    static WechatPayChannel channel;
    static int seq;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        merchant = g.generateKeyPair();
        sim = WechatPaySimulator.builder().mchid("1900000001").merchantRsaKey("MSERIAL", merchant.getPublic())
                .apiV3Key(KEY).start(0);
        channel = WechatPayChannel.create(client(merchant), NOTIFY);
    }

    static WechatPayV3Client client(KeyPair key) {
        return WechatPayV3Client.builder().baseUri(sim.baseUri()).appid("wxd678efh567hg6787")
                .signer(MerchantSigner.rsa("1900000001", "MSERIAL", key.getPrivate()))
                .verifier(sim.platformVerifier()).apiV3Key(KEY).requestTimeout(Duration.ofSeconds(3)).build();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static String no() {
        return "C" + System.nanoTime() % 1_000_000_000L + "n" + (++seq);
    }

    @Test
    void tradeStatesMapToNeutralStatuses() {
        assertEquals(ChannelStatus.PAID, WechatPayChannel.fromTransaction(tx("SUCCESS", "")).status());
        assertEquals(ChannelStatus.PAID, WechatPayChannel.fromTransaction(tx("REFUND", "")).status());
        assertEquals(ChannelStatus.USER_PAYING, WechatPayChannel.fromTransaction(tx("USERPAYING", "")).status());
        assertEquals(ChannelStatus.NOT_PAID, WechatPayChannel.fromTransaction(tx("NOTPAY", "")).status());
        assertEquals(ChannelStatus.CLOSED, WechatPayChannel.fromTransaction(tx("CLOSED", "")).status());
        assertEquals(ChannelStatus.REVERSED, WechatPayChannel.fromTransaction(tx("REVOKED", "")).status());
        ChannelResult d = WechatPayChannel.fromTransaction(tx("PAYERROR", ""));
        assertEquals(ChannelStatus.DECLINED, d.status());
        assertEquals(DeclineReason.PAYMENT_FAILED, d.declineReason());
        assertEquals(ChannelStatus.UNKNOWN, WechatPayChannel.fromTransaction(tx("SOMETHING_NEW", "")).status());
        assertEquals(ChannelStatus.USER_PAYING, WechatPayChannel.fromTransaction(tx("", "USERPAYING")).status());
        for (String code : new String[] {"SYSTEMERROR", "BANKERROR", "ORDERPAID", "HTTP_503"}) {
            assertEquals(ChannelStatus.UNKNOWN, WechatPayChannel.fromTransaction(tx("", code)).status(), code);
        }
        ChannelResult paid = WechatPayChannel.fromTransaction(tx("SUCCESS", ""));
        assertEquals("4200000001", paid.channelTradeNo());
        assertEquals(Money.ofFen(1230), paid.amount());
    }

    private static Transaction tx(String state, String error) {
        return new Transaction("ORDER123", "4200000001", state, "", 1230, 1230, "", error, "");
    }

    @Test
    void refundStatusesAndDeclineCodesMap() {
        assertEquals(RefundResult.Status.SUCCEEDED, refund("SUCCESS").status());
        assertEquals(RefundResult.Status.PROCESSING, refund("PROCESSING").status());
        assertEquals(RefundResult.Status.PROCESSING, refund("ABNORMAL").status());
        assertEquals(RefundResult.Status.FAILED, refund("CLOSED").status());
        assertEquals(RefundResult.Status.UNKNOWN, refund("WHAT").status());
        assertEquals(DeclineReason.INSUFFICIENT_FUNDS, WechatPayChannel.declineReason("NOTENOUGH"));
        assertEquals(DeclineReason.AUTH_CODE_INVALID, WechatPayChannel.declineReason("AUTHCODEEXPIRE"));
        assertEquals(DeclineReason.ORDER_CLOSED, WechatPayChannel.declineReason("ORDERCLOSED"));
        assertEquals(DeclineReason.INVALID_REQUEST, WechatPayChannel.declineReason("PARAM_ERROR"));
        assertEquals(DeclineReason.OTHER, WechatPayChannel.declineReason("ANYTHING"));
    }

    private static RefundResult refund(String status) {
        return WechatPayChannel.fromRefund(new Refund("ORDER123", "REFUND123", "5030001", status, 100, 1230));
    }

    @Test
    void unknownOrdersAreNotFoundNotDeclined() {
        String no = no();
        assertEquals(ChannelStatus.NOT_FOUND, channel.query(no).status());
        assertEquals(ChannelStatus.NOT_FOUND, channel.close(no).status());
        assertEquals(ReverseResult.Status.NOT_FOUND, channel.reverse(no).status());
        assertEquals(RefundResult.Status.NOT_FOUND, channel.queryRefund(no, "R" + no).status());
        RefundResult r = channel.refund(no, "R" + no, Money.ofFen(1), Money.ofFen(2), null);
        assertEquals(RefundResult.Status.FAILED, r.status());
        assertEquals("RESOURCE_NOT_EXISTS", r.code());
    }

    @Test
    void linkFailuresAndServerErrorsAreUnknown() {
        sim.dropNextResponses(1); // a POST: java.net.http retries a GET whose connection was dropped
        assertEquals(ReverseResult.Status.UNKNOWN, channel.reverse(no()).status());
        sim.failNextResponses(1, 503);
        assertEquals(ChannelStatus.UNKNOWN, channel.query(no()).status());
        sim.failNextResponses(1, 500);
        assertEquals(ChannelStatus.UNKNOWN, channel.barcodePay(no(), Money.ofFen(5), "药费", "134567890123456789")
                .status());
        sim.failNextResponses(1, 502);
        assertEquals(ReverseResult.Status.UNKNOWN, channel.reverse(no()).status());
        sim.failNextResponses(1, 500);
        assertEquals(RefundResult.Status.UNKNOWN,
                channel.refund(no(), "R" + no(), Money.ofFen(1), Money.ofFen(2), null).status());
    }

    @Test
    void closeOfAPaidOrderReportsPaid() {
        String no = no();
        assertEquals(ChannelStatus.PAID, channel.barcodePay(no, Money.ofFen(5), "药费", "134567890123456789").status());
        ChannelResult r = channel.close(no);
        assertEquals(ChannelStatus.PAID, r.status());
        assertTrue(r.channelTradeNo().startsWith("4200"));
    }

    @Test
    void wrongMerchantKeyIsAMisconfigurationNotADecline() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        WechatPayChannel wrong = WechatPayChannel.create(client(g.generateKeyPair()), NOTIFY);
        PaymentException e = assertThrows(PaymentException.class,
                () -> wrong.barcodePay(no(), Money.ofFen(5), "药费", "134567890123456789"));
        assertEquals(PaymentErrorCode.CHANNEL_MISCONFIGURED, e.errorCode());
        assertThrows(PaymentException.class, () -> wrong.query(no()));
    }

    @Test
    void arbitraryNotificationsAreRejectedWithTheTypedException() {
        Random r = new Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] body = new byte[r.nextInt(300)];
            r.nextBytes(body);
            Map<String, String> headers = Map.of("Wechatpay-Serial", sim.platformSerial(), "Wechatpay-Timestamp",
                    Long.toString(System.currentTimeMillis() / 1000), "Wechatpay-Nonce", "n" + i,
                    "Wechatpay-Signature", "c2ln");
            assertThrows(NotificationRejectedException.class, () -> channel.parseNotification(headers, body));
        }
    }

    @Test
    void createChecksArguments() {
        assertThrows(InvalidInputException.class, () -> WechatPayChannel.create(null, NOTIFY));
        assertThrows(InvalidInputException.class, () -> WechatPayChannel.create(client(merchant), null));
        assertEquals("wechat", channel.channelId());
        assertNull(ChannelResult.of(ChannelStatus.UNKNOWN, null).channelTradeNo());
    }
}
