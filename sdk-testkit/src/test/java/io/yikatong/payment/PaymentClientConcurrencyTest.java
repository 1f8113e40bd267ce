package io.yikatong.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Money;
import io.yikatong.payment.journal.Databases;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.JournalEvent;
import io.yikatong.payment.journal.PaymentEntry;
import io.yikatong.payment.journal.PaymentJournal;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.journal.RefundEntry;
import io.yikatong.payment.journal.RefundState;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.testkit.payment.wechat.SimulatedOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many threads pay (some racing on the same order numbers), refund (some racing on the same refund numbers, some
 * over-refunding) while duplicated notifications arrive; afterwards the journal and the simulator's ledger agree.
 * Run once with one client on the embedded journal, and once per database (H2 server-less file, PostgreSQL) with two
 * client instances — two HIS nodes — sharing one journal database, the threads and notifications split between them.
 */
class PaymentClientConcurrencyTest {

    static final int THREADS = 6;
    static final int OWN_ORDERS = 4;
    static final int SHARED_ORDERS = 3;

    @TempDir
    Path dir;

    @Test
    void journalAndLedgerAgreeAfterConcurrentTraffic() throws Exception {
        try (WechatFixture f = new WechatFixture(dir)) {
            run(f, f.journal, List.of(f.client));
        }
    }

    @ParameterizedTest
    @MethodSource("io.yikatong.payment.journal.Databases#kinds")
    void twoClientInstancesOnOneDatabaseKeepJournalAndLedgerInAgreement(String kind) throws Exception {
        try (WechatFixture f = new WechatFixture(dir.resolve("fixture"));
                Databases db = new Databases(kind, dir)) {
            JdbcPaymentJournal a = db.journal(f.clock, "his-a");
            JdbcPaymentJournal b = db.journal(f.clock, "his-b");
            List<PaymentClient> clients = List.of(f.newClient(a, f.channel), f.newClient(b, f.channel));
            f.notifiedInTurn = clients;
            run(f, b, clients);
            assertEquals(a.find(f.sim.orders().get(0).outTradeNo()).orElseThrow().state(), PaymentState.PAID);
        }
    }

    private static void run(WechatFixture f, PaymentJournal journal, List<PaymentClient> clients) throws Exception {
        {
            f.sim.duplicateNotifications(2);
            List<String> shared = new ArrayList<>();
            for (int i = 0; i < SHARED_ORDERS; i++) {
                shared.add(WechatFixture.no());
            }
            Set<String> submitted = ConcurrentHashMap.newKeySet();
            Map<String, Long> amounts = new ConcurrentHashMap<>();
            List<PaymentOutcome> overRefunds = java.util.Collections.synchronizedList(new ArrayList<>());
            CyclicBarrier start = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    PaymentClient client = clients.get(t % clients.size());
                    futures.add(pool.submit(() -> {
                        start.await();
                        List<String> mine = new ArrayList<>(shared);
                        for (int i = 0; i < OWN_ORDERS; i++) {
                            mine.add(WechatFixture.no());
                        }
                        for (String no : mine) {
                            long fen = 1000 + Math.floorMod(no.hashCode(), 9000);
                            amounts.put(no, fen);
                            submitted.add(no);
                            PaymentOutcome o = client.barcodePay(new BarcodePayment("wechat", no, Money.ofFen(fen),
                                    "门诊缴费", WechatFixture.AUTH_CODE));
                            if (!(o instanceof PaymentOutcome.Paid)) {
                                assertInstanceOf(PaymentOutcome.Pending.class, o); // a racing duplicate
                                continue;
                            }
                            client.refund(new RefundRequest(no, "A" + no, Money.ofFen(fen * 4 / 10), null));
                            overRefunds.add(client.refund(new RefundRequest(no, "B" + no,
                                    Money.ofFen(fen - fen * 4 / 10 + 1), null)));
                            client.refund(new RefundRequest(no, "C" + no, Money.ofFen(fen / 10), null));
                        }
                        return null;
                    }));
                }
                for (Future<?> fu : futures) {
                    fu.get();
                }
            } finally {
                pool.shutdownNow();
            }
            f.awaitNotifications(1);
            Thread.sleep(500);
            for (PaymentClient client : clients) {
                client.resumePending(); // settles refunds answered PROCESSING, payments left to racing duplicates
            }

            for (PaymentOutcome o : overRefunds) {
                assertEquals(DeclineReason.REFUND_EXCEEDS_PAID,
                        assertInstanceOf(PaymentOutcome.Declined.class, o).reason());
            }
            assertTrue(f.rejected.isEmpty(), f.rejected::toString);
            assertEquals(submitted.size(), f.sim.orders().size());
            for (String no : submitted) {
                PaymentEntry e = journal.find(no).orElseThrow();
                SimulatedOrder o = f.sim.order(no).orElseThrow();
                assertEquals(PaymentState.PAID, e.state(), no);
                assertEquals(1, journal.events(no).stream().filter(ev -> ev.merchantRefundNo() == null
                        && ev.kind() == JournalEvent.Kind.CHANGED && "PAID".equals(ev.toState())).count(), no);
                assertEquals(amounts.get(no), o.totalFen());
                assertEquals(e.amount().fen(), o.totalFen());
                assertEquals(o.transactionId(), e.channelTradeNo());
                long refunded = 0;
                for (RefundEntry r : journal.refunds(no)) {
                    assertEquals(RefundState.SUCCEEDED, r.state(), r.toString());
                    refunded += r.amount().fen();
                    assertTrue(f.sim.refund(r.merchantRefundNo()).isPresent());
                }
                assertEquals(2, journal.refunds(no).size(), no);
                assertTrue(refunded <= e.amount().fen());
                assertEquals(refunded, e.refunded().fen());
                assertEquals(refunded, o.refundedFen(), no);
            }
        }
    }
}
