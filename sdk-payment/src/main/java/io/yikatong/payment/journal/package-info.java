/**
 * The durable payment journal: every payment and refund is written before it is sent to a channel and updated as its
 * outcome is learned, so that a crash or restart can resume the unresolved ones (query, then reverse or complete).
 *
 * <p>{@link io.yikatong.payment.journal.PaymentJournal} is the interface; {@link
 * io.yikatong.payment.journal.JdbcPaymentJournal} stores it in an embedded H2 file (the default for a single HIS
 * server) or in a shared PostgreSQL database (HIS clusters). The states and their allowed moves are defined once, in
 * {@link io.yikatong.payment.journal.PaymentState} and {@link io.yikatong.payment.journal.RefundState};
 * {@link io.yikatong.payment.journal.Reconciler} compares a downloaded channel bill with the journal.
 *
 * @since 0.1
 */
package io.yikatong.payment.journal;
