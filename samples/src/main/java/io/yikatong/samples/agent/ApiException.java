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
    private final java.util.Map<String, String> details;

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
        this(status, code, field, message, java.util.Map.of());
    }

    /**
     * Creates an API error with further members of the error object (for example the settlement step that failed).
     *
     * @param status the HTTP status, for example 422
     * @param code the stable error code, for example {@code platform_refused}
     * @param field the request field at fault, or {@code null}
     * @param message what went wrong, for people
     * @param details further members, in order (no personal data, no secrets)
     */
    public ApiException(int status, String code, String field, String message, java.util.Map<String, String> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
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

    /**
     * Returns the further members of the error object.
     *
     * @return the members, in order; empty for most errors
     */
    public java.util.Map<String, String> details() {
        return details;
    }
}
