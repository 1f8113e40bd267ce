package io.yikatong.card.social.internal;

import java.util.List;

/**
 * The data elements of the SSSE files EF05 (发卡机构数据文件) and EF06 (持卡人基本信息文件), health-card-spec §3.3–3.4:
 * record identifier (= TLV tag), value length, encoding and the exact Le of {@code 00B2 <tag> 00 <Le>}.
 *
 * <p>Not API. Instances are immutable and thread-safe.
 */
public enum SsseElement {
    /** 卡的识别码, B 16. */
    IDENTIFICATION_CODE(0x01, 16, Encoding.B, "卡识别码"),
    /** 卡的类别, AN 1. */
    CATEGORY(0x02, 1, Encoding.AN, "卡的类别"),
    /** 规范版本, AN 4. */
    SPEC_VERSION(0x03, 4, Encoding.AN, "规范版本"),
    /** 初始化机构编号, B 12. */
    ISSUER_ORG_CODE(0x04, 12, Encoding.B, "初始化机构编号"),
    /** 发卡日期, CN 4. */
    ISSUE_DATE(0x05, 4, Encoding.CN, "发卡日期"),
    /** 卡有效期, CN 4. */
    EXPIRY_DATE(0x06, 4, Encoding.CN, "卡有效期"),
    /** 社会保障卡卡号, AN 9. */
    CARD_NUMBER(0x07, 9, Encoding.AN, "卡号"),
    /** 社会保障号码, AN 18. */
    SOCIAL_SECURITY_NUMBER(0x08, 18, Encoding.AN, "社会保障号码"),
    /** 姓名, AN 30. */
    NAME(0x09, 30, Encoding.AN, "姓名"),
    /** 姓名扩展, AN 20 (2.0/3.0 cards; may be missing). */
    NAME_EXTENSION(0x4E, 20, Encoding.AN, "姓名扩展"),
    /** 性别, AN 1. */
    GENDER(0x0A, 1, Encoding.AN, "性别"),
    /** 民族, CN 1. */
    NATION(0x0B, 1, Encoding.CN, "民族"),
    /** 出生地, CN 3. */
    BIRTH_PLACE(0x0C, 3, Encoding.CN, "出生地"),
    /** 出生日期, CN 4. */
    BIRTH_DATE(0x0D, 4, Encoding.CN, "出生日期");

    /** How a value is encoded (spec §0). */
    public enum Encoding {
        /** Text, GBK/GB18030, padded with {@code 00}. */
        AN,
        /** Compressed numeric: BCD padded with {@code F}. */
        CN,
        /** Binary. */
        B
    }

    /** EF05's elements in file order (record n holds tag n). */
    public static final List<SsseElement> EF05 = List.of(IDENTIFICATION_CODE, CATEGORY, SPEC_VERSION, ISSUER_ORG_CODE,
            ISSUE_DATE, EXPIRY_DATE, CARD_NUMBER);
    /** EF06's elements in file order, the name extension included. */
    public static final List<SsseElement> EF06 = List.of(SOCIAL_SECURITY_NUMBER, NAME, NAME_EXTENSION, GENDER, NATION,
            BIRTH_PLACE, BIRTH_DATE);

    private final int tag;
    private final int length;
    private final Encoding encoding;
    private final String label;

    SsseElement(int tag, int length, Encoding encoding, String label) {
        this.tag = tag;
        this.length = length;
        this.encoding = encoding;
        this.label = label;
    }

    /** @return the record identifier / TLV tag */
    public int tag() {
        return tag;
    }

    /** @return the value length in bytes */
    public int length() {
        return length;
    }

    /** @return the encoding */
    public Encoding encoding() {
        return encoding;
    }

    /** @return the Chinese element name, for messages */
    public String label() {
        return label;
    }

    /** @return the exact Le of the READ RECORD: tag, length and value */
    public int le() {
        return length + 2;
    }
}
