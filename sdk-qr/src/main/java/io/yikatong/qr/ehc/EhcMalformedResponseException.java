package io.yikatong.qr.ehc;

/**
 * The platform answered, but the answer is not the documented JSON: not JSON at all, no {@code commonOut}, a missing
 * or ill-typed field, or a value outside its code table. The message names the JSON field, never its value.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class EhcMalformedResponseException extends EhcException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * Creates an exception.
     *
     * @param operation the platform operation
     * @param field the JSON path of the offending field, for example {@code rsp.healthCardId}, or {@code "body"}
     * @param problem what is wrong, without the value
     * @param cause the underlying failure, or {@code null}
     */
    public EhcMalformedResponseException(String operation, String field, String problem, Throwable cause) {
        super(EhcErrorCode.MALFORMED_RESPONSE, operation, field + ": " + problem, cause);
        this.field = field;
    }

    /**
     * Returns the JSON path of the offending field.
     *
     * @return the path, for example {@code rsp.qrCodeText}, or {@code "body"} for the whole answer
     */
    public String field() {
        return field;
    }
}
