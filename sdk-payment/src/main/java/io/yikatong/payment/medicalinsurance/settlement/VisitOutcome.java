package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.Money;
import io.yikatong.payment.PaymentOutcome;

/**
 * The outcome of a visit's settlement, as a value (like {@link PaymentOutcome}): {@link Settled}, {@link Pending} or
 * {@link Declined}. A lost answer is never {@link Declined} while anything may still be held at the platform.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.1
 */
public sealed interface VisitOutcome {

    /** @return the visit number */
    String visitNo();

    /** @return {@code settled}, {@code pending} or {@code declined} */
    String status();

    /**
     * Settled at the platform (2207) and the cash share collected.
     *
     * @param visitNo the visit
     * @param setlId 结算ID
     * @param medfeeSumamt 医疗费总额
     * @param fundPaySumamt 基金支付总额
     * @param acctPay 个人账户支出
     * @param psnCashPay 个人现金支出
     * @param cash the cash leg's outcome, or {@code null} when the cash share is zero or was settled before a restart
     */
    record Settled(String visitNo, String setlId, Money medfeeSumamt, Money fundPaySumamt, Money acctPay,
            Money psnCashPay, PaymentOutcome cash) implements VisitOutcome {
        @Override
        public String status() {
            return "settled";
        }
    }

    /**
     * Not final: an outcome is unknown (a lost answer, a cash payment still in progress, an undo that could not
     * finish); {@link OutpatientSettlement#resume()} finishes it, or an operator must look
     * ({@link VisitState#NEEDS_ATTENTION}).
     *
     * @param visitNo the visit
     * @param state where the visit is
     * @param reason what is unknown (no personal data)
     */
    record Pending(String visitNo, VisitState state, String reason) implements VisitOutcome {
        @Override
        public String status() {
            return "pending";
        }
    }

    /**
     * Not settled, and nothing is left at the platform (every step undone, or the settlement reversed by 2601).
     *
     * @param visitNo the visit
     * @param infno the step that failed (1101, 2201 … 2207, or {@code cash})
     * @param code the platform's {@code infcode} or the payment's decline code, or ""
     * @param message the platform's {@code err_msg} or the reason
     */
    record Declined(String visitNo, String infno, String code, String message) implements VisitOutcome {
        @Override
        public String status() {
            return "declined";
        }
    }
}
