package io.yikatong.card.health;

import java.util.Objects;

/**
 * One record of DF02/EF07 过敏基本数据 (cyclic, 120 bytes, no TLV): substance AN 20 at offset 0, reaction AN 100 at
 * offset 20. A record of only {@code 00} or only {@code FF} bytes is an empty slot.
 *
 * <p>{@link #toString()} hides the health data. Instances are immutable and thread-safe.
 *
 * @param substance 过敏物质名称 (GMWZMC)
 * @param reaction 过敏反应 (GMFY)
 * @since 0.1
 */
public record AllergyRecord(String substance, String reaction) {

    /**
     * Checks that no component is null.
     *
     * @throws NullPointerException if a component is null
     */
    public AllergyRecord {
        Objects.requireNonNull(substance, "substance");
        Objects.requireNonNull(reaction, "reaction");
    }

    /**
     * Describes the record without its health data.
     *
     * @return a masked description
     */
    @Override
    public String toString() {
        return "AllergyRecord[redacted]";
    }
}
