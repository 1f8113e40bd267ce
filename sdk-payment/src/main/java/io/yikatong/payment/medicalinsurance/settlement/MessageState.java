package io.yikatong.payment.medicalinsurance.settlement;

/**
 * The state of a journalled message (every state-changing call is journalled {@link #SENT} before it is sent).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum MessageState {
    /** Journalled, about to be sent or sent; no answer recorded. After a crash this is an unknown outcome. */
    SENT,
    /** The platform answered {@code infcode=0}. */
    ANSWERED,
    /** The platform or its gateway refused: the call did not take effect. */
    REFUSED,
    /** The link failed or the answer was unreadable: the outcome is unknown until resolved. */
    UNKNOWN,
    /** Resolved by 2601 冲正 (the platform cancelled whatever the message did). */
    REVERSED
}
