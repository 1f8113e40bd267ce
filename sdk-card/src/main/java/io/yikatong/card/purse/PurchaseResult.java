package io.yikatong.card.purse;

import io.yikatong.card.StatusWord;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;

/**
 * How a purchase ended. Exactly one of:
 * <ul>
 * <li>{@link Completed} — the card debited the amount and the security module verified the card's MAC2;</li>
 * <li>{@link Declined} — the card refused before debiting (for example {@code 9401} insufficient balance, {@code 9302}
 * MAC1 wrong): nothing was debited;</li>
 * <li>{@link Unknown} — the link failed after DEBIT FOR PURCHASE was sent, so the card may or may not have debited;
 * keep the {@link PurchaseProofRequest} and call {@link PurseTerminal#recover} when the card is back;</li>
 * <li>{@link NotDebited} — recovery proved that the card did not debit.</li>
 * </ul>
 * Use a {@code switch} over the sealed type so that the compiler checks that every outcome is handled.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public sealed interface PurchaseResult
        permits PurchaseResult.Completed, PurchaseResult.Declined, PurchaseResult.Unknown, PurchaseResult.NotDebited {

    /**
     * The card debited the amount and proved it (MAC2 verified by the security module).
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param purchase the purchase (card TSN, terminal TSN, amount, balance before)
     * @param tac the card's transaction authentication code (TAC, 4 bytes) for clearing with the issuer
     * @param balanceAfter the card balance after the purchase
     * @since 0.1
     */
    record Completed(PurchaseProofRequest purchase, Bytes tac, Money balanceAfter) implements PurchaseResult {

        /**
         * Validates the fields.
         *
         * @throws InvalidInputException if a field is missing or the TAC is not 4 bytes
         */
        public Completed {
            if (purchase == null) {
                throw new InvalidInputException("purchase", "is required");
            }
            if (tac == null || tac.length() != 4) {
                throw new InvalidInputException("tac", "must be 4 bytes");
            }
            if (balanceAfter == null) {
                throw new InvalidInputException("balanceAfter", "is required");
            }
        }

        /**
         * Returns the card's offline transaction serial number of this purchase.
         *
         * @return 0..65535
         */
        public int cardTsn() {
            return purchase.cardTsn();
        }

        /**
         * Returns the terminal transaction serial number of this purchase.
         *
         * @return 0..0xFFFFFFFF
         */
        public long terminalTsn() {
            return purchase.terminalTsn();
        }

        /**
         * Returns the amount debited.
         *
         * @return the amount
         */
        public Money amount() {
            return purchase.amount();
        }
    }

    /**
     * The card refused the purchase before debiting anything.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param statusWord the card's answer, for example {@link StatusWord#INSUFFICIENT_BALANCE}
     * @param amount the amount that was asked for
     * @since 0.1
     */
    record Declined(StatusWord statusWord, Money amount) implements PurchaseResult {

        /**
         * Validates the fields.
         *
         * @throws InvalidInputException if a field is missing
         */
        public Declined {
            if (statusWord == null) {
                throw new InvalidInputException("statusWord", "is required");
            }
            if (amount == null) {
                throw new InvalidInputException("amount", "is required");
            }
        }

        /**
         * Returns whether the card declined for lack of money ({@code 9401}).
         *
         * @return {@code true} for {@code 9401}
         */
        public boolean insufficientBalance() {
            return statusWord.equals(StatusWord.INSUFFICIENT_BALANCE);
        }
    }

    /**
     * The link failed after DEBIT FOR PURCHASE was sent (or the card's answer could not be read or verified for
     * lack of a working security module): the card may or may not have debited. Persist {@link #request()} and call
     * {@link PurseTerminal#recover} with the same card before it is used for another purchase.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param request what recovery asks the card about
     * @since 0.1
     */
    record Unknown(PurchaseProofRequest request) implements PurchaseResult {

        /**
         * Validates the field.
         *
         * @throws InvalidInputException if the request is missing
         */
        public Unknown {
            if (request == null) {
                throw new InvalidInputException("request", "is required");
            }
        }
    }

    /**
     * Recovery proved that the card did not debit: the card holds no purchase with this transaction serial number.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param request the purchase that did not take place
     * @since 0.1
     */
    record NotDebited(PurchaseProofRequest request) implements PurchaseResult {

        /**
         * Validates the field.
         *
         * @throws InvalidInputException if the request is missing
         */
        public NotDebited {
            if (request == null) {
                throw new InvalidInputException("request", "is required");
            }
        }
    }
}
