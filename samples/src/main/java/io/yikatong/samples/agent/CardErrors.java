package io.yikatong.samples.agent;

import io.yikatong.card.AuthenticationFailedException;
import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.MalformedCardResponseException;

/**
 * Maps card failures to the agent's stable error codes: the link failed ({@code no_card} 404,
 * {@code reader_unavailable} 503, {@code card_timeout} 504, {@code link_failed} 503), the card refused
 * ({@code authentication_failed}, {@code card_refused} 422), or it sent garbage ({@code malformed_card_response} 502).
 * Every {@link CardLinkException} maps to one of the link codes, whatever its reason.
 *
 * <p>Thread-safe (stateless).
 */
final class CardErrors {

    private CardErrors() {
    }

    static ApiException of(CardException e) {
        if (e instanceof CardLinkException link) {
            io.yikatong.core.ErrorCode code = link.errorCode();
            if (code == CardErrorCode.NO_CARD || code == CardErrorCode.CARD_REMOVED) {
                return new ApiException(404, "no_card", "no card in the reader (or it was pulled during the read)");
            }
            if (code == CardErrorCode.READER_UNAVAILABLE) {
                return new ApiException(503, "reader_unavailable", "the reader or the PC/SC service is not available");
            }
            if (link.isTimeout()) {
                return new ApiException(504, "card_timeout", "the card did not answer in time; try again");
            }
            return new ApiException(503, "link_failed", "the link to the card failed; try again");
        }
        if (e instanceof AuthenticationFailedException) {
            return new ApiException(422, "authentication_failed", "the card refused the security module's"
                    + " authentication (wrong keys for this card?)");
        }
        if (e instanceof CardRefusedException refused) {
            return new ApiException(422, "card_refused", "the card refused a command: " + refused.getMessage());
        }
        if (e instanceof MalformedCardResponseException) {
            return new ApiException(502, "malformed_card_response", "the card answered data that does not follow"
                    + " its format: " + e.getMessage());
        }
        return new ApiException(502, "card_error", e.getClass().getSimpleName());
    }
}
