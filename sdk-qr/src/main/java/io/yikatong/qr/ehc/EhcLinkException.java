package io.yikatong.qr.ehc;

/**
 * The platform could not be reached, did not answer within the request timeout, or its gateway answered with an HTTP
 * status other than 200. Queries that are safe to repeat have already been retried when this is thrown.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class EhcLinkException extends EhcException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int attempts;

    /**
     * Creates an exception.
     *
     * @param operation the platform operation
     * @param problem what failed, for example {@code "timed out after PT2S"}
     * @param httpStatus the HTTP status the gateway answered, or {@code 0} if there was no HTTP answer
     * @param attempts how many attempts were made, at least 1
     * @param cause the underlying failure, or {@code null}
     */
    public EhcLinkException(String operation, String problem, int httpStatus, int attempts, Throwable cause) {
        super(EhcErrorCode.LINK_FAILED, operation, problem + " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)"),
                cause);
        this.httpStatus = httpStatus;
        this.attempts = attempts;
    }

    /**
     * Returns the HTTP status of the last attempt.
     *
     * @return the status, or {@code 0} when there was no HTTP answer (connection refused, timeout)
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Returns how many attempts were made before giving up.
     *
     * @return the number of attempts, at least 1
     */
    public int attempts() {
        return attempts;
    }
}
