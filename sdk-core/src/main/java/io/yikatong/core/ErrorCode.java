package io.yikatong.core;

/**
 * A stable, documented identifier of one kind of SDK failure.
 *
 * <p>Codes are strings of the form {@code module.reason} (for example {@code core.signature_invalid}); they never
 * change once released, so integrators may store them, count them and switch on them. Each module defines its codes
 * in an enum implementing this interface ({@link CoreErrorCode} for sdk-core).
 *
 * <p>Implementations must be immutable and thread-safe.
 *
 * @since 0.1
 */
public interface ErrorCode {

    /**
     * Returns the stable code string.
     *
     * @return the code, for example {@code core.malformed_data}
     */
    String code();

    /**
     * Returns the category that tells the caller how to react.
     *
     * @return the category, never {@code null}
     */
    ErrorCategory category();
}
