package io.yikatong.payment.purse;

import io.yikatong.card.purse.PurchaseProofRequest;
import io.yikatong.payment.purse.internal.DirectoryProofStore;
import io.yikatong.payment.purse.internal.MemoryProofStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@link CardPurseChannel} keeps each purse purchase's proof request (written before DEBIT is sent) and its
 * settled outcome. The card e-wallet has no gateway to ask later: the only way to learn whether a purchase whose answer
 * was lost took the money is to show the same card its proof request again ({@code GET TRANSACTION PROOF}). So the
 * request must outlive a crash of the process: use {@link #directory(Path)} in production. A purse terminal is bound
 * to one machine's reader, which is why a local directory (not the shared payment database) is the right scope.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface PurseProofStore {

    /**
     * A stored purchase.
     *
     * @param request the proof request recorded before DEBIT
     * @param state what is known of it
     * @param detail the card's status word for {@link State#DECLINED}, the TAC for {@link State#PAID}, else empty
     */
    record Entry(PurchaseProofRequest request, State state, String detail) {

        /**
         * Validates the fields.
         *
         * @throws io.yikatong.core.InvalidInputException if the request or state is missing
         */
        public Entry {
            if (request == null) {
                throw new io.yikatong.core.InvalidInputException("request", "is required");
            }
            if (state == null) {
                throw new io.yikatong.core.InvalidInputException("state", "is required");
            }
            detail = detail == null ? "" : detail;
        }
    }

    /** What is known of a stored purchase. */
    enum State {
        /** DEBIT was (or was about to be) sent; its outcome is not known yet. */
        PENDING,
        /** The card debited and its MAC2 was verified. */
        PAID,
        /** The card refused the purchase before debiting. */
        DECLINED,
        /** The card proved it did not debit (no proof for the serial number). */
        NOT_DEBITED
    }

    /**
     * Stores the proof request of a purchase about to be sent, durably, before DEBIT.
     *
     * @param merchantOrderNo the merchant order number
     * @param request the proof request
     * @throws io.yikatong.payment.journal.JournalStorageException if it cannot be stored (the purchase is then not
     *     sent)
     */
    void begin(String merchantOrderNo, PurchaseProofRequest request);

    /**
     * Records the settled outcome of a stored purchase.
     *
     * @param merchantOrderNo the merchant order number
     * @param state the outcome, not {@link State#PENDING}
     * @param detail the status word or TAC, or empty
     * @throws io.yikatong.payment.journal.JournalStorageException if it cannot be stored
     */
    void settle(String merchantOrderNo, State state, String detail);

    /**
     * Finds a stored purchase.
     *
     * @param merchantOrderNo the merchant order number
     * @return the entry, or empty if no purchase was begun under that number
     * @throws io.yikatong.payment.journal.JournalStorageException if the store cannot be read or an entry is corrupt
     */
    Optional<Entry> find(String merchantOrderNo);

    /**
     * Returns a store in memory, for tests and demonstrations: a crash loses the proof of a purchase whose answer was
     * lost.
     *
     * @return a new, empty store
     */
    static PurseProofStore inMemory() {
        return new MemoryProofStore();
    }

    /**
     * Returns a store keeping one small file per purchase in {@code directory} (created if missing), written to a
     * temporary file, forced to disk and atomically renamed.
     *
     * @param directory the directory
     * @return the store
     * @throws io.yikatong.payment.journal.JournalStorageException if the directory cannot be created
     */
    static PurseProofStore directory(Path directory) {
        return new DirectoryProofStore(directory);
    }
}
