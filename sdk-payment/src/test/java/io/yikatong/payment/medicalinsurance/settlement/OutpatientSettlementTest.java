package io.yikatong.payment.medicalinsurance.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelRefusedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client and the outpatient flow against a scripted loopback platform. */
class OutpatientSettlementTest {

    @TempDir
    Path dir;
    FakePlatform platform;
    SettlementJournal journal;
    TestClock clock;
    Fixtures.ScriptedCash cash;

    @BeforeEach
    void start() throws Exception {
        platform = new FakePlatform();
        clock = new TestClock(Fixtures.MORNING);
        journal = Fixtures.journal(dir, clock);
        cash = new Fixtures.ScriptedCash();
    }

    @AfterEach
    void stop() {
        platform.close();
        journal.close();
    }

    private OutpatientSettlement flow(String profile, GatewayCredentials creds) {
        return OutpatientSettlement.of(Fixtures.client(platform, journal, clock, profile, creds), cash);
    }

    @Test
    void aVisitIsSettledAndItsCashShareCollected() {
        VisitOutcome o = flow("national", GatewayCredentials.none()).settle(Fixtures.visit("V0001"), cash);
        VisitOutcome.Settled s = assertInstanceOf(VisitOutcome.Settled.class, o, o.toString());
        assertEquals(Money.ofFen(12559), s.medfeeSumamt());
        assertEquals(Money.ofFen(12559 * 7 / 10), s.fundPaySumamt());
        assertEquals(s.medfeeSumamt().fen(), s.fundPaySumamt().fen() + s.acctPay().fen() + s.psnCashPay().fen());
        assertEquals(List.of("9001", "1101", "2201", "2203", "2204", "2206", "2207"), platform.infnos());
        assertEquals(1, cash.collected.size());
        assertEquals(s.psnCashPay(), cash.collected.values().iterator().next());
        // the envelope: one sign_no for all, msgid format, the 2207's msgid is its medins_setl_id and in the journal
        FakePlatform.Received settle = platform.last("2207");
        assertEquals("SIGN1", settle.signNo());
        assertTrue(settle.msgid().matches("H43010500001202612070930[0-9]{2}[0-9]{4}"), settle.msgid());
        assertEquals("430100", settle.root().path("insuplc_admdvs").asText());
        assertEquals("/fsi/api/rsfComIfsService/callService", settle.path());
        assertTrue(settle.headers().get("Content-type").get(0).startsWith("text/plain"));
        assertEquals("125.59", settle.input().path("data").path("medfee_sumamt").decimalValue().toPlainString());
        VisitEntry v = journal.visit("V0001").orElseThrow();
        assertEquals(VisitState.COMPLETED, v.state());
        assertEquals(settle.msgid(), v.settleMsgid());
        assertEquals(MessageState.ANSWERED, journal.message(settle.msgid()).orElseThrow().state());
        // the same visit again: nothing is sent
        int before = platform.requests.size();
        assertInstanceOf(VisitOutcome.Settled.class, flow("national", GatewayCredentials.none())
                .settle(Fixtures.visit("V0001"), cash));
        assertEquals(before, platform.requests.size());
    }

    @Test
    void aDeclinedCashShareUndoesInOrder() {
        cash.mode = "declined";
        VisitOutcome o = flow("national", GatewayCredentials.none()).settle(Fixtures.visit("V0002"), cash);
        VisitOutcome.Declined d = assertInstanceOf(VisitOutcome.Declined.class, o, o.toString());
        assertEquals("cash", d.infno());
        assertEquals(List.of("9001", "1101", "2201", "2203", "2204", "2206", "2207", "2208", "2205", "2202"),
                platform.infnos());
        assertEquals(platform.last("2207").input().path("data").path("mdtrt_id").asText(),
                platform.last("2208").input().path("data").path("mdtrt_id").asText());
        assertEquals("SETL" + platform.last("2207").msgid().substring(26),
                platform.last("2208").input().path("data").path("setl_id").asText());
        assertEquals(VisitState.CANCELLED, journal.visit("V0002").orElseThrow().state());
    }

    @Test
    void aLostSettlementAnswerIsReversedWithTheOriginalMsgidNeverSettledAgain() {
        platform.overrides.put("2207", r -> FakePlatform.LOST);
        VisitOutcome o = flow("national", GatewayCredentials.none()).settle(Fixtures.visit("V0003"), cash);
        assertInstanceOf(VisitOutcome.Declined.class, o, o.toString());
        assertEquals(List.of("9001", "1101", "2201", "2203", "2204", "2206", "2207", "2601", "2205", "2202"),
                platform.infnos());
        String lost = platform.last("2207").msgid();
        assertEquals(lost, platform.last("2601").input().path("data").path("omsgid").asText());
        assertEquals("2207", platform.last("2601").input().path("data").path("oinfno").asText());
        assertEquals(MessageState.REVERSED, journal.message(lost).orElseThrow().state());
        assertTrue(cash.collected.isEmpty());
    }

    @Test
    void aFailedReversalStaysPendingAndResumeFinishesItOnce() {
        platform.overrides.put("2207", r -> FakePlatform.LOST);
        platform.overrides.put("2601", r -> FakePlatform.LOST);
        VisitOutcome o = flow("national", GatewayCredentials.none()).settle(Fixtures.visit("V0004"), cash);
        VisitOutcome.Pending p = assertInstanceOf(VisitOutcome.Pending.class, o, o.toString());
        assertEquals(VisitState.REVERSING, p.state());
        platform.overrides.clear();
        // a "restart": a new client and orchestration on the same journal
        List<VisitOutcome> resumed = flow("national", GatewayCredentials.none()).resume();
        assertEquals(1, resumed.size());
        assertInstanceOf(VisitOutcome.Declined.class, resumed.get(0));
        List<String> tail = platform.infnos().subList(platform.infnos().size() - 3, platform.infnos().size());
        assertEquals(List.of("2601", "2205", "2202"), tail);
        assertEquals(platform.last("2207").msgid(), platform.last("2601").input().path("data").path("omsgid").asText());
        assertTrue(flow("national", GatewayCredentials.none()).resume().isEmpty());
        assertEquals(1, platform.infnos().stream().filter("2207"::equals).count());
    }

    @Test
    void aCrashBetweenJournallingAndAnswerIsReversedByResume() {
        // the process "dies" while 2207 is in flight: the answer never arrives and nothing after it runs
        platform.overrides.put("2207", r -> {
            throw new IllegalStateException("crash");
        });
        SettlementClient c = Fixtures.client(platform, journal, clock, "national", GatewayCredentials.none());
        OutpatientSettlement first = OutpatientSettlement.of(c, cash);
        VisitOutcome o = first.settle(Fixtures.visit("V0005"), cash); // 500: the outcome is unknown → 2601
        assertInstanceOf(VisitOutcome.Declined.class, o, o.toString());
        assertEquals(1, platform.infnos().stream().filter("2601"::equals).count());
        assertTrue(flow("national", GatewayCredentials.none()).resume().isEmpty());
    }

    @Test
    void aSettledVisitWhoseCashWasNeverCollectedIsUndoneOnResume() {
        cash.mode = "pending";
        VisitOutcome o = flow("national", GatewayCredentials.none()).settle(Fixtures.visit("V0006"), cash);
        assertEquals(VisitState.COLLECTING_CASH, assertInstanceOf(VisitOutcome.Pending.class, o).state());
        cash.mode = "paid";
        List<VisitOutcome> r = flow("national", GatewayCredentials.none()).resume();
        assertInstanceOf(VisitOutcome.Settled.class, r.get(0));
        assertEquals(VisitState.COMPLETED, journal.visit("V0006").orElseThrow().state());
    }

    @Test
    void aRefusedRegistrationIsDeclinedWithThePlatformsMessage() {
        platform.overrides.put("2201", r -> FakePlatform.refused("该人员已有未结算的就诊记录"));
        VisitOutcome.Declined d = assertInstanceOf(VisitOutcome.Declined.class,
                flow("national", GatewayCredentials.none()).settle(Fixtures.visit("V0007"), cash));
        assertEquals("2201", d.infno());
        assertEquals("-1", d.code());
        assertEquals("该人员已有未结算的就诊记录", d.message());
    }

    @Test
    void aLostRegistrationNeedsAnOperator() {
        platform.overrides.put("2201", r -> FakePlatform.LOST);
        VisitOutcome.Pending p = assertInstanceOf(VisitOutcome.Pending.class,
                flow("national", GatewayCredentials.none()).settle(Fixtures.visit("V0008"), cash));
        assertEquals(VisitState.NEEDS_ATTENTION, p.state());
        assertEquals(1, platform.infnos().stream().filter("2201"::equals).count());
    }

    @Test
    void aRefusedSettlementUndoesFeesAndRegistration() {
        platform.overrides.put("2207", r -> FakePlatform.refused("基金支付失败"));
        VisitOutcome.Declined d = assertInstanceOf(VisitOutcome.Declined.class,
                flow("national", GatewayCredentials.none()).settle(Fixtures.visit("V0009"), cash));
        assertEquals("2207", d.infno());
        assertEquals("基金支付失败", d.message());
        assertEquals(List.of("2207", "2205", "2202"), platform.infnos().subList(6, 9));
    }

    @Test
    void signInIsPerOperatorPerDayAndRenewedOnceWhenExpired() throws Exception {
        SettlementClient c = Fixtures.client(platform, journal, clock, "national", GatewayCredentials.none());
        c.personInfo(Fixtures.CLERK, new Credential.IdNumber("430102199001011234"));
        c.personInfo(Fixtures.CLERK, new Credential.IdNumber("430102199001011234"));
        assertEquals(List.of("9001", "1101", "1101"), platform.infnos());
        // a restart on the same day re-uses the journalled sign_no
        SettlementClient again = Fixtures.client(platform, journal, clock, "national", GatewayCredentials.none());
        again.personInfo(Fixtures.CLERK, new Credential.IdNumber("430102199001011234"));
        assertEquals("SIGN1", platform.last("1101").signNo());
        // a new day (Beijing time): a new sign-in
        clock.advance(Duration.ofHours(16));
        again.personInfo(Fixtures.CLERK, new Credential.IdNumber("430102199001011234"));
        assertEquals("SIGN2", platform.last("1101").signNo());
        // the platform says the sign_no expired: one renewal, then the call again
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        platform.overrides.put("1101", r -> n.getAndIncrement() == 0 ? FakePlatform.refused("签到信息已失效,请重新签到")
                : FakePlatform.refused("签到信息已失效,请重新签到"));
        ChannelRefusedException e = assertThrows(ChannelRefusedException.class,
                () -> again.personInfo(Fixtures.CLERK, new Credential.IdNumber("430102199001011234")));
        assertTrue(e.channelMessage().contains("签到"));
        assertEquals(List.of("1101", "9001", "1101"), platform.infnos().subList(
                platform.infnos().size() - 3, platform.infnos().size()));
        assertEquals(2, n.get()); // renewed once, not in a loop
        again.signOut(Fixtures.CLERK);
        assertEquals("9002", platform.infnos().get(platform.infnos().size() - 1));
        assertEquals("SIGN3", platform.last("9002").input().path("signOut").path("sign_no").asText());
    }

    @Test
    void tifHeadersAreAcceptedByAVerifyingGateway() throws Exception {
        platform.tifToken = "paas-token-secret";
        SettlementClient c = Fixtures.client(platform, journal, clock, "guangdong",
                GatewayCredentials.tif("paas01", "paas-token-secret"));
        c.personInfo(Fixtures.CLERK, new Credential.IdNumber("430102199001011234"));
        FakePlatform.Received r = platform.last("1101");
        assertEquals("/ebus/gdyb_api/prd/hsa/hgs/1101", r.path());
        assertEquals("paas01", r.headers().get("X-tif-paasid").get(0));
        assertEquals(Long.toString(Fixtures.MORNING.getEpochSecond()), r.headers().get("X-tif-timestamp").get(0));
        assertEquals("430105", r.root().path("recer_admvs").asText()); // no insuplc yet: the 就医地
        SettlementClient wrong = Fixtures.client(platform, journal, clock, "guangdong",
                GatewayCredentials.tif("paas01", "another"));
        ChannelRefusedException e = assertThrows(ChannelRefusedException.class,
                () -> wrong.signIn(Fixtures.CLERK));
        assertTrue(e.credentialsRejected());
        assertTrue(!e.getMessage().contains("another"));
    }

    @Test
    void csbHeadersAreAcceptedByAVerifyingGatewayAndHunanRulesApply() throws Exception {
        platform.csbSecret = "csb-secret";
        SettlementClient c = Fixtures.client(platform, journal, clock, "hunan", GatewayCredentials.csb("AK1",
                "csb-secret"));
        c.personInfo(Fixtures.CLERK, new Credential.IdNumber("430102199001011234"));
        FakePlatform.Received r = platform.last("1101");
        assertEquals("hsa-fsi-1101", r.headers().get("_api_name").get(0));
        assertEquals(Long.toString(Fixtures.MORNING.toEpochMilli()), r.headers().get("_api_timestamp").get(0));
        // Hunan: 01 needs the holder's document and name; 2203 needs dise_codg
        assertThrows(InvalidInputException.class, () -> c.personInfo(Fixtures.CLERK,
                new Credential.EcToken("130000ecmecib288580f0f1a0a0000e7328251", "", "", "")));
        c.personInfo(Fixtures.CLERK, new Credential.EcToken("130000ecmecib288580f0f1a0a0000e7328251", "01",
                "430102199001011234", "张三"));
        assertEquals("01", platform.last("1101").input().path("data").path("mdtrt_cert_type").asText());
        assertThrows(InvalidInputException.class, () -> c.uploadVisit(Fixtures.CLERK, new VisitDetails("M1", "P1",
                "430100", "11", java.time.LocalDateTime.of(2026, 12, 7, 9, 0), "", "", "", List.of())));
        // Hunan's infcode=0 with err_msg is a refusal; for a non-repeatable call its outcome is unknown
        platform.overrides.put("2201", x -> new FakePlatform.Answer(200,
                "{\"infcode\":\"0\",\"err_msg\":\"FSI-异常[x_1]\",\"output\":null}"));
        ChannelRefusedException e = assertThrows(ChannelRefusedException.class, () -> c.register(Fixtures.CLERK,
                new Registration("P1", "310", "430100", java.time.LocalDateTime.of(2026, 12, 7, 9, 0),
                        new Credential.IdNumber("430102199001011234"), "V1", "D", "医生", "K", "科", "03")));
        assertTrue(e.outcomeUnknown());
        assertEquals(MessageState.UNKNOWN, journal.message(platform.last("2201").msgid()).orElseThrow().state());
    }

    @Test
    void everyStateChangingCallIsJournalledBeforeItIsSent() throws Exception {
        SettlementClient c = Fixtures.client(platform, journal, clock, "national", GatewayCredentials.none());
        platform.overrides.put("2202", r -> {
            // at the moment the platform sees it, the journal already holds it as SENT
            assertEquals(MessageState.SENT, journal.message(r.msgid()).orElseThrow().state());
            return FakePlatform.ok(io.yikatong.payment.medicalinsurance.settlement.internal.Json.object());
        });
        c.cancelRegistration(Fixtures.CLERK, "P1", "430100", "M1", "V1");
        assertEquals(MessageState.ANSWERED, journal.message(platform.last("2202").msgid()).orElseThrow().state());
        platform.overrides.put("2202", r -> FakePlatform.LOST);
        assertThrows(ChannelLinkException.class, () -> c.cancelRegistration(Fixtures.CLERK, "P1", "430100", "M1",
                "V1"));
        assertEquals(MessageState.UNKNOWN, journal.message(platform.last("2202").msgid()).orElseThrow().state());
    }

    @Test
    void aLostCancellationIsReversedThenCancelledAgainOnResume() {
        cash.mode = "declined";
        platform.overrides.put("2208", r -> FakePlatform.LOST);
        VisitOutcome.Pending p = assertInstanceOf(VisitOutcome.Pending.class,
                flow("national", GatewayCredentials.none()).settle(Fixtures.visit("V0010"), cash));
        assertEquals(VisitState.CANCELLING_SETTLEMENT, p.state());
        String lost2208 = platform.last("2208").msgid();
        platform.overrides.clear();
        List<VisitOutcome> r = flow("national", GatewayCredentials.none()).resume();
        assertInstanceOf(VisitOutcome.Declined.class, r.get(0), r.toString());
        List<String> all = platform.infnos();
        assertEquals(List.of("2208", "2601", "2208", "2205", "2202"), all.subList(all.size() - 5, all.size()));
        assertEquals(lost2208, platform.last("2601").input().path("data").path("omsgid").asText());
        assertEquals("2208", platform.last("2601").input().path("data").path("oinfno").asText());
        assertEquals(VisitState.CANCELLED, journal.visit("V0010").orElseThrow().state());
    }

    @Test
    void aCashShareStillPendingThenDeclinedIsUndoneOnResume() {
        cash.mode = "pending";
        flow("national", GatewayCredentials.none()).settle(Fixtures.visit("V0011"), cash);
        cash.mode = "declined";
        List<VisitOutcome> r = flow("national", GatewayCredentials.none()).resume();
        VisitOutcome.Declined d = assertInstanceOf(VisitOutcome.Declined.class, r.get(0), r.toString());
        assertEquals("cash", d.infno());
        List<String> all = platform.infnos();
        assertEquals(List.of("2207", "2208", "2205", "2202"), all.subList(all.size() - 4, all.size()));
    }

    @Test
    void undoOfACompletedSettlement() {
        VisitOutcome.Settled s = assertInstanceOf(VisitOutcome.Settled.class,
                flow("national", GatewayCredentials.none()).settle(Fixtures.visit("V0012"), cash));
        VisitOutcome o = flow("national", GatewayCredentials.none()).undo(Fixtures.CLERK, s.setlId());
        assertInstanceOf(VisitOutcome.Declined.class, o, o.toString());
        List<String> all = platform.infnos();
        assertEquals(List.of("2208", "2205", "2202"), all.subList(all.size() - 3, all.size()));
        assertThrows(InvalidInputException.class, () -> flow("national", GatewayCredentials.none())
                .undo(Fixtures.CLERK, s.setlId()));
    }
}
