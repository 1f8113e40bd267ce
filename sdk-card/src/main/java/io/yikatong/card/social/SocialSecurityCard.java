package io.yikatong.card.social;

import io.yikatong.core.Bytes;
import io.yikatong.core.PersonalField;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link SocialSecurityCardReader} read from a social security card (社会保障卡): the card data of SSSE/EF05
 * ({@link #card()}), the holder data of SSSE/EF06 ({@link #holder()}), the raw records, and the context of the read
 * (ATR, algorithm identifier, terminal). {@link #iReadCardBas()} renders the 人社部 reader interface's output string.
 *
 * <p>{@link #toString()} shows no personal data.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class SocialSecurityCard {

    /**
     * SSSE/EF05, 发卡机构数据文件 (health-card-spec §3.3).
     *
     * <p>{@link #toString()} masks the card identification code and card number. Instances are immutable and
     * thread-safe.
     *
     * @param identificationCode 卡识别码, 32 upper-case hex digits: region (BCD) ‖ {@code D156000005} ‖ 8 unique bytes
     * @param category 卡的类别
     * @param specVersion 规范版本, for example {@code "3.00"}
     * @param issuerOrgCode 初始化机构编号, 24 upper-case hex digits
     * @param issueDate 发卡日期
     * @param expiryDate 卡有效期
     * @param cardNumber 社会保障卡卡号 (9 characters)
     * @param regionCode 发卡地区行政区划代码, the first 6 digits of the identification code
     * @since 0.1
     */
    public record CardInfo(String identificationCode, String category, String specVersion, String issuerOrgCode,
            LocalDate issueDate, LocalDate expiryDate, String cardNumber, String regionCode) {

        /**
         * Checks that no component is {@code null}.
         *
         * @throws NullPointerException if a component is {@code null}
         */
        public CardInfo {
            Objects.requireNonNull(identificationCode, "identificationCode");
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(specVersion, "specVersion");
            Objects.requireNonNull(issuerOrgCode, "issuerOrgCode");
            Objects.requireNonNull(issueDate, "issueDate");
            Objects.requireNonNull(expiryDate, "expiryDate");
            Objects.requireNonNull(cardNumber, "cardNumber");
            Objects.requireNonNull(regionCode, "regionCode");
        }

        /**
         * Tells whether this is a third-generation card: the specification version starts with {@code '3'} (spec
         * §3.3). Such cards need RKSSSE external authentication before EF06 may be read.
         *
         * @return whether the card is a 3.0 card
         */
        public boolean isThirdGeneration() {
            return specVersion.startsWith("3");
        }

        /**
         * Returns a description without the identification code and the card number.
         *
         * @return region, category and version
         */
        @Override
        public String toString() {
            return "CardInfo[regionCode=" + regionCode + ", category=" + category + ", specVersion=" + specVersion
                    + ", identificationCode=***, cardNumber=***]";
        }
    }

    /**
     * SSSE/EF06, 持卡人基本信息文件 (health-card-spec §3.4).
     *
     * <p>{@link #toString()} shows no personal data. Instances are immutable and thread-safe.
     *
     * @param socialSecurityNumber 社会保障号码 (normally the resident ID number; may be empty)
     * @param name 姓名 followed by 姓名扩展 when the card has that record
     * @param gender 性别 (GB/T 2261.1)
     * @param nation 民族 (GB 3304)
     * @param birthPlace 出生地, GB/T 2260 digits
     * @param birthDate 出生日期
     * @since 0.1
     */
    public record Holder(String socialSecurityNumber, String name, Gender gender, Nation nation, String birthPlace,
            LocalDate birthDate) {

        /**
         * Checks that no component is {@code null}.
         *
         * @throws NullPointerException if a component is {@code null}
         */
        public Holder {
            Objects.requireNonNull(socialSecurityNumber, "socialSecurityNumber");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(gender, "gender");
            Objects.requireNonNull(nation, "nation");
            Objects.requireNonNull(birthPlace, "birthPlace");
            Objects.requireNonNull(birthDate, "birthDate");
        }

        /**
         * Returns a description without personal data.
         *
         * @return a fixed masked text
         */
        @Override
        public String toString() {
            return "Holder[socialSecurityNumber=***, name=***, gender=***, nation=***, birthPlace=***, birthDate=***]";
        }
    }

    private final CardInfo card;
    private final Holder holder;
    private final Map<Integer, Bytes> ef05;
    private final Map<Integer, Bytes> ef06;
    private final Bytes atr;
    private final Bytes historicalBytes;
    private final int algorithmId;
    private final boolean genuinenessVerified;
    private final String terminalNumber;
    private final String deviceNumber;

    SocialSecurityCard(CardInfo card, Holder holder, Map<Integer, Bytes> ef05, Map<Integer, Bytes> ef06, Bytes atr,
            Bytes historicalBytes, int algorithmId, boolean genuinenessVerified, String terminalNumber,
            String deviceNumber) {
        this.card = card;
        this.holder = holder;
        this.ef05 = Collections.unmodifiableMap(new LinkedHashMap<>(ef05));
        this.ef06 = Collections.unmodifiableMap(new LinkedHashMap<>(ef06));
        this.atr = atr;
        this.historicalBytes = historicalBytes;
        this.algorithmId = algorithmId;
        this.genuinenessVerified = genuinenessVerified;
        this.terminalNumber = terminalNumber;
        this.deviceNumber = deviceNumber;
    }

    /**
     * Returns the card data (EF05).
     *
     * @return the card data
     */
    public CardInfo card() {
        return card;
    }

    /**
     * Returns the holder data (EF06).
     *
     * @return the holder data
     */
    public Holder holder() {
        return holder;
    }

    /**
     * Returns the raw EF05 records as read (TLV), by record identifier, in reading order.
     *
     * @return an unmodifiable map
     */
    public Map<Integer, Bytes> ef05Records() {
        return ef05;
    }

    /**
     * Returns the raw EF06 records as read (TLV), by record identifier, in reading order; {@code 0x4E} is absent when
     * the card has no name extension.
     *
     * @return an unmodifiable map
     */
    public Map<Integer, Bytes> ef06Records() {
        return ef06;
    }

    /**
     * Returns the card's answer to reset.
     *
     * @return the ATR
     */
    public Bytes atr() {
        return atr;
    }

    /**
     * Returns the ATR's historical bytes (卡复位信息 of {@link #iReadCardBas()}).
     *
     * @return the historical bytes
     */
    public Bytes historicalBytes() {
        return historicalBytes;
    }

    /**
     * Returns the algorithm identifier (算法标识) of the SSSE FCI, {@code 0x01} when the FCI has none (spec §3.2).
     *
     * @return the identifier; {@code 0x03} is SM4
     */
    public int algorithmId() {
        return algorithmId;
    }

    /**
     * Tells whether the card passed internal authentication during this read. It is {@code false} only when the
     * reader was built with {@link SocialSecurityCardReader.Builder#skipInternalAuthentication()}.
     *
     * @return whether the card was verified to be genuine
     */
    public boolean genuinenessVerified() {
        return genuinenessVerified;
    }

    /**
     * Returns the terminal number (终端机编号) of the PSAM or the configuration, empty if unknown.
     *
     * @return the terminal number
     */
    public String terminalNumber() {
        return terminalNumber;
    }

    /**
     * Returns the terminal device number (终端设备号), empty if unknown.
     *
     * @return the device number
     */
    public String deviceNumber() {
        return deviceNumber;
    }

    /**
     * Renders the output of the 人社部 reader interface's {@code iReadCardBas} (health-card-spec §3.6): 11 fields, each
     * followed by {@code |}: region | 社会保障号码 | 卡号 | 卡识别码 | 姓名 | ATR historical bytes | 规范版本 | 发卡日期 |
     * 卡有效期 | 终端机编号 | 终端设备号. Dates are {@code yyyyMMdd}, binary values upper-case hex. The string holds
     * personal data: do not log it.
     *
     * @return the pipe-separated string
     */
    public String iReadCardBas() {
        return iReadCardBas(false);
    }

    /**
     * Renders the {@link #iReadCardBas()} string with the SDK's masked forms ({@link PersonalField}): the same 11
     * fields and separators, so that software parsing the DLL's layout can display it, but the social security
     * number, card number and identification code masked like an ID number ({@code 110105********002*}) and the name
     * to its first character. This is what masked views (the CLI without {@code --full}) print; only the unmasked
     * {@link #iReadCardBas()} satisfies the vendor-DLL contract, so pass that one where a program consumes the values.
     *
     * @return the pipe-separated string, masked
     * @since 0.2
     */
    public String iReadCardBasMasked() {
        return iReadCardBas(true);
    }

    private String iReadCardBas(boolean masked) {
        DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
        String ssn = holder.socialSecurityNumber();
        String cardNumber = card.cardNumber();
        String identificationCode = card.identificationCode();
        String name = holder.name();
        if (masked) {
            ssn = ssn.isEmpty() ? ssn : PersonalField.SOCIAL_SECURITY_NUMBER.mask(ssn);
            cardNumber = PersonalField.CARD_NUMBER.mask(cardNumber);
            identificationCode = PersonalField.RECORD_NUMBER.mask(identificationCode);
            name = PersonalField.NAME.mask(name);
        }
        String[] fields = {card.regionCode(), ssn, cardNumber, identificationCode, name,
            historicalBytes.toHex().toUpperCase(java.util.Locale.ROOT), card.specVersion(), card.issueDate().format(f),
            card.expiryDate().format(f), terminalNumber, deviceNumber};
        StringBuilder sb = new StringBuilder();
        for (String s : fields) {
            sb.append(s).append('|');
        }
        return sb.toString();
    }

    /**
     * Returns a description without personal data.
     *
     * @return region, version and whether the card was verified
     */
    @Override
    public String toString() {
        return "SocialSecurityCard[" + card + ", holder=***, genuinenessVerified=" + genuinenessVerified + "]";
    }
}
