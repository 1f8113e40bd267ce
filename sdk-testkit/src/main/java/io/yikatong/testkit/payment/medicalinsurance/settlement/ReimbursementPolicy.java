package io.yikatong.testkit.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;

/**
 * A deliberately simple outpatient reimbursement policy (报销政策) for one insurance type, as the
 * {@link SettlementPlatformSimulator} applies it to each settlement, all in fen with integer arithmetic:
 *
 * <ol>
 *   <li>Per fee line, by the catalogue ({@link CatalogueItem}): 丙类 items, restricted items without approval and items
 *       with {@code hosp_appr_flag} 2 are 全自费 ({@code fulamt_ownpay_amt}); a price above the item's 限价 makes
 *       (price − 限价) × count 超限价 ({@code overlmt_amt}); 乙类 items pay their 先行自付 share
 *       ({@code preselfpay_amt}, rounded down); the rest is 符合范围 ({@code inscp_scp_amt}).</li>
 *   <li>Per settlement: the 起付线 ({@link #deductible()}) not yet used this year is paid by the person first
 *       ({@code act_pay_dedc}); the fund pays {@link #fundPercent()} % of the in-scope rest (rounded down), at most the
 *       remaining annual 封顶线 ({@link #annualCap()}) ({@code hifp_pay} = {@code fund_pay_sumamt}); the person pays
 *       the rest ({@code pool_prop_selfpay}).</li>
 *   <li>With {@code acct_used_flag=1}, the personal account pays the person's in-scope share (起付线 + 先行自付 +
 *       统筹内自付; also 全自费 and 超限价 when {@link #accountPaysOwnExpense()}), at most its balance
 *       ({@code acct_pay}); the rest is cash ({@code psn_cash_pay}). The hospital pays nothing
 *       ({@code hosp_part_amt} 0).</li>
 * </ol>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param insutype the insurance type the policy is for, for example {@code 310}
 * @param deductible 起付线 per calendar year, not negative
 * @param fundPercent the share of the in-scope amount above the 起付线 the fund pays, 0 to 100
 * @param annualCap 封顶线: the most the fund pays per person and year, not negative
 * @param accountPaysOwnExpense whether the personal account may also pay 全自费 and 超限价 amounts
 * @since 0.1
 */
public record ReimbursementPolicy(String insutype, Money deductible, int fundPercent, Money annualCap,
        boolean accountPaysOwnExpense) {

    /**
     * Checks the components.
     *
     * @throws InvalidInputException naming the first invalid component
     */
    public ReimbursementPolicy {
        if (insutype == null || !insutype.matches("\\d{3,6}")) {
            throw new InvalidInputException("insutype", "must be a 险种类型 code such as 310");
        }
        if (deductible == null || deductible.fen() < 0) {
            throw new InvalidInputException("deductible", "must not be negative");
        }
        if (fundPercent < 0 || fundPercent > 100) {
            throw new InvalidInputException("fundPercent", "must be 0 to 100");
        }
        if (annualCap == null || annualCap.fen() < 0) {
            throw new InvalidInputException("annualCap", "must not be negative");
        }
    }

    /**
     * The default for 310 职工基本医疗保险: 起付线 0, fund 70 %, cap 20 000.00 yuan, account for in-scope amounts only.
     *
     * @return the policy
     */
    public static ReimbursementPolicy employeeDefault() {
        return new ReimbursementPolicy("310", Money.ZERO, 70, Money.ofFen(2_000_000), false);
    }

    /**
     * The default for 390 城乡居民基本医疗保险: 起付线 50.00 yuan, fund 50 %, cap 3 000.00 yuan.
     *
     * @return the policy
     */
    public static ReimbursementPolicy residentDefault() {
        return new ReimbursementPolicy("390", Money.ofFen(5_000), 50, Money.ofFen(300_000), false);
    }
}
