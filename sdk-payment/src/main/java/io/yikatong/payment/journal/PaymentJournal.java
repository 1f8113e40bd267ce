package io.yikatong.payment.journal;

import io.yikatong.core.Money;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The durable record of payments and refunds: written before a request is sent, updated as outcomes are learned.
 *
 * <p>Usage: {@link #create(NewPayment)} before sending (a {@link JournalConflictException} with
 * {@link JournalErrorCode#DUPLICATE_ORDER} means the order is already known and must not be sent again), then
 * {@link #transition(String, Set, StateChange)} or {@link #apply(String, StateChange)} for every response,
 * notification, query and reverse result. Every state change is a compare-and-set: of several racing calls that
 * report the same change exactly one returns {@link Transition.Outcome#APPLIED}. After a restart,
 * {@link #unresolved()} and {@link #unresolvedRefunds()} list what must be queried.
 *
 * <p>Refunds are reserved with {@link #requestRefund(NewRefund)}, which checks in the same transaction that the
 * refunds of a payment that are not failed never exceed the amount paid, and completed with
 * {@link #transitionRefund(String, RefundState, EventSource, String)}.
 *
 * <p>Implementations must be thread-safe; {@link JdbcPaymentJournal} is.
 *
 * @since 0.1
 */
public interface PaymentJournal {

    /**
     * Writes a new payment in state {@link PaymentState#CREATED}.
     *
     * @param payment the payment
     * @return the stored entry (version 0)
     * @throws JournalConflictException with {@link JournalErrorCode#DUPLICATE_ORDER} if the merchant order number is
     *     already in the journal
     * @throws JournalStorageException if the database fails
     */
    PaymentEntry create(NewPayment payment) throws JournalConflictException;

    /**
     * Moves a payment to {@code change.target()} if, and only if, its current state is one of {@code expected}.
     *
     * @param merchantOrderNo the merchant order number
     * @param expected the states the caller expects the entry to be in; each must be allowed to move to the target
     * @param change the reported state
     * @return {@link Transition.Outcome#APPLIED} if this call changed the state, {@link Transition.Outcome#DUPLICATE}
     *     if it already was in the target, {@link Transition.Outcome#ANOMALY} if the report contradicts a settled state
     *     (logged, not applied), else {@link Transition.Outcome#STALE}
     * @throws io.yikatong.core.InvalidInputException if {@code expected} is empty or contains a state from which the
     *     target is not allowed ({@link PaymentState#canMoveTo})
     * @throws JournalConflictException with {@link JournalErrorCode#UNKNOWN_ENTRY} if the order is not in the journal
     * @throws JournalStorageException if the database fails
     */
    Transition<PaymentEntry> transition(String merchantOrderNo, Set<PaymentState> expected, StateChange change)
            throws JournalConflictException;

    /**
     * Moves a payment to {@code change.target()} from whatever state allows it ({@link PaymentState#leadingTo}); the
     * form for notifications and query results, which may arrive in any order.
     *
     * @param merchantOrderNo the merchant order number
     * @param change the reported state
     * @return the outcome, as for {@link #transition(String, Set, StateChange)}
     * @throws JournalConflictException with {@link JournalErrorCode#UNKNOWN_ENTRY} if the order is not in the journal
     * @throws JournalStorageException if the database fails
     */
    default Transition<PaymentEntry> apply(String merchantOrderNo, StateChange change)
            throws JournalConflictException {
        return transition(merchantOrderNo, PaymentState.leadingTo(change.target()), change);
    }

    /**
     * Records that the channel took the payment of an order the journal had closed (a QR code scanned and paid after
     * the close): the state stays {@link PaymentState#CLOSED}, the payment is kept with the entry
     * ({@link PaymentEntry#latePayment()}) and logged as a {@link JournalEvent.Kind#LATE_PAYMENT} event, and the amount
     * becomes refundable ({@link #requestRefund}). Only the first report is recorded.
     *
     * @param merchantOrderNo the merchant order number
     * @param channelTradeNo the channel's transaction number, or {@code null}
     * @param source where the report came from
     * @return {@link Transition.Outcome#APPLIED} if this call recorded it, {@link Transition.Outcome#DUPLICATE} if a
     *     late payment was already recorded, {@link Transition.Outcome#STALE} if the entry is not {@code CLOSED}
     *     (nothing recorded)
     * @throws io.yikatong.core.InvalidInputException if an argument is null or malformed
     * @throws JournalConflictException with {@link JournalErrorCode#UNKNOWN_ENTRY} if the order is not in the journal
     * @throws JournalStorageException if the database fails
     */
    Transition<PaymentEntry> recordLatePayment(String merchantOrderNo, String channelTradeNo, EventSource source)
            throws JournalConflictException;

    /**
     * Records that the channel reported another payment under this merchant order number: another amount than the
     * entry's (two tills with separate journals that reused the number, say). The report is kept with the entry
     * ({@link PaymentEntry#mismatch()}) and logged as a {@link JournalEvent.Kind#MISMATCH} event, and never applied: an
     * unresolved entry is settled as {@link PaymentState#DECLINED} (this payment did not happen at the channel, and
     * must not be reversed or closed there either), a settled one keeps its state. Only the first report is recorded.
     *
     * @param merchantOrderNo the merchant order number
     * @param reported the amount the channel reports
     * @param channelTradeNo the channel's transaction number in the report, or {@code null}
     * @param source where the report came from
     * @return {@link Transition.Outcome#APPLIED} if this call recorded it, {@link Transition.Outcome#DUPLICATE} if a
     *     mismatch was already recorded
     * @throws io.yikatong.core.InvalidInputException if an argument is null or malformed
     * @throws JournalConflictException with {@link JournalErrorCode#UNKNOWN_ENTRY} if the order is not in the journal
     * @throws JournalStorageException if the database fails
     */
    Transition<PaymentEntry> recordMismatch(String merchantOrderNo, Money reported, String channelTradeNo,
            EventSource source) throws JournalConflictException;

    /**
     * Finds a payment.
     *
     * @param merchantOrderNo the merchant order number
     * @return the entry, or empty if unknown
     * @throws JournalStorageException if the database fails
     */
    Optional<PaymentEntry> find(String merchantOrderNo);

    /**
     * Lists the payments whose outcome is unknown ({@link PaymentState#isUnresolved()}), oldest first: what crash
     * recovery must query, then complete or reverse.
     *
     * @return the entries
     * @throws JournalStorageException if the database fails
     */
    List<PaymentEntry> unresolved();

    /**
     * Lists the payments that became {@link PaymentState#PAID} in {@code [from, to)} by the journal clock, including
     * those reversed or refunded since; reconciliation compares them with the channel's bill.
     *
     * @param from the start, inclusive
     * @param to the end, exclusive
     * @return the entries, oldest first
     * @throws JournalStorageException if the database fails
     */
    List<PaymentEntry> paidBetween(Instant from, Instant to);

    /**
     * Reserves a refund in state {@link RefundState#REQUESTED}, checking atomically that the payment is
     * {@link PaymentState#PAID} (or {@link PaymentState#CLOSED} with a {@linkplain #recordLatePayment late payment})
     * and that the refunds that are not failed, plus this one, do not exceed the amount paid.
     *
     * @param refund the refund
     * @return the stored refund
     * @throws JournalConflictException with {@link JournalErrorCode#DUPLICATE_REFUND} for a known refund number,
     *     {@link JournalErrorCode#UNKNOWN_ENTRY} for an unknown order, {@link JournalErrorCode#NOT_REFUNDABLE} if
     *     the payment is not paid, {@link JournalErrorCode#REFUND_EXCEEDS_PAID} if the amount is too large
     * @throws JournalStorageException if the database fails
     */
    RefundEntry requestRefund(NewRefund refund) throws JournalConflictException;

    /**
     * Moves a refund to {@code target} if its state allows it ({@link RefundState#canMoveTo}); moving to
     * {@link RefundState#FAILED} releases its amount in the same transaction.
     *
     * @param merchantRefundNo the merchant refund number
     * @param target the reported state
     * @param source where the report came from
     * @param channelRefundNo the channel's refund number if known, else {@code null}
     * @return the outcome; a report that contradicts a terminal state (SUCCEEDED after FAILED or the reverse) is an
     *     {@link Transition.Outcome#ANOMALY}
     * @throws io.yikatong.core.InvalidInputException if target is {@link RefundState#REQUESTED} or an argument is
     *     malformed
     * @throws JournalConflictException with {@link JournalErrorCode#UNKNOWN_ENTRY} for an unknown refund number
     * @throws JournalStorageException if the database fails
     */
    Transition<RefundEntry> transitionRefund(String merchantRefundNo, RefundState target, EventSource source,
            String channelRefundNo) throws JournalConflictException;

    /**
     * Records that the channel reported another refund under this merchant refund number (another amount). The report
     * is kept with the refund ({@link RefundEntry#mismatch()}) and logged as a {@link JournalEvent.Kind#MISMATCH}
     * event, and never applied: a refund that is not terminal is settled as {@link RefundState#FAILED} (its amount is
     * released), a terminal one keeps its state. Only the first report is recorded.
     *
     * @param merchantRefundNo the merchant refund number
     * @param reported the amount the channel reports
     * @param channelRefundNo the channel's refund number in the report, or {@code null}
     * @param source where the report came from
     * @return {@link Transition.Outcome#APPLIED} if this call recorded it, {@link Transition.Outcome#DUPLICATE} if a
     *     mismatch was already recorded
     * @throws io.yikatong.core.InvalidInputException if an argument is null or malformed
     * @throws JournalConflictException with {@link JournalErrorCode#UNKNOWN_ENTRY} for an unknown refund number
     * @throws JournalStorageException if the database fails
     */
    Transition<RefundEntry> recordRefundMismatch(String merchantRefundNo, Money reported, String channelRefundNo,
            EventSource source) throws JournalConflictException;

    /**
     * Finds a refund.
     *
     * @param merchantRefundNo the merchant refund number
     * @return the refund, or empty if unknown
     * @throws JournalStorageException if the database fails
     */
    Optional<RefundEntry> findRefund(String merchantRefundNo);

    /**
     * Lists the refunds of a payment, oldest first.
     *
     * @param merchantOrderNo the merchant order number
     * @return the refunds
     * @throws JournalStorageException if the database fails
     */
    List<RefundEntry> refunds(String merchantOrderNo);

    /**
     * Lists the refunds that are not terminal ({@link RefundState#REQUESTED}, {@link RefundState#PENDING}), oldest
     * first, for crash recovery.
     *
     * @return the refunds
     * @throws JournalStorageException if the database fails
     */
    List<RefundEntry> unresolvedRefunds();

    /**
     * Lists the refunds that became {@link RefundState#SUCCEEDED} in {@code [from, to)} by the journal clock.
     *
     * @param from the start, inclusive
     * @param to the end, exclusive
     * @return the refunds, oldest first
     * @throws JournalStorageException if the database fails
     */
    List<RefundEntry> refundedBetween(Instant from, Instant to);

    /**
     * Lists the event log of a payment and its refunds, in insertion order.
     *
     * @param merchantOrderNo the merchant order number
     * @return the events
     * @throws JournalStorageException if the database fails
     */
    List<JournalEvent> events(String merchantOrderNo);

    /**
     * Claims a unit of recovery work (an order or refund number) for {@code owner} for {@code lease}, so that of
     * several processes recovering one journal only one acts on it at a time: a lease, free again when its owner
     * {@link #release releases} it or when the lease has run out by the journal's clock (the owner crashed). The owner's own unexpired
     * claim is renewed. Used by {@link io.yikatong.payment.PaymentRecovery}.
     *
     * <p>The default claims everything (a journal that cannot coordinate processes: use one recovering process).
     *
     * @param key the order or refund number (1 to 64 journal-number characters)
     * @param owner the claiming recovery instance (1 to 64 journal-number characters)
     * @param lease how long the claim lasts, positive
     * @return {@code true} if {@code owner} holds the claim now
     * @throws io.yikatong.core.InvalidInputException if an argument is null or malformed
     * @throws JournalStorageException if the database fails
     * @since 0.2
     */
    default boolean claim(String key, String owner, java.time.Duration lease) {
        return true;
    }

    /**
     * Releases a claim of {@code owner} (nothing if it holds none).
     *
     * @param key the order or refund number
     * @param owner the recovery instance
     * @throws io.yikatong.core.InvalidInputException if an argument is null or malformed
     * @throws JournalStorageException if the database fails
     * @since 0.2
     */
    default void release(String key, String owner) {
    }
}
