package io.yikatong.core.domain;

import io.yikatong.core.MalformedDataException;
import io.yikatong.core.internal.CodeTables;
import java.util.Optional;

/**
 * Rh血型代码 (WS 364 CV04.50.020), the health card's RH血型 (DF02/EF05 tag 2A, 1-byte CN).
 *
 * <p>Evidence: the code-table name is [C], the values are [I] (project health-card reference §1.7); some editions
 * are reported to add a fourth code 未查 (not tested), which this table does not contain, so decoding it fails.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum RhBloodType implements CodedValue {
    /** 阴性: Rh negative (1) */
    NEGATIVE("1", "阴性", "Rh negative"),
    /** 阳性: Rh positive (2) */
    POSITIVE("2", "阳性", "Rh positive"),
    /** 不详: Unknown (3) */
    UNKNOWN("3", "不详", "Unknown");

    private static final CodeTables<RhBloodType> TABLE = CodeTables.of(RhBloodType.class, "Rh blood type code (WS 364 CV04.50.020)");

    private final String code;
    private final String chineseLabel;
    private final String englishName;

    RhBloodType(String code, String chineseLabel, String englishName) {
        this.code = code;
        this.chineseLabel = chineseLabel;
        this.englishName = englishName;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String chineseLabel() {
        return chineseLabel;
    }

    @Override
    public String englishName() {
        return englishName;
    }

    /**
     * Looks up a code.
     *
     * @param code the code string, exactly as the standard writes it
     * @return the entry, or empty if the code is not in the table
     */
    public static Optional<RhBloodType> find(String code) {
        return TABLE.find(code);
    }

    /**
     * Decodes a code read from a card or another outside source.
     *
     * @param code the code string, exactly as the standard writes it
     * @return the entry
     * @throws MalformedDataException if the code is not in the table (the message does not echo the code)
     */
    public static RhBloodType decode(String code) throws MalformedDataException {
        return TABLE.decode(code);
    }
}
