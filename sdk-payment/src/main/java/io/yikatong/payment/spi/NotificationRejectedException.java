package io.yikatong.payment.spi;

import io.yikatong.core.YikatongException;

/**
 * A notification was not accepted: its signature, decryption or format failed, or it names an order the journal does
 * not know. Nothing was changed; answer the channel with an error status (WeChat: 4xx/5xx) so that it retries.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class NotificationRejectedException extends YikatongException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with code {@link PaymentErrorCode#NOTIFICATION_REJECTED}.
     *
     * @param message why, without payload data
     * @param cause the underlying failure, or {@code null}
     */
    public NotificationRejectedException(String message, Throwable cause) {
        super(PaymentErrorCode.NOTIFICATION_REJECTED, message, cause);
    }
}
