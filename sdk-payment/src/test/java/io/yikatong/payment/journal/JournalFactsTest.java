package io.yikatong.payment.journal;

import static io.yikatong.payment.journal.PaymentState.CLOSED;
import static io.yikatong.payment.journal.PaymentState.DECLINED;
import static io.yikatong.payment.journal.PaymentState.PAID;
import static io.yikatong.payment.journal.PaymentState.PENDING;
import static io.yikatong.payment.journal.PaymentState.REVERSED;
import static io.yikatong.payment.journal.PaymentState.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceSplit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The payment's typed facts: given at creation or by the first applied change that carries them, on H2 and PostgreSQL
 * (a schema of its own).
 */
class JournalFactsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
    private static final MedicalInsuranceSplit SPLIT = new MedicalInsuranceSplit(Money.ofFen(10_000),
            Money.ofFen(7_000), Money.ofFen(1_000), Money.ofFen(2_000));

    @TempDir
    Path dir;

    static List<String> kinds() {
        return Databases.kinds().toList();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void kindAndChargeBatchAreStoredAtCreation(String kind) throws Exception {
        try (Databases db = Databases.ownSchema(kind, dir)) {
            PaymentJournal j = db.journal(new MutableClock(T0), "his-1");
            PaymentEntry e = j.create(NewPayment.of("MI-1", "medical-insurance", Money.ofFen(10_000), "门诊缴费")
                    .withKind(PaymentKind.MEDICAL_INSURANCE).withChargeBatchNo("B20261123-01"));
            assertEquals(PaymentKind.MEDICAL_INSURANCE, e.kind());
            assertEquals("B20261123-01", e.chargeBatchNo());
            assertEquals(e, j.find("MI-1").orElseThrow());
            PaymentEntry plain = j.create(NewPayment.of("P-1", "wechat", Money.ofFen(1), null));
            assertNull(plain.kind());
            assertNull(plain.chargeBatchNo());
            assertEquals(plain, j.find("P-1").orElseThrow());
            PaymentEntry paid = j.apply("MI-1", StateChange.to(PAID, EventSource.QUERY).withSplit(SPLIT)).entry();
            assertEquals(PaymentKind.MEDICAL_INSURANCE, paid.kind(), "kept through changes");
            assertEquals("B20261123-01", paid.chargeBatchNo());
            assertEquals(SPLIT, paid.split());
            assertEquals(paid, j.find("MI-1").orElseThrow());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theFirstAppliedChangeCarryingAFactStoresIt(String kind) throws Exception {
        try (Databases db = Databases.ownSchema(kind, dir)) {
            PaymentJournal j = db.journal(new MutableClock(T0), "his-1");
            j.create(NewPayment.of("QR-1", "wechat", Money.ofFen(500), null).withKind(PaymentKind.QR));
            j.apply("QR-1", StateChange.to(SENT, EventSource.SUBMIT));
            PaymentEntry pending = j.apply("QR-1", StateChange.to(PENDING, EventSource.RESPONSE)
                    .withCodeUrl("weixin://wxpay/bizpayurl?pr=first")).entry();
            assertEquals("weixin://wxpay/bizpayurl?pr=first", pending.codeUrl());
            Transition<PaymentEntry> dup = j.apply("QR-1", StateChange.to(PENDING, EventSource.QUERY)
                    .withCodeUrl("weixin://wxpay/bizpayurl?pr=second"));
            assertEquals(Transition.Outcome.DUPLICATE, dup.outcome());
            assertEquals("weixin://wxpay/bizpayurl?pr=first", j.find("QR-1").orElseThrow().codeUrl());
            PaymentEntry paid = j.apply("QR-1", StateChange.to(PAID, EventSource.NOTIFICATION)
                    .withChannelTradeNo("4200001")).entry();
            assertEquals("weixin://wxpay/bizpayurl?pr=first", paid.codeUrl());
            assertNull(paid.split());
            assertEquals(paid, j.find("QR-1").orElseThrow());

            // a decline that contradicts the settled state is an anomaly: logged, not stored
            Decline late = new Decline(DeclineReason.PAYMENT_FAILED, "PAYERROR", "支付失败");
            Transition<PaymentEntry> anomaly = j.apply("QR-1", StateChange.to(DECLINED, EventSource.NOTIFICATION)
                    .withDecline(late));
            assertEquals(Transition.Outcome.ANOMALY, anomaly.outcome());
            assertNull(j.find("QR-1").orElseThrow().decline());

            j.create(NewPayment.of("BC-1", "alipay", Money.ofFen(300), null).withKind(PaymentKind.BARCODE));
            j.transition("BC-1", EnumSet.of(PaymentState.CREATED), StateChange.to(SENT, EventSource.SUBMIT));
            Decline decline = Decline.of(DeclineReason.AUTH_CODE_INVALID, "ACQ.PAYMENT_AUTH_CODE_INVALID",
                    "支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款");
            PaymentEntry declined = j.apply("BC-1", StateChange.to(DECLINED, EventSource.RESPONSE)
                    .withDetail("ACQ.PAYMENT_AUTH_CODE_INVALID").withDecline(decline)).entry();
            assertEquals(decline, declined.decline());
            assertEquals(declined, j.find("BC-1").orElseThrow());
            assertEquals(Transition.Outcome.DUPLICATE, j.apply("BC-1", StateChange.to(DECLINED, EventSource.QUERY)
                    .withDecline(Decline.of(DeclineReason.OTHER, "X", "Y"))).outcome());
            assertEquals(decline, j.find("BC-1").orElseThrow().decline());
            assertEquals("ACQ.PAYMENT_AUTH_CODE_INVALID", j.events("BC-1").get(2).detail(), "the note is a note");

            // a split reported with a duplicate PAID is not stored; a reversal keeps the one stored
            j.create(NewPayment.of("MI-2", "medical-insurance", Money.ofFen(10_000), null));
            j.apply("MI-2", StateChange.to(PAID, EventSource.RESPONSE).withSplit(SPLIT));
            MedicalInsuranceSplit other = new MedicalInsuranceSplit(Money.ofFen(10_000), Money.ofFen(10_000),
                    Money.ZERO, Money.ZERO);
            assertEquals(Transition.Outcome.DUPLICATE, j.apply("MI-2", StateChange.to(PAID, EventSource.QUERY)
                    .withSplit(other)).outcome());
            assertEquals(SPLIT, j.apply("MI-2", StateChange.to(REVERSED, EventSource.REVERSE)).entry().split());
            assertEquals(SPLIT, j.find("MI-2").orElseThrow().split());
            j.create(NewPayment.of("C-1", "wechat", Money.ofFen(1), null));
            assertEquals(Transition.Outcome.APPLIED, j.apply("C-1", StateChange.to(CLOSED, EventSource.CLOSE))
                    .outcome());
            PaymentEntry closed = j.find("C-1").orElseThrow();
            assertNull(closed.codeUrl());
            assertNull(closed.decline());
            assertNull(closed.split());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theQrExpiryIsStoredAtCreationAndKept(String kind) throws Exception {
        try (Databases db = Databases.ownSchema(kind, dir)) {
            PaymentJournal j = db.journal(new MutableClock(T0), "his-1");
            Instant expiry = T0.plusSeconds(900);
            PaymentEntry e = j.create(NewPayment.of("QR-9", "alipay", Money.ofFen(700), null).withKind(PaymentKind.QR)
                    .withExpiresAt(expiry));
            assertEquals(expiry, e.expiresAt());
            assertEquals(e, j.find("QR-9").orElseThrow());
            assertEquals(expiry, j.apply("QR-9", StateChange.to(CLOSED, EventSource.CLOSE)).entry().expiresAt());
            assertEquals(expiry, j.find("QR-9").orElseThrow().expiresAt());
            assertNull(j.create(NewPayment.of("BC-9", "alipay", Money.ofFen(1), null)).expiresAt());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aPaymentAfterTheCloseIsRecordedOnceAndBecomesRefundable(String kind) throws Exception {
        try (Databases db = Databases.ownSchema(kind, dir)) {
            MutableClock clock = new MutableClock(T0);
            PaymentJournal j = db.journal(clock, "his-1");
            j.create(NewPayment.of("LATE-1", "wechat", Money.ofFen(1500), null).withKind(PaymentKind.QR));
            j.apply("LATE-1", StateChange.to(PENDING, EventSource.RESPONSE));
            assertEquals(Transition.Outcome.STALE, j.recordLatePayment("LATE-1", "4200009", EventSource.QUERY)
                    .outcome(), "only a closed order is paid late");
            assertNull(j.find("LATE-1").orElseThrow().latePayment());
            j.apply("LATE-1", StateChange.to(CLOSED, EventSource.CLOSE));
            JournalConflictException notYet = assertThrows(JournalConflictException.class,
                    () -> j.requestRefund(new NewRefund("LATE-1L", "LATE-1", Money.ofFen(1500), null)));
            assertEquals(JournalErrorCode.NOT_REFUNDABLE, notYet.errorCode());

            clock.advance(java.time.Duration.ofSeconds(5));
            Transition<PaymentEntry> late = j.recordLatePayment("LATE-1", "4200009", EventSource.NOTIFICATION);
            assertEquals(Transition.Outcome.APPLIED, late.outcome());
            PaymentEntry e = late.entry();
            assertEquals(CLOSED, e.state(), "the state stays closed");
            assertEquals(new LatePayment(Money.ofFen(1500), "4200009", EventSource.NOTIFICATION,
                    T0.plusSeconds(5)), e.latePayment());
            assertEquals(e, j.find("LATE-1").orElseThrow());
            assertEquals(Money.ofFen(1500), e.refundable());
            assertEquals(Transition.Outcome.DUPLICATE, j.recordLatePayment("LATE-1", "other", EventSource.QUERY)
                    .outcome());
            assertEquals("4200009", j.find("LATE-1").orElseThrow().latePayment().channelTradeNo());
            List<JournalEvent> lateEvents = j.events("LATE-1").stream()
                    .filter(x -> x.kind() == JournalEvent.Kind.LATE_PAYMENT).toList();
            assertEquals(1, lateEvents.size());
            assertEquals(EventSource.NOTIFICATION, lateEvents.get(0).source());
            assertEquals("CLOSED", lateEvents.get(0).toState());

            RefundEntry r = j.requestRefund(new NewRefund("LATE-1L", "LATE-1", Money.ofFen(1500), "paid after close"));
            assertEquals(RefundState.REQUESTED, r.state());
            assertEquals(Money.ZERO, j.find("LATE-1").orElseThrow().refundable());
            assertEquals(JournalErrorCode.REFUND_EXCEEDS_PAID, assertThrows(JournalConflictException.class,
                    () -> j.requestRefund(new NewRefund("LATE-1M", "LATE-1", Money.ofFen(1), null))).errorCode());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aReportAboutAnotherPaymentIsRecordedNeverApplied(String kind) throws Exception {
        try (Databases db = Databases.ownSchema(kind, dir)) {
            PaymentJournal j = db.journal(new MutableClock(T0), "till-2");
            j.create(NewPayment.of("TWO-1", "wechat", Money.ofFen(999), null).withKind(PaymentKind.BARCODE));
            j.apply("TWO-1", StateChange.to(SENT, EventSource.SUBMIT));
            Transition<PaymentEntry> t = j.recordMismatch("TWO-1", Money.ofFen(500), "4200001", EventSource.QUERY);
            assertEquals(Transition.Outcome.APPLIED, t.outcome());
            assertEquals(DECLINED, t.entry().state(), "settled, so it is never reversed or closed at the channel");
            assertEquals(new Mismatch(Money.ofFen(500), "4200001", EventSource.QUERY, T0), t.entry().mismatch());
            assertNull(t.entry().channelTradeNo(), "the other payment's number is not this one's");
            assertEquals(t.entry(), j.find("TWO-1").orElseThrow());
            assertEquals(Transition.Outcome.DUPLICATE, j.recordMismatch("TWO-1", Money.ofFen(501), null,
                    EventSource.NOTIFICATION).outcome());
            JournalEvent last = j.events("TWO-1").get(j.events("TWO-1").size() - 1);
            assertEquals(JournalEvent.Kind.MISMATCH, last.kind());
            assertEquals("SENT", last.fromState());
            assertEquals("DECLINED", last.toState());
            assertEquals(1, j.events("TWO-1").stream().filter(x -> x.kind() == JournalEvent.Kind.MISMATCH).count());
            assertEquals(JournalErrorCode.NOT_REFUNDABLE, assertThrows(JournalConflictException.class,
                    () -> j.requestRefund(new NewRefund("TWO-1R", "TWO-1", Money.ofFen(1), null))).errorCode());

            j.create(NewPayment.of("ONE-1", "wechat", Money.ofFen(500), null));
            j.apply("ONE-1", StateChange.to(PAID, EventSource.RESPONSE));
            PaymentEntry paid = j.recordMismatch("ONE-1", Money.ofFen(999), null, EventSource.NOTIFICATION).entry();
            assertEquals(PAID, paid.state(), "a settled entry keeps its state");
            assertEquals(Money.ofFen(999), paid.mismatch().reported());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aReportAboutAnotherRefundFailsTheRefundAndReleasesItsAmount(String kind) throws Exception {
        try (Databases db = Databases.ownSchema(kind, dir)) {
            PaymentJournal j = db.journal(new MutableClock(T0), "his-1");
            j.create(NewPayment.of("RF-1", "wechat", Money.ofFen(1000), null));
            j.apply("RF-1", StateChange.to(PAID, EventSource.RESPONSE));
            j.requestRefund(new NewRefund("RF-1A", "RF-1", Money.ofFen(200), null));
            Transition<RefundEntry> t = j.recordRefundMismatch("RF-1A", Money.ofFen(100), "5030001",
                    EventSource.QUERY);
            assertEquals(Transition.Outcome.APPLIED, t.outcome());
            assertEquals(RefundState.FAILED, t.entry().state());
            assertEquals(Money.ofFen(100), t.entry().mismatch().reported());
            assertEquals(t.entry(), j.findRefund("RF-1A").orElseThrow());
            assertEquals(Money.ZERO, j.find("RF-1").orElseThrow().refunded(), "the reserved amount is released");
            assertEquals(Transition.Outcome.DUPLICATE, j.recordRefundMismatch("RF-1A", Money.ofFen(100), null,
                    EventSource.QUERY).outcome());
            assertEquals(Money.ZERO, j.find("RF-1").orElseThrow().refunded());
            assertEquals(1, j.events("RF-1").stream().filter(x -> x.kind() == JournalEvent.Kind.MISMATCH
                    && "RF-1A".equals(x.merchantRefundNo())).count());
        }
    }

    @Test
    void factsBelongToTheirTarget() {
        assertEquals("codeUrl", assertThrows(InvalidInputException.class,
                () -> StateChange.to(PAID, EventSource.QUERY).withCodeUrl("weixin://x")).field());
        assertEquals("codeUrl", assertThrows(InvalidInputException.class,
                () -> StateChange.to(PENDING, EventSource.QUERY).withCodeUrl("")).field());
        assertEquals("codeUrl", assertThrows(InvalidInputException.class,
                () -> StateChange.to(PENDING, EventSource.QUERY).withCodeUrl("x".repeat(513))).field());
        assertEquals("codeUrl", assertThrows(InvalidInputException.class,
                () -> StateChange.to(PENDING, EventSource.QUERY).withCodeUrl("weixin://x\n")).field());
        assertEquals("decline", assertThrows(InvalidInputException.class,
                () -> StateChange.to(CLOSED, EventSource.QUERY).withDecline(Decline.of(DeclineReason.OTHER, "", "")))
                .field());
        assertEquals("split", assertThrows(InvalidInputException.class,
                () -> StateChange.to(DECLINED, EventSource.QUERY).withSplit(SPLIT)).field());
        assertEquals("chargeBatchNo", assertThrows(InvalidInputException.class,
                () -> NewPayment.of("A", "wechat", Money.ofFen(1), null).withChargeBatchNo("has space")).field());
        StateChange c = StateChange.to(PENDING, EventSource.RESPONSE).withCodeUrl("weixin://x").withDetail("USERPAYING")
                .withChannelTradeNo("42");
        assertEquals("weixin://x", c.codeUrl(), "the withers keep each other's fields");
        assertEquals("USERPAYING", c.detail());
    }

    @Test
    void declineFromAChannelIsFittedAndAStoredOneChecked() {
        Decline d = Decline.of(DeclineReason.INSUFFICIENT_FUNDS, "C".repeat(100), "line1\nline2" + "m".repeat(300));
        assertEquals(Decline.MAX_CODE, d.channelCode().length());
        assertEquals(Decline.MAX_MESSAGE, d.channelMessage().length());
        assertEquals("line1 line2", d.channelMessage().substring(0, 11));
        assertEquals(new Decline(DeclineReason.OTHER, "", ""), Decline.of(DeclineReason.OTHER, null, null));
        assertEquals("x".repeat(63), Decline.of(DeclineReason.OTHER, "x".repeat(63) + "😀", "").channelCode(),
                "a surrogate pair is not split");
        assertEquals("reason", assertThrows(InvalidInputException.class,
                () -> new Decline(null, "", "")).field());
        assertEquals("channelMessage", assertThrows(InvalidInputException.class,
                () -> new Decline(DeclineReason.OTHER, "", "a\tb")).field());
    }
}
