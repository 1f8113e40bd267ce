package io.yikatong.payment.medicalinsurance;

import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.APP_ID;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.APP_SECRET;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.CHANNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.yikatong.core.Money;
import io.yikatong.payment.BarcodePolicy;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.PendingReason;
import io.yikatong.payment.QrPayment;
import io.yikatong.payment.Sleeper;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.LegacyJournal;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.spi.ChannelNotification;
import io.yikatong.payment.spi.ChannelResult;
import io.yikatong.payment.spi.ChannelStatus;
import io.yikatong.payment.spi.PaymentChannelAdapter;
import io.yikatong.payment.spi.RefundResult;
import io.yikatong.payment.spi.ReverseResult;
import io.yikatong.testkit.SettableClock;
import io.yikatong.testkit.payment.medicalinsurance.MedicalInsurancePaymentSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payment client and the medical-insurance checkout on the embedded journal of an installation of the previous
 * release: the facts its versions wrote as event details (kind, QR code URL, decline, split, charge batch) are read
 * from the upgraded entries and drive the same outcomes as before.
 */
class UpgradedJournalClientsTest {

    @TempDir
    Path dir;

    /** A WeChat channel that answers from a script and records the calls. */
    static final class ScriptedChannel implements PaymentChannelAdapter {
        final Map<String, ChannelResult> queries;
        final List<String> calls = new CopyOnWriteArrayList<>();

        ScriptedChannel(Map<String, ChannelResult> queries) {
            this.queries = queries;
        }

        @Override
        public String channelId() {
            return "wechat";
        }

        @Override
        public ChannelResult barcodePay(String no, Money amount, String description, String authCode) {
            calls.add("barcodePay " + no + " " + amount.fen());
            return ChannelResult.paid("4200009" + no.length(), amount);
        }

        @Override
        public ChannelResult qrPay(String no, Money amount, String description) {
            calls.add("qrPay " + no);
            throw new AssertionError("a known order number is never sent again");
        }

        @Override
        public ChannelResult query(String no) {
            calls.add("query " + no);
            return queries.getOrDefault(no, ChannelResult.of(ChannelStatus.NOT_FOUND, "ORDERNOTEXIST"));
        }

        @Override
        public ChannelResult close(String no) {
            calls.add("close " + no);
            return ChannelResult.of(ChannelStatus.CLOSED, "");
        }

        @Override
        public ReverseResult reverse(String no) {
            calls.add("reverse " + no);
            return new ReverseResult(ReverseResult.Status.REVERSED, "SUCCESS", "");
        }

        @Override
        public RefundResult refund(String no, String refundNo, Money refund, Money total, String reason) {
            throw new AssertionError("no refund here");
        }

        @Override
        public RefundResult queryRefund(String no, String refundNo) {
            throw new AssertionError("no refund here");
        }

        @Override
        public ChannelNotification parseNotification(Map<String, String> headers, byte[] rawBody) {
            throw new AssertionError("no notification here");
        }
    }

    @Test
    void clientsReadTheUpgradedFactsOfAnOldInstallation() throws Exception {
        SettableClock clock = SettableClock.of(Instant.ofEpochMilli(LegacyJournal.T).plus(Duration.ofDays(1)));
        ScriptedChannel wechat = new ScriptedChannel(Map.of(
                "QRPENDING01", ChannelResult.of(ChannelStatus.NOT_PAID, "NOTPAY"),
                "BCPENDING01", ChannelResult.of(ChannelStatus.USER_PAYING, "USERPAYING")));
        try (LegacyJournal old = new LegacyJournal("h2", dir);
                MedicalInsurancePaymentSimulator sim = MedicalInsurancePaymentSimulator.builder().appId(APP_ID)
                        .appSecret(APP_SECRET).channelPublicKey(CHANNEL.publicKey()).start()) {
            old.writeOldRows();
            try (JdbcPaymentJournal journal = JdbcPaymentJournal.embedded(dir, clock, "his-upgraded")) {
                PaymentClient payments = PaymentClient.builder().journal(journal).channel(wechat).clock(clock)
                        .sleeper(Sleeper.SYSTEM).build();

                // the decline recorded as REASON|code|message, without asking the channel
                assertEquals(new PaymentOutcome.Declined("BCDECLINED1", DeclineReason.AUTH_CODE_INVALID,
                        "AUTHCODEEXPIRE", "二维码已过期，请刷新再试|请重新扫码"), payments.query("BCDECLINED1"));
                assertEquals(new PaymentOutcome.Declined("XDECLINED01", DeclineReason.OTHER, "", ""),
                        payments.query("XDECLINED01"));
                // a repeated QR payment shows the code URL recorded as code_url=…, and is not sent again
                PaymentOutcome.Pending qr = assertInstanceOf(PaymentOutcome.Pending.class, payments.qrPay(
                        new QrPayment("wechat", "QRPENDING01", Money.ofFen(2500), "门诊缴费")));
                assertEquals(PendingReason.USER_PAYING, qr.reason());
                assertEquals("weixin://wxpay/bizpayurl?pr=Qx9a2b", qr.codeUrl());
                assertEquals(List.of("query QRPENDING01"), wechat.calls);

                // recovery after the deadline: the barcode payment (kind=barcode) is reversed, the QR one is not,
                // the one never marked sent is closed
                wechat.calls.clear();
                List<PaymentOutcome> resumed = payments.resumePending();
                assertEquals(List.of(new PaymentOutcome.Pending("QRPENDING01", PendingReason.USER_PAYING,
                        "weixin://wxpay/bizpayurl?pr=Qx9a2b"), new PaymentOutcome.Closed("BCCREATED01", false),
                        new PaymentOutcome.Closed("BCPENDING01", true)), resumed);
                assertEquals(List.of("query QRPENDING01", "query BCCREATED01", "query BCPENDING01",
                        "reverse BCPENDING01"), wechat.calls);

                // the settled insurance order of channel medicare: its split (split fee=…) and charge batch
                MedicalInsurancePaymentClient insurance = MedicalInsurancePaymentClientTest.builder(sim.baseUri(), sim)
                        .build();
                MedicalInsuranceCheckout checkout = MedicalInsuranceCheckout.builder().insurance(insurance)
                        .journal(journal).payments(payments).clock(clock).sleeper(d -> { })
                        .pollPolicy(new BarcodePolicy(Duration.ofSeconds(2), Duration.ofSeconds(3),
                                Duration.ofSeconds(5), Duration.ofSeconds(30), 1, Duration.ZERO)).build();
                MedicalInsuranceSplit split = new MedicalInsuranceSplit(Money.ofFen(10_000), Money.ofFen(7_000),
                        Money.ofFen(1_000), Money.ofFen(2_000));
                MedicalInsuranceCheckoutResult settled = checkout.resume("MIPAID0001");
                assertEquals(PaymentState.PAID, settled.state());
                assertEquals(split, settled.split());
                assertEquals("PO0001", settled.payOrdId());
                wechat.calls.clear();
                MedicalInsuranceCheckoutResult collected = checkout.collectSelfPay("MIPAID0001", "门诊缴费",
                        SelfPay.barcode("wechat", "134567890123456789"));
                assertInstanceOf(PaymentOutcome.Paid.class, collected.selfPay());
                assertEquals(List.of("barcodePay MIPAID0001SP 2000"), wechat.calls, "the self-pay share of the split");
                assertEquals(List.of(), sim.functionsCalled(), "nothing asked of the platform");
            }
        }
    }
}
