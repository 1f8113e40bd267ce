package io.yikatong.payment.spi;

import io.yikatong.core.YikatongRuntimeException;

/**
 * An infrastructure failure of the payment API that is not an outcome: a channel misconfiguration
 * ({@link PaymentErrorCode#CHANNEL_MISCONFIGURED}). Journal failures are
 * {@code io.yikatong.payment.journal.JournalStorageException}. Messages carry no keys or personal data.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class PaymentException extends YikatongRuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param errorCode the code
     * @param message what failed
     * @param cause the underlying failure, or {@code null}
     */
    public PaymentException(PaymentErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
