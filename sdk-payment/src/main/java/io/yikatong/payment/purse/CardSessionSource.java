package io.yikatong.payment.purse;

import io.yikatong.card.CardException;
import io.yikatong.card.CardSession;

/**
 * Gives {@link CardPurseChannel} a session with the card currently in the purse reader, for example
 * {@code () -> CardSession.open(PcscReaders.find("ACS").connect())} or, in tests,
 * {@code () -> CardSession.open(new VirtualCardTransport(purse.card()))}. The channel calls it once per purchase,
 * query or recovery, and does not close what it returns.
 *
 * <p>Implementations must be thread-safe; the channel calls it from one thread at a time.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface CardSessionSource {

    /**
     * Opens (or returns) a session with the inserted card.
     *
     * @return the session
     * @throws CardException if there is no reader or no card, or the link failed
     */
    CardSession session() throws CardException;
}
