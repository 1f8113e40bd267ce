package io.yikatong.core.domain;

import io.yikatong.core.MalformedDataException;
import io.yikatong.core.internal.CodeTables;
import java.util.Optional;

/**
 * 身份证件类别代码 (WS 364 CV02.01.101), the health card's 证件类别 (DF01/EF08 tag 25, 1-byte CN), which decides
 * whether 居民身份证号码 or 证件号码 is mandatory.
 *
 * <p>Evidence: the project's health-card reference (§1.7) marks this list [C] from a public HIS code table, not from
 * the standard's text; verify against WS 364 if a card shows another code (decoding then fails with
 * {@link MalformedDataException}, which callers may treat as "other").
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum IdDocumentType implements CodedValue {
    /** 居民身份证: Resident identity card (01) */
    RESIDENT_ID_CARD("01", "居民身份证", "Resident identity card"),
    /** 居民户口簿: Household register (02) */
    HOUSEHOLD_REGISTER("02", "居民户口簿", "Household register"),
    /** 护照: Passport (03) */
    PASSPORT("03", "护照", "Passport"),
    /** 军官证: Military officer card (04) */
    MILITARY_OFFICER_CARD("04", "军官证", "Military officer card"),
    /** 驾驶证: Driving licence (05) */
    DRIVING_LICENCE("05", "驾驶证", "Driving licence"),
    /** 港澳居民来往内地通行证: Mainland travel permit for Hong Kong and Macao residents (06) */
    HONG_KONG_MACAO_PERMIT("06", "港澳居民来往内地通行证", "Mainland travel permit for Hong Kong and Macao residents"),
    /** 台湾居民来往内地通行证: Mainland travel permit for Taiwan residents (07) */
    TAIWAN_PERMIT("07", "台湾居民来往内地通行证", "Mainland travel permit for Taiwan residents"),
    /** 其他法定有效证件: Other legally valid document (99) */
    OTHER("99", "其他法定有效证件", "Other legally valid document");

    private static final CodeTables<IdDocumentType> TABLE = CodeTables.of(IdDocumentType.class, "ID document type code (WS 364 CV02.01.101)");

    private final String code;
    private final String chineseLabel;
    private final String englishName;

    IdDocumentType(String code, String chineseLabel, String englishName) {
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
    public static Optional<IdDocumentType> find(String code) {
        return TABLE.find(code);
    }

    /**
     * Decodes a code read from a card or another outside source.
     *
     * @param code the code string, exactly as the standard writes it
     * @return the entry
     * @throws MalformedDataException if the code is not in the table (the message does not echo the code)
     */
    public static IdDocumentType decode(String code) throws MalformedDataException {
        return TABLE.decode(code);
    }
}
