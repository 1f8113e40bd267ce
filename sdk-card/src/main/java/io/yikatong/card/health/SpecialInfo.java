package io.yikatong.card.health;

import java.util.Objects;

/**
 * DF02/EF06 特殊信息: the psychiatric flag (精神病标志 JSBBZ, one binary byte; see {@link FlagValue} for the byte rule).
 *
 * <p>{@link #toString()} hides the flag. Instances are immutable and thread-safe.
 *
 * @param psychiatric the flag
 * @since 0.1
 */
public record SpecialInfo(FlagValue psychiatric) {

    /**
     * Checks that the flag is not null.
     *
     * @throws NullPointerException if {@code psychiatric} is null
     */
    public SpecialInfo {
        Objects.requireNonNull(psychiatric, "psychiatric");
    }

    /**
     * Describes the file without its health data.
     *
     * @return a masked description
     */
    @Override
    public String toString() {
        return "SpecialInfo[redacted]";
    }
}
