package io.yikatong.card.health.security;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import java.util.Objects;

/**
 * The diversification data (分散因子) that makes a health card's keys card-specific (health-card-spec §1.8): the
 * 8-byte card factor taken from the ATR and the 8-byte city factor, the first two BCD bytes of the application city
 * code (应用城市代码, DDF1/EF05 tag {@code 39}) followed by {@code 30 30 30 30 30 30}.
 *
 * <p>Which ATR bytes form the card factor differs between card batches [C-vendor, two variants]: see
 * {@link AtrFactorRule}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class CardFactors {

    /**
     * Where the card factor sits in the ATR.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum AtrFactorRule {
        /** ATR bytes 5..12 (0-based), the vendor's "hex characters 10..25": the default. */
        BYTES_5_TO_12,
        /** The last 8 bytes of the ATR, as a later vendor build does. */
        LAST_8_BYTES;

        /**
         * Extracts the card factor.
         *
         * @param atr the answer to reset
         * @return 8 bytes
         * @throws InvalidInputException if the ATR is too short
         */
        public Bytes extract(Bytes atr) {
            Objects.requireNonNull(atr, "atr");
            int from = this == BYTES_5_TO_12 ? 5 : atr.length() - 8;
            if (from < 0 || atr.length() < from + 8 || (this == BYTES_5_TO_12 && atr.length() < 13)) {
                throw new InvalidInputException("atr", "too short for the card factor (" + atr.length() + " bytes)");
            }
            return Bytes.copyOf(atr.toByteArray(), from, 8);
        }
    }

    private static final byte[] CITY_SUFFIX = {0x30, 0x30, 0x30, 0x30, 0x30, 0x30};

    private final Bytes cardFactor;
    private final Bytes cityFactor;

    private CardFactors(Bytes cardFactor, Bytes cityFactor) {
        this.cardFactor = cardFactor;
        this.cityFactor = cityFactor;
    }

    /**
     * Creates factors from their bytes.
     *
     * @param cardFactor 8 bytes
     * @param cityFactor 8 bytes
     * @return the factors
     * @throws InvalidInputException if a factor is not 8 bytes
     */
    public static CardFactors of(Bytes cardFactor, Bytes cityFactor) {
        check(cardFactor, "cardFactor");
        check(cityFactor, "cityFactor");
        return new CardFactors(cardFactor, cityFactor);
    }

    /**
     * Derives the factors from what the card shows: its ATR and its application city code.
     *
     * @param atr the answer to reset
     * @param rule where the card factor sits in the ATR
     * @param cityCode the 6-digit application city code (DDF1/EF05 tag {@code 39})
     * @return the factors
     * @throws InvalidInputException if the ATR is too short or the city code is not 6 digits
     */
    public static CardFactors fromCard(Bytes atr, AtrFactorRule rule, String cityCode) {
        Objects.requireNonNull(rule, "rule");
        return of(rule.extract(atr), cityFactor(cityCode));
    }

    /**
     * Builds the city factor: the first two BCD bytes of the city code, then {@code 303030303030}.
     *
     * @param cityCode 6 digits
     * @return 8 bytes
     * @throws InvalidInputException if the city code is not 6 digits
     */
    public static Bytes cityFactor(String cityCode) {
        Objects.requireNonNull(cityCode, "cityCode");
        if (!cityCode.matches("[0-9]{6}")) {
            throw new InvalidInputException("cityCode", "must be 6 digits");
        }
        byte[] f = new byte[8];
        f[0] = (byte) Integer.parseInt(cityCode.substring(0, 2), 16);
        f[1] = (byte) Integer.parseInt(cityCode.substring(2, 4), 16);
        System.arraycopy(CITY_SUFFIX, 0, f, 2, 6);
        return Bytes.copyOf(f);
    }

    /** @return the card factor, 8 bytes */
    public Bytes cardFactor() {
        return cardFactor;
    }

    /** @return the city factor, 8 bytes */
    public Bytes cityFactor() {
        return cityFactor;
    }

    /**
     * Returns the factors a key is diversified with, in order: the card factor, then (for two-level keys) the city
     * factor.
     *
     * @param key the key
     * @return 8 or 16 bytes
     */
    public Bytes forKey(HealthCardKey key) {
        if (key.diversificationLevels() == 1) {
            return cardFactor;
        }
        byte[] both = new byte[16];
        System.arraycopy(cardFactor.toByteArray(), 0, both, 0, 8);
        System.arraycopy(cityFactor.toByteArray(), 0, both, 8, 8);
        return Bytes.copyOf(both);
    }

    private static void check(Bytes b, String field) {
        Objects.requireNonNull(b, field);
        if (b.length() != 8) {
            throw new InvalidInputException(field, "must be 8 bytes, was " + b.length());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardFactors f && f.cardFactor.equals(cardFactor) && f.cityFactor.equals(cityFactor);
    }

    @Override
    public int hashCode() {
        return cardFactor.hashCode() * 31 + cityFactor.hashCode();
    }

    /**
     * Returns the factors in hex; they are not secret (the card shows them to anyone).
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "CardFactors[card=" + cardFactor.toHex() + ", city=" + cityFactor.toHex() + "]";
    }
}
