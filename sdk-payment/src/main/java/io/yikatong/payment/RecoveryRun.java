package io.yikatong.payment;

import io.yikatong.payment.medicalinsurance.MedicalInsuranceCheckoutResult;
import java.time.Instant;
import java.util.List;

/**
 * What one pass of the {@link PaymentRecovery} loop did.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param startedAt when the run started (the client's clock)
 * @param finishedAt when it ended
 * @param entries every payment and refund the run looked at, payments first, oldest first
 * @param claimedElsewhere how many unresolved entries another recovering process held at the time (skipped)
 * @param incomplete {@code true} if the batch size or the run time limit stopped the run before the end of the journal's
 *     unresolved entries: the next run continues
 * @param failure why the run stopped early (the journal could not be read), or {@code null}
 * @since 0.2
 */
public record RecoveryRun(Instant startedAt, Instant finishedAt, List<Entry> entries, int claimedElsewhere,
        boolean incomplete, String failure) {

    /**
     * Copies the entries.
     */
    public RecoveryRun {
        entries = List.copyOf(entries);
    }

    /**
     * The result for one payment or refund.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param merchantOrderNo the merchant order number
     * @param merchantRefundNo the refund number for a refund, else {@code null}
     * @param status {@link PaymentOutcome#status()} ({@code paid}, {@code closed}, {@code pending} …), for a
     *     medical-insurance checkout {@code paid|declined|closed|pending}, or {@code failed}
     * @param outcome the payment client's outcome, or {@code null} (checkout, failure)
     * @param checkout the medical-insurance checkout's result, or {@code null}
     * @param failure the failure's type and message (no secrets), or {@code null}
     */
    public record Entry(String merchantOrderNo, String merchantRefundNo, String status, PaymentOutcome outcome,
            MedicalInsuranceCheckoutResult checkout, String failure) {

        static Entry of(PaymentOutcome o) {
            return new Entry(o.merchantOrderNo(), null, o.status(), o, null, null);
        }

        static Entry ofRefund(String refundNo, PaymentOutcome o) {
            return new Entry(o.merchantOrderNo(), refundNo, o.status(), o, null, null);
        }

        static Entry failed(String orderNo, String refundNo, RuntimeException e) {
            return new Entry(orderNo, refundNo, "failed", null, null,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }

        /**
         * Tells whether the entry is settled now (not pending, not failed).
         *
         * @return {@code true} unless the status is {@code pending} or {@code failed}
         */
        public boolean settled() {
            return !"pending".equals(status) && !"failed".equals(status);
        }
    }
}
