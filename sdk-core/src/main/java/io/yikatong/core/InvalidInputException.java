package io.yikatong.core;

import java.util.Objects;

/**
 * Thrown when a caller passes a value that breaks an API's documented contract. It names the offending field and says
 * what was expected, never echoing secret values.
 *
 * <p>It extends {@link IllegalArgumentException} so that generic code treats it as the programming error it is.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final ErrorCode errorCode;

    /**
     * Creates an exception with code {@link CoreErrorCode#INVALID_INPUT}.
     *
     * @param field the name of the parameter or field, for example {@code "iv"}
     * @param problem what is wrong, for example {@code "must be 16 bytes, was 12"}
     */
    public InvalidInputException(String field, String problem) {
        this(CoreErrorCode.INVALID_INPUT, field, problem, null);
    }

    /**
     * Creates an exception.
     *
     * @param errorCode the stable code
     * @param field the name of the parameter or field
     * @param problem what is wrong
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidInputException(ErrorCode errorCode, String field, String problem, Throwable cause) {
        super(field + ": " + problem, cause);
        this.field = Objects.requireNonNull(field, "field");
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    /**
     * Returns the name of the offending parameter or field.
     *
     * @return the field name
     */
    public String field() {
        return field;
    }

    /**
     * Returns the stable error code.
     *
     * @return the code
     */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
