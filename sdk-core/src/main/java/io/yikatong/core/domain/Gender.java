package io.yikatong.core.domain;

import io.yikatong.core.MalformedDataException;
import io.yikatong.core.internal.CodeTables;
import java.util.Optional;

/**
 * 人的性别代码 (GB/T 2261.1-2003), used by the health card (DDF1/EF06 tag 0C) and the resident ID number.
 *
 * <p>The health card stores the code as one binary byte ({@code 01} for 男), the social security card as one ASCII
 * character; sdk-card turns either into the code string before calling {@link #decode(String)}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Gender implements CodedValue {
    /** 未知的性别: Unknown (0) */
    UNKNOWN("0", "未知的性别", "Unknown"),
    /** 男性: Male (1) */
    MALE("1", "男性", "Male"),
    /** 女性: Female (2) */
    FEMALE("2", "女性", "Female"),
    /** 未说明的性别: Unspecified (9) */
    UNSPECIFIED("9", "未说明的性别", "Unspecified");

    private static final CodeTables<Gender> TABLE = CodeTables.of(Gender.class, "gender code (GB/T 2261.1)");

    private final String code;
    private final String chineseLabel;
    private final String englishName;

    Gender(String code, String chineseLabel, String englishName) {
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
    public static Optional<Gender> find(String code) {
        return TABLE.find(code);
    }

    /**
     * Decodes a code read from a card or another outside source.
     *
     * @param code the code string, exactly as the standard writes it
     * @return the entry
     * @throws MalformedDataException if the code is not in the table (the message does not echo the code)
     */
    public static Gender decode(String code) throws MalformedDataException {
        return TABLE.decode(code);
    }
}
