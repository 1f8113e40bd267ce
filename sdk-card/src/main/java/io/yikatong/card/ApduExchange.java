package io.yikatong.card;

import io.yikatong.core.codec.Hex;
import java.util.Locale;
import java.util.Objects;

/**
 * One command/response exchange as seen by an {@link ApduListener}: the command, the card's response, how long the
 * round trip took and its sequence number within the session.
 *
 * <p>{@link #trace(boolean)} formats it for a log: by default ({@code false}) data fields are replaced by their length,
 * because they may hold PINs, keys or personal data; sensitive commands (VERIFY and friends) are always redacted.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param sequence the number of this exchange within its session, from 1
 * @param command the command sent
 * @param response the card's response
 * @param nanos the round-trip time in nanoseconds
 * @since 0.1
 */
public record ApduExchange(int sequence, CommandApdu command, ResponseApdu response, long nanos) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if the command or response is {@code null}
     */
    public ApduExchange {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(response, "response");
    }

    /**
     * Formats the exchange for a trace.
     *
     * @param includeData {@code true} to show data fields in hex (never for sensitive commands); only for debugging
     *     with test cards
     * @return one line, for example {@code #3 00B20104 Lc=0 Le=256 -> 32 bytes 9000 (success) 0.09 ms}
     */
    public String trace(boolean includeData) {
        String cmdData = command.dataLength() == 0 ? ""
                : includeData && !command.isSensitive() ? " " + Hex.encode(command.data())
                : " [" + command.dataLength() + " bytes" + (command.isSensitive() ? " redacted" : "") + "]";
        String rspData = includeData && !command.isSensitive() && response.dataLength() > 0
                ? Hex.encode(response.data()) + " " : response.dataLength() + " bytes ";
        return String.format(Locale.ROOT, "#%d %02X%02X%02X%02X Lc=%d Le=%s%s -> %s%s %.2f ms", sequence, command.cla(),
                command.ins(), command.p1(), command.p2(), command.dataLength(),
                command.ne() == 0 ? "-" : Integer.toString(command.ne()), cmdData, rspData, response.statusWord(),
                nanos / 1e6);
    }

    /** Returns the redacted trace line. */
    @Override
    public String toString() {
        return trace(false);
    }
}
