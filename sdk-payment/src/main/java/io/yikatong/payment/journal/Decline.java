package io.yikatong.payment.journal;

import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.journal.internal.Checks;

/**
 * Why a channel declined a payment, as the journal keeps it with a {@link PaymentState#DECLINED} entry
 * ({@link PaymentEntry#decline()}): the normalised reason and the channel's raw code and message.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param reason the normalised reason
 * @param channelCode the channel's raw code (at most {@value #MAX_CODE} characters, no control characters), or an
 *     empty string
 * @param channelMessage the channel's raw message (at most {@value #MAX_MESSAGE} characters, no control
 *     characters), or an empty string
 * @since 0.1
 */
public record Decline(DeclineReason reason, String channelCode, String channelMessage) {

    /** The longest channel code kept. */
    public static final int MAX_CODE = 64;
    /** The longest channel message kept. */
    public static final int MAX_MESSAGE = 256;

    /**
     * Validates the fields; a null code or message becomes an empty string.
     *
     * @throws io.yikatong.core.InvalidInputException if the reason is missing, or the code or message is too long or
     *     has control characters
     */
    public Decline {
        Checks.notNull("reason", reason);
        channelCode = channelCode == null ? "" : Checks.text("channelCode", channelCode, MAX_CODE);
        channelMessage = channelMessage == null ? "" : Checks.text("channelMessage", channelMessage, MAX_MESSAGE);
    }

    /**
     * Creates a decline from a channel's answer as received: control characters become spaces and the code and
     * message are cut to {@value #MAX_CODE} and {@value #MAX_MESSAGE} characters.
     *
     * @param reason the normalised reason
     * @param channelCode the raw code, or {@code null}
     * @param channelMessage the raw message, or {@code null}
     * @return the decline
     * @throws io.yikatong.core.InvalidInputException if the reason is missing
     */
    public static Decline of(DeclineReason reason, String channelCode, String channelMessage) {
        return new Decline(reason, Checks.clip(channelCode, MAX_CODE), Checks.clip(channelMessage, MAX_MESSAGE));
    }
}
