package io.yikatong.payment.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Money;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceSplit;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A journal written by the releases before the schema history (their DDL, their rows, the facts in event details) is
 * upgraded in place when this version opens it, on H2 and on PostgreSQL (a schema of its own), once, also when several
 * instances open it at the same time.
 */
class JournalSchemaUpgradeTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-08T02:00:00Z"));
    private static final String PAYMENTS = "SELECT merchant_order_no, channel, amount_fen, description, state, "
            + "channel_trade_no, attempt, refunded_fen, created_at, updated_at, paid_at, version FROM yk_payment "
            + "ORDER BY merchant_order_no";
    private static final String EVENTS = "SELECT id, merchant_order_no, merchant_refund_no, kind, source, from_state, "
            + "to_state, instance_name, at_millis, detail FROM yk_journal_event ORDER BY id";
    private static final String REFUNDS = "SELECT merchant_refund_no, merchant_order_no, amount_fen, reason, state, "
            + "channel_refund_no, created_at, updated_at, version FROM yk_refund ORDER BY merchant_refund_no";
    private static final String HISTORY = "SELECT version, applied_by FROM yk_journal_schema ORDER BY version";

    @TempDir
    Path dir;

    static List<String> kinds() {
        return Databases.kinds().toList();
    }

    /**
     * Checks every fact of {@link LegacyJournal#writeOldRows()} as this version reads it.
     *
     * @param j the upgraded journal
     */
    static void assertUpgradedFacts(PaymentJournal j) {
        PaymentEntry qrPending = j.find("QRPENDING01").orElseThrow();
        assertEquals(PaymentKind.QR, qrPending.kind());
        assertEquals("weixin://wxpay/bizpayurl?pr=Qx9a2b", qrPending.codeUrl());
        assertNull(qrPending.decline());
        assertNull(qrPending.split());
        assertNull(qrPending.chargeBatchNo());
        PaymentEntry qrPaid = j.find("QRPAID0001").orElseThrow();
        assertEquals(PaymentKind.QR, qrPaid.kind());
        assertEquals("https://qr.alipay.com/bax03431ljhokirwl38f00a7", qrPaid.codeUrl());
        assertEquals(PaymentState.PAID, qrPaid.state());

        PaymentEntry declined = j.find("BCDECLINED1").orElseThrow();
        assertEquals(PaymentKind.BARCODE, declined.kind());
        assertEquals(new Decline(DeclineReason.AUTH_CODE_INVALID, "AUTHCODEEXPIRE", "二维码已过期，请刷新再试|请重新扫码"),
                declined.decline());
        assertNull(declined.codeUrl());
        PaymentEntry paid = j.find("BCPAID0001").orElseThrow();
        assertEquals(PaymentKind.BARCODE, paid.kind());
        assertNull(paid.decline(), "an anomaly is not the entry's decline");
        assertEquals(Money.ofFen(4000), paid.refundable());
        assertEquals("4200000001", paid.channelTradeNo());
        PaymentEntry created = j.find("BCCREATED01").orElseThrow();
        assertNull(created.kind(), "never marked sent: the old journal had no kind for it");
        assertEquals(PaymentState.CREATED, created.state());
        PaymentEntry other = j.find("XDECLINED01").orElseThrow();
        assertNull(other.kind());
        assertEquals(new Decline(DeclineReason.OTHER, "", ""), other.decline());

        PaymentEntry miPaid = j.find("MIPAID0001").orElseThrow();
        assertEquals("medical-insurance", miPaid.channel());
        assertEquals(PaymentKind.MEDICAL_INSURANCE, miPaid.kind());
        assertEquals(new MedicalInsuranceSplit(Money.ofFen(10000), Money.ofFen(7000), Money.ofFen(1000),
                Money.ofFen(2000)), miPaid.split());
        assertEquals("BMIPAID", miPaid.chargeBatchNo());
        assertEquals("PO0001", miPaid.channelTradeNo());
        assertEquals(Money.ofFen(8000), miPaid.refunded());
        PaymentEntry miPending = j.find("MIPENDING01").orElseThrow();
        assertEquals("medical-insurance", miPending.channel());
        assertEquals(PaymentKind.MEDICAL_INSURANCE, miPending.kind());
        assertEquals("BMIPENDING", miPending.chargeBatchNo());
        assertNull(miPending.split());
        PaymentEntry miDeclined = j.find("MIDECLINED1").orElseThrow();
        assertEquals(PaymentKind.MEDICAL_INSURANCE, miDeclined.kind());
        assertNull(miDeclined.decline(), "the refusal text was a note, never read back");
        PaymentEntry badSplit = j.find("MIBADSPLIT1").orElseThrow();
        assertNull(badSplit.split(), "a split that does not add up is left out");
        assertEquals("BMIBAD", badSplit.chargeBatchNo());

        assertEquals(PaymentKind.BARCODE, j.find("BCPENDING01").orElseThrow().kind());
        assertEquals(List.of("QRPENDING01", "BCCREATED01", "BCPENDING01", "MIPENDING01"),
                j.unresolved().stream().map(PaymentEntry::merchantOrderNo).toList());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void oldJournalIsUpgradedInPlaceAndEveryFactReadsBackTyped(String kind) throws Exception {
        try (LegacyJournal old = new LegacyJournal(kind, dir)) {
            old.writeOldRows();
            List<Map<String, Object>> payments = old.rows(PAYMENTS);
            List<Map<String, Object>> events = old.rows(EVENTS);
            List<Map<String, Object>> refunds = old.rows(REFUNDS);

            JdbcPaymentJournal j = old.open(CLOCK, "his-new");
            assertUpgradedFacts(j);
            assertEquals(List.of(Map.of("version", 0L, "applied_by", "his-new"),
                    Map.of("version", 1L, "applied_by", "his-new"), Map.of("version", 2L, "applied_by", "his-new"),
                    Map.of("version", 3L, "applied_by", "his-new"), Map.of("version", 4L, "applied_by", "his-new")),
                    old.rows(HISTORY));
            // nothing else moved: row versions and times, the append-only event log, the refunds
            List<Map<String, Object>> renamed = new ArrayList<>();
            for (Map<String, Object> row : payments) {
                Map<String, Object> r = new java.util.LinkedHashMap<>(row);
                r.replace("channel", "medicare", "medical-insurance");
                renamed.add(r);
            }
            assertEquals(renamed, old.rows(PAYMENTS));
            assertEquals(events, old.rows(EVENTS));
            assertEquals(refunds, old.rows(REFUNDS));
            assertEquals(List.of(Map.of("n", 0L)),
                    old.rows("SELECT COUNT(*) AS n FROM yk_payment WHERE channel = 'medicare'"));

            // the upgraded entries go on as usual
            Transition<PaymentEntry> qrPaid = j.apply("QRPENDING01", StateChange.to(PaymentState.PAID,
                    EventSource.NOTIFICATION).withChannelTradeNo("4200000002"));
            assertTrue(qrPaid.changed());
            assertEquals("weixin://wxpay/bizpayurl?pr=Qx9a2b", qrPaid.entry().codeUrl(), "kept with the new state");
            assertEquals(qrPaid.entry(), j.find("QRPENDING01").orElseThrow());
            MedicalInsuranceSplit split = new MedicalInsuranceSplit(Money.ofFen(4500), Money.ofFen(3000),
                    Money.ofFen(500), Money.ofFen(1000));
            PaymentEntry miPaid = j.apply("MIPENDING01", StateChange.to(PaymentState.PAID, EventSource.QUERY)
                    .withSplit(split)).entry();
            assertEquals(split, miPaid.split());
            assertEquals("BMIPENDING", miPaid.chargeBatchNo());
            assertEquals(JournalErrorCode.REFUND_EXCEEDS_PAID, assertThrows(JournalConflictException.class,
                    () -> j.requestRefund(new NewRefund("RF-2", "MIPAID0001", Money.ofFen(2001), null))).errorCode());
            assertEquals(RefundState.REQUESTED, j.requestRefund(new NewRefund("RF-2", "MIPAID0001", Money.ofFen(2000),
                    null)).state());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void openingAnUpgradedJournalAgainChangesNothing(String kind) throws Exception {
        try (LegacyJournal old = new LegacyJournal(kind, dir)) {
            old.writeOldRows();
            old.open(CLOCK, "his-a");
            List<Map<String, Object>> history = old.rows("SELECT * FROM yk_journal_schema ORDER BY version");
            List<Map<String, Object>> payments = old.rows("SELECT * FROM yk_payment ORDER BY merchant_order_no");
            List<Map<String, Object>> events = old.rows(EVENTS);
            JdbcPaymentJournal again = old.open(CLOCK, "his-b");
            assertEquals(history, old.rows("SELECT * FROM yk_journal_schema ORDER BY version"));
            assertEquals(payments, old.rows("SELECT * FROM yk_payment ORDER BY merchant_order_no"));
            assertEquals(events, old.rows(EVENTS));
            assertUpgradedFacts(again);
        }
    }

    /** Several servers start at once on an old journal: each version is applied by one, the others wait. */
    @ParameterizedTest
    @MethodSource("kinds")
    void instancesOpeningAnOldJournalAtOnceUpgradeItOnce(String kind) throws Exception {
        try (LegacyJournal old = new LegacyJournal(kind, dir)) {
            old.writeOldRows();
            int instances = 6;
            CyclicBarrier start = new CyclicBarrier(instances);
            ExecutorService pool = Executors.newFixedThreadPool(instances);
            List<Future<JdbcPaymentJournal>> opened = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    String name = "his-" + i;
                    opened.add(pool.submit(() -> {
                        start.await();
                        return old.open(CLOCK, name);
                    }));
                }
                for (Future<JdbcPaymentJournal> f : opened) {
                    assertUpgradedFacts(f.get(120, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            // each version applied once (by whichever instance held the lock), the facts read once
            List<Map<String, Object>> history = old.rows(HISTORY);
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), history.stream().map(r -> r.get("version")).toList());
            for (Map<String, Object> r : history) {
                assertTrue(((String) r.get("applied_by")).matches("his-[0-5]"), history::toString);
            }
        }
    }

    /**
     * The history table itself is created by servers racing: PostgreSQL's {@code CREATE TABLE IF NOT EXISTS} is not
     * atomic against itself, and the loser sees "type … already exists" (42710) or a unique violation (23505) — seen
     * once in CI. Several rounds of eight openers on fresh databases, so the race is really run.
     */
    @ParameterizedTest
    @MethodSource("kinds")
    void serversCreatingTheHistoryTableAtOnceAllOpen(String kind) throws Exception {
        for (int round = 0; round < 4; round++) {
            try (LegacyJournal old = new LegacyJournal(kind, dir.resolve("race" + round))) {
                int instances = 8;
                CyclicBarrier start = new CyclicBarrier(instances);
                ExecutorService pool = Executors.newFixedThreadPool(instances);
                List<Future<JdbcPaymentJournal>> opened = new ArrayList<>();
                try {
                    for (int i = 0; i < instances; i++) {
                        String name = "his-" + i;
                        opened.add(pool.submit(() -> {
                            start.await();
                            return old.open(CLOCK, name);
                        }));
                    }
                    for (Future<JdbcPaymentJournal> f : opened) {
                        f.get(120, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L),
                        old.rows(HISTORY).stream().map(r -> r.get("version")).toList(), "round " + round);
            }
        }
    }

    /** H2 commits at DDL: a crash after some of version 2's columns were added leaves it unrecorded, and it resumes. */
    @ParameterizedTest
    @MethodSource("kinds")
    void anUpgradeInterruptedAfterItsDdlIsCompletedOnTheNextOpen(String kind) throws Exception {
        try (LegacyJournal old = new LegacyJournal(kind, dir)) {
            old.writeOldRows();
            old.execute("ALTER TABLE yk_payment ADD COLUMN kind VARCHAR(24)");
            old.execute("ALTER TABLE yk_payment ADD COLUMN code_url VARCHAR(512)");
            old.execute("CREATE TABLE yk_journal_schema (version INTEGER NOT NULL PRIMARY KEY, "
                    + "description VARCHAR(128) NOT NULL, applied_at BIGINT NOT NULL, "
                    + "applied_by VARCHAR(64) NOT NULL)");
            old.execute("INSERT INTO yk_journal_schema VALUES (0, 'schema history', 1, 'his-crashed')");
            old.execute("INSERT INTO yk_journal_schema VALUES (1, 'payments, refunds and event log', 1, "
                    + "'his-crashed')");
            assertUpgradedFacts(old.open(CLOCK, "his-new"));
            assertEquals(List.of(Map.of("version", 0L, "applied_by", "his-crashed"),
                    Map.of("version", 1L, "applied_by", "his-crashed"), Map.of("version", 2L, "applied_by", "his-new"),
                    Map.of("version", 3L, "applied_by", "his-new"), Map.of("version", 4L, "applied_by", "his-new")),
                    old.rows(HISTORY));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aJournalOfANewerVersionIsRefused(String kind) throws Exception {
        try (LegacyJournal old = new LegacyJournal(kind, dir)) {
            old.writeOldRows();
            old.open(CLOCK, "his-new");
            old.execute("INSERT INTO yk_journal_schema VALUES (6, 'from the future', 1, 'his-future')");
            JournalStorageException e = assertThrows(JournalStorageException.class, () -> old.open(CLOCK, "his-old"));
            assertEquals(JournalErrorCode.STORAGE, e.errorCode());
            assertTrue(e.getMessage().contains("schema version 6"), e.getMessage());
            assertEquals(7, old.rows(HISTORY).size());
        }
    }

    /** The single-server case: the embedded file of an old installation is upgraded by {@code embedded(dir)}. */
    @Test
    void embeddedFileOfAnOldInstallationIsUpgradedWhenOpened() throws Exception {
        try (LegacyJournal old = new LegacyJournal("h2", dir)) {
            old.writeOldRows();
            try (JdbcPaymentJournal j = JdbcPaymentJournal.embedded(dir, CLOCK, "his-new")) {
                assertUpgradedFacts(j);
            }
            try (JdbcPaymentJournal j = JdbcPaymentJournal.embedded(dir, CLOCK, "his-restarted")) {
                assertUpgradedFacts(j);
                assertEquals(Set.of("his-new"), old.rows(HISTORY).stream().map(r -> r.get("applied_by"))
                        .collect(Collectors.toSet()));
            }
        }
    }

    /** A new database takes the same path: every version applied by the first instance. */
    @ParameterizedTest
    @MethodSource("kinds")
    void aNewDatabaseIsCreatedAtTheCurrentVersion(String kind) throws Exception {
        try (LegacyJournal old = new LegacyJournal(kind, dir)) {
            old.execute("DROP TABLE yk_journal_event");
            old.execute("DROP TABLE yk_refund");
            old.execute("DROP TABLE yk_payment");
            JdbcPaymentJournal j = old.open(CLOCK, "his-first");
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), old.rows(HISTORY).stream().map(r -> r.get("version")).toList());
            PaymentEntry e = j.create(NewPayment.of("N-1", "wechat", Money.ofFen(1), null).withKind(PaymentKind.QR));
            assertEquals(PaymentKind.QR, j.find("N-1").orElseThrow().kind());
            assertEquals(e, j.find("N-1").orElseThrow());
        }
    }
}
