package io.yikatong.samples;

import io.yikatong.core.Money;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.BarcodePolicy;
import io.yikatong.payment.OrderNumbers;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.RefundRequest;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.wechat.WechatPayChannel;
import io.yikatong.payment.wechat.WechatPayV3Client;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Takes a barcode payment (付款码: the cashier scans the patient's WeChat payment code) and refunds part of it.
 *
 * <p>{@code java -cp yikatong.jar io.yikatong.samples.BarcodePaymentSample} runs against the WeChat Pay simulator on
 * 127.0.0.1 ({@link SampleGateways}); in production only the {@link WechatPayV3Client} configuration changes (your
 * merchant key, serial and APIv3 key, the platform public key, {@code https://api.mch.weixin.qq.com}).
 */
public final class BarcodePaymentSample {

    private BarcodePaymentSample() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws Exception if anything fails (the sample lets typed exceptions surface)
     */
    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("yikatong-sample-");
        try (SampleGateways.Wechat gateway = SampleGateways.wechat(null);
                // the journal: an embedded H2 file by default; JdbcPaymentJournal.open(dataSource, ...) for PostgreSQL
                JdbcPaymentJournal journal = JdbcPaymentJournal.embedded(data.resolve("journal"))) {
            // one client per merchant configuration, built once and shared by all threads
            PaymentClient payments = PaymentClient.builder()
                    .journal(journal)
                    .channel(WechatPayChannel.create(gateway.client(), gateway.notifyUrl()))
                    // production: BarcodePolicy.defaults() (first query after 5 s, every 5-10 s, reverse at 30 s);
                    // shortened here so the sample finishes quickly
                    .barcodePolicy(new BarcodePolicy(Duration.ofMillis(500), Duration.ofMillis(500),
                            Duration.ofSeconds(1), Duration.ofSeconds(30), 10, Duration.ofSeconds(1)))
                    .build();
            // at start-up (and periodically): settle whatever a crash left pending
            payments.resumePending();

            // the patient still confirms on the phone for the first two queries ("用户支付中")
            gateway.simulator().nextCodepayUserPaying(2, "SUCCESS");
            OrderNumbers numbers = OrderNumbers.create(Clock.system(ZoneId.of("Asia/Shanghai")), "GH");
            String orderNo = numbers.next();          // new number per attempt; the journal refuses to charge it twice
            PaymentOutcome outcome = payments.barcodePay(new BarcodePayment("wechat", orderNo, Money.parseYuan("12.30"),
                    "挂号费", "134567890123456789"));  // the scanned payment code
            // outcomes are values: branch on them; a timeout is Pending, never Declined
            if (outcome instanceof PaymentOutcome.Paid p) {
                System.out.println("paid      " + p.amount() + " trade " + p.channelTradeNo());
            } else if (outcome instanceof PaymentOutcome.Declined d) {
                System.out.println("declined  " + d.reason() + " " + d.channelCode());   // show the cashier
                return;
            } else {
                System.out.println(outcome.status() + "   " + orderNo + " (resumePending settles it later)");
                return;
            }

            // refund part of it; the journal refuses refunds above what was paid
            PaymentOutcome refund = payments.refund(new RefundRequest(orderNo, orderNo + "R1", Money.parseYuan("2.30"),
                    "退诊金"));
            for (int i = 0; i < 50 && refund instanceof PaymentOutcome.Pending; i++) {
                Thread.sleep(100);                                      // refunds are usually accepted as processing
                refund = payments.refundQuery(orderNo + "R1");
            }
            System.out.println("refund    " + refund.status());
            PaymentOutcome tooMuch = payments.refund(new RefundRequest(orderNo, orderNo + "R2",
                    Money.parseYuan("11.00"), "too much"));
            System.out.println("refund    " + tooMuch.status() + " "
                    + ((PaymentOutcome.Declined) tooMuch).reason());
            System.out.println("journal   " + journal.find(orderNo).orElseThrow().state() + ", refunded "
                    + journal.find(orderNo).orElseThrow().refunded());
        }
    }
}
