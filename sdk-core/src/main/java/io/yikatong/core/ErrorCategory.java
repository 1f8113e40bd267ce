package io.yikatong.core;

/**
 * The coarse kind of an SDK failure, which tells a caller what to do about it.
 *
 * <p>Every {@link ErrorCode} belongs to exactly one category. The categories keep apart the three situations that
 * integrations most often confuse: the link to the other side failed ({@link #LINK_FAILED}), the other side answered
 * and refused ({@link #REFUSED}), and the other side answered with something we cannot understand
 * ({@link #MALFORMED_RESPONSE}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum ErrorCategory {
    /** The caller passed a value that breaks the documented contract; fix the call. Retrying will not help. */
    INVALID_INPUT,
    /** The link to a card, reader, service or gateway failed (I/O error, timeout, device gone); retrying may help. */
    LINK_FAILED,
    /** A needed service or device is not available at all (no reader, pcscd not running). */
    UNAVAILABLE,
    /** The other side understood the request and refused it (a status word, a gateway error code). */
    REFUSED,
    /** The other side or the stored data sent bytes that do not follow the format; treat as a defect or tampering. */
    MALFORMED_RESPONSE,
    /** A signature, MAC, certificate or ciphertext failed cryptographic verification; treat as tampering. */
    VERIFICATION_FAILED,
    /** The operation is not valid in the current state (already closed, wrong order of calls). */
    ILLEGAL_STATE,
    /** A defect inside the SDK or its platform (a missing algorithm, an impossible branch). */
    INTERNAL
}
