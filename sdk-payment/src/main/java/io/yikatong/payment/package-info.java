/**
 * The unified payment API: {@link io.yikatong.payment.PaymentClient} takes barcode (付款码) and QR payments, queries,
 * closes, refunds and handles notifications over any channel plugged in through {@link io.yikatong.payment.spi}, and
 * writes every step to a durable {@link io.yikatong.payment.journal.PaymentJournal} first, so that the same order is
 * never charged twice and a crash never loses a payment.
 *
 * <p>Outcomes are values ({@link io.yikatong.payment.PaymentOutcome}); a timeout or link failure is
 * {@link io.yikatong.payment.PaymentOutcome.Pending}, never a decline. Money is {@link io.yikatong.core.Money} in fen.
 *
 * @since 0.1
 */
package io.yikatong.payment;
