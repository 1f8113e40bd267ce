package io.yikatong.card.health;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of DF02/EF08 免疫基本数据 (cyclic, 24 bytes, no TLV): name AN 20 at offset 0, date CN 4 ({@code yyyyMMdd})
 * at offset 20. A record of only {@code 00} or only {@code FF} bytes is an empty slot.
 *
 * <p>{@link #toString()} hides the health data. Instances are immutable and thread-safe.
 *
 * @param name 免疫接种名称 (MYJZMC)
 * @param date 免疫接种时间 (MYJZSJ), empty if the date bytes are all {@code FF}
 * @since 0.1
 */
public record ImmunisationRecord(String name, Optional<LocalDate> date) {

    /**
     * Checks that no component is null.
     *
     * @throws NullPointerException if a component is null
     */
    public ImmunisationRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(date, "date");
    }

    /**
     * Describes the record without its health data.
     *
     * @return a masked description
     */
    @Override
    public String toString() {
        return "ImmunisationRecord[redacted]";
    }
}
