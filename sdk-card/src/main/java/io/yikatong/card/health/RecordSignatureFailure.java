package io.yikatong.card.health;

import io.yikatong.core.crypto.SignatureVerificationException;
import java.util.Objects;
import java.util.Optional;

/**
 * Why {@link RecordSignatureVerifier#verify} refused a DF03 record: a coarse reason, named in the message of the
 * {@link SignatureVerificationException} it throws as {@code "DF03 record signature not verified [reason]: ..."}.
 * {@link #of(SignatureVerificationException)} reads it back.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum RecordSignatureFailure {

    /** The signature and certificate fields are all {@code 00} (or all {@code FF}): nobody signed the record. */
    UNSIGNED("unsigned"),
    /** A certificate (in the record or the issuer certificate) does not follow its format, or has the wrong type. */
    MALFORMED("malformed"),
    /**
     * The issuer certificate is not signed by any trusted root (or names a root ID that is not trusted), or the
     * record's organisation certificate was issued by another issuer than the one given.
     */
    UNKNOWN_ISSUER("unknown issuer"),
    /** A certificate's signature does not verify under its issuer's key (a pinned root or the issuer certificate). */
    BAD_CERTIFICATE_SIGNATURE("bad certificate signature"),
    /** A certificate in the chain ended before today's date (China time). */
    CERTIFICATE_EXPIRED("expired"),
    /** A certificate in the chain starts after today's date (China time). */
    CERTIFICATE_NOT_YET_VALID("not yet valid"),
    /** The chain is good but the record signature does not verify over the signed bytes of the profile. */
    BAD_RECORD_SIGNATURE("bad record signature");

    static final String PREFIX = "DF03 record signature not verified [";

    private final String reason;

    RecordSignatureFailure(String reason) {
        this.reason = reason;
    }

    /**
     * Returns the reason text as it appears between the brackets of the exception message.
     *
     * @return the reason, for example {@code "unsigned"}
     */
    public String reason() {
        return reason;
    }

    /**
     * Returns the reason named in an exception thrown by {@link RecordSignatureVerifier}.
     *
     * @param e the exception
     * @return the reason, or empty if the exception did not come from a record verification
     */
    public static Optional<RecordSignatureFailure> of(SignatureVerificationException e) {
        Objects.requireNonNull(e, "e");
        String m = e.getMessage();
        if (m == null || !m.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int end = m.indexOf(']', PREFIX.length());
        if (end < 0) {
            return Optional.empty();
        }
        String r = m.substring(PREFIX.length(), end);
        for (RecordSignatureFailure f : values()) {
            if (f.reason.equals(r)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    SignatureVerificationException exception(String detail, Throwable cause) {
        SignatureVerificationException e = new SignatureVerificationException(PREFIX + reason + "]: " + detail);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
