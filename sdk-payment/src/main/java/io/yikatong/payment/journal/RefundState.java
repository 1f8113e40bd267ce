package io.yikatong.payment.journal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The life cycle of one refund in the journal: {@code REQUESTED → PENDING → SUCCEEDED | FAILED}, and
 * {@code REQUESTED → SUCCEEDED | FAILED} directly. {@link #SUCCEEDED} and {@link #FAILED} are terminal. Every refund
 * that is not {@link #FAILED} counts against the refundable amount of its payment, so a refund whose outcome is
 * unknown keeps its amount reserved.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum RefundState {
    /** Written (and the amount reserved) before the refund request is sent. */
    REQUESTED,
    /** The channel accepted the refund and is processing it, or the outcome is unknown. */
    PENDING,
    /** The channel confirmed the refund. Terminal. */
    SUCCEEDED,
    /** The channel refused the refund; its amount is released. Terminal. */
    FAILED;

    /**
     * Returns the states this state may move to.
     *
     * @return an unmodifiable set, empty for a terminal state
     */
    public Set<RefundState> next() {
        EnumSet<RefundState> next = switch (this) {
            case REQUESTED -> EnumSet.of(PENDING, SUCCEEDED, FAILED);
            case PENDING -> EnumSet.of(SUCCEEDED, FAILED);
            case SUCCEEDED, FAILED -> EnumSet.noneOf(RefundState.class);
        };
        return Collections.unmodifiableSet(next);
    }

    /**
     * Returns whether this state may move to {@code target}.
     *
     * @param target the proposed next state
     * @return {@code true} if the move is allowed
     */
    public boolean canMoveTo(RefundState target) {
        return next().contains(target);
    }

    /**
     * Returns whether the state never changes again.
     *
     * @return {@code true} for {@link #SUCCEEDED} and {@link #FAILED}
     */
    public boolean isTerminal() {
        return next().isEmpty();
    }
}
