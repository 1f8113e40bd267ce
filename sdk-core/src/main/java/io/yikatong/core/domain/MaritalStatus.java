package io.yikatong.core.domain;

import io.yikatong.core.MalformedDataException;
import io.yikatong.core.internal.CodeTables;
import java.util.Optional;

/**
 * 婚姻状况代码 (GB/T 2261.2-2003), used by the health card (DF01/EF07 tag 23, 1-byte CN).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum MaritalStatus implements CodedValue {
    /** 未婚: Unmarried (10) */
    UNMARRIED("10", "未婚", "Unmarried"),
    /** 已婚: Married (20) */
    MARRIED("20", "已婚", "Married"),
    /** 初婚: First marriage (21) */
    FIRST_MARRIAGE("21", "初婚", "First marriage"),
    /** 再婚: Remarried (22) */
    REMARRIED("22", "再婚", "Remarried"),
    /** 复婚: Remarried to former spouse (23) */
    REUNITED("23", "复婚", "Remarried to former spouse"),
    /** 丧偶: Widowed (30) */
    WIDOWED("30", "丧偶", "Widowed"),
    /** 离婚: Divorced (40) */
    DIVORCED("40", "离婚", "Divorced"),
    /** 未说明的婚姻状况: Unspecified (90) */
    UNSPECIFIED("90", "未说明的婚姻状况", "Unspecified");

    private static final CodeTables<MaritalStatus> TABLE = CodeTables.of(MaritalStatus.class, "marital status code (GB/T 2261.2)");

    private final String code;
    private final String chineseLabel;
    private final String englishName;

    MaritalStatus(String code, String chineseLabel, String englishName) {
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
    public static Optional<MaritalStatus> find(String code) {
        return TABLE.find(code);
    }

    /**
     * Decodes a code read from a card or another outside source.
     *
     * @param code the code string, exactly as the standard writes it
     * @return the entry
     * @throws MalformedDataException if the code is not in the table (the message does not echo the code)
     */
    public static MaritalStatus decode(String code) throws MalformedDataException {
        return TABLE.decode(code);
    }
}
