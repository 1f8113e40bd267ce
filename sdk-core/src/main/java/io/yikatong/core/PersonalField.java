package io.yikatong.core;

/**
 * The redaction policy of the SDK, as a table: every kind of personal or secret value the SDK outputs, with the one
 * masked form every masked view uses (each {@code toString()}, the CLI without {@code --full}, the card agent without
 * {@code full=true}, the masked {@code iReadCardBas} string). {@link Redaction} offers the same rules as named methods.
 *
 * <p><b>Design rule: no combination of masked fields reveals a hidden part.</b> A masked view shows a part of a value
 * only if no other field shows what is hidden and the part is not a function of hidden parts:
 * <ul>
 * <li>The birth date is hidden in the ID number (digits 7–14 of an 18-digit number, 7–12 of a 15-digit one), so
 *     {@link #BIRTH_DATE} shows the year only and never month or day; the 18th character (校验码) is a function of
 *     all 17 digits before it, birth date included, so {@link #ID_NUMBER} hides it too: {@code 110105********002*}.
 *     What a masked view may show of a person is: the region code (first 6 digits), the birth year, the 3-digit
 *     sequence number and the gender.</li>
 * <li>Card numbers and social security numbers are usually the ID number: they are masked by the same rule, so a
 *     masked card number and a masked ID number of one person look alike and together reveal nothing more. Numbers
 *     not shaped like an ID number keep at most their first 6 characters (16 characters and more: an embedded ID
 *     number then shows its region code only) or their last 2 (shorter numbers, too short to embed an ID number).</li>
 * <li>Secrets (security codes, tokens, QR payloads, payment codes beyond their channel prefix) show their length or
 *     their prefix only.</li>
 * </ul>
 *
 * <p>Gender, nation, region codes, issue and expiry dates, and the issuer are not masked: they identify nobody and
 * are not functions of hidden parts (the ID number's sequence digits, which are shown, encode the gender anyway).
 *
 * <p>Every {@link #mask(String)} accepts {@code null} and returns {@code "null"}. The enum is immutable and
 * thread-safe.
 *
 * @since 0.2
 */
public enum PersonalField {

    /** 姓名, also contact persons' names: the first character and one {@code *}, whatever the length. */
    NAME("姓名 name (holder, contact person)", "`张晓虹` → `张*`, `欧阳娜娜` → `欧*`, `张` → `*`"),

    /**
     * 身份证号码 and other identity-document numbers: an 18-character resident ID number keeps its region code (first
     * 6) and sequence number (digits 15–17), hiding the birth date and the check character; a 15-digit one keeps
     * region and sequence; 16–17 or 19 and more characters keep the first 6; 5–14 characters keep the last 2; shorter
     * ones are all masked.
     */
    ID_NUMBER("身份证号码 ID number, 证件号码 document number", "`11010519491231002X` → `110105********002*`, "
            + "`110105491231002` → `110105******002`, `E12345678` → `*******78`"),

    /** 出生日期: the year only ({@code 1949-**-**}, or {@code 1949****} for a {@code yyyyMMdd} value). */
    BIRTH_DATE("出生日期 birth date", "`1949-12-31` → `1949-**-**`, `19491231` → `1949****`"),

    /** 卡号 of a health or social security card (often the ID number): the {@link #ID_NUMBER} rule. */
    CARD_NUMBER("卡号 card number (health card, social security card)", "as `ID_NUMBER`; `Y00000001` → `*******01`"),

    /** 社会保障号码 (normally the ID number): the {@link #ID_NUMBER} rule. */
    SOCIAL_SECURITY_NUMBER("社会保障号码 social security number", "as `ID_NUMBER`"),

    /** 健康档案号, 新农合号, 卡识别码, chip serial and other record or card identifiers: the {@link #ID_NUMBER} rule. */
    RECORD_NUMBER("健康档案号 health record number, 新农合号 NCMS number, 卡识别码 identification code, "
            + "芯片序列号 chip serial", "as `ID_NUMBER`"),

    /** 电话: an 11-digit mobile number keeps the first 3 and last 4; 8 and more characters keep 3 and 2. */
    PHONE("电话 phone (holder, contact person)", "`13812345678` → `138****5678`, `010-12345678` → `010*******78`"),

    /** 地址, 出生地: every character masked. */
    ADDRESS("地址 address, 出生地 birth place", "`北京市东城区` → `******` (every character)"),

    /** 电子健康卡 ID (the card ID in an e-health-card QR code): the first 4 and last 4 characters of long values. */
    HEALTH_CARD_ID("电子健康卡 ID e-health card ID", "first 4 and last 4 (`ABCD…WXYZ`); 12 characters or fewer: the length only"),

    /** 付款码 payment code: the 2-digit channel prefix only. */
    PAYMENT_CODE("付款码 payment code", "`134567890123456789` → `13****************`"),

    /** Secrets: 安全码, QR payloads, tokens, e-voucher codes: the length only. */
    SECRET("安全码 security code, QR payload, dynamic code token, e-voucher, agent token", "the length only: `(32 characters)`");

    private final String label;
    private final String example;

    PersonalField(String label, String example) {
        this.label = label;
        this.example = example;
    }

    /**
     * Returns the field's names, Chinese and English, for documentation.
     *
     * @return for example {@code 姓名 name (holder, contact person, payer)}
     */
    public String label() {
        return label;
    }

    /**
     * Returns examples of the masked form, for documentation.
     *
     * @return Markdown, for example {@code `张晓虹` → `张*`}
     */
    public String example() {
        return example;
    }

    /**
     * Masks a value of this field.
     *
     * @param value the value, may be {@code null}
     * @return the masked form; {@code "null"} for {@code null}
     */
    public String mask(String value) {
        if (value == null) {
            return "null";
        }
        return switch (this) {
            case NAME -> name(value);
            case ID_NUMBER, CARD_NUMBER, SOCIAL_SECURITY_NUMBER, RECORD_NUMBER -> number(value);
            case BIRTH_DATE -> birthDate(value);
            case PHONE -> phone(value);
            case ADDRESS -> "*".repeat(value.codePointCount(0, value.length()));
            case HEALTH_CARD_ID -> value.length() <= 12 ? length(value)
                    : value.substring(0, 4) + "…" + value.substring(value.length() - 4);
            case PAYMENT_CODE -> value.length() < 4 ? "*".repeat(value.length())
                    : value.substring(0, 2) + "*".repeat(value.length() - 2);
            case SECRET -> length(value);
        };
    }

    private static String name(String name) {
        if (name.isEmpty()) {
            return "";
        }
        int first = name.codePointAt(0);
        if (Character.charCount(first) == name.length()) {
            return "*";
        }
        return new String(Character.toChars(first)) + "*";
    }

    private static String number(String number) {
        int n = number.length();
        if (n == 18) {
            return number.substring(0, 6) + "********" + number.substring(14, 17) + "*";
        }
        if (n == 15) {
            return keep(number, 6, 3);
        }
        if (n >= 16) {
            return keep(number, 6, 0);
        }
        if (n > 4) {
            return keep(number, 0, 2);
        }
        return "*".repeat(n);
    }

    private static String birthDate(String date) {
        // yyyy-MM-dd (ISO), yyyyMMdd (card and DLL format) or anything else: the first 4 characters when they are a
        // year, every other digit masked
        if (date.length() >= 4 && date.substring(0, 4).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return date.substring(0, 4) + date.substring(4).replaceAll("[0-9]", "*");
        }
        return date.replaceAll("[0-9]", "*");
    }

    private static String phone(String phone) {
        int n = phone.length();
        if (n == 11) {
            return keep(phone, 3, 4);
        }
        if (n >= 8) {
            return keep(phone, 3, 2);
        }
        return "*".repeat(n);
    }

    private static String length(String value) {
        return "(" + value.length() + " characters)";
    }

    private static String keep(String s, int head, int tail) {
        return s.substring(0, head) + "*".repeat(s.length() - head - tail) + s.substring(s.length() - tail);
    }

    /**
     * Returns the policy as a Markdown table (field, masked form, examples), as printed in the README.
     *
     * @return the table, one line per field, ending with a line break
     */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| Field | `PersonalField` | Masked form (examples) |\n|---|---|---|\n");
        for (PersonalField f : values()) {
            sb.append("| ").append(f.label).append(" | `").append(f.name()).append("` | ").append(f.example)
                    .append(" |\n");
        }
        return sb.toString();
    }
}
