package io.yikatong.payment;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.DeclineReason;

/**
 * The outcome of a payment operation, as a value: {@link Paid}, {@link Pending}, {@link Declined}, {@link Closed},
 * {@link Refunded}, {@link Mismatch} or {@link PaidAfterClose}. A timeout or a link failure is {@link Pending}, never
 * {@link Declined}; a channel answer about another payment under the same number is {@link Mismatch}, and a payment
 * taken for an order already closed is {@link PaidAfterClose}, never {@link Paid}.
 *
 * <pre>{@code
 * switch (client.barcodePay(payment)) {
 *     case PaymentOutcome.Paid p -> printReceipt(p.channelTradeNo());
 *     case PaymentOutcome.Declined d -> showError(d.reason());
 *     case PaymentOutcome.Pending p -> showWaiting();
 *     case PaymentOutcome.Closed c -> showCancelled();
 *     case PaymentOutcome.Refunded r -> throw new IllegalStateException();
 *     case PaymentOutcome.Mismatch m -> alertOperator(m.expected(), m.reported());
 *     case PaymentOutcome.PaidAfterClose late -> tellThePatient(late.refund());
 * }
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.1
 */
public sealed interface PaymentOutcome {

    /**
     * Returns the merchant order number the outcome is about.
     *
     * @return the number
     */
    String merchantOrderNo();

    /**
     * Returns the status word used in JSON output: {@code paid}, {@code pending}, {@code declined}, {@code closed},
     * {@code refunded}, {@code mismatch} or {@code paid_after_close}.
     *
     * @return the status
     */
    String status();

    /**
     * The channel confirmed the payment.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param merchantOrderNo the merchant order number
     * @param channelTradeNo the channel's transaction number, or {@code null} if not reported
     * @param amount the amount paid
     */
    record Paid(String merchantOrderNo, String channelTradeNo, Money amount) implements PaymentOutcome {

        /**
         * Validates the fields.
         *
         * @throws InvalidInputException if the order number or amount is missing
         */
        public Paid {
            require("merchantOrderNo", merchantOrderNo);
            require("amount", amount);
        }

        @Override
        public String status() {
            return "paid";
        }
    }

    /**
     * The outcome is not known yet.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param merchantOrderNo the merchant order number
     * @param reason why
     * @param codeUrl for a QR payment, the content to show as a QR code; otherwise {@code null}
     */
    record Pending(String merchantOrderNo, PendingReason reason, String codeUrl) implements PaymentOutcome {

        /**
         * Validates the fields.
         *
         * @throws InvalidInputException if the order number or reason is missing
         */
        public Pending {
            require("merchantOrderNo", merchantOrderNo);
            require("reason", reason);
        }

        @Override
        public String status() {
            return "pending";
        }
    }

    /**
     * The channel (or, for an over-refund, the journal) refused.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param merchantOrderNo the merchant order number
     * @param reason the normalised reason
     * @param channelCode the channel's raw code, or an empty string
     * @param channelMessage the channel's raw message, or an empty string
     */
    record Declined(String merchantOrderNo, DeclineReason reason, String channelCode, String channelMessage)
            implements PaymentOutcome {

        /**
         * Validates the fields.
         *
         * @throws InvalidInputException if the order number or reason is missing
         */
        public Declined {
            require("merchantOrderNo", merchantOrderNo);
            require("reason", reason);
            channelCode = channelCode == null ? "" : channelCode;
            channelMessage = channelMessage == null ? "" : channelMessage;
        }

        @Override
        public String status() {
            return "declined";
        }
    }

    /**
     * The order ended without a payment: closed, or reversed (撤销; money taken, if any, went back).
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param merchantOrderNo the merchant order number
     * @param reversed {@code true} if the order was reversed rather than closed
     */
    record Closed(String merchantOrderNo, boolean reversed) implements PaymentOutcome {

        /**
         * Validates the fields.
         *
         * @throws InvalidInputException if the order number is missing
         */
        public Closed {
            require("merchantOrderNo", merchantOrderNo);
        }

        @Override
        public String status() {
            return "closed";
        }
    }

    /**
     * A refund reached the payer.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param merchantOrderNo the merchant order number of the payment
     * @param merchantRefundNo the merchant refund number
     * @param amount the refunded amount
     * @param channelRefundNo the channel's refund number, or {@code null}
     */
    record Refunded(String merchantOrderNo, String merchantRefundNo, Money amount, String channelRefundNo)
            implements PaymentOutcome {

        /**
         * Validates the fields.
         *
         * @throws InvalidInputException if a number or the amount is missing
         */
        public Refunded {
            require("merchantOrderNo", merchantOrderNo);
            require("merchantRefundNo", merchantRefundNo);
            require("amount", amount);
        }

        @Override
        public String status() {
            return "refunded";
        }
    }

    /**
     * The channel holds another payment (or refund) under this merchant number: another amount than the journal's
     * (for example two tills with separate journals that reused an order number). It is not this payment: never
     * {@link Paid} (or {@link Refunded}), never reversed, closed or refunded automatically; the journal recorded it
     * ({@link io.yikatong.payment.journal.PaymentEntry#mismatch()}, a {@code MISMATCH} event) and settled the entry as
     * not paid (a refund as failed). An operator must look at it.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param merchantOrderNo the merchant order number
     * @param merchantRefundNo the merchant refund number for a refund, else {@code null}
     * @param expected the amount in the journal
     * @param reported the amount the channel reports under the number
     * @param channelNo the channel's transaction (or refund) number of what it holds, or {@code null}
     */
    record Mismatch(String merchantOrderNo, String merchantRefundNo, Money expected, Money reported,
            String channelNo) implements PaymentOutcome {

        /**
         * Validates the fields.
         *
         * @throws InvalidInputException if the order number or an amount is missing
         */
        public Mismatch {
            require("merchantOrderNo", merchantOrderNo);
            require("expected", expected);
            require("reported", reported);
        }

        @Override
        public String status() {
            return "mismatch";
        }
    }

    /**
     * The channel took the payment of an order that was already closed in the journal: a QR code scanned and paid
     * after the close (before its expiry reached the channel, or at the last moment). The money is not kept silently:
     * the journal recorded it ({@link io.yikatong.payment.journal.PaymentEntry#latePayment()}, a
     * {@code LATE_PAYMENT} event; the entry stays closed) and, under {@link LatePaymentPolicy#REFUND}, the client
     * refunded it through the ordinary refund path, once.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param merchantOrderNo the merchant order number
     * @param channelTradeNo the channel's transaction number, or {@code null} if not reported
     * @param amount the amount the channel took
     * @param refund the outcome of the automatic refund ({@link Refunded}, {@link Pending} while the channel
     *     processes it, {@link Declined} if the channel refused it, {@link Mismatch}), or {@code null} if none was
     *     made ({@link LatePaymentPolicy#RECORD_ONLY})
     */
    record PaidAfterClose(String merchantOrderNo, String channelTradeNo, Money amount, PaymentOutcome refund)
            implements PaymentOutcome {

        /**
         * Validates the fields.
         *
         * @throws InvalidInputException if the order number or amount is missing
         */
        public PaidAfterClose {
            require("merchantOrderNo", merchantOrderNo);
            require("amount", amount);
        }

        @Override
        public String status() {
            return "paid_after_close";
        }
    }

    private static void require(String field, Object value) {
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
    }
}
