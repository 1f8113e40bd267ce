package io.yikatong.core.domain;

import io.yikatong.core.MalformedDataException;
import io.yikatong.core.internal.CodeTables;
import java.util.Optional;

/**
 * ABO血型代码 (WS 364 CV04.50.005), the health card's ABO血型 (DF02/EF05 tag 29, 1 byte).
 *
 * <p>Evidence: codes 1–4 are [C] (public HIS enum), code 5 不详 is [I] (project health-card reference §1.7).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum AboBloodType implements CodedValue {
    /** A型: Type A (1) */
    A("1", "A型", "Type A"),
    /** B型: Type B (2) */
    B("2", "B型", "Type B"),
    /** O型: Type O (3) */
    O("3", "O型", "Type O"),
    /** AB型: Type AB (4) */
    AB("4", "AB型", "Type AB"),
    /** 不详: Unknown (5) */
    UNKNOWN("5", "不详", "Unknown");

    private static final CodeTables<AboBloodType> TABLE = CodeTables.of(AboBloodType.class, "ABO blood type code (WS 364 CV04.50.005)");

    private final String code;
    private final String chineseLabel;
    private final String englishName;

    AboBloodType(String code, String chineseLabel, String englishName) {
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
    public static Optional<AboBloodType> find(String code) {
        return TABLE.find(code);
    }

    /**
     * Decodes a code read from a card or another outside source.
     *
     * @param code the code string, exactly as the standard writes it
     * @return the entry
     * @throws MalformedDataException if the code is not in the table (the message does not echo the code)
     */
    public static AboBloodType decode(String code) throws MalformedDataException {
        return TABLE.decode(code);
    }
}
