package io.yikatong.card.social;

/**
 * How the 2-byte year after the year-to-date totals of GET BALANCE ({@code B0 26 00 02} and {@code 03},
 * health-card-spec §4.2) is encoded. The spec gives the length only, not the encoding [?]; {@link #BCD} ({@code 20 26}
 * for 2026, as the card's other dates are CN) is this SDK's default [I], {@link #BINARY} ({@code 07 EA}) the
 * alternative. Set it with {@link SocialSecurityCardReader.Builder#medicalAccountYearEncoding}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum MedicalAccountYearEncoding {
    /** Four BCD digits, for example {@code 20 26}. */
    BCD,
    /** An unsigned big-endian number, for example {@code 07 EA}. */
    BINARY
}
