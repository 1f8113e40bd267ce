package io.yikatong.card.social;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;

/**
 * The basic-medical-insurance personal account held on a social security card (卡内基本医疗保险个人账户, CIA,
 * health-card-spec §4.2), as GET BALANCE ({@code B0 26}) reports it in the card's medical-insurance application
 * (DF04):
 * <ul>
 * <li>{@link #balance()} — the CIA balance (账户余额, {@code P2 01});</li>
 * <li>{@link #yearToDateSelfPay()} — the year-to-date personal self-payment (本年个人自付累计, SPIP, {@code P2 02});</li>
 * <li>{@link #yearToDatePooledFund()} — the year-to-date pooled-fund payment (本年统筹基金支付累计, SPFP,
 * {@code P2 03});</li>
 * <li>{@link #year()} — the year the two totals belong to ({@code 0} when the card has recorded none [I]).</li>
 * </ul>
 * Read it with {@link SocialSecurityCardReader#readMedicalAccount}.
 *
 * <p>{@link #toString()} shows the year only: balances are personal data.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param balance the CIA balance, 0 or more
 * @param yearToDateSelfPay the year-to-date self-payment, 0 or more
 * @param yearToDatePooledFund the year-to-date pooled-fund payment, 0 or more
 * @param year the year of the two totals, 0 to 9999
 * @since 0.1
 */
public record MedicalAccount(Money balance, Money yearToDateSelfPay, Money yearToDatePooledFund, int year) {

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if an amount is missing or negative, or the year is out of range
     */
    public MedicalAccount {
        nonNegative(balance, "balance");
        nonNegative(yearToDateSelfPay, "yearToDateSelfPay");
        nonNegative(yearToDatePooledFund, "yearToDatePooledFund");
        if (year < 0 || year > 9999) {
            throw new InvalidInputException("year", "must be 0..9999, was " + year);
        }
    }

    private static void nonNegative(Money m, String field) {
        if (m == null) {
            throw new InvalidInputException(field, "is required");
        }
        if (m.fen() < 0) {
            throw new InvalidInputException(field, "must not be negative");
        }
    }

    /**
     * Returns a description without the amounts.
     *
     * @return the year and masked amounts
     */
    @Override
    public String toString() {
        return "MedicalAccount[year=" + year + ", amounts=****]";
    }
}
