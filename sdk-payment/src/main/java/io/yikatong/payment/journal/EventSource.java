package io.yikatong.payment.journal;

/**
 * Where the information behind a journal change came from, recorded in the event log for audits.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum EventSource {
    /** The SDK itself, before or while sending a request (create, sent). */
    SUBMIT,
    /** The channel's synchronous response to a request. */
    RESPONSE,
    /** An asynchronous notification (callback) from the channel. */
    NOTIFICATION,
    /** An order or refund query. */
    QUERY,
    /** A close or cancel call. */
    CLOSE,
    /** A reverse (撤销/冲正) call. */
    REVERSE,
    /** Crash recovery after a restart. */
    RECOVERY,
    /** Reconciliation against a downloaded bill. */
    RECONCILIATION,
    /** A person, through an administration tool. */
    OPERATOR
}
