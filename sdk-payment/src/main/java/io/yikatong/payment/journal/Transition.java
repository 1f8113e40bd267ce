package io.yikatong.payment.journal;

/**
 * The result of a compare-and-set state change: what happened and the entry as it is now.
 *
 * <p>Exactly one of any number of racing calls that ask for the same change gets {@link Outcome#APPLIED}; the others
 * get {@link Outcome#DUPLICATE}, which callers should treat as success (a duplicate notification is acknowledged).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <E> {@link PaymentEntry} or {@link RefundEntry}
 * @param outcome what happened
 * @param entry the entry after the call (changed or not)
 * @since 0.1
 */
public record Transition<E>(Outcome outcome, E entry) {

    /**
     * What a state change call did.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Outcome {
        /** This call changed the state. */
        APPLIED,
        /** The entry was already in the requested state; nothing changed. */
        DUPLICATE,
        /** The entry was not in an expected state (an out-of-order or late report, such as PENDING after PAID);
         *  nothing changed. */
        STALE,
        /** The report contradicts a settled state (such as PAID after CLOSED); nothing changed, and an
         *  {@link JournalEvent.Kind#ANOMALY} event was logged for an operator. */
        ANOMALY
    }

    /**
     * Returns whether this call changed the state.
     *
     * @return {@code true} only for {@link Outcome#APPLIED}
     */
    public boolean changed() {
        return outcome == Outcome.APPLIED;
    }
}
