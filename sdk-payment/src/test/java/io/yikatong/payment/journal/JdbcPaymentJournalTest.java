package io.yikatong.payment.journal;

import static io.yikatong.payment.journal.PaymentState.CLOSED;
import static io.yikatong.payment.journal.PaymentState.CREATED;
import static io.yikatong.payment.journal.PaymentState.DECLINED;
import static io.yikatong.payment.journal.PaymentState.PAID;
import static io.yikatong.payment.journal.PaymentState.PENDING;
import static io.yikatong.payment.journal.PaymentState.REVERSED;
import static io.yikatong.payment.journal.PaymentState.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JDBC journal on H2 and on PostgreSQL (skipped without a server unless CI=true). */
class JdbcPaymentJournalTest {

    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");

    @TempDir
    Path dir;

    static List<String> kinds() {
        return Databases.kinds().toList();
    }

    private static NewPayment payment(String no, long fen) {
        return NewPayment.of(no, "wechat", Money.ofFen(fen), "门诊缴费");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void createStoresCreatedEntryAndRefusesDuplicateOrder(String kind) throws Exception {
        try (Databases db = new Databases(kind, dir)) {
            MutableClock clock = new MutableClock(T0);
            PaymentJournal j = db.journal(clock, "his-1");
            PaymentEntry e = j.create(payment("ORD-1", 1230));
            assertEquals(CREATED, e.state());
            assertEquals(0, e.version());
            assertEquals(T0, e.createdAt());
            assertEquals(e, j.find("ORD-1").orElseThrow());
            clock.advance(Duration.ofSeconds(5));
            JournalConflictException dup = assertThrows(JournalConflictException.class,
                    () -> j.create(NewPayment.of("ORD-1", "alipay", Money.ofFen(99), null)));
            assertEquals(JournalErrorCode.DUPLICATE_ORDER, dup.errorCode());
            assertEquals("ORD-1", dup.key());
            assertEquals(e, j.find("ORD-1").orElseThrow(), "the duplicate must not change the stored entry");
            List<JournalEvent> events = j.events("ORD-1");
            assertEquals(1, events.size());
            assertEquals(JournalEvent.Kind.CREATED, events.get(0).kind());
            assertEquals("his-1", events.get(0).instance());
            assertTrue(j.find("ORD-2").isEmpty());
        }
    }

    /** Targets in column order: SENT, PENDING, PAID, DECLINED, CLOSED, REVERSED. A=applied D=duplicate S=stale X=anomaly. */
    private static final Map<PaymentState, String> APPLY_TABLE = Map.of(
            CREATED, "AAAAAA",
            SENT, "DAAAAA",
            PENDING, "SDAAAA",
            PAID, "SSDXXA",
            DECLINED, "SSXDXX",
            CLOSED, "SSXXDX",
            REVERSED, "SSXXXD");
    private static final List<PaymentState> TARGETS = List.of(SENT, PENDING, PAID, DECLINED, CLOSED, REVERSED);
    private static final Map<PaymentState, List<PaymentState>> PATH = Map.of(
            CREATED, List.of(),
            SENT, List.of(SENT),
            PENDING, List.of(SENT, PENDING),
            PAID, List.of(SENT, PAID),
            DECLINED, List.of(SENT, DECLINED),
            CLOSED, List.of(CLOSED),
            REVERSED, List.of(SENT, REVERSED));

    @ParameterizedTest
    @MethodSource("kinds")
    void everyStatePairFollowsTheTransitionTable(String kind) throws Exception {
        try (Databases db = new Databases(kind, dir)) {
            PaymentJournal j = db.journal(new MutableClock(T0), "his-1");
            int n = 0;
            for (PaymentState from : PaymentState.values()) {
                for (int t = 0; t < TARGETS.size(); t++) {
                    PaymentState target = TARGETS.get(t);
                    char expected = APPLY_TABLE.get(from).charAt(t);
                    String no = "T-" + (n++);
                    j.create(payment(no, 500));
                    for (PaymentState step : PATH.get(from)) {
                        assertTrue(j.apply(no, StateChange.to(step, EventSource.RESPONSE)).changed());
                    }
                    assertEquals(from, j.find(no).orElseThrow().state());
                    long version = j.find(no).orElseThrow().version();
                    int eventsBefore = j.events(no).size();
                    Transition<PaymentEntry> r = j.apply(no, StateChange.to(target, EventSource.NOTIFICATION)
                            .withChannelTradeNo("420000" + n).withDetail("SUCCESS"));
                    Transition.Outcome outcome = switch (expected) {
                        case 'A' -> Transition.Outcome.APPLIED;
                        case 'D' -> Transition.Outcome.DUPLICATE;
                        case 'S' -> Transition.Outcome.STALE;
                        default -> Transition.Outcome.ANOMALY;
                    };
                    String where = from + " -> " + target;
                    assertEquals(outcome, r.outcome(), where);
                    PaymentEntry now = j.find(no).orElseThrow();
                    assertEquals(now, r.entry(), where);
                    assertEquals(outcome == Transition.Outcome.APPLIED ? target : from, now.state(), where);
                    assertEquals(outcome == Transition.Outcome.APPLIED ? version + 1 : version, now.version(), where);
                    List<JournalEvent> events = j.events(no);
                    int added = events.size() - eventsBefore;
                    assertEquals(outcome == Transition.Outcome.APPLIED || outcome == Transition.Outcome.ANOMALY
                            ? 1 : 0, added, where);
                    if (added == 1) {
                        JournalEvent last = events.get(events.size() - 1);
                        assertEquals(outcome == Transition.Outcome.APPLIED ? JournalEvent.Kind.CHANGED
                                : JournalEvent.Kind.ANOMALY, last.kind(), where);
                        assertEquals(from.name(), last.fromState(), where);
                        assertEquals(target.name(), last.toState(), where);
                        assertEquals(EventSource.NOTIFICATION, last.source(), where);
                        assertEquals("SUCCESS", last.detail(), where);
                    }
                    // the explicit compare-and-set form: allowed only from states that can reach the target
                    if (from.canMoveTo(target)) {
                        assertEquals(outcome == Transition.Outcome.APPLIED, expected == 'A', where);
                    } else {
                        assertThrows(InvalidInputException.class,
                                () -> j.transition(no, EnumSet.of(from), StateChange.to(target, EventSource.QUERY)),
                                where);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void compareAndSetChangesOnlyFromExpectedStatesAndKeepsFirstChannelNumber(String kind) throws Exception {
        try (Databases db = new Databases(kind, dir)) {
            MutableClock clock = new MutableClock(T0);
            PaymentJournal j = db.journal(clock, "his-1");
            j.create(payment("ORD-1", 100));
            Transition<PaymentEntry> stale = j.transition("ORD-1", EnumSet.of(SENT),
                    StateChange.to(PENDING, EventSource.QUERY));
            assertEquals(Transition.Outcome.STALE, stale.outcome());
            assertFalse(stale.changed());
            clock.advance(Duration.ofSeconds(1));
            assertTrue(j.transition("ORD-1", Set.of(CREATED), StateChange.to(SENT, EventSource.SUBMIT)).changed());
            clock.advance(Duration.ofSeconds(1));
            Transition<PaymentEntry> paid = j.transition("ORD-1", EnumSet.of(SENT, PENDING),
                    StateChange.to(PAID, EventSource.RESPONSE).withChannelTradeNo("4200001"));
            assertTrue(paid.changed());
            assertEquals("4200001", paid.entry().channelTradeNo());
            assertEquals(T0.plusSeconds(2), paid.entry().paidAt());
            assertEquals(T0.plusSeconds(2), paid.entry().updatedAt());
            assertEquals(T0, paid.entry().createdAt());
            Transition<PaymentEntry> dup = j.apply("ORD-1", StateChange.to(PAID, EventSource.NOTIFICATION)
                    .withChannelTradeNo("4200002"));
            assertEquals(Transition.Outcome.DUPLICATE, dup.outcome());
            assertEquals("4200001", dup.entry().channelTradeNo());
            assertEquals(Money.ofFen(100), paid.entry().refundable());
            assertThrows(InvalidInputException.class, () -> j.transition("ORD-1", Set.of(), StateChange.to(PAID,
                    EventSource.QUERY)));
            assertThrows(InvalidInputException.class, () -> j.transition("ORD-1", null, StateChange.to(PAID,
                    EventSource.QUERY)));
            assertThrows(InvalidInputException.class, () -> StateChange.to(CREATED, EventSource.QUERY));
            assertThrows(InvalidInputException.class, () -> j.apply("bad order no", StateChange.to(PAID,
                    EventSource.QUERY)));
            JournalConflictException unknown = assertThrows(JournalConflictException.class,
                    () -> j.apply("NOPE", StateChange.to(PAID, EventSource.NOTIFICATION)));
            assertEquals(JournalErrorCode.UNKNOWN_ENTRY, unknown.errorCode());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void unresolvedListsCreatedSentAndPendingOldestFirst(String kind) throws Exception {
        try (Databases db = new Databases(kind, dir)) {
            MutableClock clock = new MutableClock(T0);
            PaymentJournal j = db.journal(clock, "his-1");
            String[] nos = {"U-created", "U-sent", "U-pending", "U-paid", "U-closed"};
            for (String no : nos) {
                j.create(payment(no, 10));
                clock.advance(Duration.ofSeconds(1));
            }
            j.apply("U-sent", StateChange.to(SENT, EventSource.SUBMIT));
            j.apply("U-pending", StateChange.to(PENDING, EventSource.RESPONSE));
            j.apply("U-paid", StateChange.to(PAID, EventSource.RESPONSE));
            j.apply("U-closed", StateChange.to(CLOSED, EventSource.CLOSE));
            assertEquals(List.of("U-created", "U-sent", "U-pending"),
                    j.unresolved().stream().map(PaymentEntry::merchantOrderNo).toList());
        }
    }

    /** 8 threads deliver shuffled duplicate notifications and query results; some orders also get a CLOSED report. */
    @ParameterizedTest
    @MethodSource("kinds")
    void racingDuplicateAndOutOfOrderReportsLeaveExactlyOneSettledChange(String kind) throws Exception {
        try (Databases db = new Databases(kind, dir)) {
            PaymentJournal j = db.journal(new MutableClock(T0), "his-1");
            int orders = 40;
            for (int i = 0; i < orders; i++) {
                j.create(payment("R-" + i, 100 + i));
                j.apply("R-" + i, StateChange.to(SENT, EventSource.SUBMIT));
            }
            List<Transition<PaymentEntry>>[] results = raceReports(List.of(j), orders, 8);
            checkRaceResults(j, orders, results);
        }
    }

    /** Two journal instances (two HIS servers) on one database: racing creates and racing reports. */
    @ParameterizedTest
    @MethodSource("kinds")
    void twoInstancesOnOneDatabaseRaceSafely(String kind) throws Exception {
        try (Databases db = new Databases(kind, dir)) {
            PaymentJournal a = db.journal(new MutableClock(T0), "his-a");
            PaymentJournal b = db.journal(new MutableClock(T0), "his-b");
            int orders = 30;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                AtomicInteger created = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    PaymentJournal j = t % 2 == 0 ? a : b;
                    fs.add(pool.submit(() -> {
                        for (int i = 0; i < orders; i++) {
                            try {
                                j.create(payment("R-" + i, 100 + i));
                                created.incrementAndGet();
                            } catch (JournalConflictException e) {
                                assertEquals(JournalErrorCode.DUPLICATE_ORDER, e.errorCode());
                                refused.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertEquals(orders, created.get(), "each order is created exactly once");
                assertEquals(3 * orders, refused.get());
            } finally {
                pool.shutdownNow();
            }
            for (int i = 0; i < orders; i++) {
                a.apply("R-" + i, StateChange.to(SENT, EventSource.SUBMIT));
            }
            List<Transition<PaymentEntry>>[] results = raceReports(List.of(a, b), orders, 8);
            checkRaceResults(a, orders, results);
            Set<String> instances = new java.util.HashSet<>();
            for (int i = 0; i < orders; i++) {
                a.events("R-" + i).forEach(e -> instances.add(e.instance()));
            }
            assertEquals(Set.of("his-a", "his-b"), instances);
        }
    }

    /** Reports per order: 4 PAID notifications, 2 PAID queries, 3 PENDING queries, and CLOSED for every third order. */
    @SuppressWarnings("unchecked")
    private static List<Transition<PaymentEntry>>[] raceReports(List<PaymentJournal> journals, int orders, int threads)
            throws Exception {
        List<Transition<PaymentEntry>>[] results = new List[orders];
        for (int i = 0; i < orders; i++) {
            results[i] = Collections.synchronizedList(new ArrayList<>());
        }
        List<Object[]> work = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            for (int k = 0; k < 4; k++) {
                work.add(new Object[] {i, StateChange.to(PAID, EventSource.NOTIFICATION).withChannelTradeNo("42" + i)});
            }
            for (int k = 0; k < 2; k++) {
                work.add(new Object[] {i, StateChange.to(PAID, EventSource.QUERY).withChannelTradeNo("42" + i)});
            }
            for (int k = 0; k < 3; k++) {
                work.add(new Object[] {i, StateChange.to(PENDING, EventSource.QUERY)});
            }
            if (i % 3 == 0) {
                work.add(new Object[] {i, StateChange.to(CLOSED, EventSource.CLOSE)});
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Object[]> mine = new ArrayList<>(work);
                Collections.shuffle(mine, new Random(1000 + t));
                PaymentJournal j = journals.get(t % journals.size());
                int offset = t;
                fs.add(pool.submit(() -> {
                    start.await();
                    // each thread delivers every report once, so every report arrives `threads` times
                    for (int k = 0; k < mine.size(); k++) {
                        Object[] w = mine.get((k + offset) % mine.size());
                        int i = (Integer) w[0];
                        results[i].add(j.apply("R-" + i, (StateChange) w[1]));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private static void checkRaceResults(PaymentJournal j, int orders, List<Transition<PaymentEntry>>[] results) {
        for (int i = 0; i < orders; i++) {
            String no = "R-" + i;
            PaymentEntry end = j.find(no).orElseThrow();
            List<Transition<PaymentEntry>> rs = results[i];
            List<Transition<PaymentEntry>> settled = rs.stream().filter(Transition::changed)
                    .filter(r -> r.entry().state() == PAID || r.entry().state() == CLOSED).toList();
            assertEquals(1, settled.size(), no + ": exactly one settled change");
            assertEquals(settled.get(0).entry().state(), end.state(), no);
            long pendingApplied = rs.stream().filter(Transition::changed)
                    .filter(r -> r.entry().state() == PENDING).count();
            assertTrue(pendingApplied <= 1, no + ": PENDING applied at most once");
            long changes = rs.stream().filter(Transition::changed).count();
            assertEquals(1 + changes, end.version(), no + ": version counts SENT plus every applied change");
            // the event log is a consistent chain: created, then one CHANGED event per applied change
            List<JournalEvent> events = j.events(no);
            List<JournalEvent> changed = events.stream().filter(e -> e.kind() == JournalEvent.Kind.CHANGED).toList();
            assertEquals(1 + changes, changed.size(), no);
            String state = CREATED.name();
            for (JournalEvent e : changed) {
                assertEquals(state, e.fromState(), no + ": chain");
                state = e.toState();
            }
            assertEquals(end.state().name(), state, no);
            long anomalies = rs.stream().filter(r -> r.outcome() == Transition.Outcome.ANOMALY).count();
            assertEquals(anomalies, events.stream().filter(e -> e.kind() == JournalEvent.Kind.ANOMALY).count(), no);
            if (i % 3 == 0) {
                assertTrue(anomalies > 0, no + ": the loser of PAID vs CLOSED is an anomaly");
            } else {
                assertEquals(PAID, end.state(), no);
                assertEquals(0, anomalies, no);
                assertEquals("42" + i, end.channelTradeNo(), no);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void refundsAreReservedAtomicallyAndFailedOnesReleased(String kind) throws Exception {
        try (Databases db = new Databases(kind, dir)) {
            MutableClock clock = new MutableClock(T0);
            PaymentJournal j = db.journal(clock, "his-1");
            j.create(payment("P-1", 1000));
            JournalConflictException notPaid = assertThrows(JournalConflictException.class,
                    () -> j.requestRefund(new NewRefund("RF-0", "P-1", Money.ofFen(1), null)));
            assertEquals(JournalErrorCode.NOT_REFUNDABLE, notPaid.errorCode());
            j.apply("P-1", StateChange.to(PAID, EventSource.RESPONSE));
            RefundEntry r1 = j.requestRefund(new NewRefund("RF-1", "P-1", Money.ofFen(600), "退费"));
            assertEquals(RefundState.REQUESTED, r1.state());
            assertEquals(r1, j.findRefund("RF-1").orElseThrow());
            assertEquals(Money.ofFen(400), j.find("P-1").orElseThrow().refundable());
            JournalConflictException exceeds = assertThrows(JournalConflictException.class,
                    () -> j.requestRefund(new NewRefund("RF-2", "P-1", Money.ofFen(401), null)));
            assertEquals(JournalErrorCode.REFUND_EXCEEDS_PAID, exceeds.errorCode());
            assertTrue(j.findRefund("RF-2").isEmpty());
            JournalConflictException dup = assertThrows(JournalConflictException.class,
                    () -> j.requestRefund(new NewRefund("RF-1", "P-1", Money.ofFen(1), null)));
            assertEquals(JournalErrorCode.DUPLICATE_REFUND, dup.errorCode());
            JournalConflictException unknown = assertThrows(JournalConflictException.class,
                    () -> j.requestRefund(new NewRefund("RF-9", "P-404", Money.ofFen(1), null)));
            assertEquals(JournalErrorCode.UNKNOWN_ENTRY, unknown.errorCode());
            // a reversal while a refund is outstanding contradicts the journal: logged, not applied
            Transition<PaymentEntry> reverse = j.apply("P-1", StateChange.to(REVERSED, EventSource.REVERSE));
            assertEquals(Transition.Outcome.ANOMALY, reverse.outcome());
            assertEquals(PAID, j.find("P-1").orElseThrow().state());

            assertEquals(List.of(r1), j.unresolvedRefunds());
            clock.advance(Duration.ofMinutes(1));
            Transition<RefundEntry> failed = j.transitionRefund("RF-1", RefundState.FAILED, EventSource.RESPONSE, null);
            assertTrue(failed.changed());
            assertEquals(Money.ofFen(1000), j.find("P-1").orElseThrow().refundable(), "a failed refund is released");
            assertEquals(Transition.Outcome.ANOMALY,
                    j.transitionRefund("RF-1", RefundState.SUCCEEDED, EventSource.NOTIFICATION, null).outcome());
            assertEquals(Transition.Outcome.DUPLICATE,
                    j.transitionRefund("RF-1", RefundState.FAILED, EventSource.QUERY, null).outcome());
            assertEquals(Money.ofFen(1000), j.find("P-1").orElseThrow().refundable(), "released only once");

            RefundEntry r3 = j.requestRefund(new NewRefund("RF-3", "P-1", Money.ofFen(1000), null));
            assertTrue(j.transitionRefund("RF-3", RefundState.PENDING, EventSource.RESPONSE, "5030001").changed());
            assertEquals(Transition.Outcome.DUPLICATE,
                    j.transitionRefund("RF-3", RefundState.PENDING, EventSource.QUERY, null).outcome());
            clock.advance(Duration.ofMinutes(1));
            Transition<RefundEntry> ok = j.transitionRefund("RF-3", RefundState.SUCCEEDED, EventSource.QUERY, "x");
            assertTrue(ok.changed());
            assertEquals("5030001", ok.entry().channelRefundNo());
            assertEquals(Money.ZERO, j.find("P-1").orElseThrow().refundable());
            assertEquals(List.of("RF-1", "RF-3"), j.refunds("P-1").stream().map(RefundEntry::merchantRefundNo).toList());
            assertEquals(List.of("RF-3"), j.refundedBetween(T0, T0.plusSeconds(3600)).stream()
                    .map(RefundEntry::merchantRefundNo).toList());
            assertTrue(j.unresolvedRefunds().isEmpty());
            assertEquals(r3.createdAt(), ok.entry().createdAt());
            assertThrows(InvalidInputException.class,
                    () -> j.transitionRefund("RF-3", RefundState.REQUESTED, EventSource.QUERY, null));
            assertEquals(JournalErrorCode.UNKNOWN_ENTRY, assertThrows(JournalConflictException.class,
                    () -> j.transitionRefund("RF-404", RefundState.FAILED, EventSource.QUERY, null)).errorCode());
            // a fully refunded payment may not be reversed either; a reversed one may not be refunded
            assertEquals(Transition.Outcome.ANOMALY, j.apply("P-1", StateChange.to(REVERSED, EventSource.REVERSE))
                    .outcome());
            j.create(payment("P-2", 50));
            j.apply("P-2", StateChange.to(PAID, EventSource.RESPONSE));
            assertTrue(j.apply("P-2", StateChange.to(REVERSED, EventSource.REVERSE)).changed());
            assertEquals(JournalErrorCode.NOT_REFUNDABLE, assertThrows(JournalConflictException.class,
                    () -> j.requestRefund(new NewRefund("RF-4", "P-2", Money.ofFen(1), null))).errorCode());
        }
    }

    /** Many threads refund one payment while others fail some refunds: the reserved sum never exceeds the amount. */
    @ParameterizedTest
    @MethodSource("kinds")
    void concurrentRefundsNeverExceedThePaidAmount(String kind) throws Exception {
        try (Databases db = new Databases(kind, dir)) {
            PaymentJournal a = db.journal(new MutableClock(T0), "his-a");
            PaymentJournal b = db.journal(new MutableClock(T0), "his-b");
            long amount = 10_000;
            a.create(payment("P-1", amount));
            a.apply("P-1", StateChange.to(PAID, EventSource.RESPONSE));
            int threads = 8;
            AtomicLong reservedByCallers = new AtomicLong();
            AtomicLong releasedByCallers = new AtomicLong();
            AtomicInteger refusedExceeds = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> fs = new ArrayList<>();
                CountDownLatch start = new CountDownLatch(1);
                for (int t = 0; t < threads; t++) {
                    PaymentJournal j = t % 2 == 0 ? a : b;
                    Random random = new Random(77 + t);
                    int id = t;
                    fs.add(pool.submit(() -> {
                        start.await();
                        for (int k = 0; k < 25; k++) {
                            long fen = 1 + random.nextInt(900);
                            String no = "RF-" + id + "-" + k;
                            try {
                                j.requestRefund(new NewRefund(no, "P-1", Money.ofFen(fen), null));
                                reservedByCallers.addAndGet(fen);
                                if (random.nextInt(3) == 0) {
                                    if (j.transitionRefund(no, RefundState.FAILED, EventSource.RESPONSE, null)
                                            .changed()) {
                                        releasedByCallers.addAndGet(fen);
                                    }
                                } else {
                                    j.transitionRefund(no, RefundState.SUCCEEDED, EventSource.RESPONSE, null);
                                }
                            } catch (JournalConflictException e) {
                                assertEquals(JournalErrorCode.REFUND_EXCEEDS_PAID, e.errorCode());
                                refusedExceeds.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : fs) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(refusedExceeds.get() > 0, "the test must push past the paid amount");
            PaymentEntry end = a.find("P-1").orElseThrow();
            long notFailed = a.refunds("P-1").stream().filter(r -> r.state() != RefundState.FAILED)
                    .mapToLong(r -> r.amount().fen()).sum();
            assertTrue(notFailed <= amount, "refunds " + notFailed + " exceed " + amount);
            assertEquals(notFailed, end.refunded().fen());
            assertEquals(reservedByCallers.get() - releasedByCallers.get(), notFailed);
            assertEquals(threads * 25 - refusedExceeds.get(), a.refunds("P-1").size());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void paidBetweenUsesThePaymentTime(String kind) throws Exception {
        try (Databases db = new Databases(kind, dir)) {
            MutableClock clock = new MutableClock(T0);
            PaymentJournal j = db.journal(clock, "his-1");
            j.create(payment("A", 1));
            j.create(payment("B", 2));
            j.apply("A", StateChange.to(PAID, EventSource.RESPONSE));
            clock.advance(Duration.ofHours(1));
            j.apply("B", StateChange.to(PAID, EventSource.RESPONSE));
            clock.advance(Duration.ofHours(1));
            j.requestRefund(new NewRefund("RA", "A", Money.ofFen(1), null)); // changes updated_at, not paid_at
            assertEquals(List.of("A"), j.paidBetween(T0, T0.plusSeconds(3600)).stream()
                    .map(PaymentEntry::merchantOrderNo).toList());
            assertEquals(List.of("A", "B"), j.paidBetween(T0, T0.plusSeconds(3601)).stream()
                    .map(PaymentEntry::merchantOrderNo).toList());
            assertNull(j.find("X").orElse(null));
        }
    }
}
