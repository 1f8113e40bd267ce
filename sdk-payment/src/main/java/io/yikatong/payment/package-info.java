/**
 * The unified payment API: {@link io.yikatong.payment.PaymentClient} takes barcode (付款码) and QR payments, queries,
 * closes, refunds and handles notifications over any channel plugged in through {@link io.yikatong.payment.spi}, and
 * writes every step to a durable {@link io.yikatong.payment.journal.PaymentJournal} first, so that the same order is
 * never charged twice and a crash never loses a payment.
 *
 * <p>Outcomes are values ({@link io.yikatong.payment.PaymentOutcome}); a timeout or link failure is
 * {@link io.yikatong.payment.PaymentOutcome.Pending}, never a decline. Money is {@link io.yikatong.core.Money} in fen.
 *
 * <p>Three rules keep the money and the journal in step:
 * <ul>
 *   <li><b>Paid only if it is this payment.</b> A channel answer with another amount under the merchant number (a
 *       payment or a refund; two tills with separate journals that reused a number, say) is
 *       {@link io.yikatong.payment.PaymentOutcome.Mismatch}: recorded in the journal, never applied as paid or
 *       refunded, never reversed or closed at the channel.</li>
 *   <li><b>QR codes expire at the channel.</b> {@link io.yikatong.payment.PaymentClient#qrPay} sends the expiry the
 *       client enforces ({@link io.yikatong.payment.PaymentClient.Builder#qrValidity}, 15 minutes by default) to the
 *       channel and journals it; an order is closed at the channel before it is closed in the journal, and retired
 *       locally without a channel close only when the expiry was sent.</li>
 *   <li><b>A payment after the close is never kept silently.</b> It is recorded and returned as
 *       {@link io.yikatong.payment.PaymentOutcome.PaidAfterClose}, and refunded once under a deterministic refund
 *       number when the {@link io.yikatong.payment.LatePaymentPolicy} says so (the default).</li>
 * </ul>
 *
 * @since 0.1
 */
package io.yikatong.payment;
