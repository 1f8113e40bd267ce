package io.yikatong.card.health;

import io.yikatong.core.InvalidInputException;

/**
 * The value of a one-byte yes/no flag (DF02 clinical and psychiatric flags). The byte values are not evidenced in the
 * project's health-card reference (§1.7, [?]); this type applies the documented default rule: {@code 0x01} =
 * {@link State#YES} (是), {@code 0x00} = {@link State#NO} (否), any other byte (for example an unwritten {@code FF})
 * = {@link State#UNKNOWN}, keeping the raw byte so that callers can apply another rule.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param state the interpreted state
 * @param raw the byte as stored on the card, 0–255
 * @since 0.1
 */
public record FlagValue(State state, int raw) {

    /** The flag is set: byte {@code 01}. */
    public static final FlagValue YES = new FlagValue(State.YES, 0x01);
    /** The flag is not set: byte {@code 00}. */
    public static final FlagValue NO = new FlagValue(State.NO, 0x00);
    /** Not written: byte {@code FF}. */
    public static final FlagValue UNWRITTEN = new FlagValue(State.UNKNOWN, 0xFF);

    /**
     * What a flag byte means under the default rule.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum State {
        /** 是: byte {@code 01}. */
        YES,
        /** 否: byte {@code 00}. */
        NO,
        /** Any other byte. */
        UNKNOWN
    }

    /**
     * Checks that state and raw byte agree with the default rule.
     *
     * @throws InvalidInputException if {@code raw} is outside 0–255 or does not match {@code state}
     * @throws NullPointerException if {@code state} is null
     */
    public FlagValue {
        java.util.Objects.requireNonNull(state, "state");
        if (raw < 0 || raw > 0xFF) {
            throw new InvalidInputException("raw", "must be 0-255, was " + raw);
        }
        if (stateOf(raw) != state) {
            throw new InvalidInputException("state", "byte " + raw + " means " + stateOf(raw) + ", not " + state);
        }
    }

    /**
     * Interprets a flag byte with the default rule.
     *
     * @param raw the byte, 0–255
     * @return the value
     * @throws InvalidInputException if {@code raw} is outside 0–255
     */
    public static FlagValue of(int raw) {
        if (raw < 0 || raw > 0xFF) {
            throw new InvalidInputException("raw", "must be 0-255, was " + raw);
        }
        return new FlagValue(stateOf(raw), raw);
    }

    /**
     * Tells whether the flag is set.
     *
     * @return true for {@link State#YES}
     */
    public boolean isYes() {
        return state == State.YES;
    }

    private static State stateOf(int raw) {
        return raw == 0x01 ? State.YES : raw == 0x00 ? State.NO : State.UNKNOWN;
    }
}
