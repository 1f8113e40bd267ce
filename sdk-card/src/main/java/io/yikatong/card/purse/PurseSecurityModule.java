package io.yikatong.card.purse;

import io.yikatong.card.CardException;
import io.yikatong.core.Bytes;

/**
 * The purse security module (消费 PSAM): holds the issuer's master purchase key, assigns terminal transaction serial
 * numbers, computes MAC1 for the card and checks the card's MAC2 (health-card-spec §4.1, steps 4 and 6).
 *
 * <p>Implementations: {@link PsamPurseModule} (a PSAM over a card transport) and
 * {@link InsecureSoftwarePurseModule} (keys in memory, development only).
 *
 * <p>Implementations must be thread-safe (a PSAM serialises its commands).
 *
 * @since 0.1
 */
public interface PurseSecurityModule extends AutoCloseable {

    /**
     * Returns the terminal number (终端机编号) the card records with each purchase.
     *
     * @return 6 bytes
     * @throws CardException if the module cannot be read
     */
    Bytes terminalNumber() throws CardException;

    /**
     * Authorises a purchase: assigns the next terminal transaction serial number and computes MAC1 (INIT SAM FOR
     * PURCHASE, {@code 8070}).
     *
     * @param transaction what the card announced and the terminal fixed
     * @return the terminal TSN and MAC1
     * @throws CardException if the module's link fails or it refuses (unknown key version, for example)
     */
    PurchaseAuthorization authorizePurchase(PurseTransaction transaction) throws CardException;

    /**
     * Checks the card's MAC2 for a purchase this module authorised (CREDIT SAM FOR PURCHASE, {@code 8072}). Called
     * right after DEBIT FOR PURCHASE, and again during recovery with the MAC2 from GET TRANSACTION PROOF — possibly
     * after the module authorised other purchases or was restarted.
     *
     * @param transaction the purchase
     * @param authorization what {@link #authorizePurchase} returned for it
     * @param mac2 the card's MAC2, 4 bytes
     * @throws CardAnswerNotAuthenticException if the MAC2 is wrong
     * @throws CardException if the module's link fails or it refuses otherwise
     */
    void verifyPurchase(PurseTransaction transaction, PurchaseAuthorization authorization, Bytes mac2)
            throws CardException;

    /**
     * Describes the module without secrets, for logs.
     *
     * @return a description
     */
    String description();

    /**
     * Releases the module. Idempotent.
     *
     * @throws CardException if releasing the link failed
     */
    @Override
    void close() throws CardException;
}
