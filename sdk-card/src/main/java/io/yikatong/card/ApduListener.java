package io.yikatong.card;

/**
 * Sees every APDU a {@link CardSession} exchanges with the card (including GET RESPONSE and re-sent commands), for
 * counting, timing and tracing. Called on the session's thread; must not throw and should return quickly.
 *
 * <p>Implementations decide their own thread-safety; a listener shared by several sessions must be thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ApduListener {

    /**
     * Called after each exchange.
     *
     * @param exchange the command, response and timing
     */
    void exchanged(ApduExchange exchange);
}
