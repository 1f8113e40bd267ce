package io.yikatong.testkit.card;

import io.yikatong.card.CommandApdu;

/**
 * An application-specific command handler plugged into a {@link VirtualCard}: proprietary commands (the health
 * card's index-flag commands, a SAM's key derivation, a purse's purchase commands …). The engine offers every command
 * to its applets first, in order; an applet returns {@code null} for the commands it does not handle. Package-private;
 * not API.
 *
 * <p>Not thread-safe; confine to one thread (the card's).
 */
interface CardApplet {

    /**
     * Handles a command.
     *
     * @param command the decoded command
     * @param card the card, for its state (current files, security, challenge)
     * @return the response (data and SW1 SW2), or {@code null} if this applet does not handle the command
     */
    byte[] process(CommandApdu command, VirtualCard card);

    /** Called when the card is reset (power cycle): drop volatile state. */
    default void reset() {
    }
}
