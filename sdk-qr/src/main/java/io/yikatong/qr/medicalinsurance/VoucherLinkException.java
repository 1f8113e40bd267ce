package io.yikatong.qr.medicalinsurance;

/**
 * The medical-insurance service could not be reached, did not answer within the request timeout, or answered with an
 * HTTP status other than 200. Calls are not repeated automatically: {@code ec.query} consumes a scan.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class VoucherLinkException extends VoucherException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    /**
     * Creates an exception.
     *
     * @param message what failed
     * @param httpStatus the HTTP status, or 0 when there was no HTTP answer
     * @param cause the underlying failure, or {@code null}
     */
    public VoucherLinkException(String message, int httpStatus, Throwable cause) {
        super(VoucherErrorCode.LINK_FAILED, message, cause);
        this.httpStatus = httpStatus;
    }

    /**
     * Returns the HTTP status.
     *
     * @return the status, or 0 when there was no HTTP answer
     */
    public int httpStatus() {
        return httpStatus;
    }
}
