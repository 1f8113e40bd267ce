package io.yikatong.core;

/**
 * Error codes raised by sdk-core. Later modules define their own enums ({@code card.*}, {@code qr.*},
 * {@code payment.*}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum CoreErrorCode implements ErrorCode {
    /** An argument broke the documented contract (wrong length, bad hex, value out of range). */
    INVALID_INPUT("core.invalid_input", ErrorCategory.INVALID_INPUT),
    /** Bytes or text that should follow a format do not (TLV, BCD, GB18030 text, ID number). */
    MALFORMED_DATA("core.malformed_data", ErrorCategory.MALFORMED_RESPONSE),
    /** A key could not be decoded (PEM, DER, PKCS#8, SubjectPublicKeyInfo, raw point) or is not an SM2 key. */
    KEY_FORMAT("core.key_format", ErrorCategory.INVALID_INPUT),
    /** A signature did not verify under the key. */
    SIGNATURE_INVALID("core.signature_invalid", ErrorCategory.VERIFICATION_FAILED),
    /** A MAC did not verify under the key. */
    MAC_INVALID("core.mac_invalid", ErrorCategory.VERIFICATION_FAILED),
    /** A ciphertext could not be decrypted (wrong key, tampered, wrong layout, bad padding). */
    DECRYPTION_FAILED("core.decryption_failed", ErrorCategory.VERIFICATION_FAILED),
    /** A certificate could not be parsed, or its chain does not lead to a trusted anchor, or it is out of validity. */
    CERTIFICATE_INVALID("core.certificate_invalid", ErrorCategory.VERIFICATION_FAILED),
    /** The platform lacks something the SDK needs (an algorithm, a charset). */
    PLATFORM("core.platform", ErrorCategory.INTERNAL);

    private final String code;
    private final ErrorCategory category;

    CoreErrorCode(String code, ErrorCategory category) {
        this.code = code;
        this.category = category;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }

    @Override
    public String toString() {
        return code;
    }
}
