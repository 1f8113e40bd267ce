package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A unit price {@code pric} in yuan, decimal (16,6): held exactly at scale 6, never a floating-point number.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param yuan the price, scale 6, at most 10 integer digits
 * @since 0.1
 */
public record UnitPrice(BigDecimal yuan) {

    /** @throws InvalidInputException if the value is null, has more than 6 significant decimals or 10 integer digits */
    public UnitPrice {
        yuan = Quantity.scaled("pric", yuan, 6, 10);
    }

    /**
     * Parses a price in yuan.
     *
     * @param text for example {@code "12.5"} or {@code "0.123456"}
     * @return the price
     * @throws InvalidInputException if it is not such a decimal
     */
    public static UnitPrice of(String text) {
        return new UnitPrice(Quantity.parse("pric", text));
    }

    /**
     * The price of a whole number of fen.
     *
     * @param amount the price
     * @return the price
     */
    public static UnitPrice of(Money amount) {
        return new UnitPrice(BigDecimal.valueOf(amount.fen(), 2));
    }

    /**
     * Multiplies by a count, exactly; the product must be a whole number of fen.
     *
     * @param cnt the count
     * @return {@code pric × cnt}
     * @throws InvalidInputException if the product is not a whole number of fen
     */
    public Money times(Quantity cnt) {
        BigDecimal p = yuan.multiply(cnt.value()).movePointRight(2);
        try {
            return Money.ofFen(p.setScale(0, RoundingMode.UNNECESSARY).longValueExact());
        } catch (ArithmeticException e) {
            throw new InvalidInputException("det_item_fee_sumamt", "pric × cnt is not a whole number of fen");
        }
    }

    @Override
    public String toString() {
        return yuan.toPlainString();
    }
}
