package io.yikatong.card.social;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;

/**
 * The card is not genuine: its internal-authentication answer differs from the one the security module (PSAM, HSM or
 * software module) computed for its card identification code (内部认证失败, reader-interface code −21). The card's
 * holder data was not read.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class CardNotGenuineException extends CardException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public CardNotGenuineException() {
        super(CardErrorCode.AUTHENTICATION_FAILED,
                "card not genuine: internal authentication answer does not match the security module's", null);
    }
}
