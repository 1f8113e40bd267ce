package io.yikatong.samples.agent;

/**
 * A failure answered as {@code {"error":{"code":…,"message":…}}} with an HTTP status. The message never contains
 * personal data or secrets.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String field;

    /**
     * Creates an API error.
     *
     * @param status the HTTP status, for example 400
     * @param code the stable error code, for example {@code no_card}
     * @param message what went wrong, for people
     */
    public ApiException(int status, String code, String message) {
        this(status, code, null, message);
    }

    /**
     * Creates an API error about one input field.
     *
     * @param status the HTTP status, for example 400
     * @param code the stable error code, for example {@code invalid_input}
     * @param field the request field at fault, or {@code null}
     * @param message what went wrong, for people
     */
    public ApiException(int status, String code, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /**
     * Returns the HTTP status.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * Returns the stable error code.
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * Returns the request field at fault.
     *
     * @return the field, or {@code null}
     */
    public String field() {
        return field;
    }
}
