package io.yikatong.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Money;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.spi.ChannelResult;
import io.yikatong.payment.spi.PaymentErrorCode;
import io.yikatong.payment.spi.PaymentException;
import io.yikatong.testkit.payment.wechat.SimulatedOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client dies between "sent" and "answered"; a new client on the reopened journal resolves it exactly once. */
class PaymentClientCrashTest {

    @TempDir
    Path dir;
    WechatFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new WechatFixture(dir);
        f.sim.holdNotifications(); // nothing reaches the dead client
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    /** Dies right after the channel answered, before the answer is recorded. */
    static DelegatingAdapter dyingAfterCall(io.yikatong.payment.spi.PaymentChannelAdapter a) {
        return new DelegatingAdapter(a) {
            @Override
            public ChannelResult barcodePay(String no, Money amount, String description, String authCode) {
                delegate.barcodePay(no, amount, description, authCode);
                throw new SimulatedCrash();
            }
        };
    }

    private PaymentClient restart() {
        f.journal.close();
        f.openJournal();
        PaymentClient restarted = f.newClient(f.channel);
        f.notified.set(restarted);
        return restarted;
    }

    @Test
    void paidBeforeTheCrashIsRecordedOnceAfterRestart() throws Exception {
        String no = WechatFixture.no();
        PaymentClient dying = f.newClient(PaymentClientCrashTest::dyingAfterCall);
        assertThrows(DelegatingAdapter.SimulatedCrash.class, () -> dying.barcodePay(
                new BarcodePayment("wechat", no, Money.ofFen(2300), "药费", WechatFixture.AUTH_CODE)));
        assertEquals(PaymentState.SENT, f.journal.find(no).orElseThrow().state());
        SimulatedOrder order = f.sim.order(no).orElseThrow();
        assertEquals("SUCCESS", order.tradeState());

        PaymentClient restarted = restart();
        List<PaymentOutcome> resumed = restarted.resumePending();
        assertEquals(List.of(new PaymentOutcome.Paid(no, order.transactionId(), Money.ofFen(2300))), resumed);
        assertEquals(List.of(), restarted.resumePending());
        f.sim.releaseHeldNotifications(false);
        f.awaitNotifications(1);
        assertEquals(1, f.handled.size(), f.rejected::toString);
        assertEquals(1, f.changesTo(no, "PAID"));
        assertEquals(1, f.sim.orders().size());
        assertEquals(new PaymentOutcome.Paid(no, order.transactionId(), Money.ofFen(2300)), restarted.query(no));
    }

    @Test
    void userPayingAtTheCrashIsReversedOnceExpired() {
        f.sim.nextCodepayUserPaying(1000, "SUCCESS");
        String no = WechatFixture.no();
        PaymentClient dying = f.newClient(PaymentClientCrashTest::dyingAfterCall);
        assertThrows(DelegatingAdapter.SimulatedCrash.class, () -> dying.barcodePay(
                new BarcodePayment("wechat", no, Money.ofFen(700), "药费", WechatFixture.AUTH_CODE)));
        PaymentClient restarted = restart();
        PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class,
                restarted.resumePending().get(0));
        assertEquals(PendingReason.USER_PAYING, p.reason());
        assertEquals(PaymentState.PENDING, f.journal.find(no).orElseThrow().state());
        f.clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of(new PaymentOutcome.Closed(no, true)), restarted.resumePending());
        assertEquals("REVOKED", f.sim.order(no).orElseThrow().tradeState());
        assertEquals(1, f.changesTo(no, "REVERSED"));
        assertEquals(List.of(), restarted.resumePending());
    }

    @Test
    void crashBeforeTheCallClosesTheOrderOnceExpired() {
        String no = WechatFixture.no();
        PaymentClient dying = f.newClient(a -> new DelegatingAdapter(a) {
            @Override
            public ChannelResult barcodePay(String n, Money amount, String description, String authCode) {
                throw new SimulatedCrash();
            }
        });
        assertThrows(DelegatingAdapter.SimulatedCrash.class, () -> dying.barcodePay(
                new BarcodePayment("wechat", no, Money.ofFen(700), "药费", WechatFixture.AUTH_CODE)));
        PaymentClient restarted = restart();
        PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class,
                restarted.resumePending().get(0));
        assertEquals(PendingReason.UNKNOWN, p.reason());
        f.clock.advance(Duration.ofSeconds(31));
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), restarted.resumePending());
        assertTrue(f.sim.order(no).isEmpty());
    }

    @Test
    void twoClientsResumingConcurrentlyRecordTheOutcomeOnce() throws Exception {
        String no = WechatFixture.no();
        PaymentClient dying = f.newClient(PaymentClientCrashTest::dyingAfterCall);
        assertThrows(DelegatingAdapter.SimulatedCrash.class, () -> dying.barcodePay(
                new BarcodePayment("wechat", no, Money.ofFen(4100), "药费", WechatFixture.AUTH_CODE)));
        restart();
        PaymentClient a = f.newClient(f.channel);
        PaymentClient b = f.newClient(f.channel);
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<PaymentOutcome>> fa = pool.submit(() -> {
                barrier.await();
                return a.resumePending();
            });
            Future<List<PaymentOutcome>> fb = pool.submit(() -> {
                barrier.await();
                return b.resumePending();
            });
            List<PaymentOutcome> ra = fa.get();
            List<PaymentOutcome> rb = fb.get();
            assertTrue(ra.size() + rb.size() >= 1);
            for (PaymentOutcome o : concat(ra, rb)) {
                assertInstanceOf(PaymentOutcome.Paid.class, o);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, f.changesTo(no, "PAID"));
        assertEquals(PaymentState.PAID, f.journal.find(no).orElseThrow().state());
    }

    @Test
    void aMisconfiguredEntryDoesNotStopTheRecoveryOfTheOthers() {
        String bad = WechatFixture.no();
        String good = WechatFixture.no();
        PaymentClient dying = f.newClient(PaymentClientCrashTest::dyingAfterCall);
        for (String no : List.of(bad, good)) {
            assertThrows(DelegatingAdapter.SimulatedCrash.class, () -> dying.barcodePay(
                    new BarcodePayment("wechat", no, Money.ofFen(300), "药费", WechatFixture.AUTH_CODE)));
        }
        restart();
        PaymentClient restarted = f.newClient(a -> new DelegatingAdapter(a) {
            @Override
            public ChannelResult query(String no) {
                if (no.equals(bad)) {
                    throw new PaymentException(PaymentErrorCode.CHANNEL_MISCONFIGURED, "test", null);
                }
                return super.query(no);
            }
        });
        PaymentException e = assertThrows(PaymentException.class, restarted::resumePending);
        assertEquals(PaymentErrorCode.CHANNEL_MISCONFIGURED, e.errorCode());
        assertEquals(PaymentState.PAID, f.journal.find(good).orElseThrow().state());
        assertEquals(PaymentState.SENT, f.journal.find(bad).orElseThrow().state());
    }

    @Test
    void interruptedPollingLeavesThePaymentPendingForResume() throws Exception {
        f.sim.nextCodepayUserPaying(1000, "SUCCESS");
        String no = WechatFixture.no();
        PaymentClient interrupted = PaymentClient.builder().journal(f.journal).channel(f.channel).clock(f.clock)
                .sleeper(d -> {
                    throw new InterruptedException();
                }).build();
        PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class, interrupted.barcodePay(
                new BarcodePayment("wechat", no, Money.ofFen(300), "药费", WechatFixture.AUTH_CODE)));
        assertTrue(Thread.interrupted()); // the flag was restored (and is cleared here)
        assertEquals(PendingReason.UNKNOWN, p.reason());
        assertEquals(PaymentState.PENDING, f.journal.find(no).orElseThrow().state());
        f.clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of(new PaymentOutcome.Closed(no, true)), f.client.resumePending());
    }

    private static List<PaymentOutcome> concat(List<PaymentOutcome> a, List<PaymentOutcome> b) {
        java.util.ArrayList<PaymentOutcome> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
