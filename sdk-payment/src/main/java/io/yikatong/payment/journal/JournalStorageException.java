package io.yikatong.payment.journal;

import io.yikatong.core.YikatongRuntimeException;

/**
 * Thrown when the journal's database fails (cannot connect, a statement fails, the schema cannot be created). The
 * write it interrupted was rolled back; a payment whose {@code create} failed this way must not be sent.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class JournalStorageException extends YikatongRuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with code {@link JournalErrorCode#STORAGE}.
     *
     * @param message what failed, without personal data
     * @param cause the database failure
     */
    public JournalStorageException(String message, Throwable cause) {
        super(JournalErrorCode.STORAGE, message, cause);
    }
}
