package io.yikatong.core.crypto;

import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.YikatongException;

/**
 * Thrown when a signature or MAC does not verify: the data, the signature, the key or the signer ID is not the one that
 * produced it. Treat the data as forged or damaged.
 *
 * <p>The message is deliberately uninformative about which check failed (it never includes key material or the
 * signature), so that it cannot serve as an oracle.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class SignatureVerificationException extends YikatongException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception for a failed signature check.
     *
     * @param message a short reason without secrets, for example {@code "SM2 signature invalid"}
     */
    public SignatureVerificationException(String message) {
        super(CoreErrorCode.SIGNATURE_INVALID, message);
    }

    /**
     * Creates an exception with an explicit code ({@link CoreErrorCode#SIGNATURE_INVALID} or
     * {@link CoreErrorCode#MAC_INVALID}).
     *
     * @param code the code
     * @param message a short reason without secrets
     */
    public SignatureVerificationException(CoreErrorCode code, String message) {
        super(code, message);
    }
}
