package io.yikatong.card.purse;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import java.util.Objects;

/**
 * Everything needed to find out later whether a purchase whose answer was lost took place: the transaction (card
 * TSN, amount, the session data the security module needs to check MAC2), the PSAM's authorisation (terminal TSN and
 * MAC1, no secret once sent to the card), and the
 * balance the card reported before the purchase. Persist it (its components are plain values) until
 * {@link PurseTerminal#recover} settles it.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param transaction the purchase
 * @param authorization what the security module answered to INIT SAM FOR PURCHASE
 * @param balanceBefore the card balance before the purchase
 * @since 0.1
 */
public record PurchaseProofRequest(PurseTransaction transaction, PurchaseAuthorization authorization,
        Money balanceBefore) {

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if a field is missing or out of range
     */
    public PurchaseProofRequest {
        if (transaction == null) {
            throw new InvalidInputException("transaction", "is required");
        }
        if (authorization == null) {
            throw new InvalidInputException("authorization", "is required");
        }
        if (balanceBefore == null || balanceBefore.fen() < 0) {
            throw new InvalidInputException("balanceBefore", "must be zero or more");
        }
    }

    /**
     * Returns the card's offline transaction serial number of the purchase.
     *
     * @return 0..65535
     */
    public int cardTsn() {
        return transaction.cardTsn();
    }

    /**
     * Returns the terminal transaction serial number of the purchase.
     *
     * @return 0..0xFFFFFFFF
     */
    public long terminalTsn() {
        return authorization.terminalTsn();
    }

    /**
     * Returns the amount of the purchase.
     *
     * @return the amount
     */
    public Money amount() {
        return transaction.amount();
    }

    /**
     * Returns the balance after the purchase, if it took place.
     *
     * @return {@code balanceBefore - amount}
     */
    Money balanceAfter() {
        return balanceBefore.minus(Objects.requireNonNull(transaction.amount()));
    }
}
