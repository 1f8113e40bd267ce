package io.yikatong.card;

import io.yikatong.core.YikatongException;

/**
 * Root of sdk-card's checked exceptions. The subclasses keep apart the three situations a caller handles differently:
 * {@link CardLinkException} (the link to the card failed: reader gone, card pulled out, service down),
 * {@link CardRefusedException} (the card answered with an error status word) and {@link MalformedCardResponseException}
 * (the card answered with bytes we cannot understand).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public abstract class CardException extends YikatongException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param code the stable code
     * @param message what failed, without PINs, keys or personal data
     * @param cause the underlying failure, or {@code null}
     */
    protected CardException(CardErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
