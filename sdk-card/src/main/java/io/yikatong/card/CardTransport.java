package io.yikatong.card;

import io.yikatong.core.Bytes;

/**
 * A raw ISO/IEC 7816 byte pipe to one card: command APDU bytes in, response bytes (data followed by SW1 SW2) out.
 * Implementations: the PC/SC transport, the in-process virtual cards, and test doubles. Everything above this
 * interface (GET RESPONSE handling, secure messaging, card models) is shared by all of them.
 *
 * <p>Not thread-safe; confine to one thread (the PC/SC implementation holds exclusive access to the card).
 *
 * @since 0.1
 */
public interface CardTransport extends AutoCloseable {

    /**
     * Sends one command and returns the card's answer.
     *
     * @param commandApdu the encoded command
     * @return the response bytes, data followed by SW1 SW2
     * @throws CardLinkException if the link failed (card removed, reader gone, service down)
     */
    byte[] transmit(byte[] commandApdu) throws CardLinkException;

    /**
     * Returns the card's answer to reset.
     *
     * @return the ATR bytes
     */
    Bytes atr();

    /**
     * Returns whether the reader and card accept extended-length APDUs.
     *
     * @return {@code true} if extended APDUs may be sent
     */
    boolean supportsExtendedLength();

    /**
     * Called when the card is powered up or reset by the reader side (for example by pcscd through vpcd): the card
     * loses its volatile state (selected files, security state, pending challenge). Transports that cannot observe or
     * perform a reset do nothing, which is the default.
     *
     * @throws CardLinkException if the reset failed
     */
    default void reset() throws CardLinkException {
    }

    /**
     * Releases the card (and exclusive access to it). Closing twice has no effect.
     *
     * @throws CardLinkException if the reader reported an error while releasing
     */
    @Override
    void close() throws CardLinkException;
}
