package io.yikatong.card.purse;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;
import java.util.Optional;

/**
 * The card's answer to a purchase is not authentic: the security module rejected the card's MAC2 (CREDIT SAM FOR
 * PURCHASE answered {@code 9302}, or the software module's check failed). The purchase is <b>never</b> to be treated
 * as paid. The card may nevertheless have debited (a genuine card whose answer was corrupted on the way): keep
 * {@link #request()} for the back office; {@link PurseTerminal#recover} can ask the card again for its proof.
 *
 * <p>Error code {@link CardErrorCode#MALFORMED_RESPONSE} (sdk-card has no dedicated "not authentic" code yet).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class CardAnswerNotAuthenticException extends CardException {

    private static final long serialVersionUID = 1L;

    private final transient PurchaseProofRequest request;

    /**
     * Creates an exception from a security module, which does not know the whole purchase.
     *
     * @param what what was rejected, for example {@code "MAC2 of the card"}
     */
    public CardAnswerNotAuthenticException(String what) {
        super(CardErrorCode.MALFORMED_RESPONSE, what + " is not authentic (security module rejected it)", null);
        this.request = null;
    }

    /**
     * Creates an exception for a purchase.
     *
     * @param request the purchase whose answer was rejected
     * @param cause the security module's exception, or {@code null}
     */
    public CardAnswerNotAuthenticException(PurchaseProofRequest request, Throwable cause) {
        super(CardErrorCode.MALFORMED_RESPONSE, "the card's answer to the purchase (card TSN " + request.cardTsn()
                + ") is not authentic: do not treat it as paid", cause);
        this.request = request;
    }

    /**
     * Returns the purchase whose answer was rejected, when the exception comes from {@link PurseTerminal}.
     *
     * @return the purchase, empty when thrown by a security module directly
     */
    public Optional<PurchaseProofRequest> request() {
        return Optional.ofNullable(request);
    }
}
