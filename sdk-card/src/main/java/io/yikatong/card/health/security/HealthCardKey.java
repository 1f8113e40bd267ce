package io.yikatong.card.health.security;

import io.yikatong.core.Bytes;

/**
 * The resident health card's symmetric keys (health-card-spec §1.8), as the SAM (PSAM) and the card know them: the
 * read keys (RK, 读权限密钥), the update keys (UK, 更新权限密钥) and the line-protection keys (STK, 传输密钥) used for
 * secure-messaging writes.
 *
 * <p>For each key this enum records the facts of the vendor flows [C-vendor]: the SAM key number ({@code P2} of the SAM's
 * {@code 80DE} key-derivation command), how many diversification levels the SAM applies before the challenge (one: the
 * card factor; two: the card factor and the city factor — the vendor's {@code 80DE} {@code P1} is {@code 27}/{@code 28}
 * for one level and {@code 47}/{@code 48} for two), the DF that holds the key on the card and the key reference the
 * card's EXTERNAL AUTHENTICATE takes in {@code P2}. Note that the vendor's read-right flow derives every RK with two
 * levels (P1 {@code 47}), although its comments say DDF1 keys use one; this enum follows the code.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum HealthCardKey {
    /** RK_DDF1: read rights on DDF1 (EF06, EF07, EF08). */
    RK_DDF1(Kind.READ, 0xDDF1, 0x31, 2, 0x04),
    /** RK_DF01: read rights on DF01. */
    RK_DF01(Kind.READ, 0xDF01, 0x32, 2, 0x84),
    /** RK_DF02: read rights on DF02. */
    RK_DF02(Kind.READ, 0xDF02, 0x33, 2, 0x84),
    /** RK_DF03: read rights on DF03. */
    RK_DF03(Kind.READ, 0xDF03, 0x34, 2, 0x84),
    /** UK_DDF1: update rights on DDF1 (EF05–EF08). */
    UK_DDF1(Kind.UPDATE, 0xDDF1, 0x2A, 1, 0x05),
    /** UK_DF01: update rights on DF01. */
    UK_DF01(Kind.UPDATE, 0xDF01, 0x2B, 1, 0x85),
    /** UK_DF02_1: update rights on DF02/EF05 (clinical data). */
    UK_DF02_1(Kind.UPDATE, 0xDF02, 0x2C, 2, 0x85),
    /** UK_DF02_2: update rights on DF02/EF06 (special information). */
    UK_DF02_2(Kind.UPDATE, 0xDF02, 0x2D, 2, 0x86),
    /** UK_DF02_3: update rights on DF02/EF07 and EF08 (allergies, immunisations). */
    UK_DF02_3(Kind.UPDATE, 0xDF02, 0x2E, 2, 0x87),
    /** UK_DF03_1: writing DF03 records and marking an index slot valid. */
    UK_DF03_1(Kind.UPDATE, 0xDF03, 0x2F, 2, 0x85),
    /** UK_DF03_2: marking a DF03 index slot empty (erase). */
    UK_DF03_2(Kind.UPDATE, 0xDF03, 0x30, 1, 0x86),
    /** STK_DDF1: secure-messaging writes in DDF1. */
    STK_DDF1(Kind.LINE_PROTECTION, 0xDDF1, 0x02, 1, 0x02),
    /** STK_DF01: secure-messaging writes in DF01. */
    STK_DF01(Kind.LINE_PROTECTION, 0xDF01, 0x03, 1, 0x03),
    /** STK_DF02: secure-messaging writes in DF02. */
    STK_DF02(Kind.LINE_PROTECTION, 0xDF02, 0x04, 2, 0x04),
    /** STK_DF03: secure-messaging writes in DF03. */
    STK_DF03(Kind.LINE_PROTECTION, 0xDF03, 0x05, 2, 0x05);

    /**
     * The fixed 8-byte input of read-right authentication, {@code 1122334455667788} [C-vendor]: what
     * {@link HealthCardSecurityModule#authenticationCryptogram} encrypts for a {@link Kind#READ} key and what the card's
     * EXTERNAL AUTHENTICATE ({@code 0082 00 <ref> 11 <cryptogram> <input> 01}) carries after the cryptogram. Update
     * keys use the card's first challenge instead.
     */
    public static final Bytes READ_AUTHENTICATION_INPUT = Bytes.fromHex("1122334455667788");

    /**
     * What a key is for.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Kind {
        /** Gains read rights through EXTERNAL AUTHENTICATE. */
        READ,
        /** Gains update rights through EXTERNAL AUTHENTICATE. */
        UPDATE,
        /** Encrypts and MACs secure-messaging writes. */
        LINE_PROTECTION
    }

    private final Kind kind;
    private final int dfFid;
    private final int samKeyNumber;
    private final int diversificationLevels;
    private final int cardKeyReference;

    HealthCardKey(Kind kind, int dfFid, int samKeyNumber, int diversificationLevels, int cardKeyReference) {
        this.kind = kind;
        this.dfFid = dfFid;
        this.samKeyNumber = samKeyNumber;
        this.diversificationLevels = diversificationLevels;
        this.cardKeyReference = cardKeyReference;
    }

    /** @return what the key is for */
    public Kind kind() {
        return kind;
    }

    /** @return the file identifier of the DF holding the key on the card ({@code 0xDDF1}, {@code 0xDF01} …) */
    public int dfFid() {
        return dfFid;
    }

    /** @return the SAM's key number, {@code P2} of {@code 80DE} */
    public int samKeyNumber() {
        return samKeyNumber;
    }

    /** @return 1 (card factor) or 2 (card factor, then city factor) diversification levels before the challenge */
    public int diversificationLevels() {
        return diversificationLevels;
    }

    /**
     * Returns {@code P1} of the SAM's {@code 80DE} key-derivation command: {@code 27}/{@code 47} for authentication
     * keys and {@code 28}/{@code 48} for line-protection keys (one/two levels).
     *
     * @return the P1 byte
     */
    public int samDeriveP1() {
        int base = diversificationLevels == 1 ? 0x20 : 0x40;
        return base + (kind == Kind.LINE_PROTECTION ? 0x08 : 0x07);
    }

    /**
     * Returns the key reference the card's EXTERNAL AUTHENTICATE ({@code 0082 00 <ref>}) takes for this key; for a
     * line-protection key, the identifier the virtual cards file it under.
     *
     * @return the key reference
     */
    public int cardKeyReference() {
        return cardKeyReference;
    }

    /**
     * Returns the line-protection key of the DF holding this key.
     *
     * @return STK_DDF1, STK_DF01, STK_DF02 or STK_DF03
     */
    public HealthCardKey lineProtectionKey() {
        return switch (dfFid) {
            case 0xDDF1 -> STK_DDF1;
            case 0xDF01 -> STK_DF01;
            case 0xDF02 -> STK_DF02;
            default -> STK_DF03;
        };
    }

    /**
     * Returns the read key of a DF.
     *
     * @param dfFid {@code 0xDDF1}, {@code 0xDF01}, {@code 0xDF02} or {@code 0xDF03}
     * @return the RK
     * @throws io.yikatong.core.InvalidInputException for another DF
     */
    public static HealthCardKey readKeyOf(int dfFid) {
        for (HealthCardKey k : values()) {
            if (k.kind == Kind.READ && k.dfFid == dfFid) {
                return k;
            }
        }
        throw new io.yikatong.core.InvalidInputException("dfFid", String.format("no read key for DF %04X", dfFid));
    }
}
