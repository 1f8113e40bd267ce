package io.yikatong.payment.medicalinsurance.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The msgid: 定点编号(12) + yyyyMMddHHmmss + 4-digit sequence, unique and persisted. */
class MessageIdTest {

    private static final Pattern FORMAT = Pattern.compile("H43010500001(\\d{14})(\\d{4})");
    private static final LocalDateTime T = LocalDateTime.of(2026, 6, 12, 9, 22, 37);

    @TempDir
    Path dir;

    @Test
    void formatAndSequenceWithinASecond() {
        try (SettlementJournal j = SettlementJournal.embedded(dir, new TestClock(Fixtures.MORNING), "t")) {
            assertEquals("H43010500001202606120922370000", j.nextMessageId("H43010500001", T));
            assertEquals("H43010500001202606120922370001", j.nextMessageId("H43010500001", T));
            assertEquals("H43010500001202606120922380000", j.nextMessageId("H43010500001", T.plusSeconds(1)));
            // a clock that went back keeps the last second issued
            assertEquals("H43010500001202606120922380001", j.nextMessageId("H43010500001", T));
            // another institution has its own sequence
            assertEquals("H43010500002202606120922370000", j.nextMessageId("H43010500002", T));
        }
    }

    @Test
    void theSequenceSurvivesARestartAndRollsIntoTheNextSecond() {
        try (SettlementJournal j = SettlementJournal.embedded(dir, new TestClock(Fixtures.MORNING), "t")) {
            for (int i = 0; i < 9_998; i++) {
                j.nextMessageId("H43010500001", T);
            }
        }
        try (SettlementJournal j = SettlementJournal.embedded(dir, new TestClock(Fixtures.MORNING), "t")) {
            assertEquals("H43010500001202606120922379998", j.nextMessageId("H43010500001", T));
            assertEquals("H43010500001202606120922379999", j.nextMessageId("H43010500001", T));
            assertEquals("H43010500001202606120922380000", j.nextMessageId("H43010500001", T));
            String end = j.nextMessageId("H43010500001", LocalDateTime.of(2026, 12, 31, 23, 59, 59));
            assertEquals("H43010500001202612312359590000", end);
            for (int i = 0; i < 9_999; i++) {
                j.nextMessageId("H43010500001", LocalDateTime.of(2026, 12, 31, 23, 59, 59));
            }
            assertEquals("H43010500001202701010000000000", j.nextMessageId("H43010500001",
                    LocalDateTime.of(2026, 12, 31, 23, 59, 59)));
        }
    }

    @Test
    void concurrentAllocationsNeverRepeat() throws Exception {
        try (SettlementJournal j = SettlementJournal.embedded(dir, new TestClock(Fixtures.MORNING), "t")) {
            assertUniqueUnderContention(List.of(j, j, j, j));
        }
    }

    /** Two servers on one PostgreSQL database (CI=true: the server is required). */
    @Test
    void twoServersOnOnePostgresqlJournalNeverRepeat() throws Exception {
        String schema = "yk_mi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = pg(null)) {
            admin.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and PostgreSQL is required: " + e.getMessage());
            }
            assumeTrue(false, "PostgreSQL is not reachable: " + e.getMessage());
        }
        try {
            SettlementJournal a = SettlementJournal.open(dataSource(schema), new TestClock(Fixtures.MORNING), "his-a");
            SettlementJournal b = SettlementJournal.open(dataSource(schema), new TestClock(Fixtures.MORNING), "his-b");
            assertUniqueUnderContention(List.of(a, b, a, b));
        } finally {
            try (Connection admin = pg(null)) {
                admin.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static void assertUniqueUnderContention(List<SettlementJournal> journals) throws Exception {
        Set<String> all = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(journals.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> fs = new java.util.ArrayList<>();
            for (SettlementJournal j : journals) {
                fs.add(pool.submit(() -> {
                    go.await(30, TimeUnit.SECONDS);
                    int n = 0;
                    for (int i = 0; i < 200; i++) {
                        String id = j.nextMessageId("H43010500001", T);
                        assertTrue(FORMAT.matcher(id).matches(), id);
                        if (all.add(id)) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : fs) {
                total += f.get(120, TimeUnit.SECONDS);
            }
            assertEquals(200 * journals.size(), total);
            assertEquals(200 * journals.size(), new HashSet<>(all).size());
        } finally {
            pool.shutdownNow();
        }
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
