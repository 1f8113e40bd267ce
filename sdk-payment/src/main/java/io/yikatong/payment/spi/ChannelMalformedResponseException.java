package io.yikatong.payment.spi;

/**
 * The channel's answer, a notification or a bill is not the documented format: not JSON or form, a missing field, a
 * wrong type, an amount that is not an amount, an unexpected HTTP status, content that does not decrypt into the
 * documented structure. The offending content is never included in the message. Code:
 * {@code payment.<channel>.malformed_response}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ChannelMalformedResponseException extends ChannelException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param channel the channel identifier, for example {@code alipay}
     * @param message what is wrong, naming the element
     * @param cause the underlying parse failure, or {@code null}
     * @throws io.yikatong.core.InvalidInputException if the channel is not a channel identifier
     */
    public ChannelMalformedResponseException(String channel, String message, Throwable cause) {
        super(channel, ChannelErrorCode.Kind.MALFORMED_RESPONSE, message, cause);
    }
}
