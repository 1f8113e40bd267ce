package io.yikatong.qr.token;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.ErrorCode;
import io.yikatong.core.YikatongException;
import java.util.Objects;

/**
 * Thrown when a scanned offline token is rejected, with a coarse {@link Reason}.
 *
 * <p>Messages name the failing step and, where known, the issuer and key id (public data); they never contain the
 * subject, the claims, the token text or key material.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class TokenVerificationException extends YikatongException {

    private static final long serialVersionUID = 1L;

    /**
     * Why a token was rejected. Each reason is also the stable {@link ErrorCode} of the exception.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Reason implements ErrorCode {
        /** The text is not a token of the expected format (prefix, Base45, layout, lengths, reserved bits). */
        MALFORMED("qr.token.malformed", ErrorCategory.MALFORMED_RESPONSE),
        /** The issuer is not in the trust list. */
        UNKNOWN_ISSUER("qr.token.unknown_issuer", ErrorCategory.VERIFICATION_FAILED),
        /** The issuer is trusted but the key id is not (for example a retired or future key). */
        UNKNOWN_KEY("qr.token.unknown_key", ErrorCategory.VERIFICATION_FAILED),
        /** The token's algorithm byte is not the algorithm of the trusted key. */
        WRONG_ALGORITHM("qr.token.wrong_algorithm", ErrorCategory.VERIFICATION_FAILED),
        /** The signature does not verify: the token was altered or not signed by that key. */
        BAD_SIGNATURE("qr.token.bad_signature", ErrorCategory.VERIFICATION_FAILED),
        /** The token's validity ended (beyond the allowed clock skew). */
        EXPIRED("qr.token.expired", ErrorCategory.VERIFICATION_FAILED),
        /** The token was issued in the future (beyond the allowed clock skew). */
        NOT_YET_VALID("qr.token.not_yet_valid", ErrorCategory.VERIFICATION_FAILED),
        /** A one-time token was already accepted once. */
        REPLAYED("qr.token.replayed", ErrorCategory.REFUSED);

        private final String code;
        private final ErrorCategory category;

        Reason(String code, ErrorCategory category) {
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
    }

    private final Reason reason;

    /**
     * Creates an exception.
     *
     * @param reason the reason
     * @param message what failed, without personal data
     */
    public TokenVerificationException(Reason reason, String message) {
        super(Objects.requireNonNull(reason, "reason"), message);
        this.reason = reason;
    }

    /**
     * Creates an exception with a cause.
     *
     * @param reason the reason
     * @param message what failed, without personal data
     * @param cause the underlying failure
     */
    public TokenVerificationException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason"), message, cause);
        this.reason = reason;
    }

    /**
     * Returns why the token was rejected.
     *
     * @return the reason, never {@code null}
     */
    public Reason reason() {
        return reason;
    }
}
