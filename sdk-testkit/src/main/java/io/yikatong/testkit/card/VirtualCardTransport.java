package io.yikatong.testkit.card;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTransport;
import io.yikatong.core.Bytes;
import java.util.Objects;

/**
 * Serves a {@link VirtualCard} in-process as a {@link CardTransport}: {@link #transmit(byte[])} runs the card engine.
 * Creating the transport is a power-on (the card is reset: MF selected, security states cleared). After
 * {@link #close()} the card counts as removed: {@code transmit} throws {@link CardLinkException} with
 * {@link CardErrorCode#CARD_REMOVED}.
 *
 * <p>Not thread-safe; confine to one thread (like every transport).
 *
 * @since 0.1
 */
public final class VirtualCardTransport implements CardTransport {

    private final VirtualCard card;
    private boolean closed;

    /**
     * Inserts a card: resets it and serves it.
     *
     * @param card the card
     */
    public VirtualCardTransport(VirtualCard card) {
        this.card = Objects.requireNonNull(card, "card");
        card.reset();
    }

    /**
     * Returns the card this transport serves, for test hooks such as {@link VirtualCard#grantReadRight(int)} and
     * {@link VirtualCard#commandCount()}.
     *
     * @return the card
     */
    public VirtualCard card() {
        return card;
    }

    /**
     * Runs one command on the card.
     *
     * @param commandApdu the encoded command (copied)
     * @return the response, data followed by SW1 SW2
     * @throws CardLinkException with {@link CardErrorCode#CARD_REMOVED} after {@link #close()}
     */
    @Override
    public byte[] transmit(byte[] commandApdu) throws CardLinkException {
        Objects.requireNonNull(commandApdu, "commandApdu");
        if (closed) {
            throw new CardLinkException(CardErrorCode.CARD_REMOVED, "virtual card transport is closed", null);
        }
        return card.process(commandApdu.clone());
    }

    /**
     * Returns the card's ATR.
     *
     * @return the ATR
     */
    @Override
    public Bytes atr() {
        return card.atr();
    }

    /**
     * Returns {@code false}: the virtual cards speak short APDUs, as the health card does.
     *
     * @return {@code false}
     */
    @Override
    public boolean supportsExtendedLength() {
        return false;
    }

    /**
     * Resets the card as a power cycle does: MF selected, security states and the challenge cleared (retry counters
     * and file contents stay).
     */
    @Override
    public void reset() {
        card.reset();
    }

    /** Removes the card. Closing twice has no effect. */
    @Override
    public void close() {
        closed = true;
    }
}
