package io.yikatong.samples.agent;

import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTransport;
import java.util.function.Consumer;

/**
 * The reader the agent serves: a PC/SC reader ({@link PcscCardSource}) or an in-process virtual card
 * ({@link VirtualCardSource}).
 *
 * <p>Implementations are thread-safe; the agent serialises card sessions itself (one lock per reader).
 */
public interface CardSource extends AutoCloseable {

    /**
     * Returns the reader's name.
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
     * Returns whether a card is in the reader now.
     *
     * @return {@code true} with a card
     * @throws CardLinkException if the reader cannot be asked
     */
    boolean cardPresent() throws CardLinkException;

    /**
     * Connects to the card.
     *
     * @return the transport, closed by the caller
     * @throws CardLinkException with {@code NO_CARD} if the reader is empty, or another link failure
     */
    CardTransport connect() throws CardLinkException;

    /**
     * Starts reporting card insertions ({@code true}) and removals ({@code false}) to a listener until closed.
     *
     * @param listener called on another thread on every change
     */
    void watch(Consumer<Boolean> listener);

    /** Stops watching; releases the reader. */
    @Override
    void close();
}
