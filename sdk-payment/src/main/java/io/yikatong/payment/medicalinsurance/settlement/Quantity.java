package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A count {@code cnt}, decimal (16,4): held exactly at scale 4, never a floating-point number.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param value the count, scale 4, at most 12 integer digits
 * @since 0.1
 */
public record Quantity(BigDecimal value) {

    /** @throws InvalidInputException if the value is null, has more than 4 significant decimals or 12 integer digits */
    public Quantity {
        value = scaled("cnt", value, 4, 12);
    }

    /**
     * Parses a count.
     *
     * @param text for example {@code "2"} or {@code "0.5"}
     * @return the count
     * @throws InvalidInputException if it is not such a decimal
     */
    public static Quantity of(String text) {
        return new Quantity(parse("cnt", text));
    }

    static BigDecimal parse(String field, String text) {
        if (text == null || !text.strip().matches("[+-]?(\\d{1,18}(\\.\\d{0,12})?|\\.\\d{1,12})")) {
            throw new InvalidInputException(field, "must be a decimal number");
        }
        return new BigDecimal(text.strip());
    }

    static BigDecimal scaled(String field, BigDecimal value, int scale, int integerDigits) {
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        BigDecimal v;
        try {
            v = value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new InvalidInputException(field, "has more than " + scale + " decimals");
        }
        if (v.precision() - v.scale() > integerDigits) {
            throw new InvalidInputException(field, "has more than " + integerDigits + " integer digits");
        }
        return v;
    }

    @Override
    public String toString() {
        return value.toPlainString();
    }
}
