package io.yikatong.payment.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.BillLine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reconciliation of a channel bill against the journal (embedded H2). */
class ReconcilerTest {

    private static final Instant DAY = Instant.parse("2026-11-22T16:00:00Z"); // 2026-11-23 00:00 Beijing
    private static final Instant NEXT_DAY = DAY.plus(Duration.ofDays(1));

    @TempDir
    Path dir;

    private MutableClock clock;
    private JdbcPaymentJournal journal;

    @BeforeEach
    void open() {
        clock = new MutableClock(DAY.plus(Duration.ofHours(9)));
    }

    private JdbcPaymentJournal journal() {
        if (journal == null) {
            journal = JdbcPaymentJournal.embedded(dir, clock, "his-1");
        }
        return journal;
    }

    private void paid(String no, String channel, long fen, String tradeNo) throws Exception {
        journal().create(NewPayment.of(no, channel, Money.ofFen(fen), null));
        journal().apply(no, StateChange.to(PaymentState.PAID, EventSource.RESPONSE).withChannelTradeNo(tradeNo));
    }

    private List<String> keys(List<Discrepancy> ds) {
        return ds.stream().map(d -> d.kind() + ":" + d.key()).toList();
    }

    @Test
    void matchingBillIsClean() throws Exception {
        paid("A", "wechat", 100, "T-A");
        paid("B", "wechat", 200, null);
        journal().requestRefund(new NewRefund("RA", "A", Money.ofFen(40), null));
        journal().transitionRefund("RA", RefundState.SUCCEEDED, EventSource.NOTIFICATION, null);
        ReconciliationReport r = Reconciler.compare(List.of(BillLine.payment("A", "T-A", Money.ofFen(100)),
                BillLine.payment("B", "T-B", Money.ofFen(200)), BillLine.refund("A", "RA", "T-A", Money.ofFen(40))),
                journal(), "wechat", DAY, NEXT_DAY);
        assertTrue(r.isClean(), r.toString());
        assertEquals(3, r.matched());
        journal.close();
    }

    /** A payment after the close is in the journal (recorded, refunded): its bill lines match; a plain close does not. */
    @Test
    void aPaymentRecordedAfterTheCloseMatchesItsBillLine() throws Exception {
        journal().create(NewPayment.of("LATE", "wechat", Money.ofFen(500), null).withKind(PaymentKind.QR));
        journal().apply("LATE", StateChange.to(PaymentState.CLOSED, EventSource.CLOSE));
        journal().recordLatePayment("LATE", "T-LATE", EventSource.NOTIFICATION);
        journal().requestRefund(new NewRefund("LATEL", "LATE", Money.ofFen(500), null));
        journal().transitionRefund("LATEL", RefundState.SUCCEEDED, EventSource.RESPONSE, null);
        journal().create(NewPayment.of("SHUT", "wechat", Money.ofFen(500), null).withKind(PaymentKind.QR));
        journal().apply("SHUT", StateChange.to(PaymentState.CLOSED, EventSource.CLOSE));
        ReconciliationReport r = Reconciler.compare(List.of(BillLine.payment("LATE", "T-LATE", Money.ofFen(500)),
                BillLine.refund("LATE", "LATEL", "T-LATE", Money.ofFen(500)),
                BillLine.payment("SHUT", "T-SHUT", Money.ofFen(500))), journal(), "wechat", DAY, NEXT_DAY);
        assertEquals(2, r.matched(), r.toString());
        assertEquals(List.of("STATE_MISMATCH:SHUT"), keys(r.discrepancies()));
        journal.close();
    }

    @Test
    void reportsMissingExtraAndMismatchedEntries() throws Exception {
        paid("OK", "wechat", 100, "T-OK");
        paid("AMOUNT", "wechat", 100, null);
        paid("TRADE", "wechat", 100, "T-1");
        paid("EXTRA", "wechat", 300, null);
        paid("ALIPAY", "alipay", 300, null); // another channel's bill: neither extra nor missing here
        journal().create(NewPayment.of("PENDING", "wechat", Money.ofFen(50), null));
        journal().apply("PENDING", StateChange.to(PaymentState.PENDING, EventSource.RESPONSE));
        paid("REVERSED", "wechat", 70, null);
        journal().apply("REVERSED", StateChange.to(PaymentState.REVERSED, EventSource.REVERSE));
        journal().requestRefund(new NewRefund("R-PENDING", "OK", Money.ofFen(10), null));
        journal().requestRefund(new NewRefund("R-EXTRA", "OK", Money.ofFen(20), null));
        journal().transitionRefund("R-EXTRA", RefundState.SUCCEEDED, EventSource.QUERY, null);
        clock.set(DAY.minus(Duration.ofMinutes(1)));
        paid("YESTERDAY", "wechat", 5, null); // paid before the period, not in today's bill: not extra
        clock.set(NEXT_DAY);
        paid("TOMORROW", "wechat", 5, null); // the period's end is exclusive

        List<BillLine> bill = List.of(
                BillLine.payment("OK", "T-OK", Money.ofFen(100)),
                BillLine.payment("AMOUNT", null, Money.ofFen(101)),
                BillLine.payment("TRADE", "T-2", Money.ofFen(100)),
                BillLine.payment("PENDING", null, Money.ofFen(50)),
                BillLine.payment("REVERSED", null, Money.ofFen(70)),
                BillLine.payment("UNKNOWN", null, Money.ofFen(9)),
                BillLine.payment("ALIPAY", null, Money.ofFen(300)),
                BillLine.payment("OK", "T-OK", Money.ofFen(100)),
                BillLine.refund("OK", "R-PENDING", null, Money.ofFen(10)),
                BillLine.refund("OK", "R-UNKNOWN", null, Money.ofFen(1)),
                BillLine.refund("AMOUNT", "R-PENDING", null, Money.ofFen(1)));
        ReconciliationReport r = Reconciler.compare(bill, journal(), "wechat", DAY, NEXT_DAY);
        assertFalse(r.isClean());
        assertEquals(1, r.matched());
        assertEquals(List.of("AMOUNT_MISMATCH:AMOUNT", "CHANNEL_TRADE_NO_MISMATCH:TRADE", "STATE_MISMATCH:PENDING",
                "STATE_MISMATCH:REVERSED", "MISSING_IN_JOURNAL:UNKNOWN", "MISSING_IN_JOURNAL:ALIPAY",
                "DUPLICATE_IN_BILL:OK", "STATE_MISMATCH:R-PENDING", "MISSING_IN_JOURNAL:R-UNKNOWN",
                "DUPLICATE_IN_BILL:R-PENDING", "MISSING_IN_BILL:EXTRA", "MISSING_IN_BILL:R-EXTRA"),
                keys(r.discrepancies()));
        assertEquals(List.of("MISSING_IN_JOURNAL:UNKNOWN", "MISSING_IN_JOURNAL:ALIPAY",
                "MISSING_IN_JOURNAL:R-UNKNOWN"), keys(r.missing()));
        assertEquals(List.of("MISSING_IN_BILL:EXTRA", "MISSING_IN_BILL:R-EXTRA"), keys(r.extra()));
        assertEquals(7, r.mismatched().size());
        Discrepancy amount = r.discrepancies().get(0);
        assertEquals(Money.ofFen(101), amount.billAmount());
        assertEquals(Money.ofFen(100), amount.journalAmount());
        assertEquals("PAID", amount.journalState());
        Discrepancy extra = r.extra().get(0);
        assertEquals(null, extra.billAmount());
        assertEquals(Money.ofFen(300), extra.journalAmount());
        assertEquals(BillLine.Type.REFUND, r.extra().get(1).type());
        journal.close();
    }

    @Test
    void refusesBadArguments() {
        List<BillLine> none = List.of();
        assertThrows(InvalidInputException.class, () -> Reconciler.compare(null, journal(), "wechat", DAY, NEXT_DAY));
        assertThrows(InvalidInputException.class, () -> Reconciler.compare(none, null, "wechat", DAY, NEXT_DAY));
        assertThrows(InvalidInputException.class, () -> Reconciler.compare(none, journal(), "WeChat", DAY, NEXT_DAY));
        assertThrows(InvalidInputException.class, () -> Reconciler.compare(none, journal(), "wechat", NEXT_DAY, DAY));
        assertThrows(InvalidInputException.class, () -> BillLine.payment("A", null, Money.ZERO));
        assertThrows(InvalidInputException.class, () -> BillLine.refund("A", null, null, Money.ofFen(1)));
        assertThrows(InvalidInputException.class,
                () -> new BillLine(BillLine.Type.PAYMENT, "A", "R", null, Money.ofFen(1)));
        assertThrows(InvalidInputException.class,
                () -> Reconciler.compare(java.util.Arrays.asList((BillLine) null), journal(), "wechat", DAY, NEXT_DAY));
        assertTrue(Reconciler.compare(none, journal(), "wechat", DAY, NEXT_DAY).isClean());
        journal.close();
    }
}
