package io.yikatong.payment.medicalinsurance.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.yikatong.core.InvalidInputException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash states written directly into the journal (as a process killed at that point leaves them), then
 * {@link OutpatientSettlement#resume()}: exactly one 冲正 or undo per visit, also with two servers on one PostgreSQL
 * journal.
 */
class ResumeTest {

    @TempDir
    Path dir;

    /** Killed after the 2207 was journalled and sent, before the visit recorded the msgid (the narrowest window). */
    @Test
    void a2207JournalledButNotRecordedOnTheVisitIsReversed() throws Exception {
        String msgid;
        try (SettlementJournal dead = Fixtures.journal(dir, new TestClock(Fixtures.MORNING))) {
            msgid = crashedInSettlement(dead, "C0001", false); // the run that "died" (same instance name)
        }
        try (FakePlatform platform = new FakePlatform();
                SettlementJournal journal = Fixtures.journal(dir, new TestClock(Fixtures.MORNING))) {
            SettlementClient c = Fixtures.client(platform, journal, new TestClock(Fixtures.MORNING), "national",
                    GatewayCredentials.none());
            List<VisitOutcome> r = OutpatientSettlement.of(c, null).resume();
            assertInstanceOf(VisitOutcome.Declined.class, r.get(0), r.toString());
            assertEquals(List.of("9001", "2601", "2205", "2202"), platform.infnos());
            assertEquals(msgid, platform.last("2601").input().path("data").path("omsgid").asText());
            assertEquals(VisitState.CANCELLED, journal.visit("C0001").orElseThrow().state());
            assertTrue(OutpatientSettlement.of(c, null).resume().isEmpty());
        }
    }

    @Test
    void aHunanVisitWithoutItsMandatoryDiseaseCodeIsRefusedBeforeAnythingIsSent() throws Exception {
        try (FakePlatform platform = new FakePlatform();
                SettlementJournal journal = Fixtures.journal(dir, new TestClock(Fixtures.MORNING))) {
            platform.csbSecret = "s";
            SettlementClient c = Fixtures.client(platform, journal, new TestClock(Fixtures.MORNING), "hunan",
                    GatewayCredentials.csb("AK", "s"));
            assertThrows(InvalidInputException.class, () -> OutpatientSettlement.of(c, null)
                    .settle(Fixtures.visit("C0009"), new Fixtures.ScriptedCash()));
            assertTrue(platform.requests.isEmpty());
        }
    }

    /** Two servers resume the same crashed visits at once: each visit is reversed by exactly one of them. */
    @Test
    void twoServersOnOnePostgresqlJournalResumeEachVisitOnce() throws Exception {
        String schema = "yk_mi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = pg(null)) {
            admin.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and PostgreSQL is required: " + e.getMessage());
            }
            assumeTrue(false, "PostgreSQL is not reachable: " + e.getMessage());
        }
        try (FakePlatform platform = new FakePlatform()) {
            TestClock clock = new TestClock(Fixtures.MORNING);
            SettlementJournal dead = SettlementJournal.open(dataSource(schema), clock, "his-c");
            List<String> crashed = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                crashedInSettlement(dead, "P000" + i, true);
                crashed.add("P000" + i);
            }
            SettlementJournal a = SettlementJournal.open(dataSource(schema), clock, "his-a");
            SettlementJournal b = SettlementJournal.open(dataSource(schema), clock, "his-b");
            // his-c died holding them: nobody else may take them before the lease runs out
            assertTrue(OutpatientSettlement.of(Fixtures.client(platform, a, clock, "national",
                    GatewayCredentials.none()), null).resume().isEmpty());
            assertTrue(platform.requests.isEmpty());
            clock.advance(SettlementJournal.LEASE.plusMinutes(1));
            OutpatientSettlement sa = OutpatientSettlement.of(Fixtures.client(platform, a, clock, "national",
                    GatewayCredentials.none()), null);
            OutpatientSettlement sb = OutpatientSettlement.of(Fixtures.client(platform, b, clock, "national",
                    GatewayCredentials.none()), null);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            try {
                Future<List<VisitOutcome>> fa = pool.submit(() -> {
                    go.await(30, TimeUnit.SECONDS);
                    return sa.resume();
                });
                Future<List<VisitOutcome>> fb = pool.submit(() -> {
                    go.await(30, TimeUnit.SECONDS);
                    return sb.resume();
                });
                go.countDown();
                fa.get(120, TimeUnit.SECONDS);
                fb.get(120, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(6, platform.infnos().stream().filter("2601"::equals).count(), platform.infnos().toString());
            assertEquals(6, platform.requests.stream().filter(r -> r.infno().equals("2601"))
                    .map(r -> r.input().path("data").path("omsgid").asText()).distinct().count());
            for (String v : crashed) {
                VisitState s = a.visit(v).orElseThrow().state();
                assertTrue(s == VisitState.CANCELLED || !s.terminal(), v + " " + s);
            }
            // whatever one server left unfinished (it lost a race mid-way), one more resume finishes
            sa.resume();
            for (String v : crashed) {
                assertEquals(VisitState.CANCELLED, a.visit(v).orElseThrow().state(), v);
            }
            assertEquals(6, platform.infnos().stream().filter("2601"::equals).count());
        } finally {
            try (Connection admin = pg(null)) {
                admin.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** Writes the journal as a process killed with a 2207 in flight leaves it; returns the 2207's msgid. */
    private static String crashedInSettlement(SettlementJournal j, String visitNo, boolean recordedOnVisit) {
        VisitEntry v = j.createVisit(visitNo, Fixtures.CLERK.id(), "P1", "310", "430100").orElseThrow();
        v = j.moveVisit(v, VisitState.REGISTERED, Map.of("mdtrt_id", "M-" + visitNo)).orElseThrow();
        v = j.moveVisit(v, VisitState.UPLOADING_FEES, Map.of("chrg_bchno", "B-" + visitNo)).orElseThrow();
        v = j.moveVisit(v, VisitState.FEES_UPLOADED, Map.of()).orElseThrow();
        String msgid = j.nextMessageId(Fixtures.HOSPITAL.fixmedinsCode(), LocalDateTime.of(2026, 12, 7, 9, 30));
        j.recordSent(msgid, "2207", Fixtures.CLERK.id(), "P1", "430100", visitNo);
        if (recordedOnVisit) {
            j.moveVisit(v, VisitState.SETTLING, Map.of("settle_msgid", msgid)).orElseThrow();
        }
        return msgid;
    }

    private static Connection pg(String schema) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "yikatong");
        p.setProperty("password", "yikatong");
        p.setProperty("connectTimeout", "3");
        if (schema != null) {
            p.setProperty("currentSchema", schema);
        }
        return DriverManager.getConnection(System.getProperty("yikatong.pg.url",
                "jdbc:postgresql://127.0.0.1:55432/yikatong"), p);
    }

    private static DataSource dataSource(String schema) {
        return new org.postgresql.ds.PGSimpleDataSource() {
            private static final long serialVersionUID = 1L;

            @Override
            public Connection getConnection() throws SQLException {
                return pg(schema);
            }
        };
    }
}
