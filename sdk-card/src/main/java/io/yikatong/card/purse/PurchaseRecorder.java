package io.yikatong.card.purse;

/**
 * Receives a purse purchase's {@link PurchaseProofRequest} just before DEBIT FOR PURCHASE is sent
 * ({@link PurseTerminal#purchase(io.yikatong.card.CardSession, io.yikatong.core.Money, PurchaseRecorder)}), so that a
 * caller can store it durably: after a crash between DEBIT and its answer, {@link PurseTerminal#recover} needs it to
 * learn from the card whether the money was taken.
 *
 * <p>Implementations decide their own thread-safety; the terminal calls it from the purchasing thread.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PurchaseRecorder {

    /**
     * Records the purchase about to be sent. Throwing stops the purchase before DEBIT: nothing is debited.
     *
     * @param request the purchase with its authorisation
     */
    void beforeDebit(PurchaseProofRequest request);
}
