package io.yikatong.samples.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.card.CardException;
import io.yikatong.card.CardTransport;

/**
 * Reads the card on a connected transport and returns its public data as JSON (the shape of
 * {@code yikatong card read --json}); the agent masks identifiers unless the caller asks for {@code full=true}.
 *
 * <p>Implementations are called by one thread at a time per reader (the agent holds the reader's lock).
 */
@FunctionalInterface
public interface CardJsonReader {

    /**
     * Reads the card.
     *
     * @param transport the connected card; the reader closes it (or a session owning it)
     * @param readerName the reader's name, for the JSON
     * @return the card as JSON
     * @throws CardException if the link fails, the card refuses, or it answers malformed data
     */
    ObjectNode read(CardTransport transport, String readerName) throws CardException;
}
