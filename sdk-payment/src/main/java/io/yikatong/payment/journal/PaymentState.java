package io.yikatong.payment.journal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The life cycle of one payment attempt in the journal, with the allowed moves defined here and nowhere else.
 *
 * <pre>
 * CREATED ──► SENT ──► PENDING ──► PAID ──► REVERSED
 *    │          │         │  └──► DECLINED / CLOSED / REVERSED
 *    │          └──► PAID / DECLINED / CLOSED / REVERSED
 *    └──► SENT / PENDING / PAID / DECLINED / CLOSED / REVERSED
 * </pre>
 *
 * <ul>
 *   <li>{@link #CREATED} is written <em>before</em> the request leaves, so a crash between writing and sending leaves
 *       a record; recovery must query, because the request may or may not have reached the channel. That is also why
 *       {@code CREATED} may move straight to any outcome.</li>
 *   <li>{@link #SENT} and {@link #PENDING} are unresolved: the outcome is unknown or the user is still paying (a
 *       timeout is never a decline). {@link #DECLINED}, {@link #CLOSED} and {@link #REVERSED} are terminal and never
 *       change. {@link #PAID} is final except for a same-day reversal (撤销/冲正), which the journal allows only
 *       while no refund is outstanding.</li>
 *   <li>A report that contradicts a settled state (for example a late SUCCESS notification after the order was
 *       {@code CLOSED} or {@code REVERSED}) is <em>not applied</em>: the journal records it as an anomaly in the event
 *       log and returns {@link Transition.Outcome#ANOMALY}, so an operator can check whether money moved. A payment the
 *       channel took for a {@code CLOSED} order is recorded with it ({@link PaymentJournal#recordLatePayment}): the
 *       state stays {@code CLOSED} and the amount becomes refundable.</li>
 *   <li>A report about <em>another</em> payment under the same number (another amount) is never applied either: it is
 *       recorded ({@link PaymentJournal#recordMismatch}) and settles an unresolved entry as {@link #DECLINED}.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum PaymentState {
    /** Written before the request is sent; it may or may not have reached the channel. */
    CREATED,
    /** The request was sent; no answer yet (or the answer was lost). */
    SENT,
    /** The channel says the user is paying (USERPAYING) or the outcome is not yet known. */
    PENDING,
    /** The channel confirmed the payment. */
    PAID,
    /**
     * The channel refused the payment (insufficient funds, invalid payment code …), or reported another payment under
     * this number ({@link PaymentEntry#mismatch()}). Terminal.
     */
    DECLINED,
    /** The order was closed or cancelled without payment. Terminal. */
    CLOSED,
    /** The payment was reversed (撤销/冲正): money, if any was taken, goes back. Terminal. */
    REVERSED;

    private static final Set<PaymentState> UNRESOLVED = Collections.unmodifiableSet(EnumSet.of(CREATED, SENT, PENDING));

    /**
     * Returns the states this state may move to.
     *
     * @return an unmodifiable set, empty for a terminal state
     */
    public Set<PaymentState> next() {
        EnumSet<PaymentState> next = switch (this) {
            case CREATED -> EnumSet.of(SENT, PENDING, PAID, DECLINED, CLOSED, REVERSED);
            case SENT -> EnumSet.of(PENDING, PAID, DECLINED, CLOSED, REVERSED);
            case PENDING -> EnumSet.of(PAID, DECLINED, CLOSED, REVERSED);
            case PAID -> EnumSet.of(REVERSED);
            case DECLINED, CLOSED, REVERSED -> EnumSet.noneOf(PaymentState.class);
        };
        return Collections.unmodifiableSet(next);
    }

    /**
     * Returns whether this state may move to {@code target}.
     *
     * @param target the proposed next state
     * @return {@code true} if the move is allowed
     */
    public boolean canMoveTo(PaymentState target) {
        return next().contains(target);
    }

    /**
     * Returns whether the state never changes again ({@link #DECLINED}, {@link #CLOSED}, {@link #REVERSED}).
     *
     * @return {@code true} for a terminal state
     */
    public boolean isTerminal() {
        return next().isEmpty();
    }

    /**
     * Returns whether the outcome is still unknown ({@link #CREATED}, {@link #SENT}, {@link #PENDING}): these are the
     * entries crash recovery must query.
     *
     * @return {@code true} for an unresolved state
     */
    public boolean isUnresolved() {
        return UNRESOLVED.contains(this);
    }

    /**
     * Returns every state from which {@code target} may be reached.
     *
     * @param target the target state
     * @return a new modifiable set, possibly empty (nothing leads to {@link #CREATED})
     */
    public static EnumSet<PaymentState> leadingTo(PaymentState target) {
        EnumSet<PaymentState> from = EnumSet.noneOf(PaymentState.class);
        for (PaymentState s : values()) {
            if (s.canMoveTo(target)) {
                from.add(s);
            }
        }
        return from;
    }
}
