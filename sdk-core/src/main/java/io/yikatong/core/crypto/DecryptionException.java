package io.yikatong.core.crypto;

import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.YikatongException;

/**
 * Thrown when a ciphertext cannot be decrypted: wrong key, wrong layout (C1C3C2 versus C1C2C3, raw versus DER), bad
 * padding, a failed integrity check, or a truncated input. The message never contains key material or plaintext.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class DecryptionException extends YikatongException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message a short reason without secrets
     */
    public DecryptionException(String message) {
        super(CoreErrorCode.DECRYPTION_FAILED, message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message a short reason without secrets
     * @param cause the underlying failure
     */
    public DecryptionException(String message, Throwable cause) {
        super(CoreErrorCode.DECRYPTION_FAILED, message, cause);
    }
}
