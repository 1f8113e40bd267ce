package io.yikatong.core.crypto;

import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.MalformedDataException;

/**
 * Thrown when a key cannot be decoded: bad PEM armour or Base64, DER that is not PKCS#8 or SubjectPublicKeyInfo, a key
 * of another algorithm or curve, a point not on the SM2 curve, a private scalar out of range.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class KeyFormatException extends MalformedDataException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param element what was being decoded, for example {@code "SM2 public key (SubjectPublicKeyInfo)"}
     * @param problem what is wrong
     * @param cause the underlying failure, or {@code null}
     */
    public KeyFormatException(String element, String problem, Throwable cause) {
        super(CoreErrorCode.KEY_FORMAT, element, -1, problem, cause);
    }
}
