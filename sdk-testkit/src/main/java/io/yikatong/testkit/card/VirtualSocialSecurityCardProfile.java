package io.yikatong.testkit.card;

import io.yikatong.card.social.MedicalAccount;
import io.yikatong.card.social.MedicalAccountYearEncoding;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import java.time.LocalDate;

/**
 * What a virtual social security card (社会保障卡) holds in its SSSE files (health-card-spec §3.3–3.4), plus its ATR
 * historical bytes and the algorithm identifier of its FCI. Lengths and encodings are checked when the card is built
 * ({@link VirtualSocialSecurityCards#card(VirtualSocialSecurityCardProfile)}).
 *
 * <p>{@link #toString()} shows no personal data.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param historicalBytes the ATR's historical bytes, 0 to 15 bytes
 * @param algorithmId 算法标识 in the FCI ({@code 9F0C 03 86 01 <alg>}), 0..255, or {@code -1} for an FCI without it
 * @param regionCode 发卡地区行政区划代码, 6 digits: the first 3 (BCD) bytes of the card identification code
 * @param uniqueValue the last 8 bytes of the card identification code (card-unique) [I split]
 * @param category 卡的类别, AN 1
 * @param specVersion 规范版本, AN 4, for example {@code "3.00"}; a first character {@code '3'} makes a 3.0 card
 * @param issuerOrgCode 初始化机构编号, B 12
 * @param issueDate 发卡日期
 * @param expiryDate 卡有效期
 * @param cardNumber 社会保障卡卡号, AN 9
 * @param socialSecurityNumber 社会保障号码, AN 18
 * @param name the full name: the first 30 GB18030 bytes (whole characters) go to 姓名 (09), the rest to 姓名扩展 (4E,
 *     at most 20 bytes)
 * @param nameExtensionRecord whether EF06 has the 4E record (2.0/3.0 cards; may be missing on older cards)
 * @param gender 性别, AN 1
 * @param nation 民族, CN 1
 * @param birthPlace 出生地, CN 3: 6 digits
 * @param birthDate 出生日期, CN 4
 * @param pin the cardholder PIN on SSSE, 4 to 12 digits (default {@value #DEFAULT_PIN}); {@link #toString()} hides it
 * @param medicalAccount what the medical-insurance application (医疗保险, DF04, health-card-spec §4.2) reports to GET
 *     BALANCE, or {@code null} for a card without that application
 * @param medicalAccountYearEncoding how the card encodes the year of the year-to-date totals (default
 *     {@link MedicalAccountYearEncoding#BCD} [I])
 * @since 0.1
 */
public record VirtualSocialSecurityCardProfile(
        Bytes historicalBytes,
        int algorithmId,
        String regionCode,
        Bytes uniqueValue,
        String category,
        String specVersion,
        Bytes issuerOrgCode,
        LocalDate issueDate,
        LocalDate expiryDate,
        String cardNumber,
        String socialSecurityNumber,
        String name,
        boolean nameExtensionRecord,
        Gender gender,
        Nation nation,
        String birthPlace,
        LocalDate birthDate,
        String pin,
        MedicalAccount medicalAccount,
        MedicalAccountYearEncoding medicalAccountYearEncoding) {

    /** The PIN cards are issued with ({@code 0020 0000 03 123456}, health-card-spec §4.2). */
    public static final String DEFAULT_PIN = "123456";

    /** The registered application provider identifier inside every card identification code. */
    public static final Bytes RID = Bytes.fromHex("D156000005");

    /**
     * Creates a profile with the default PIN and without the medical-insurance application (the components of the
     * first version of this record).
     *
     * @param historicalBytes the ATR's historical bytes
     * @param algorithmId 算法标识, or {@code -1}
     * @param regionCode 发卡地区行政区划代码
     * @param uniqueValue the last 8 bytes of the card identification code
     * @param category 卡的类别
     * @param specVersion 规范版本
     * @param issuerOrgCode 初始化机构编号
     * @param issueDate 发卡日期
     * @param expiryDate 卡有效期
     * @param cardNumber 社会保障卡卡号
     * @param socialSecurityNumber 社会保障号码
     * @param name the full name
     * @param nameExtensionRecord whether EF06 has the 4E record
     * @param gender 性别
     * @param nation 民族
     * @param birthPlace 出生地
     * @param birthDate 出生日期
     * @throws InvalidInputException if a component is missing or has the wrong size
     */
    public VirtualSocialSecurityCardProfile(Bytes historicalBytes, int algorithmId, String regionCode,
            Bytes uniqueValue, String category, String specVersion, Bytes issuerOrgCode, LocalDate issueDate,
            LocalDate expiryDate, String cardNumber, String socialSecurityNumber, String name,
            boolean nameExtensionRecord, Gender gender, Nation nation, String birthPlace, LocalDate birthDate) {
        this(historicalBytes, algorithmId, regionCode, uniqueValue, category, specVersion, issuerOrgCode, issueDate,
                expiryDate, cardNumber, socialSecurityNumber, name, nameExtensionRecord, gender, nation, birthPlace,
                birthDate, DEFAULT_PIN, null, MedicalAccountYearEncoding.BCD);
    }

    /**
     * Checks that no component but {@code medicalAccount} is {@code null} and the components have their sizes.
     *
     * @throws InvalidInputException if a component is missing or has the wrong size
     */
    public VirtualSocialSecurityCardProfile {
        Object[] all = {historicalBytes, regionCode, uniqueValue, category, specVersion, issuerOrgCode, issueDate,
            expiryDate, cardNumber, socialSecurityNumber, name, gender, nation, birthPlace, birthDate, pin,
            medicalAccountYearEncoding};
        String[] names = {"historicalBytes", "regionCode", "uniqueValue", "category", "specVersion", "issuerOrgCode",
            "issueDate", "expiryDate", "cardNumber", "socialSecurityNumber", "name", "gender", "nation", "birthPlace",
            "birthDate", "pin", "medicalAccountYearEncoding"};
        for (int i = 0; i < all.length; i++) {
            if (all[i] == null) {
                throw new InvalidInputException(names[i], "is required");
            }
        }
        if (historicalBytes.length() > 15) {
            throw new InvalidInputException("historicalBytes", "at most 15 bytes, was " + historicalBytes.length());
        }
        if (algorithmId < -1 || algorithmId > 0xFF) {
            throw new InvalidInputException("algorithmId", "must be 0..255 or -1, was " + algorithmId);
        }
        if (!regionCode.matches("[0-9]{6}")) {
            throw new InvalidInputException("regionCode", "must be 6 digits");
        }
        if (uniqueValue.length() != 8) {
            throw new InvalidInputException("uniqueValue", "must be 8 bytes, was " + uniqueValue.length());
        }
        if (issuerOrgCode.length() != 12) {
            throw new InvalidInputException("issuerOrgCode", "must be 12 bytes, was " + issuerOrgCode.length());
        }
        if (!birthPlace.matches("[0-9]{6}")) {
            throw new InvalidInputException("birthPlace", "must be 6 digits");
        }
        if (!pin.matches("[0-9]{4,12}")) {
            throw new InvalidInputException("pin", "must be 4 to 12 digits");
        }
        if (medicalAccount != null) {
            fitsFourBytes(medicalAccount.balance(), "medicalAccount.balance");
            fitsFourBytes(medicalAccount.yearToDateSelfPay(), "medicalAccount.yearToDateSelfPay");
            fitsFourBytes(medicalAccount.yearToDatePooledFund(), "medicalAccount.yearToDatePooledFund");
        }
    }

    private static void fitsFourBytes(Money m, String field) {
        if (m.fen() > 0xFFFF_FFFFL) {
            throw new InvalidInputException(field, "must fit 4 bytes (at most 4294967295 fen)");
        }
    }

    /**
     * Returns this profile with another cardholder PIN.
     *
     * @param newPin 4 to 12 digits
     * @return the new profile
     * @throws InvalidInputException if the PIN is not 4 to 12 digits
     */
    public VirtualSocialSecurityCardProfile withPin(String newPin) {
        return new VirtualSocialSecurityCardProfile(historicalBytes, algorithmId, regionCode, uniqueValue, category,
                specVersion, issuerOrgCode, issueDate, expiryDate, cardNumber, socialSecurityNumber, name,
                nameExtensionRecord, gender, nation, birthPlace, birthDate, newPin, medicalAccount,
                medicalAccountYearEncoding);
    }

    /**
     * Returns this profile with another medical account (and year encoding).
     *
     * @param account the account, or {@code null} for a card without the medical-insurance application
     * @param yearEncoding how the card encodes the year
     * @return the new profile
     * @throws InvalidInputException if an amount does not fit 4 bytes
     */
    public VirtualSocialSecurityCardProfile withMedicalAccount(MedicalAccount account,
            MedicalAccountYearEncoding yearEncoding) {
        return new VirtualSocialSecurityCardProfile(historicalBytes, algorithmId, regionCode, uniqueValue, category,
                specVersion, issuerOrgCode, issueDate, expiryDate, cardNumber, socialSecurityNumber, name,
                nameExtensionRecord, gender, nation, birthPlace, birthDate, pin, account, yearEncoding);
    }

    /**
     * Returns the card identification code (卡识别码): region (BCD, 3 bytes) ‖ {@code D156000005} ‖ unique value.
     *
     * @return 16 bytes
     */
    public Bytes identificationCode() {
        byte[] out = new byte[16];
        System.arraycopy(Bcd.encodeN(regionCode, 3), 0, out, 0, 3);
        System.arraycopy(RID.toByteArray(), 0, out, 3, 5);
        System.arraycopy(uniqueValue.toByteArray(), 0, out, 8, 8);
        return Bytes.copyOf(out);
    }

    /**
     * Tells whether this is a 3.0 card (规范版本 starting with {@code '3'}).
     *
     * @return whether EF06 needs RKSSSE
     */
    public boolean isThirdGeneration() {
        return specVersion.startsWith("3");
    }

    /**
     * Returns a description without personal data.
     *
     * @return region and version
     */
    @Override
    public String toString() {
        return "VirtualSocialSecurityCardProfile[regionCode=" + regionCode + ", specVersion=" + specVersion + "]";
    }
}
