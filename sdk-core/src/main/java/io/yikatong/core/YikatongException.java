package io.yikatong.core;

import java.util.Objects;

/**
 * Root of the SDK's checked exceptions: failures a correct program must expect and handle (a card pulled out, a
 * tampered signature, a malformed record, a gateway refusal).
 *
 * <p>Every instance carries a stable {@link ErrorCode}. Messages name the failing field or step and never contain
 * secrets (keys, PINs) or personal data. Programming errors are reported with {@link InvalidInputException} (unchecked)
 * instead.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class YikatongException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    /**
     * Creates an exception.
     *
     * @param errorCode the stable code
     * @param message a message naming what failed, without secrets or personal data
     */
    public YikatongException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    /**
     * Creates an exception with a cause.
     *
     * @param errorCode the stable code
     * @param message a message naming what failed, without secrets or personal data
     * @param cause the underlying failure
     */
    public YikatongException(ErrorCode errorCode, String message, Throwable cause) {
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
