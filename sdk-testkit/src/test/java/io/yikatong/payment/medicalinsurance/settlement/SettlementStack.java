package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.Money;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.testkit.payment.medicalinsurance.settlement.SettlementPlatformSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SDK's settlement client against the testkit's platform simulator: one profile, an embedded (or given) journal.
 * Test scope; not thread-safe to set up.
 */
final class SettlementStack implements AutoCloseable {

    static final String HOLDER_ID = "11010519491231002X"; // 张晓虹, 310, account 500.00 (the first with this ID)
    static final String HOLDER_PSN_NO = "11000000000000000001";
    static final Operator OPERATOR = Operator.clerk("OP001", "收费员");
    private static final AtomicInteger VISITS = new AtomicInteger();

    final SettlementPlatformSimulator sim;
    final SettlementJournal journal;
    final SettlementClient client;
    final OutpatientSettlement orchestration;
    final RecordingCash cash = new RecordingCash();

    SettlementStack(String profile, Path journalDir) throws Exception {
        this(SettlementPlatformSimulator.builder().profile(profile).start(), journalDir);
    }

    SettlementStack(SettlementPlatformSimulator sim, Path journalDir) {
        this(sim, SettlementJournal.embedded(journalDir, Clock.systemUTC(), "test"));
    }

    SettlementStack(SettlementPlatformSimulator sim, SettlementJournal journal) {
        this.sim = sim;
        this.journal = journal;
        this.client = client(sim, journal);
        this.orchestration = OutpatientSettlement.of(client, cash);
    }

    static SettlementClient client(SettlementPlatformSimulator sim, SettlementJournal journal) {
        return SettlementClient.builder().gateway(sim.gatewayUri()).profile(profileFor(sim))
                .institution(new Institution(sim.fixmedinsCode(), "北京市虚拟医院", "110100"))
                .credentials(credentialsFor(sim)).journal(journal).build();
    }

    /** The client's shipped profile of the simulator's name (the simulator serves Guangdong's test and production paths). */
    static ProvinceProfile profileFor(SettlementPlatformSimulator sim) {
        return ProvinceProfile.named(sim.profile().name());
    }

    static GatewayCredentials credentialsFor(SettlementPlatformSimulator sim) {
        return switch (sim.profile().gateway()) {
            case TIF -> GatewayCredentials.tif(SettlementPlatformSimulator.DEVELOPMENT_PAAS_ID,
                    SettlementPlatformSimulator.DEVELOPMENT_PAAS_TOKEN);
            case CSB -> GatewayCredentials.csb(SettlementPlatformSimulator.DEVELOPMENT_ACCESS_KEY,
                    SettlementPlatformSimulator.DEVELOPMENT_SECRET_KEY);
            default -> GatewayCredentials.none();
        };
    }

    static String newVisitNo() {
        return "V" + System.currentTimeMillis() % 100_000_000L + String.format("%04d", VISITS.incrementAndGet());
    }

    /**
     * A visit of the example health card's holder: 100.00 甲类 + 2 × 30.00 限价 20.00 + 2 × 25.00 乙类 (10 %) + 30.00
     * 丙类 = 240.00; with the account: fund 129.50, account 60.50, cash 50.00.
     */
    static OutpatientVisit visit(String visitNo, Credential credential, String insutype, boolean acct) {
        LocalDateTime now = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).withNano(0);
        List<FeeLine> fees = new ArrayList<>();
        fees.add(line("1001", SettlementPlatformSimulator.ITEM_CLASS_A, "100.00", "1", now));
        fees.add(line("1002", SettlementPlatformSimulator.ITEM_PRICE_CAPPED, "30.00", "2", now));
        fees.add(line("1003", SettlementPlatformSimulator.ITEM_CLASS_B, "25.00", "2", now));
        fees.add(line("1004", SettlementPlatformSimulator.ITEM_CLASS_C, "30.00", "1", now));
        return new OutpatientVisit(OPERATOR, credential, insutype, visitNo, now, "11", "D001", "李医生", "A03", "内科",
                "A03", "J06.900", "急性上呼吸道感染", List.of(new Diagnosis("1", 1, "J06.900", "急性上呼吸道感染", "内科",
                        "D001", "李医生", now, true)), "1", fees, acct, "");
    }

    static OutpatientVisit holderVisit(String visitNo) {
        return visit(visitNo, new Credential.IdNumber(HOLDER_ID), "310", true);
    }

    static FeeLine line(String sn, String code, String pric, String cnt, LocalDateTime time) {
        return FeeLine.of(sn, time, code, "H-" + code, Quantity.of(cnt), UnitPrice.of(pric), "A03", "内科", "D001",
                "李医生");
    }

    @Override
    public void close() {
        journal.close();
        sim.close();
    }

    /** A cash leg that records what it was asked and answers as told (paid by default). */
    static final class RecordingCash implements CashLeg {
        final List<Money> collected = new CopyOnWriteArrayList<>();
        final List<String> orders = new CopyOnWriteArrayList<>();
        volatile boolean decline;

        @Override
        public PaymentOutcome collect(Money amount, String merchantOrderNo) {
            collected.add(amount);
            orders.add(merchantOrderNo);
            if (decline) {
                return new PaymentOutcome.Declined(merchantOrderNo, io.yikatong.payment.spi.DeclineReason.INSUFFICIENT_FUNDS,
                        "NOTENOUGH", "余额不足");
            }
            return new PaymentOutcome.Paid(merchantOrderNo, "T" + merchantOrderNo, amount);
        }

        @Override
        public PaymentOutcome status(String merchantOrderNo) {
            return decline ? new PaymentOutcome.Closed(merchantOrderNo, false)
                    : new PaymentOutcome.Paid(merchantOrderNo, "T" + merchantOrderNo, collected.get(0));
        }
    }
}
