package io.yikatong.core;

import java.util.Objects;

/**
 * Root of the SDK's unchecked exceptions for infrastructure failures in APIs whose normal outcomes are return values
 * (for example the payment client, where "declined" is a value and "the gateway could not be reached" is an exception).
 *
 * <p>Every instance carries a stable {@link ErrorCode}; messages never contain secrets or personal data.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class YikatongRuntimeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    /**
     * Creates an exception.
     *
     * @param errorCode the stable code
     * @param message a message naming what failed, without secrets or personal data
     * @param cause the underlying failure, or {@code null}
     */
    public YikatongRuntimeException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    /**
     * Returns the stable error code.
     *
     * @return the code, never {@code null}
     */
    public final ErrorCode errorCode() {
        return errorCode;
    }

    /**
     * Returns the category of {@link #errorCode()}.
     *
     * @return the category, never {@code null}
     */
    public final ErrorCategory category() {
        return errorCode.category();
    }
}
