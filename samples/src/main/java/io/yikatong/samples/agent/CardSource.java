package io.yikatong.samples.agent;

import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTransport;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The readers the agent serves: PC/SC readers ({@link PcscCardSource}) or an in-process virtual card
 * ({@link VirtualCardSource}).
 *
 * <p>Implementations are thread-safe; the agent serialises card sessions itself (one fair lock per reader).
 */
public interface CardSource extends AutoCloseable {

    /**
     * Returns the preferred reader's name (the one named at start, else the first): reported by
     * {@code GET /v1/health} and used when no reader has a card.
     *
     * @return the name
     */
    String readerName();

    /**
     * Returns the mode: {@code virtual} or {@code pcsc}.
     *
     * @return the mode
     */
    String mode();

    /**
     * Returns the names of all card readers served (not the security-module reader), the preferred one first.
     *
     * @return the names
     * @throws CardLinkException if the readers cannot be listed
     */
    List<String> readerNames() throws CardLinkException;

    /**
     * Returns whether a card is in a reader now.
     *
     * @param reader the reader's name
     * @return {@code true} with a card
     * @throws CardLinkException if the reader cannot be asked
     */
    boolean cardPresent(String reader) throws CardLinkException;

    /**
     * Returns whether a card is in the preferred reader now.
     *
     * @return {@code true} with a card
     * @throws CardLinkException if the reader cannot be asked
     */
    default boolean cardPresent() throws CardLinkException {
        return cardPresent(readerName());
    }

    /**
     * Connects to the card in a reader.
     *
     * @param reader the reader's name
     * @return the transport, closed by the caller
     * @throws CardLinkException with {@code NO_CARD} if the reader is empty, or another link failure
     */
    CardTransport connect(String reader) throws CardLinkException;

    /**
     * Starts reporting card insertions ({@code true}) and removals ({@code false}) per reader until closed.
     *
     * @param listener called on another thread with the reader's name on every change
     */
    void watch(BiConsumer<String, Boolean> listener);

    /** Stops watching; releases the readers. */
    @Override
    void close();
}
