package io.yikatong.qr.token;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.ErrorCode;
import io.yikatong.core.YikatongException;
import java.util.Objects;

/**
 * Thrown when a {@link ReplayGuard} cannot decide whether a one-time token was used before (memory full of unexpired
 * entries, database unreachable). The token was <em>not</em> accepted: the verifier fails closed, because accepting
 * without a record would let the same code be used twice.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ReplayGuardException extends YikatongException {

    private static final long serialVersionUID = 1L;

    /**
     * Why the guard could not decide.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Kind implements ErrorCode {
        /** A bounded in-memory guard is full of entries that have not expired yet. */
        CAPACITY_EXHAUSTED("qr.replay_guard.full", ErrorCategory.UNAVAILABLE),
        /** The shared store (database) failed. */
        STORE_FAILED("qr.replay_guard.store_failed", ErrorCategory.LINK_FAILED);

        private final String code;
        private final ErrorCategory category;

        Kind(String code, ErrorCategory category) {
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

    private final Kind kind;

    /**
     * Creates an exception.
     *
     * @param kind why the guard could not decide
     * @param message what failed
     * @param cause the underlying failure, or {@code null}
     */
    public ReplayGuardException(Kind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(kind, "kind"), message, cause);
        this.kind = kind;
    }

    /**
     * Returns why the guard could not decide.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
