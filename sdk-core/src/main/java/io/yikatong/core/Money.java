package io.yikatong.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of Chinese yuan (CNY) held exactly as a whole number of fen (分, 1/100 yuan) in a {@code long}.
 *
 * <p>Money is never a {@code double}. Conversions to a channel's unit are exact: {@link #toYuanString()} gives the
 * {@code "12.30"} form that Alipay and the medical-insurance platform expect; {@link #fen()} gives the integer that
 * WeChat Pay and UnionPay expect. Parsing rejects more than two decimal places instead of rounding.
 *
 * <p>Amounts may be negative (refunds and reversals in a reconciliation report); {@link #requirePositive(String)}
 * checks a payable amount.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param fen the amount in fen
 * @since 0.1
 */
public record Money(long fen) implements Comparable<Money> {

    /** Zero yuan. */
    public static final Money ZERO = new Money(0);

    /**
     * Creates an amount from fen.
     *
     * @param fen the amount in fen, for example {@code 1230} for 12.30 yuan
     * @return the amount
     */
    public static Money ofFen(long fen) {
        return new Money(fen);
    }

    /**
     * Parses a yuan amount written with at most two decimal places, for example {@code "12.3"}, {@code "12.30"} or
     * {@code "-0.01"}.
     *
     * @param yuan the text
     * @return the amount
     * @throws InvalidInputException if the text is not a decimal number, has more than two decimal places, or does
     *     not fit in a {@code long} number of fen
     */
    public static Money parseYuan(String yuan) {
        if (yuan == null || yuan.isBlank()) {
            throw new InvalidInputException("yuan", "must be a decimal amount such as 12.30");
        }
        String text = yuan.strip();
        if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            throw new InvalidInputException("yuan", "must be a decimal amount such as 12.30, was '" + abbreviate(text)
                    + "'");
        }
        BigDecimal value = new BigDecimal(text);
        if (value.stripTrailingZeros().scale() > 2) {
            throw new InvalidInputException("yuan", "has more than two decimal places: " + abbreviate(text));
        }
        try {
            return new Money(value.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
        } catch (ArithmeticException e) {
            throw new InvalidInputException(CoreErrorCode.INVALID_INPUT, "yuan", "out of range", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "…";
    }

    /**
     * Returns the amount in yuan with exactly two decimal places, for example {@code "12.30"} or {@code "-0.05"}.
     *
     * @return the yuan text
     */
    public String toYuanString() {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    /**
     * Returns the sum.
     *
     * @param other the amount to add
     * @return this plus {@code other}
     * @throws ArithmeticException on overflow
     */
    public Money plus(Money other) {
        return new Money(Math.addExact(fen, other.fen));
    }

    /**
     * Returns the difference.
     *
     * @param other the amount to subtract
     * @return this minus {@code other}
     * @throws ArithmeticException on overflow
     */
    public Money minus(Money other) {
        return new Money(Math.subtractExact(fen, other.fen));
    }

    /**
     * Returns whether the amount is greater than zero.
     *
     * @return {@code true} for a positive amount
     */
    public boolean isPositive() {
        return fen > 0;
    }

    /**
     * Checks that the amount is positive, as a payable amount must be.
     *
     * @param field the name of the field holding this amount, for the error message
     * @return this amount
     * @throws InvalidInputException if the amount is zero or negative
     */
    public Money requirePositive(String field) {
        if (fen <= 0) {
            throw new InvalidInputException(field, "must be a positive amount, was " + toYuanString() + " yuan");
        }
        return this;
    }

    @Override
    public int compareTo(Money o) {
        return Long.compare(fen, o.fen);
    }

    /** Returns the amount as {@code ¥12.30}. */
    @Override
    public String toString() {
        return "¥" + toYuanString();
    }
}
