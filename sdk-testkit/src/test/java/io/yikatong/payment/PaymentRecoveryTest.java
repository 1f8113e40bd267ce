package io.yikatong.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.JournalEvent;
import io.yikatong.payment.journal.PaymentJournal;
import io.yikatong.payment.journal.PaymentState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The recovery loop: a barcode payment left "user paying" by a crashed client is reversed once its deadline passed,
 * by a loop started with one call; runs are bounded; two loops on one PostgreSQL journal act on each entry once.
 */
class PaymentRecoveryTest {

    private static final String PG_URL = System.getProperty("yikatong.pg.url",
            "jdbc:postgresql://127.0.0.1:55432/yikatong");

    @TempDir
    Path dir;
    WechatFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new WechatFixture(dir);
        f.sim.holdNotifications();
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    /** A client on {@code journal} that dies after sending a code payment the simulator keeps "user paying". */
    private List<String> crashUserPaying(PaymentJournal journal, int count) {
        List<String> numbers = new ArrayList<>();
        PaymentClient dying = f.newClient(journal, PaymentClientCrashTest.dyingAfterCall(f.channel));
        for (int i = 0; i < count; i++) {
            f.sim.nextCodepayUserPaying(1000, "SUCCESS");
            String no = WechatFixture.no();
            assertThrows(DelegatingAdapter.SimulatedCrash.class, () -> dying.barcodePay(
                    new BarcodePayment("wechat", no, Money.ofFen(500), "挂号费", WechatFixture.AUTH_CODE)));
            numbers.add(no);
        }
        return numbers;
    }

    private long reverseCalls(String no) {
        return f.sim.requests().stream()
                .filter(r -> r.method().equals("POST") && r.url().contains("/" + no + "/reverse")).count();
    }

    private static long changesTo(PaymentJournal journal, String no, String state) {
        return journal.events(no).stream().filter(e -> e.merchantRefundNo() == null
                && e.kind() == JournalEvent.Kind.CHANGED && state.equals(e.toState())).count();
    }

    @Test
    void aStartedLoopReversesAnExpiredUserPayingPaymentOnce() throws Exception {
        String no = crashUserPaying(f.journal, 1).get(0);
        BlockingQueue<RecoveryRun> runs = new LinkedBlockingQueue<>();
        try (PaymentRecovery loop = PaymentRecovery.builder(f.client).period(Duration.ofSeconds(1))
                .initialDelay(Duration.ZERO).listener(runs::add).start()) {
            RecoveryRun first = runs.poll(60, TimeUnit.SECONDS);
            assertTrue(first != null, "no run within a minute");
            assertEquals(List.of("pending"), first.entries().stream().map(RecoveryRun.Entry::status).toList(),
                    "before the deadline the loop only queries");
            assertEquals(0, reverseCalls(no));
            f.clock.advance(Duration.ofSeconds(31));
            RecoveryRun settled = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (settled == null && System.nanoTime() < end) {
                RecoveryRun r = runs.poll(5, TimeUnit.SECONDS);
                if (r != null && !r.entries().isEmpty() && r.entries().get(0).settled()) {
                    settled = r;
                }
            }
            assertTrue(settled != null, "not reversed within a minute");
            assertEquals(new PaymentOutcome.Closed(no, true), settled.entries().get(0).outcome());
            assertNull(settled.failure());
        }
        assertEquals("REVOKED", f.sim.order(no).orElseThrow().tradeState());
        assertEquals(1, reverseCalls(no));
        assertEquals(1, f.changesTo(no, "REVERSED"));
        assertEquals(List.of(), f.client.resumePending());
    }

    @Test
    void startRecoveryIsOneCallAndCloseStopsIt() {
        PaymentRecovery loop = f.client.startRecovery(Duration.ofMinutes(1));
        loop.close();
        loop.close(); // idempotent
        assertEquals(0, loop.runOnce().entries().size());
        assertThrows(InvalidInputException.class, () -> f.client.startRecovery(Duration.ZERO));
        assertThrows(InvalidInputException.class, () -> PaymentRecovery.builder(f.client).batchSize(0));
    }

    @Test
    void aRunLooksAtNoMoreThanItsBatch() {
        List<String> numbers = crashUserPaying(f.journal, 3);
        f.clock.advance(Duration.ofSeconds(31));
        PaymentRecovery loop = PaymentRecovery.builder(f.client).batchSize(2).build();
        RecoveryRun first = loop.runOnce();
        assertEquals(numbers.subList(0, 2), first.entries().stream().map(RecoveryRun.Entry::merchantOrderNo).toList());
        assertTrue(first.incomplete());
        RecoveryRun second = loop.runOnce();
        assertEquals(numbers.subList(2, 3), second.entries().stream().map(RecoveryRun.Entry::merchantOrderNo).toList());
        assertFalse(second.incomplete());
        for (String no : numbers) {
            assertEquals(PaymentState.REVERSED, f.journal.find(no).orElseThrow().state());
            assertEquals(1, reverseCalls(no));
        }
        assertEquals(0, loop.runOnce().entries().size());
    }

    @Test
    void anEntryClaimedByAnotherProcessIsSkippedUntilItsLeaseLapses() {
        String no = crashUserPaying(f.journal, 1).get(0);
        f.clock.advance(Duration.ofSeconds(31));
        assertTrue(f.journal.claim(no, "other-process", Duration.ofMinutes(10)));
        PaymentRecovery loop = PaymentRecovery.builder(f.client).build();
        RecoveryRun skipped = loop.runOnce();
        assertEquals(1, skipped.claimedElsewhere());
        assertEquals(0, skipped.entries().size());
        assertEquals(0, reverseCalls(no));
        f.clock.advance(Duration.ofMinutes(10)); // the other process died: its lease lapses
        RecoveryRun done = loop.runOnce();
        assertEquals(List.of(new PaymentOutcome.Closed(no, true)),
                done.entries().stream().map(RecoveryRun.Entry::outcome).toList());
        assertEquals(1, reverseCalls(no));
    }

    /** Two processes' loops (separate journal instances, data sources and clients) on one PostgreSQL journal. */
    @Test
    void twoLoopsOnOnePostgresJournalReverseEachEntryOnce() throws Exception {
        String schema = "yk_recovery_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = pg(null); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and PostgreSQL at " + PG_URL + " is required: " + e.getMessage());
            }
            assumeTrue(false, "PostgreSQL at " + PG_URL + " is not reachable: " + e.getMessage());
        }
        try {
            PaymentJournal setup = JdbcPaymentJournal.open(pgDataSource(schema), f.clock, "his-setup");
            List<String> numbers = crashUserPaying(setup, 8);
            f.clock.advance(Duration.ofSeconds(31));
            PaymentRecovery a = PaymentRecovery.builder(f.newClient(
                    JdbcPaymentJournal.open(pgDataSource(schema), f.clock, "his-a"), f.channel)).owner("his-a").build();
            PaymentRecovery b = PaymentRecovery.builder(f.newClient(
                    JdbcPaymentJournal.open(pgDataSource(schema), f.clock, "his-b"), f.channel)).owner("his-b").build();
            CyclicBarrier barrier = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            RecoveryRun ra;
            RecoveryRun rb;
            try {
                Future<RecoveryRun> fa = pool.submit(() -> {
                    barrier.await(30, TimeUnit.SECONDS);
                    return a.runOnce();
                });
                Future<RecoveryRun> fb = pool.submit(() -> {
                    barrier.await(30, TimeUnit.SECONDS);
                    return b.runOnce();
                });
                ra = fa.get(120, TimeUnit.SECONDS);
                rb = fb.get(120, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            Set<String> looked = new HashSet<>();
            for (RecoveryRun r : List.of(ra, rb)) {
                assertNull(r.failure());
                for (RecoveryRun.Entry e : r.entries()) {
                    looked.add(e.merchantOrderNo());
                    assertEquals(new PaymentOutcome.Closed(e.merchantOrderNo(), true), e.outcome());
                }
            }
            assertEquals(Set.copyOf(numbers), looked);
            for (String no : numbers) {
                assertEquals(1, reverseCalls(no), no);
                assertEquals(1, changesTo(setup, no, "REVERSED"), no);
                assertEquals(PaymentState.REVERSED, setup.find(no).orElseThrow().state());
                assertEquals("REVOKED", f.sim.order(no).orElseThrow().tradeState());
            }
        } finally {
            try (Connection c = pg(null); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
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
        return DriverManager.getConnection(PG_URL, p);
    }

    private static PGSimpleDataSource pgDataSource(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(PG_URL);
        ds.setUser("yikatong");
        ds.setPassword("yikatong");
        ds.setCurrentSchema(schema);
        ds.setConnectTimeout(3);
        return ds;
    }
}
