package io.yikatong.qr.ehc;

import io.yikatong.core.YikatongException;
import java.util.Objects;

/**
 * Root of the failures of an electronic health card platform call. It names the operation (for example
 * {@code getHealthCardByQRCode}); messages never contain the app secret, the app token or personal data.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public abstract class EhcException extends YikatongException {

    private static final long serialVersionUID = 1L;

    private final String operation;

    /**
     * Creates an exception.
     *
     * @param errorCode the stable code
     * @param operation the platform operation, for example {@code verifyQRCode}
     * @param message what failed, without secrets or personal data
     * @param cause the underlying failure, or {@code null}
     */
    protected EhcException(EhcErrorCode errorCode, String operation, String message, Throwable cause) {
        super(errorCode, operation + ": " + message, cause);
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    /**
     * Returns the platform operation that failed.
     *
     * @return the operation name, for example {@code registerHealthCard}
     */
    public String operation() {
        return operation;
    }
}
