package io.yikatong.samples;

import io.yikatong.core.Money;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.journal.Discrepancy;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.Reconciler;
import io.yikatong.payment.journal.ReconciliationReport;
import io.yikatong.payment.spi.BillLine;
import io.yikatong.payment.wechat.TradeBill;
import io.yikatong.payment.wechat.WechatPayChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Reconciles a day (对账): downloads the WeChat Pay trade bill (its digest checked), reads its lines and compares them
 * with the journal — missing (paid at the channel, unknown to the HIS: 长款), extra (in the journal, not in the bill:
 * 短款) and mismatched amounts. Run with {@code java -cp yikatong.jar io.yikatong.samples.ReconcileSample}.
 */
public final class ReconcileSample {

    private ReconcileSample() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("yikatong-sample-");
        ZoneId china = ZoneId.of("Asia/Shanghai");
        try (SampleGateways.Wechat gateway = SampleGateways.wechat(null);
                JdbcPaymentJournal journal = JdbcPaymentJournal.embedded(data.resolve("journal"))) {
            PaymentClient payments = PaymentClient.builder().journal(journal)
                    .channel(WechatPayChannel.create(gateway.client(), gateway.notifyUrl())).build();
            String stamp = Long.toString(System.currentTimeMillis());
            for (int i = 1; i <= 3; i++) {
                payments.barcodePay(new BarcodePayment("wechat", "REC" + stamp + i, Money.ofFen(1000L * i), "诊金",
                        "134567890123456789"));
            }

            LocalDate day = LocalDate.now(china);
            TradeBill bill = gateway.client().tradeBill(day);          // digest verified, or an exception
            List<BillLine> lines = new ArrayList<>(bill.lines());
            System.out.println("bill      " + lines.size() + " lines for " + day);
            // pretend the channel also has a payment the HIS never recorded (a crashed till, say)
            lines.add(BillLine.payment("LOST" + stamp, "4200000000000000000000000099", Money.ofFen(500)));

            ReconciliationReport report = Reconciler.compare(lines, journal, "wechat",
                    day.atStartOfDay(china).toInstant(), day.plusDays(1).atStartOfDay(china).toInstant());
            System.out.println("matched   " + report.matched());
            for (Discrepancy d : report.discrepancies()) {
                System.out.println("problem   " + d);
            }
            System.out.println("clean     " + report.isClean());
        }
    }
}
