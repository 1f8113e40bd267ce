package io.yikatong.samples;

import io.yikatong.core.Money;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.medicalinsurance.settlement.CashLeg;
import io.yikatong.payment.medicalinsurance.settlement.Credential;
import io.yikatong.payment.medicalinsurance.settlement.Diagnosis;
import io.yikatong.payment.medicalinsurance.settlement.FeeLine;
import io.yikatong.payment.medicalinsurance.settlement.GatewayCredentials;
import io.yikatong.payment.medicalinsurance.settlement.Institution;
import io.yikatong.payment.medicalinsurance.settlement.Operator;
import io.yikatong.payment.medicalinsurance.settlement.OutpatientSettlement;
import io.yikatong.payment.medicalinsurance.settlement.OutpatientVisit;
import io.yikatong.payment.medicalinsurance.settlement.ProvinceProfile;
import io.yikatong.payment.medicalinsurance.settlement.Quantity;
import io.yikatong.payment.medicalinsurance.settlement.Reconciliation;
import io.yikatong.payment.medicalinsurance.settlement.SettlementClient;
import io.yikatong.payment.medicalinsurance.settlement.SettlementJournal;
import io.yikatong.payment.medicalinsurance.settlement.UnitPrice;
import io.yikatong.payment.medicalinsurance.settlement.VisitOutcome;
import io.yikatong.testkit.payment.medicalinsurance.settlement.SettlementPlatformSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Settles an outpatient visit with medical insurance (医保 "两定" 接口: 1101 → 2201 → 2203 → 2204 → 2206 → 2207, then the
 * patient's cash share), reconciles the day (3201, 3202) and undoes the settlement (2208 → 2205 → 2202).
 *
 * <p>{@code java -cp yikatong.jar io.yikatong.samples.MedicalInsuranceSettlementSample} runs against the testkit's
 * platform simulator on 127.0.0.1 (Hunan profile: CSB-signed headers); in production only the gateway URL, the
 * profile, the institution and the gateway credentials change.
 */
public final class MedicalInsuranceSettlementSample {

    private MedicalInsuranceSettlementSample() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws Exception if anything fails (the sample lets typed exceptions surface)
     */
    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("yikatong-sample-");
        ZoneId china = ZoneId.of("Asia/Shanghai");
        try (SettlementPlatformSimulator platform = SettlementPlatformSimulator.builder().profile("hunan").start();
                // every step is journalled before it is sent; SettlementJournal.open(dataSource, …) for PostgreSQL
                SettlementJournal journal = SettlementJournal.embedded(data.resolve("journal"), Clock.systemUTC(),
                        "his-1")) {
            // one client per institution and profile, built once and shared by all threads
            SettlementClient client = SettlementClient.builder()
                    .gateway(platform.gatewayUri())
                    .profile(ProvinceProfile.named("hunan"))
                    .institution(new Institution(platform.fixmedinsCode(), "一卡通示例医院", "430100"))
                    .credentials(GatewayCredentials.csb(SettlementPlatformSimulator.DEVELOPMENT_ACCESS_KEY,
                            SettlementPlatformSimulator.DEVELOPMENT_SECRET_KEY))
                    .journal(journal)
                    .build();
            // the cash share: here cash at the counter; CashLeg.barcode(paymentClient, "wechat", code, …) in a kiosk
            CashLeg counter = new CashLeg() {
                @Override
                public PaymentOutcome collect(Money amount, String merchantOrderNo) {
                    return new PaymentOutcome.Paid(merchantOrderNo, null, amount);
                }

                @Override
                public PaymentOutcome status(String merchantOrderNo) {
                    return new PaymentOutcome.Closed(merchantOrderNo, false);
                }
            };
            OutpatientSettlement visits = OutpatientSettlement.of(client, counter);
            // at start-up: finish whatever a crash left (a 2207 whose answer was lost is reversed with 2601)
            visits.resume();

            Operator clerk = Operator.clerk("OP001", "收费员");
            LocalDateTime now = LocalDateTime.now(china).withNano(0);
            List<FeeLine> fees = List.of(
                    FeeLine.of("1001", now, SettlementPlatformSimulator.ITEM_CLASS_A, "H-REG-01", Quantity.of("1"),
                            UnitPrice.of("100.00"), "A03", "内科", "D001", "李医生"),
                    FeeLine.of("1002", now, SettlementPlatformSimulator.ITEM_CLASS_B, "H-DRUG-12", Quantity.of("2"),
                            UnitPrice.of("25.00"), "A03", "内科", "D001", "李医生"));
            OutpatientVisit visit = new OutpatientVisit(clerk, new Credential.IdNumber("11010519491231002X"), "310",
                    "MZ" + System.currentTimeMillis() % 10_000_000_000L, now, "11", "D001", "李医生", "A03", "内科",
                    "A03", "J06.900", "急性上呼吸道感染", List.of(new Diagnosis("1", 1, "J06.900", "急性上呼吸道感染",
                            "内科", "D001", "李医生", now, true)), "1", fees, true, "");
            VisitOutcome outcome = visits.settle(visit, counter);
            // outcomes are values: settled, pending (resume() finishes it) or declined with the platform's message
            if (!(outcome instanceof VisitOutcome.Settled settled)) {
                System.out.println("not settled: " + outcome);
                return;
            }
            System.out.println("settled   " + settled.medfeeSumamt() + " = fund " + settled.fundPaySumamt()
                    + " + account " + settled.acctPay() + " + cash " + settled.psnCashPay());

            LocalDate today = LocalDate.now(china);
            Reconciliation reconciliation = new Reconciliation(client);
            for (Reconciliation.GroupResult g : reconciliation.totals(clerk, today, today)) {
                System.out.println("3201      " + g.sent().insutype() + "/" + g.sent().setlOptins() + " stmt_rslt "
                        + g.result().stmtRslt());
            }
            System.out.println("3202      balanced " + reconciliation.details(clerk, "110100", today, today)
                    .balanced());

            VisitOutcome undone = visits.undo(clerk, settled.setlId());
            System.out.println("undo      " + undone.status());
        }
    }
}
