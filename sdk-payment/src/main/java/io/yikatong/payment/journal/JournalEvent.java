package io.yikatong.payment.journal;

import java.time.Instant;

/**
 * One row of the journal's append-only event log: who changed what, and when. Rows are never updated or deleted.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the event number, increasing in insertion order
 * @param merchantOrderNo the payment concerned
 * @param merchantRefundNo the refund concerned, or {@code null} for a payment event
 * @param kind what happened
 * @param source where the information came from
 * @param fromState the state before (a {@link PaymentState} or {@link RefundState} name), or {@code null} on
 *     creation
 * @param toState the state after, or for an {@link Kind#ANOMALY} the state that was reported but not applied (for a
 *     {@link Kind#LATE_PAYMENT} or {@link Kind#MISMATCH}, the state after the record)
 * @param instance the name of the journal instance (HIS server) that wrote the event
 * @param at when (journal clock)
 * @param detail a short detail such as a channel status code, or {@code null}
 * @since 0.1
 */
public record JournalEvent(long id, String merchantOrderNo, String merchantRefundNo, Kind kind, EventSource source,
        String fromState, String toState, String instance, Instant at, String detail) {

    /**
     * The kind of event.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Kind {
        /** A payment or refund was written. */
        CREATED,
        /** A state change was applied. */
        CHANGED,
        /** A report contradicted a settled state and was not applied (for example SUCCESS after CLOSED). */
        ANOMALY,
        /**
         * The channel took a payment for a closed order ({@link PaymentJournal#recordLatePayment}); the state stayed
         * {@code CLOSED}, the payment was recorded with the entry ({@link LatePayment}).
         */
        LATE_PAYMENT,
        /**
         * The channel reported another payment or refund under this number ({@link PaymentJournal#recordMismatch},
         * {@link PaymentJournal#recordRefundMismatch}); it was recorded ({@link Mismatch}), never applied, and an
         * unresolved entry was settled as {@code DECLINED} (a refund as {@code FAILED}).
         */
        MISMATCH
    }
}
