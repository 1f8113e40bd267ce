package io.yikatong.core.crypto;

import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.YikatongException;

/**
 * Thrown when a certificate cannot be parsed, is outside its validity period, is not signed by its issuer, or its chain
 * does not end at a configured trust anchor.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class CertificateValidationException extends YikatongException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, naming the certificate by subject, never including key material
     * @param cause the underlying failure, or {@code null}
     */
    public CertificateValidationException(String message, Throwable cause) {
        super(CoreErrorCode.CERTIFICATE_INVALID, message, cause);
    }
}
