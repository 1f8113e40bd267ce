package io.yikatong.payment.medicalinsurance;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import java.math.BigDecimal;

/**
 * One fee line of a 6201 upload. Wire names are not public [?]: {@code feedetlSn} (line number),
 * {@code medListCodg} (catalogue code), {@code medinsListName} (item name), {@code cnt} (quantity) and
 * {@code detItemFeeSumamt} (line amount, yuan).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param lineNo the hospital's line number, 1 to 64 characters
 * @param itemCode the catalogue code, 1 to 64 characters
 * @param itemName the item name, 1 to 200 characters
 * @param quantity the positive quantity
 * @param amount the positive line amount
 * @since 0.1
 */
public record FeeDetail(String lineNo, String itemCode, String itemName, BigDecimal quantity, Money amount) {

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if a field is missing or out of range
     */
    public FeeDetail {
        FeeUpload.text("lineNo", lineNo, 64);
        FeeUpload.text("itemCode", itemCode, 64);
        FeeUpload.text("itemName", itemName, 200);
        if (quantity == null || quantity.signum() <= 0) {
            throw new InvalidInputException("quantity", "must be positive");
        }
        if (amount == null) {
            throw new InvalidInputException("amount", "must not be null");
        }
        amount.requirePositive("amount");
    }
}
