package io.yikatong.card.purse;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;

/**
 * The PSAM's answer to INIT SAM FOR PURCHASE ({@code 8070}): the terminal transaction serial number it assigned and
 * MAC1, which the card checks in DEBIT FOR PURCHASE.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param terminalTsn the terminal transaction serial number (终端交易序号), 0..0xFFFFFFFF
 * @param mac1 MAC1, 4 bytes
 * @since 0.1
 */
public record PurchaseAuthorization(long terminalTsn, Bytes mac1) {

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if the serial number is out of range or MAC1 is not 4 bytes
     */
    public PurchaseAuthorization {
        if (terminalTsn < 0 || terminalTsn > 0xFFFF_FFFFL) {
            throw new InvalidInputException("terminalTsn", "must fit 4 unsigned bytes");
        }
        if (mac1 == null || mac1.length() != 4) {
            throw new InvalidInputException("mac1", "must be 4 bytes");
        }
    }
}
