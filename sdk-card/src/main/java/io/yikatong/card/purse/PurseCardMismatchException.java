package io.yikatong.card.purse;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;

/**
 * {@link PurseTerminal#recover} was called with a different card in the reader than the card of the purchase (its
 * application serial differs). Insert the right card and try again; nothing was sent to the wrong card beyond
 * selecting its purse and reading its public application data.
 *
 * <p>Error code {@link CardErrorCode#CARD_REFUSED}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class PurseCardMismatchException extends CardException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception (the serials are card identifiers and stay out of the message). */
    public PurseCardMismatchException() {
        super(CardErrorCode.CARD_REFUSED, "the inserted card is not the card of the purchase being recovered", null);
    }
}
