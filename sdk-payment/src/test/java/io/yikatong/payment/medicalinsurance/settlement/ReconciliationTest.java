package io.yikatong.payment.medicalinsurance.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Money;
import io.yikatong.payment.medicalinsurance.settlement.internal.TabFiles;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 3201 totals and the 3202 detail cycle against the loopback platform. */
class ReconciliationTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

    @TempDir
    Path dir;
    FakePlatform platform;
    SettlementJournal journal;
    SettlementClient client;

    @BeforeEach
    void start() throws Exception {
        platform = new FakePlatform();
        TestClock clock = new TestClock(Fixtures.MORNING);
        journal = Fixtures.journal(dir, clock);
        client = Fixtures.client(platform, journal, clock, "national", GatewayCredentials.none());
        Fixtures.ScriptedCash cash = new Fixtures.ScriptedCash();
        OutpatientSettlement flow = OutpatientSettlement.of(client, cash);
        assertInstanceOf(VisitOutcome.Settled.class, flow.settle(Fixtures.visit("R0001"), cash));
        assertInstanceOf(VisitOutcome.Settled.class, flow.settle(Fixtures.visit("R0002"), cash));
        cash.mode = "declined";
        assertInstanceOf(VisitOutcome.Declined.class, flow.settle(Fixtures.visit("R0003"), cash)); // cancelled
    }

    @AfterEach
    void stop() {
        platform.close();
        journal.close();
    }

    @Test
    void totalsPerGroupLeaveCancelledSettlementsOut() throws Exception {
        List<Reconciliation.GroupResult> r = new Reconciliation(client).totals(Fixtures.CLERK, DAY, DAY);
        assertEquals(1, r.size());
        StatementTotals t = r.get(0).sent();
        assertEquals("310", t.insutype());
        assertEquals("430100", t.setlOptins());
        assertEquals(2, t.settlementCount());
        assertEquals(Money.ofFen(2 * 12559), t.medfeeSumamt());
        assertTrue(r.get(0).result().balanced());
        assertEquals("251.18", platform.last("3201").input().path("data").path("medfee_sumamt").decimalValue()
                .toPlainString());
    }

    @Test
    void theDetailCycleReportsEachKindOfMismatch() throws Exception {
        VisitEntry one = journal.visit("R0001").orElseThrow();
        VisitEntry two = journal.visit("R0002").orElseThrow();
        platform.download = TabFiles.zip("result.txt", List.of(
                List.of(one.psnNo(), one.mdtrtId(), one.setlId(), one.settleMsgid(), "0", "0", "", "125.59", "87.91",
                        "12.55"),
                List.of("P9", "M9", "S9", "H43010500001202612070930009999", "1", "0", "中心多", "50.00", "30.00", "0"),
                List.of(two.psnNo(), two.mdtrtId(), two.setlId(), two.settleMsgid(), "3", "0", "金额不符", "125.58",
                        "87.91", "12.55"),
                List.of("", "", "S8", "", "2", "0", "", "1.00", "0", "0")));
        Reconciliation.DetailReport report = new Reconciliation(client).details(Fixtures.CLERK, "430100", DAY, DAY);
        assertFalse(report.balanced());
        assertEquals(4, report.linesChecked());
        assertEquals(3, report.mismatches().size());
        Reconciliation.CenterOnly c = assertInstanceOf(Reconciliation.CenterOnly.class, report.mismatches().get(0));
        assertEquals("H43010500001202612070930009999", c.msgid());
        assertEquals(Money.ofFen(5000), c.medfeeSumamt());
        Reconciliation.AmountsDiffer d = assertInstanceOf(Reconciliation.AmountsDiffer.class,
                report.mismatches().get(1));
        assertEquals("R0002", d.visitNo());
        assertEquals(Money.ofFen(12558), d.center().get(0));
        assertInstanceOf(Reconciliation.InstitutionOnly.class, report.mismatches().get(2));
        // what was uploaded: our two live settlements, TAB-separated, amounts in yuan
        List<List<String>> up = TabFiles.unzip(platform.uploaded);
        assertEquals(2, up.size());
        assertEquals(List.of(one.setlId(), one.mdtrtId(), one.psnNo(), "125.59", "87.91", "12.55", "0"), up.get(0));
        assertEquals("FQ-UP-1", platform.last("3202").input().path("data").path("file_qury_no").asText());
        assertEquals("FQ-RESULT-1", platform.last("9102").input().path("fsDownloadIn").path("file_qury_no").asText());
    }

    @Test
    void aMalformedResultFileIsGarbage() {
        platform.download = new byte[] {1, 2, 3};
        assertThrows(ChannelMalformedResponseException.class,
                () -> new Reconciliation(client).details(Fixtures.CLERK, "430100", DAY, DAY));
        platform.download = TabFiles.zip("r.txt", List.of(List.of("a", "b")));
        assertThrows(ChannelMalformedResponseException.class,
                () -> new Reconciliation(client).details(Fixtures.CLERK, "430100", DAY, DAY));
    }
}
