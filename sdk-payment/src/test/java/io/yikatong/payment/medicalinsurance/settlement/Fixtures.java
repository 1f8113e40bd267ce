package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.Money;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.spi.DeclineReason;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Shared objects of the settlement tests. Test scope only. */
final class Fixtures {

    static final Institution HOSPITAL = new Institution("H43010500001", "测试医院", "430105");
    static final Operator CLERK = Operator.clerk("OP001", "收费员");
    static final Instant MORNING = Instant.parse("2026-12-07T01:30:00Z"); // 09:30 in Beijing

    private Fixtures() {
    }

    static SettlementClient client(FakePlatform platform, SettlementJournal journal, TestClock clock,
            String profile, GatewayCredentials credentials) {
        return SettlementClient.builder().gateway(platform.base()).profile(ProvinceProfile.named(profile))
                .institution(HOSPITAL).credentials(credentials).journal(journal).clock(clock).build();
    }

    static SettlementJournal journal(Path dir, TestClock clock) {
        return SettlementJournal.embedded(dir, clock, "test");
    }

    static OutpatientVisit visit(String visitNo) {
        LocalDateTime t = LocalDateTime.of(2026, 12, 7, 9, 30);
        List<FeeLine> fees = List.of(
                FeeLine.of("1", t, "001101000010000-110200001", "GH001", Quantity.of("1"), UnitPrice.of("25.00"),
                        "D01", "内科", "DR01", "李医生"),
                FeeLine.of("2", t, "XA01AAA0001010101", "YP001", Quantity.of("3"), UnitPrice.of("33.53"), "D01",
                        "内科", "DR01", "李医生"));
        return new OutpatientVisit(CLERK, new Credential.IdNumber("430102199001011234"), "310", visitNo, t, "11",
                "DR01", "李医生", "D01", "内科", "03", "", "", List.of(new Diagnosis("1", 1, "J06.900", "急性上呼吸道感染",
                        "内科", "DR01", "李医生", t, true)), "B" + visitNo, fees, true, "");
    }

    /** A cash leg that answers from a script and records calls. */
    static final class ScriptedCash implements CashLeg {
        final Map<String, Money> collected = new ConcurrentHashMap<>();
        volatile String mode = "paid";

        @Override
        public PaymentOutcome collect(Money amount, String merchantOrderNo) {
            collected.put(merchantOrderNo, amount);
            return outcome(merchantOrderNo, amount);
        }

        @Override
        public PaymentOutcome status(String merchantOrderNo) {
            Money m = collected.get(merchantOrderNo);
            return m == null ? new PaymentOutcome.Closed(merchantOrderNo, false) : outcome(merchantOrderNo, m);
        }

        private PaymentOutcome outcome(String no, Money amount) {
            return switch (mode) {
                case "paid" -> new PaymentOutcome.Paid(no, "T" + no, amount);
                case "declined" -> new PaymentOutcome.Declined(no, DeclineReason.INSUFFICIENT_FUNDS, "NOTENOUGH",
                        "余额不足");
                default -> new PaymentOutcome.Pending(no, io.yikatong.payment.PendingReason.USER_PAYING, null);
            };
        }
    }
}
