package io.yikatong.qr.medicalinsurance;

/**
 * The medical-insurance service answered, but not with the documented JSON. The message names the JSON field, never
 * its value.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class VoucherMalformedResponseException extends VoucherException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * Creates an exception.
     *
     * @param field the JSON path, for example {@code data.idNo}, or {@code "body"}
     * @param problem what is wrong, without the value
     * @param cause the underlying failure, or {@code null}
     */
    public VoucherMalformedResponseException(String field, String problem, Throwable cause) {
        super(VoucherErrorCode.MALFORMED_RESPONSE, field + ": " + problem, cause);
        this.field = field;
    }

    /**
     * Returns the JSON path of the offending field.
     *
     * @return the path
     */
    public String field() {
        return field;
    }
}
