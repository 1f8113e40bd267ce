package io.yikatong.testkit.card;

/**
 * What a key of a {@link VirtualCard}'s DF is for.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum KeyUsage {
    /** External authentication that gains read rights (the health card's RK keys). */
    READ,
    /** External authentication that gains update rights (the health card's UK keys). */
    UPDATE,
    /** Secure messaging: encrypts and MACs protected commands (the health card's STK keys). */
    LINE_PROTECTION,
    /** Internal authentication: the card proves itself (the social security card's internal-authentication key). */
    INTERNAL_AUTHENTICATION,
    /** A purse key (purchase, load, TAC), used by the purse commands. */
    PURSE
}
