package io.yikatong.payment.medicalinsurance.settlement;

import static io.yikatong.payment.medicalinsurance.settlement.SettlementStack.HOLDER_PSN_NO;
import static io.yikatong.payment.medicalinsurance.settlement.SettlementStack.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Money;
import io.yikatong.testkit.payment.medicalinsurance.settlement.SettlementPlatformSimulator;
import io.yikatong.testkit.payment.medicalinsurance.settlement.SimulatedSettlement;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SDK's settlement client and orchestration against the testkit's platform simulator (written independently from
 * the reference), for every shipped province profile.
 */
class SettlementEndToEndTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"national", "guangdong", "hebei", "hunan", "jiangxi"})
    void outpatientVisitSettlesOnceInEveryProfile(String profile) throws Exception {
        try (SettlementStack s = new SettlementStack(profile, dir)) {
            String visitNo = SettlementStack.newVisitNo();
            VisitOutcome o = s.orchestration.settle(SettlementStack.holderVisit(visitNo), s.cash);
            VisitOutcome.Settled settled = assertInstanceOf(VisitOutcome.Settled.class, o, o.toString());
            assertEquals(Money.ofFen(24_000), settled.medfeeSumamt());
            assertEquals(Money.ofFen(12_950), settled.fundPaySumamt());
            assertEquals(Money.ofFen(6_050), settled.acctPay());
            assertEquals(Money.ofFen(5_000), settled.psnCashPay());
            assertEquals(List.of(Money.ofFen(5_000)), s.cash.collected, "the cash share, collected once");
            SimulatedSettlement at = s.sim.settlement(settled.setlId()).orElseThrow();
            assertEquals(SimulatedSettlement.State.SETTLED, at.state());
            assertEquals(settled.fundPaySumamt(), at.fundPaySumamt());
            assertEquals(settled.acctPay(), at.acctPay());
            assertEquals(Money.ofFen(50_000 - 6_050), s.sim.person(HOLDER_PSN_NO).orElseThrow().accountBalance());
            // the same visit number again: nothing is sent again
            int calls = s.sim.infnosReceived().size();
            assertEquals("settled", s.orchestration.settle(SettlementStack.holderVisit(visitNo), s.cash).status());
            assertEquals(calls, s.sim.infnosReceived().size());
            // the §3 identities on what the client parsed and on what the platform holds
            Settlement q = s.client.querySettlement(OPERATOR, HOLDER_PSN_NO, "110100", settled.setlId(),
                    at.mdtrtId());
            q.check();
            assertEquals(at.medfeeSumamt(), q.medfeeSumamt());
            assertEquals(at.msgid(), q.medinsSetlId());
            s.sim.settlements().forEach(SettlementPlatformSimulator::checkIdentities);
            assertEquals(List.of("9001", "1101", "2201", "2203", "2204", "2206", "2207"),
                    s.sim.infnosReceived().subList(0, 7));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"national", "hunan"})
    void aDeclinedCashShareUndoesTheSettlementInOrder(String profile) throws Exception {
        try (SettlementStack s = new SettlementStack(profile, dir)) {
            s.cash.decline = true;
            VisitOutcome o = s.orchestration.settle(SettlementStack.holderVisit(SettlementStack.newVisitNo()), s.cash);
            assertInstanceOf(VisitOutcome.Declined.class, o, o.toString());
            List<String> calls = s.sim.infnosReceived();
            assertEquals(List.of("2208", "2205", "2202"), calls.subList(calls.size() - 3, calls.size()));
            assertEquals(0, s.sim.activeVisits());
            assertEquals(List.of(SimulatedSettlement.State.CANCELLED, SimulatedSettlement.State.SETTLED),
                    s.sim.settlements().stream().map(SimulatedSettlement::state).toList(), "forward + reverse");
            assertEquals(Money.ofFen(50_000), s.sim.person(HOLDER_PSN_NO).orElseThrow().accountBalance());
        }
    }

    @Test
    void aLostSettlementAnswerIsReversedNotSettledAgain() throws Exception {
        try (SettlementStack s = new SettlementStack("national", dir)) {
            s.sim.dropAnswersAfterCommit("2207", 1);
            VisitOutcome o = s.orchestration.settle(SettlementStack.holderVisit(SettlementStack.newVisitNo()), s.cash);
            assertTrue(!(o instanceof VisitOutcome.Settled), o.toString());
            List<SimulatedSettlement> all = s.sim.settlements();
            assertEquals(1, all.size(), "one settlement, never a second one");
            assertEquals(SimulatedSettlement.State.REVERSED, all.get(0).state(), "冲正 by 2601");
            assertEquals(1, s.sim.infnosReceived().stream().filter("2207"::equals).count());
            assertTrue(s.cash.collected.isEmpty());
            assertEquals(Money.ofFen(50_000), s.sim.person(HOLDER_PSN_NO).orElseThrow().accountBalance());
        }
    }

    @Test
    void theClientSurvivesTheSimulatorsAnswerFaults() throws Exception {
        try (SettlementStack s = new SettlementStack("national", dir)) {
            s.sim.infcodeAsString(true);
            s.sim.wrapReplies(true);
            VisitOutcome o = s.orchestration.settle(SettlementStack.holderVisit(SettlementStack.newVisitNo()), s.cash);
            assertInstanceOf(VisitOutcome.Settled.class, o, o.toString());
            s.sim.infcodeAsString(false);
            s.sim.wrapReplies(false);
            // an expired sign_no is renewed by the client once
            s.sim.expireSignIns();
            assertEquals(HOLDER_PSN_NO, s.client.personInfo(OPERATOR, new Credential.IdNumber(
                    SettlementStack.HOLDER_ID)).psnNo());
            long signIns = s.sim.infnosReceived().stream().filter("9001"::equals).count();
            assertEquals(2, signIns);
            // a business refusal comes back as the platform's message
            s.sim.refuseNext("1101", "人员参保状态异常");
            VisitOutcome d = s.orchestration.settle(SettlementStack.holderVisit(SettlementStack.newVisitNo()), s.cash);
            VisitOutcome.Declined declined = assertInstanceOf(VisitOutcome.Declined.class, d, d.toString());
            assertTrue(declined.message().contains("人员参保状态异常"), declined.toString());
            assertEquals("1101", declined.infno());
            assertEquals(0, s.sim.activeVisits() - 1, "nothing registered for the refused visit");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"national", "hebei", "hunan"})
    void reconciliationReportsPlantedMismatches(String profile) throws Exception {
        try (SettlementStack s = new SettlementStack(profile, dir)) {
            List<String> setlIds = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                VisitOutcome o = s.orchestration.settle(SettlementStack.holderVisit(SettlementStack.newVisitNo()),
                        s.cash);
                setlIds.add(assertInstanceOf(VisitOutcome.Settled.class, o, o.toString()).setlId());
            }
            java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
            Reconciliation r = new Reconciliation(s.client);
            List<Reconciliation.GroupResult> totals = r.totals(OPERATOR, today, today);
            assertEquals(1, totals.size(), totals.toString());
            assertEquals("0", totals.get(0).result().stmtRslt(), totals.toString());
            assertTrue(r.details(OPERATOR, "110100", today, today).balanced());
            // plant: one settlement only the platform has (a lost 2207), one only the hospital has
            SimulatedSettlement planted = s.sim.plantSettlement(HOLDER_PSN_NO, Money.ofFen(8_800), today);
            assertTrue(s.sim.eraseSettlement(setlIds.get(1)));
            assertEquals("1", r.totals(OPERATOR, today, today).get(0).result().stmtRslt());
            Reconciliation.DetailReport report = r.details(OPERATOR, "110100", today, today);
            assertTrue(!report.balanced());
            assertEquals(2, report.mismatches().size(), report.toString());
            Reconciliation.CenterOnly center = report.mismatches().stream()
                    .filter(Reconciliation.CenterOnly.class::isInstance).map(Reconciliation.CenterOnly.class::cast)
                    .findFirst().orElseThrow(() -> new AssertionError(report.toString()));
            assertEquals(planted.setlId(), center.setlId());
            assertEquals(planted.msgid(), center.msgid(), "the msgid to 冲正 it with");
            assertEquals(Money.ofFen(8_800), center.medfeeSumamt());
            Reconciliation.Mismatch mine = report.mismatches().stream().filter(m -> m.setlId().equals(setlIds.get(1)))
                    .findFirst().orElseThrow(() -> new AssertionError(report.toString()));
            // also in Hunan, whose stmt_rslt is only 0 平 / 1 不平: a 不平 line about our settlement with our amounts
            assertInstanceOf(Reconciliation.InstitutionOnly.class, mine, report.toString());
            // the 中心多 one is reversed with its msgid; then the platform side is whole again
            s.client.reverse(OPERATOR, HOLDER_PSN_NO, "110100", center.msgid(), "2207");
            assertEquals(SimulatedSettlement.State.REVERSED, s.sim.settlement(planted.setlId()).orElseThrow().state());
        }
    }
}
