package io.yikatong.card.compat;

import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardSession;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.compat.internal.DllRefusalException;
import io.yikatong.card.compat.internal.ReturnCodes;
import io.yikatong.card.compat.internal.TrackingSecurityModule;
import io.yikatong.card.health.AddressInfo;
import io.yikatong.card.health.AllergyRecord;
import io.yikatong.card.health.ClinicalData;
import io.yikatong.card.health.ClinicalFlag;
import io.yikatong.card.health.ContactInfo;
import io.yikatong.card.health.ContactPerson;
import io.yikatong.card.health.ContactPersons;
import io.yikatong.card.health.DocumentInfo;
import io.yikatong.card.health.FlagValue;
import io.yikatong.card.health.HealthCardFile;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.HolderInfo;
import io.yikatong.card.health.ImmunisationRecord;
import io.yikatong.card.health.IssuerInfo;
import io.yikatong.card.health.PersonalStatus;
import io.yikatong.card.health.SpecialInfo;
import io.yikatong.card.health.VisitIndex;
import io.yikatong.card.health.VisitKind;
import io.yikatong.card.health.VisitRecord;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.domain.AboBloodType;
import io.yikatong.core.domain.RhBloodType;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A call-by-call stand-in for the health-card reader DLL ({@code WSB_RWInterface.dll}, 居民健康卡应用接口技术规范 §6.2,
 * health-card-spec §2.2) for HIS code migrating from it. Every user-card function of the DLL has a method of the same
 * name; the DLL's {@code HANDLE hDev} is this object, {@code char*} output buffers are {@link StringBuilder}s (cleared
 * at the start of the call and filled only on success), inputs are {@link String}s, and every method returns the DLL's
 * {@code int} code (health-card-spec §1.9 / §2.3): 0 for success, 101–113 or a negative reader code otherwise. The
 * mapping from the SDK's typed exceptions to codes is documented in one table ({@code ReturnCodes}, in the internal
 * package); {@link #lastError()} gives the typed exception behind the last non-zero code, for logs.
 *
 * <p><b>A compatibility layer, not the SDK's API.</b> It mirrors the DLL's C interface so that existing HIS code ports
 * line by line; new code should use {@link HealthCardService} directly (typed models such as
 * {@link io.yikatong.card.health.VisitRecord}, typed exceptions, a
 * {@link io.yikatong.card.health.security.HealthCardSecurityModule}), and {@link #service()} hands out the service
 * behind this facade for a migration that moves one call at a time.
 *
 * <pre>{@code
 * HealthCardDll dll = HealthCardDll.open(CardSession.open(transport), securityModule);
 * StringBuilder xm = new StringBuilder(), xb = new StringBuilder(), mz = new StringBuilder(),
 *         csrq = new StringBuilder(), sfzh = new StringBuilder();
 * int rc = dll.iR_DDF1EF06Info(xm, xb, mz, csrq, sfzh);
 * if (rc != 0) log.warn("iR_DDF1EF06Info returned {}", rc, dll.lastError().orElse(null));
 * }</pre>
 *
 * <p><b>Full values, by contract.</b> Like the DLL, the {@code iR_…} functions fill their buffers with the card's
 * data unmasked (names, ID number, birth date, phones, addresses): the HIS asked for them to use them. They are
 * personal data: do not log the buffers. For anything shown or logged, use the masked views of the SDK's redaction
 * policy ({@link io.yikatong.core.PersonalField}, the domain types' {@code toString()}); the social security card's
 * DLL-style string has a masked rendering, {@link io.yikatong.card.social.SocialSecurityCard#iReadCardBasMasked()}.
 *
 * <p>Value formats, as the DLL returns them: dates {@code YYYYMMDD}; AN text decoded from GBK/GB18030 without
 * padding; CN values as their digits up to the first {@code F}; B data (certificates, raw bytes) as upper-case hex;
 * gender (性别) and ABO blood type as the code digit (for example {@code "2"}, the GB/T 2261.1 / CV04.50.005 code);
 * nation (民族) as its 2 digits; the one-byte yes/no flags of DF02 as 2 hex digits of the raw byte ({@code "00"} 否,
 * {@code "01"} 是, {@code "FF"} not written; the byte rule is [?] in the spec, see {@link FlagValue}); the DF03 index
 * flags as {@code "00"} (valid record) or {@code "FF"} (empty).
 *
 * <p>Differences from vendor DLLs, all deliberate:
 * <ul>
 * <li>Issuer, holder and photo data (DDF1/EF05–EF07) are written only at card issuance, never by an HIS:
 * {@link #iW_DDF1EF05Info iW_DDF1EF05Info} and {@link #iW_DDF1EF06Info iW_DDF1EF06Info} return 108 and
 * {@link #iW_DDF1EF07Info(String) iW_DDF1EF07Info} returns 109 without touching the card.</li>
 * <li>Without a security module (SAM) every function but {@link #iR_DDF1EF05Info iR_DDF1EF05Info} returns 105
 * (PSAM response abnormal), as the vendor DLL does when no PSAM is powered.</li>
 * <li>The typed API keeps the used payment-method and contact slots in order and skips empty ones: a card whose
 * slot 1 is empty and slot 2 is set reads back with the value in the first output.</li>
 * <li>The cyclic files (allergies, immunisations) read newest first; a record number past the written records
 * returns 103 (the card answers "record not found").</li>
 * </ul>
 *
 * <p>No method throws except {@link NullPointerException} for a {@code null} output buffer; a {@code null} input is
 * a parameter error (101).
 *
 * <p>Not thread-safe; confine to one thread (like the card session behind it).
 *
 * @since 0.1
 */
public final class HealthCardDll implements AutoCloseable {

    /** {@code nStyle} of the DF03 byte functions: no conversion, bytes as hex. */
    public static final int STYLE_NONE = 0x00;
    /** {@code nStyle}: AN, GBK text, trimmed of {@code 00} padding on read and padded with {@code 00} on write. */
    public static final int STYLE_AN = 0x01;
    /** {@code nStyle}: CN, digits, padded with {@code F} nibbles on write and cut at the first {@code F} on read. */
    public static final int STYLE_CN = 0x0F;
    /** {@code nStyle}: B, raw bytes as upper-case hex. */
    public static final int STYLE_B = 0xFF;

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    private final HealthCardService service;
    private final TrackingSecurityModule sam;
    private Exception lastError;

    private HealthCardDll(HealthCardService service, TrackingSecurityModule sam) {
        this.service = service;
        this.sam = sam;
    }

    /**
     * Wraps an existing service. A failure of its security module is recognised as 105 only when it is a refusal of
     * a SAM command ({@code CLA 80}) or the module is missing; use
     * {@link #open(CardSession, HealthCardSecurityModule)} to have every failure of the module (a broken PSAM link too)
     * reported as 105.
     *
     * @param service the typed health-card API to delegate to; closing this facade closes it
     * @return the facade
     * @throws NullPointerException if {@code service} is null
     */
    public static HealthCardDll over(HealthCardService service) {
        return new HealthCardDll(Objects.requireNonNull(service, "service"), null);
    }

    /**
     * Opens the facade on a card session, building the service with the given security module wrapped so that any
     * failure of the module is reported as 105 (PSAM response abnormal).
     *
     * @param session the user card's session; the facade owns it and closes it
     * @param securityModule the SAM, or {@code null} to read DDF1/EF05 only (other functions then return 105)
     * @return the facade
     * @throws NullPointerException if {@code session} is null
     */
    public static HealthCardDll open(CardSession session, HealthCardSecurityModule securityModule) {
        HealthCardService.Builder b = HealthCardService.builder(Objects.requireNonNull(session, "session"));
        TrackingSecurityModule tracking = null;
        if (securityModule != null) {
            tracking = new TrackingSecurityModule(securityModule);
            b.securityModule(tracking);
        }
        return new HealthCardDll(b.build(), tracking);
    }

    /**
     * Returns the typed service behind the facade, for code that migrates further.
     *
     * @return the service
     */
    public HealthCardService service() {
        return service;
    }

    /**
     * Returns the exception behind the last call's non-zero return code, for logs. Messages of the SDK's exceptions
     * name files, records, offsets, status words and parameter names, never personal data or secrets.
     *
     * @return the exception, or empty if the last call returned 0 (or no call was made)
     */
    public Optional<Exception> lastError() {
        return Optional.ofNullable(lastError);
    }

    // ============================================================================================= DDF1

    /**
     * Reads DDF1/EF05 发卡机构基本数据 (needs no SAM). Mirrors
     * {@code int iR_DDF1EF05Info(HANDLE hDev, char* KLB, char* GFBB, char* FKJGMC, char* FKJGDM, char* FKJGZS,
     * char* FKSJ, char* KH, char* AQM, char* XPXLH, char* YYCSDM)}.
     *
     * @param KLB 卡的类别 (card category), AN
     * @param GFBB 规范版本 (spec version), AN, for example {@code 1.00}
     * @param FKJGMC 发卡机构名称 (issuer name), AN
     * @param FKJGDM 发卡机构代码 (issuer code), CN digits
     * @param FKJGZS 发卡机构证书 (issuer certificate), 360 upper-case hex digits
     * @param FKSJ 发卡时间 (issue date), {@code YYYYMMDD}
     * @param KH 卡号 (card number), AN
     * @param AQM 安全码 (security code), AN
     * @param XPXLH 芯片序列号 (chip serial number), AN
     * @param YYCSDM 应用城市代码 (application city code), 6 digits
     * @return 0, or a DLL error code
     * @throws NullPointerException if a buffer is null
     */
    public int iR_DDF1EF05Info(StringBuilder KLB, StringBuilder GFBB, StringBuilder FKJGMC, StringBuilder FKJGDM,
            StringBuilder FKJGZS, StringBuilder FKSJ, StringBuilder KH, StringBuilder AQM, StringBuilder XPXLH,
            StringBuilder YYCSDM) {
        StringBuilder[] out = buffers(KLB, GFBB, FKJGMC, FKJGDM, FKJGZS, FKSJ, KH, AQM, XPXLH, YYCSDM);
        return call(() -> {
            IssuerInfo i = service.readIssuer();
            fill(out, i.cardCategory(), i.specVersion(), i.issuerName(), i.issuerCode(),
                    i.issuerCertificate().toHex().toUpperCase(java.util.Locale.ROOT), date(i.issueDate()),
                    i.cardNumber(), i.securityCode(), i.chipSerial(), i.cityCode());
        });
    }

    /**
     * Refuses to write DDF1/EF05: issuer data is written only at card issuance (发卡), never by an HIS. Mirrors
     * {@code int iW_DDF1EF05Info(HANDLE hDev, char* KLB, char* GFBB, char* FKJGMC, char* FKJGDM, char* FKJGZS,
     * char* FKSJ, char* KH, char* AQM, char* XPXLH, char* YYCSDM)}; the card is not touched.
     *
     * @param KLB 卡的类别 (card category), ignored
     * @param GFBB 规范版本 (spec version), ignored
     * @param FKJGMC 发卡机构名称 (issuer name), ignored
     * @param FKJGDM 发卡机构代码 (issuer code), ignored
     * @param FKJGZS 发卡机构证书 (issuer certificate), ignored
     * @param FKSJ 发卡时间 (issue date), ignored
     * @param KH 卡号 (card number), ignored
     * @param AQM 安全码 (security code), ignored
     * @param XPXLH 芯片序列号 (chip serial number), ignored
     * @param YYCSDM 应用城市代码 (application city code), ignored
     * @return always 108 (write record failed)
     */
    public int iW_DDF1EF05Info(String KLB, String GFBB, String FKJGMC, String FKJGDM, String FKJGZS, String FKSJ,
            String KH, String AQM, String XPXLH, String YYCSDM) {
        return call(() -> {
            throw new DllRefusalException(ReturnCodes.WRITE_RECORD_FAILED,
                    "DDF1/EF05 (issuer data) is written only at card issuance");
        });
    }

    /**
     * Reads DDF1/EF06 持卡人基本信息 after RK_DDF1. Mirrors
     * {@code int iR_DDF1EF06Info(HANDLE hDev, char* XM, char* XB, char* MZ, char* CSRQ, char* SFZH)}.
     *
     * @param XM 姓名 (name), AN
     * @param XB 性别 (gender), the GB/T 2261.1 code digit, for example {@code 1} 男
     * @param MZ 民族 (nation), the 2-digit GB 3304 code, for example {@code 01} 汉族
     * @param CSRQ 出生日期 (birth date), {@code YYYYMMDD}
     * @param SFZH 居民身份证号码 (resident ID number), AN
     * @return 0, or a DLL error code
     * @throws NullPointerException if a buffer is null
     */
    public int iR_DDF1EF06Info(StringBuilder XM, StringBuilder XB, StringBuilder MZ, StringBuilder CSRQ,
            StringBuilder SFZH) {
        StringBuilder[] out = buffers(XM, XB, MZ, CSRQ, SFZH);
        return call(() -> {
            HolderInfo h = service.readHolder();
            fill(out, h.name(), h.gender().code(), h.nation().code(), date(h.birthDate()), h.idNumber());
        });
    }

    /**
     * Refuses to write DDF1/EF06: holder data is written only at card issuance. Mirrors
     * {@code int iW_DDF1EF06Info(HANDLE hDev, char* XM, char* XB, char* MZ, char* CSRQ, char* SFZH)}; the card is
     * not touched.
     *
     * @param XM 姓名 (name), ignored
     * @param XB 性别 (gender), ignored
     * @param MZ 民族 (nation), ignored
     * @param CSRQ 出生日期 (birth date), ignored
     * @param SFZH 居民身份证号码 (resident ID number), ignored
     * @return always 108 (write record failed)
     */
    public int iW_DDF1EF06Info(String XM, String XB, String MZ, String CSRQ, String SFZH) {
        return call(() -> {
            throw new DllRefusalException(ReturnCodes.WRITE_RECORD_FAILED,
                    "DDF1/EF06 (holder data) is written only at card issuance");
        });
    }

    /**
     * Reads the photo DDF1/EF07 after RK_DDF1. Mirrors {@code int iR_DDF1EF07Info(HANDLE hDev, BYTE* ZHAOPIAN)};
     * where the DLL fills a byte buffer with the 2-byte length and the image, this method returns the image bytes
     * (without the length) as upper-case hex.
     *
     * @param ZHAOPIAN 照片 (photo): the image (JPEG in practice) as hex, empty if the card holds none
     * @return 0; 113 if the stored length is abnormal (over 3070 bytes); or another DLL error code
     * @throws NullPointerException if the buffer is null
     */
    public int iR_DDF1EF07Info(StringBuilder ZHAOPIAN) {
        StringBuilder[] out = buffers(ZHAOPIAN);
        return call(() -> fill(out, Hex.encodeUpper(service.readPhoto().image().toByteArray())));
    }

    /**
     * Refuses to write the photo: it is personalised at card issuance, and the typed API has no photo write. Mirrors
     * {@code int iW_DDF1EF07Info(HANDLE hDev, BYTE* ZHAOPIAN)}; the card is not touched.
     *
     * @param ZHAOPIAN 照片 (photo), ignored
     * @return always 109 (write binary failed)
     */
    public int iW_DDF1EF07Info(String ZHAOPIAN) {
        return call(() -> {
            throw new DllRefusalException(ReturnCodes.WRITE_BINARY_FAILED,
                    "DDF1/EF07 (photo) is written only at card issuance");
        });
    }

    /**
     * Reads DDF1/EF08 (validity, phones, payment methods) after RK_DDF1. Mirrors
     * {@code int iR_DDF1EF08Info(HANDLE hDev, char* KYXQ, char* BRDH1, char* BRDH2, char* YLFYZFFS1,
     * char* YLFYZFFS2, char* YLFYZFFS3)}.
     *
     * @param KYXQ 卡有效期 (card expiry date), {@code YYYYMMDD}
     * @param BRDH1 本人电话1 (own phone 1), AN
     * @param BRDH2 本人电话2 (own phone 2), AN
     * @param YLFYZFFS1 医疗费用支付方式1 (medical payment method 1), 2 digits or empty
     * @param YLFYZFFS2 医疗费用支付方式2 (payment method 2), 2 digits or empty
     * @param YLFYZFFS3 医疗费用支付方式3 (payment method 3), 2 digits or empty
     * @return 0, or a DLL error code
     * @throws NullPointerException if a buffer is null
     */
    public int iR_DDF1EF08Info(StringBuilder KYXQ, StringBuilder BRDH1, StringBuilder BRDH2, StringBuilder YLFYZFFS1,
            StringBuilder YLFYZFFS2, StringBuilder YLFYZFFS3) {
        StringBuilder[] out = buffers(KYXQ, BRDH1, BRDH2, YLFYZFFS1, YLFYZFFS2, YLFYZFFS3);
        return call(() -> {
            ContactInfo c = service.readContact();
            List<String> m = c.paymentMethods();
            fill(out, date(c.expiryDate()), c.phone1(), c.phone2(), nth(m, 0), nth(m, 1), nth(m, 2));
        });
    }

    /**
     * Writes DDF1/EF08 after UK_DDF1 with secure messaging. Mirrors
     * {@code int iW_DDF1EF08Info(HANDLE hDev, char* KYXQ, char* BRDH1, char* BRDH2, char* YLFYZFFS1,
     * char* YLFYZFFS2, char* YLFYZFFS3)}.
     *
     * @param KYXQ 卡有效期 (card expiry date), {@code YYYYMMDD}
     * @param BRDH1 本人电话1 (own phone 1), at most 20 GBK bytes, may be empty
     * @param BRDH2 本人电话2 (own phone 2), at most 20 GBK bytes, may be empty
     * @param YLFYZFFS1 医疗费用支付方式1 (payment method 1), 2 digits or empty (not used)
     * @param YLFYZFFS2 医疗费用支付方式2 (payment method 2), 2 digits or empty
     * @param YLFYZFFS3 医疗费用支付方式3 (payment method 3), 2 digits or empty
     * @return 0; 101 if a value does not fit; or another DLL error code
     */
    public int iW_DDF1EF08Info(String KYXQ, String BRDH1, String BRDH2, String YLFYZFFS1, String YLFYZFFS2,
            String YLFYZFFS3) {
        return call(() -> {
            List<String> methods = new ArrayList<>();
            String[] given = {in(YLFYZFFS1, "YLFYZFFS1"), in(YLFYZFFS2, "YLFYZFFS2"), in(YLFYZFFS3, "YLFYZFFS3")};
            for (String m : given) {
                if (!m.isEmpty()) {
                    methods.add(m);
                }
            }
            service.writeContact(new ContactInfo(parseDate(KYXQ, "KYXQ"), in(BRDH1, "BRDH1"), in(BRDH2, "BRDH2"),
                    methods));
        });
    }

    // ============================================================================================= DF01

    /**
     * Reads DF01/EF05 地址信息 after RK_DF01. Mirrors
     * {@code int iR_DF01EF05Info(HANDLE hDev, char* DZLB1, char* DZ1, char* DZLB2, char* DZ2)}.
     *
     * @param DZLB1 地址类别1 (address type 1), 2 digits or empty
     * @param DZ1 地址1 (address 1), AN
     * @param DZLB2 地址类别2 (address type 2), 2 digits or empty
     * @param DZ2 地址2 (address 2), AN
     * @return 0, or a DLL error code
     * @throws NullPointerException if a buffer is null
     */
    public int iR_DF01EF05Info(StringBuilder DZLB1, StringBuilder DZ1, StringBuilder DZLB2, StringBuilder DZ2) {
        StringBuilder[] out = buffers(DZLB1, DZ1, DZLB2, DZ2);
        return call(() -> {
            AddressInfo a = service.readAddresses();
            fill(out, a.addressType1(), a.address1(), a.addressType2(), a.address2());
        });
    }

    /**
     * Writes DF01/EF05 after UK_DF01. Mirrors
     * {@code int iW_DF01EF05Info(HANDLE hDev, char* DZLB1, char* DZ1, char* DZLB2, char* DZ2)}.
     *
     * @param DZLB1 地址类别1 (address type 1), at most 2 digits
     * @param DZ1 地址1 (address 1), at most 100 GBK bytes
     * @param DZLB2 地址类别2 (address type 2), at most 2 digits
     * @param DZ2 地址2 (address 2), at most 100 GBK bytes
     * @return 0; 101 if a value does not fit; or another DLL error code
     */
    public int iW_DF01EF05Info(String DZLB1, String DZ1, String DZLB2, String DZ2) {
        return call(() -> service.writeAddresses(new AddressInfo(in(DZLB1, "DZLB1"), in(DZ1, "DZ1"),
                in(DZLB2, "DZLB2"), in(DZ2, "DZ2"))));
    }

    /**
     * Reads DF01/EF06 联系人信息 (emergency contacts 1–3) after RK_DF01. Mirrors
     * {@code int iR_DF01EF06Info(HANDLE hDev, char* LXRXM1, char* LXRGX1, char* LXRDH1, char* LXRXM2,
     * char* LXRGX2, char* LXRDH2, char* LXRXM3, char* LXRGX3, char* LXRDH3)}. Unused contacts are empty.
     *
     * @param LXRXM1 联系人姓名1 (contact 1 name), AN
     * @param LXRGX1 联系人关系1 (contact 1 relation code), 2 digits or empty
     * @param LXRDH1 联系人电话1 (contact 1 phone), AN
     * @param LXRXM2 联系人姓名2 (contact 2 name)
     * @param LXRGX2 联系人关系2 (contact 2 relation code)
     * @param LXRDH2 联系人电话2 (contact 2 phone)
     * @param LXRXM3 联系人姓名3 (contact 3 name)
     * @param LXRGX3 联系人关系3 (contact 3 relation code)
     * @param LXRDH3 联系人电话3 (contact 3 phone)
     * @return 0, or a DLL error code
     * @throws NullPointerException if a buffer is null
     */
    public int iR_DF01EF06Info(StringBuilder LXRXM1, StringBuilder LXRGX1, StringBuilder LXRDH1, StringBuilder LXRXM2,
            StringBuilder LXRGX2, StringBuilder LXRDH2, StringBuilder LXRXM3, StringBuilder LXRGX3,
            StringBuilder LXRDH3) {
        StringBuilder[] out = buffers(LXRXM1, LXRGX1, LXRDH1, LXRXM2, LXRGX2, LXRDH2, LXRXM3, LXRGX3, LXRDH3);
        return call(() -> {
            List<ContactPerson> persons = service.readContactPersons().persons();
            String[] values = new String[9];
            for (int i = 0; i < 3; i++) {
                ContactPerson p = i < persons.size() ? persons.get(i) : new ContactPerson("", "", "");
                values[3 * i] = p.name();
                values[3 * i + 1] = p.relationCode();
                values[3 * i + 2] = p.phone();
            }
            fill(out, values);
        });
    }

    /**
     * Writes DF01/EF06 after UK_DF01. Mirrors
     * {@code int iW_DF01EF06Info(HANDLE hDev, char* LXRXM1, char* LXRGX1, char* LXRDH1, char* LXRXM2,
     * char* LXRGX2, char* LXRDH2, char* LXRXM3, char* LXRGX3, char* LXRDH3)}. A contact with three empty values is
     * written empty.
     *
     * @param LXRXM1 联系人姓名1 (contact 1 name), at most 30 GBK bytes
     * @param LXRGX1 联系人关系1 (contact 1 relation code), at most 2 digits
     * @param LXRDH1 联系人电话1 (contact 1 phone), at most 20 GBK bytes
     * @param LXRXM2 联系人姓名2 (contact 2 name)
     * @param LXRGX2 联系人关系2 (contact 2 relation code)
     * @param LXRDH2 联系人电话2 (contact 2 phone)
     * @param LXRXM3 联系人姓名3 (contact 3 name)
     * @param LXRGX3 联系人关系3 (contact 3 relation code)
     * @param LXRDH3 联系人电话3 (contact 3 phone)
     * @return 0; 101 if a value does not fit; or another DLL error code
     */
    public int iW_DF01EF06Info(String LXRXM1, String LXRGX1, String LXRDH1, String LXRXM2, String LXRGX2,
            String LXRDH2, String LXRXM3, String LXRGX3, String LXRDH3) {
        return call(() -> service.writeContactPersons(new ContactPersons(List.of(
                new ContactPerson(in(LXRXM1, "LXRXM1"), in(LXRGX1, "LXRGX1"), in(LXRDH1, "LXRDH1")),
                new ContactPerson(in(LXRXM2, "LXRXM2"), in(LXRGX2, "LXRGX2"), in(LXRDH2, "LXRDH2")),
                new ContactPerson(in(LXRXM3, "LXRXM3"), in(LXRGX3, "LXRGX3"), in(LXRDH3, "LXRDH3"))))));
    }

    /**
     * Reads DF01/EF07 职业婚姻 after RK_DF01. Mirrors
     * {@code int iR_DF01EF07Info(HANDLE hDev, char* WHCD, char* HYZK, char* ZY)}.
     *
     * @param WHCD 文化程度 (education code, GB/T 4658), digits or empty
     * @param HYZK 婚姻状况 (marital status code, GB/T 2261.2), digits or empty
     * @param ZY 职业 (occupation code, GB/T 6565), AN
     * @return 0, or a DLL error code
     * @throws NullPointerException if a buffer is null
     */
    public int iR_DF01EF07Info(StringBuilder WHCD, StringBuilder HYZK, StringBuilder ZY) {
        StringBuilder[] out = buffers(WHCD, HYZK, ZY);
        return call(() -> {
            PersonalStatus s = service.readPersonalStatus();
            fill(out, s.educationCode(), s.maritalStatusCode(), s.occupationCode());
        });
    }

    /**
     * Writes DF01/EF07 after UK_DF01. Mirrors {@code int iW_DF01EF07Info(HANDLE hDev, char* WHCD, char* HYZK, char* ZY)}.
     *
     * @param WHCD 文化程度 (education code), at most 2 digits
     * @param HYZK 婚姻状况 (marital status code), at most 2 digits
     * @param ZY 职业 (occupation code), at most 3 GBK bytes
     * @return 0; 101 if a value does not fit; or another DLL error code
     */
    public int iW_DF01EF07Info(String WHCD, String HYZK, String ZY) {
        return call(() -> service.writePersonalStatus(new PersonalStatus(in(WHCD, "WHCD"), in(HYZK, "HYZK"),
                in(ZY, "ZY"))));
    }

    /**
     * Reads DF01/EF08 证件记录 after RK_DF01. Mirrors
     * {@code int iR_DF01EF08Info(HANDLE hDev, char* ZJLB, char* ZJHM, char* JKDAH, char* XNHZH)}.
     *
     * @param ZJLB 证件类别 (document type code, CV02.01.101), digits or empty
     * @param ZJHM 证件号码 (document number), AN
     * @param JKDAH 健康档案编号 (health record number), AN
     * @param XNHZH 新农合证(卡)号 (NCMS number), AN
     * @return 0, or a DLL error code
     * @throws NullPointerException if a buffer is null
     */
    public int iR_DF01EF08Info(StringBuilder ZJLB, StringBuilder ZJHM, StringBuilder JKDAH, StringBuilder XNHZH) {
        StringBuilder[] out = buffers(ZJLB, ZJHM, JKDAH, XNHZH);
        return call(() -> {
            DocumentInfo d = service.readDocuments();
            fill(out, d.documentTypeCode(), d.documentNumber(), d.healthRecordNumber(), d.ncmsNumber());
        });
    }

    /**
     * Writes DF01/EF08 after UK_DF01. Mirrors
     * {@code int iW_DF01EF08Info(HANDLE hDev, char* ZJLB, char* ZJHM, char* JKDAH, char* XNHZH)}.
     *
     * @param ZJLB 证件类别 (document type code), at most 2 digits
     * @param ZJHM 证件号码 (document number), at most 18 GBK bytes
     * @param JKDAH 健康档案编号 (health record number), at most 17 GBK bytes
     * @param XNHZH 新农合证(卡)号 (NCMS number), at most 18 GBK bytes
     * @return 0; 101 if a value does not fit; or another DLL error code
     */
    public int iW_DF01EF08Info(String ZJLB, String ZJHM, String JKDAH, String XNHZH) {
        return call(() -> service.writeDocuments(new DocumentInfo(in(ZJLB, "ZJLB"), in(ZJHM, "ZJHM"),
                in(JKDAH, "JKDAH"), in(XNHZH, "XNHZH"))));
    }

    // ============================================================================================= DF02

    /**
     * Reads DF02/EF05 临床基本数据 after RK_DF02. Mirrors
     * {@code int iR_DF02EF05Info(HANDLE hDev, char* ABOXX, char* RHXX, char* XCBZ, char* XZBBZ, char* XNXGBBZ,
     * char* DXBBZ, char* NXWLBZ, char* TNBBZ, char* QGYBZ, char* TXBZ, char* QGYZBZ, char* QGQSBZ, char* KZXYZBZ,
     * char* XZQBQBZ, char* QTYXJSMC)}. Flags are the raw byte as 2 hex digits ({@code 00} 否, {@code 01} 是,
     * {@code FF} not written).
     *
     * @param ABOXX ABO血型 (ABO blood type), the CV04.50.005 code digit, empty if not recorded
     * @param RHXX RH血型 (Rh blood type), the CV04.50.020 code digit, empty if not recorded
     * @param XCBZ 哮喘标志 (asthma flag)
     * @param XZBBZ 心脏病标志 (heart disease flag)
     * @param XNXGBBZ 心脑血管病标志 (cardiovascular disease flag)
     * @param DXBBZ 癫痫病标志 (epilepsy flag)
     * @param NXWLBZ 凝血紊乱标志 (coagulation disorder flag)
     * @param TNBBZ 糖尿病标志 (diabetes flag)
     * @param QGYBZ 青光眼标志 (glaucoma flag)
     * @param TXBZ 透析标志 (dialysis flag)
     * @param QGYZBZ 器官移植标志 (organ transplant flag)
     * @param QGQSBZ 器官缺失标志 (missing organ flag)
     * @param KZXYZBZ 可装卸的义肢标志 (removable prosthesis flag)
     * @param XZQBQBZ 心脏起搏器标志 (pacemaker flag)
     * @param QTYXJSMC 其他医学警示名称 (other medical alert), AN
     * @return 0, or a DLL error code
     * @throws NullPointerException if a buffer is null
     */
    public int iR_DF02EF05Info(StringBuilder ABOXX, StringBuilder RHXX, StringBuilder XCBZ, StringBuilder XZBBZ,
            StringBuilder XNXGBBZ, StringBuilder DXBBZ, StringBuilder NXWLBZ, StringBuilder TNBBZ, StringBuilder QGYBZ,
            StringBuilder TXBZ, StringBuilder QGYZBZ, StringBuilder QGQSBZ, StringBuilder KZXYZBZ,
            StringBuilder XZQBQBZ, StringBuilder QTYXJSMC) {
        StringBuilder[] out = buffers(ABOXX, RHXX, XCBZ, XZBBZ, XNXGBBZ, DXBBZ, NXWLBZ, TNBBZ, QGYBZ, TXBZ, QGYZBZ,
                QGQSBZ, KZXYZBZ, XZQBQBZ, QTYXJSMC);
        return call(() -> {
            ClinicalData d = service.readClinicalData();
            String[] values = new String[15];
            values[0] = d.aboBloodType().map(AboBloodType::code).orElse("");
            values[1] = d.rhBloodType().map(RhBloodType::code).orElse("");
            ClinicalFlag[] flags = ClinicalFlag.values();
            for (int i = 0; i < flags.length; i++) {
                values[2 + i] = hexByte(d.flag(flags[i]).raw());
            }
            values[14] = d.otherMedicalAlert();
            fill(out, values);
        });
    }

    /**
     * Writes DF02/EF05 after UK_DF02_1. Mirrors
     * {@code int iW_DF02EF05Info(HANDLE hDev, char* ABOXX, char* RHXX, char* XCBZ, ..., char* XZQBQBZ,
     * char* QTYXJSMC)}. Codes are accepted as the digit ({@code "1"}) or zero-padded ({@code "01"}); flags as 2 hex
     * digits ({@code "00"}, {@code "01"}, {@code "FF"}) or one digit ({@code "0"}, {@code "1"}).
     *
     * @param ABOXX ABO血型 (ABO blood type) code, empty for not recorded
     * @param RHXX RH血型 (Rh blood type) code, empty for not recorded
     * @param XCBZ 哮喘标志 (asthma flag)
     * @param XZBBZ 心脏病标志 (heart disease flag)
     * @param XNXGBBZ 心脑血管病标志 (cardiovascular disease flag)
     * @param DXBBZ 癫痫病标志 (epilepsy flag)
     * @param NXWLBZ 凝血紊乱标志 (coagulation disorder flag)
     * @param TNBBZ 糖尿病标志 (diabetes flag)
     * @param QGYBZ 青光眼标志 (glaucoma flag)
     * @param TXBZ 透析标志 (dialysis flag)
     * @param QGYZBZ 器官移植标志 (organ transplant flag)
     * @param QGQSBZ 器官缺失标志 (missing organ flag)
     * @param KZXYZBZ 可装卸的义肢标志 (removable prosthesis flag)
     * @param XZQBQBZ 心脏起搏器标志 (pacemaker flag)
     * @param QTYXJSMC 其他医学警示名称 (other medical alert), at most 40 GBK bytes
     * @return 0; 101 if a value does not fit; or another DLL error code
     */
    public int iW_DF02EF05Info(String ABOXX, String RHXX, String XCBZ, String XZBBZ, String XNXGBBZ, String DXBBZ,
            String NXWLBZ, String TNBBZ, String QGYBZ, String TXBZ, String QGYZBZ, String QGQSBZ, String KZXYZBZ,
            String XZQBQBZ, String QTYXJSMC) {
        String[] flagValues = {XCBZ, XZBBZ, XNXGBBZ, DXBBZ, NXWLBZ, TNBBZ, QGYBZ, TXBZ, QGYZBZ, QGQSBZ, KZXYZBZ,
            XZQBQBZ};
        String[] flagNames = {"XCBZ", "XZBBZ", "XNXGBBZ", "DXBBZ", "NXWLBZ", "TNBBZ", "QGYBZ", "TXBZ", "QGYZBZ",
            "QGQSBZ", "KZXYZBZ", "XZQBQBZ"};
        return call(() -> {
            Optional<AboBloodType> abo = code(ABOXX, "ABOXX").map(c -> AboBloodType.find(c)
                    .orElseThrow(() -> new InvalidInputException("ABOXX", "is not a CV04.50.005 code")));
            Optional<RhBloodType> rh = code(RHXX, "RHXX").map(c -> RhBloodType.find(c)
                    .orElseThrow(() -> new InvalidInputException("RHXX", "is not a CV04.50.020 code")));
            Map<ClinicalFlag, FlagValue> flags = new EnumMap<>(ClinicalFlag.class);
            ClinicalFlag[] all = ClinicalFlag.values();
            for (int i = 0; i < all.length; i++) {
                flags.put(all[i], flag(flagValues[i], flagNames[i]));
            }
            service.writeClinicalData(new ClinicalData(abo, rh, flags, in(QTYXJSMC, "QTYXJSMC")));
        });
    }

    /**
     * Reads DF02/EF06 特殊信息 after RK_DF02. Mirrors {@code int iR_DF02EF06Info(HANDLE hDev, char* JSBBZ)}.
     *
     * @param JSBBZ 精神病标志 (psychiatric flag), 2 hex digits of the raw byte
     * @return 0, or a DLL error code
     * @throws NullPointerException if the buffer is null
     */
    public int iR_DF02EF06Info(StringBuilder JSBBZ) {
        StringBuilder[] out = buffers(JSBBZ);
        return call(() -> fill(out, hexByte(service.readSpecialInfo().psychiatric().raw())));
    }

    /**
     * Writes DF02/EF06 after UK_DF02_2. Mirrors {@code int iW_DF02EF06Info(HANDLE hDev, char* JSBBZ)}.
     *
     * @param JSBBZ 精神病标志 (psychiatric flag): 2 hex digits or one digit
     * @return 0; 101 if the value is not a byte; or another DLL error code
     */
    public int iW_DF02EF06Info(String JSBBZ) {
        return call(() -> service.writeSpecialInfo(new SpecialInfo(flag(JSBBZ, "JSBBZ"))));
    }

    /**
     * Reads one allergy record of DF02/EF07 过敏基本数据 after RK_DF02. Mirrors
     * {@code int iR_DF02EF07Info(HANDLE hDev, int nRecorderNo, char* GMWZMC, char* GMFY)}. Record 1 is the newest.
     *
     * @param nRecorderNo 记录号 (record number), 1..3
     * @param GMWZMC 过敏物质名称 (allergen), AN
     * @param GMFY 过敏反应 (reaction), AN
     * @return 0; 101 for a record number outside 1..3; 103 if the record holds nothing; or another DLL error code
     * @throws NullPointerException if a buffer is null
     */
    public int iR_DF02EF07Info(int nRecorderNo, StringBuilder GMWZMC, StringBuilder GMFY) {
        StringBuilder[] out = buffers(GMWZMC, GMFY);
        return call(() -> {
            checkRecord(nRecorderNo, 3);
            List<AllergyRecord> all = service.readAllergies();
            AllergyRecord r = cyclic(all, nRecorderNo, HealthCardFile.DF02_EF07);
            fill(out, r.substance(), r.reaction());
        });
    }

    /**
     * Appends an allergy record to DF02/EF07 after UK_DF02_3; it becomes record 1 and the oldest of 3 is dropped.
     * Mirrors {@code int iW_DF02EF07Info(HANDLE hDev, char* GMWZMC, char* GMFY)}.
     *
     * @param GMWZMC 过敏物质名称 (allergen), at most 20 GBK bytes
     * @param GMFY 过敏反应 (reaction), at most 100 GBK bytes
     * @return 0; 101 if a value does not fit; or another DLL error code
     */
    public int iW_DF02EF07Info(String GMWZMC, String GMFY) {
        return call(() -> service.appendAllergy(new AllergyRecord(in(GMWZMC, "GMWZMC"), in(GMFY, "GMFY"))));
    }

    /**
     * Reads one immunisation record of DF02/EF08 免疫基本数据 after RK_DF02. Mirrors
     * {@code int iR_DF02EF08Info(HANDLE hDev, int nRecorderNo, char* MYJZMC, char* MYJZSJ)}. Record 1 is the newest.
     *
     * @param nRecorderNo 记录号 (record number), 1..10
     * @param MYJZMC 免疫接种名称 (vaccination), AN
     * @param MYJZSJ 免疫接种时间 (vaccination date), {@code YYYYMMDD} or empty
     * @return 0; 101 for a record number outside 1..10; 103 if the record holds nothing; or another DLL error code
     * @throws NullPointerException if a buffer is null
     */
    public int iR_DF02EF08Info(int nRecorderNo, StringBuilder MYJZMC, StringBuilder MYJZSJ) {
        StringBuilder[] out = buffers(MYJZMC, MYJZSJ);
        return call(() -> {
            checkRecord(nRecorderNo, 10);
            ImmunisationRecord r = cyclic(service.readImmunisations(), nRecorderNo, HealthCardFile.DF02_EF08);
            fill(out, r.name(), r.date().map(HealthCardDll::date).orElse(""));
        });
    }

    /**
     * Appends an immunisation record to DF02/EF08 after UK_DF02_3; it becomes record 1 and the oldest of 10 is
     * dropped. Mirrors {@code int iW_DF02EF08Info(HANDLE hDev, char* MYJZMC, char* MYJZSJ)}.
     *
     * @param MYJZMC 免疫接种名称 (vaccination), at most 20 GBK bytes
     * @param MYJZSJ 免疫接种时间 (vaccination date), {@code YYYYMMDD} or empty
     * @return 0; 101 if a value does not fit; or another DLL error code
     */
    public int iW_DF02EF08Info(String MYJZMC, String MYJZSJ) {
        return call(() -> {
            String when = in(MYJZSJ, "MYJZSJ");
            service.appendImmunisation(new ImmunisationRecord(in(MYJZMC, "MYJZMC"),
                    when.isEmpty() ? Optional.empty() : Optional.of(parseDate(when, "MYJZSJ"))));
        });
    }

    // ============================================================================================= DF03 index

    /**
     * Reads the inpatient index DF03/EF05 after RK_DF03. Mirrors
     * {@code int iR_DF03EF05Info(HANDLE hDev, char* ZYJLBS1, char* ZYJLBS2, char* ZYJLBS3)}.
     *
     * @param ZYJLBS1 住院记录标识1 (inpatient record 1 flag): {@code "00"} valid, {@code "FF"} empty
     * @param ZYJLBS2 住院记录标识2 (inpatient record 2 flag)
     * @param ZYJLBS3 住院记录标识3 (inpatient record 3 flag)
     * @return 0, or a DLL error code
     * @throws NullPointerException if a buffer is null
     */
    public int iR_DF03EF05Info(StringBuilder ZYJLBS1, StringBuilder ZYJLBS2, StringBuilder ZYJLBS3) {
        StringBuilder[] out = buffers(ZYJLBS1, ZYJLBS2, ZYJLBS3);
        return call(() -> fill(out, flags(service.readInpatientIndex())));
    }

    /**
     * Reads the outpatient index DF03/EF06 after RK_DF03. Mirrors
     * {@code int iR_DF03EF06Info(HANDLE hDev, char* MZJLBS1, char* MZJLBS2, char* MZJLBS3, char* MZJLBS4,
     * char* MZJLBS5)}.
     *
     * @param MZJLBS1 门诊记录标识1 (outpatient record 1 flag): {@code "00"} valid, {@code "FF"} empty
     * @param MZJLBS2 门诊记录标识2 (outpatient record 2 flag)
     * @param MZJLBS3 门诊记录标识3 (outpatient record 3 flag)
     * @param MZJLBS4 门诊记录标识4 (outpatient record 4 flag)
     * @param MZJLBS5 门诊记录标识5 (outpatient record 5 flag)
     * @return 0, or a DLL error code
     * @throws NullPointerException if a buffer is null
     */
    public int iR_DF03EF06Info(StringBuilder MZJLBS1, StringBuilder MZJLBS2, StringBuilder MZJLBS3,
            StringBuilder MZJLBS4, StringBuilder MZJLBS5) {
        StringBuilder[] out = buffers(MZJLBS1, MZJLBS2, MZJLBS3, MZJLBS4, MZJLBS5);
        return call(() -> fill(out, flags(service.readOutpatientIndex())));
    }

    /**
     * Marks an inpatient slot valid ({@code 00}, command {@code 84D2}) after UK_DF03_1, without writing a record.
     * Mirrors {@code int iW_DF03EF05Info(HANDLE hDev, int nRecorderNo)}.
     *
     * @param nRecorderNo 记录号 (slot), 1..3
     * @return 0; 101 for a slot outside 1..3; 110 if the card refuses; or another DLL error code
     */
    public int iW_DF03EF05Info(int nRecorderNo) {
        return call(() -> service.setVisitIndexFlag(VisitKind.INPATIENT, nRecorderNo, true));
    }

    /**
     * Marks an outpatient slot valid ({@code 00}) after UK_DF03_1. Mirrors
     * {@code int iW_DF03EF06Info(HANDLE hDev, int nRecorderNo)}.
     *
     * @param nRecorderNo 记录号 (slot), 1..5
     * @return 0; 101 for a slot outside 1..5; 110 if the card refuses; or another DLL error code
     */
    public int iW_DF03EF06Info(int nRecorderNo) {
        return call(() -> service.setVisitIndexFlag(VisitKind.OUTPATIENT, nRecorderNo, true));
    }

    /**
     * Marks an inpatient slot empty ({@code FF}, command {@code 840C}) after UK_DF03_2; the record's bytes stay.
     * Mirrors {@code int iErase_DF03EF05Info(HANDLE hDev, int nRecorderNo)}.
     *
     * @param nRecorderNo 记录号 (slot), 1..3
     * @return 0; 101 for a slot outside 1..3; 111 if the card refuses; or another DLL error code
     */
    public int iErase_DF03EF05Info(int nRecorderNo) {
        return call(() -> service.eraseInpatientRecord(nRecorderNo));
    }

    /**
     * Marks an outpatient slot empty ({@code FF}) after UK_DF03_2. Mirrors
     * {@code int iErase_DF03EF06Info(HANDLE hDev, int nRecorderNo)}.
     *
     * @param nRecorderNo 记录号 (slot), 1..5
     * @return 0; 101 for a slot outside 1..5; 111 if the card refuses; or another DLL error code
     */
    public int iErase_DF03EF06Info(int nRecorderNo) {
        return call(() -> service.eraseOutpatientRecord(nRecorderNo));
    }

    /**
     * Returns the inpatient slot the next record goes to: the first empty slot, else the one with the earliest
     * admission date (ties: earliest discharge date). Mirrors {@code int iReader_GetLastEEIndex(HANDLE hDev)}.
     *
     * @return 1..3, or a DLL error code (101 and above, or negative)
     */
    public int iReader_GetLastEEIndex() {
        int[] slot = new int[1];
        int rc = call(() -> slot[0] = service.nextInpatientSlot());
        return rc == ReturnCodes.OK ? slot[0] : rc;
    }

    /**
     * Returns the outpatient slot the next record goes to: the first empty slot, else the one with the earliest
     * visit time. Mirrors {@code int iReader_GetLastEDIndex(HANDLE hDev)}.
     *
     * @return 1..5, or a DLL error code (101 and above, or negative)
     */
    public int iReader_GetLastEDIndex() {
        int[] slot = new int[1];
        int rc = call(() -> slot[0] = service.nextOutpatientSlot());
        return rc == ReturnCodes.OK ? slot[0] : rc;
    }

    // ============================================================================================= DF03 records

    /**
     * Reads bytes of an inpatient record EE01–EE03 after RK_DF03, whatever its index flag says. Mirrors
     * {@code int iR_DF03EEInfo(HANDLE hDev, int nRecorderNo, char* szData, int nPos, int nLen, int nStyle)}.
     *
     * @param nRecorderNo 记录号 (record), 1..3
     * @param szData 数据 (data): per {@code nStyle}
     * @param nPos 起始位置 (offset) in the data part, from 0
     * @param nLen 长度 (length) in bytes, at least 1; {@code nPos + nLen} at most 1639
     * @param nStyle 编码方式 (encoding): {@link #STYLE_NONE} or {@link #STYLE_B} upper-case hex, {@link #STYLE_AN}
     *     GBK text without padding, {@link #STYLE_CN} digits up to the first {@code F}
     * @return 0; 101 for a bad record number, range or style; 104 if the bytes are not valid for the style; or another
     *     DLL error code
     * @throws NullPointerException if the buffer is null
     */
    public int iR_DF03EEInfo(int nRecorderNo, StringBuilder szData, int nPos, int nLen, int nStyle) {
        StringBuilder[] out = buffers(szData);
        return call(() -> fill(out, readBytes(true, nRecorderNo, nPos, nLen, nStyle)));
    }

    /**
     * Writes bytes into an inpatient record EE01–EE03 after UK_DF03_1, without touching its index flag or signature
     * (the signature goes stale: prefer {@link HealthCardService#writeInpatientRecord}). Mirrors
     * {@code int iW_DF03EEInfo(HANDLE hDev, int nRecorderNo, char* szData, int nPos, int nLen, int nStyle)}.
     *
     * @param nRecorderNo 记录号 (record), 1..3
     * @param szData 数据 (data): hex for {@link #STYLE_NONE}/{@link #STYLE_B} (at most {@code nLen} bytes, padded with
     *     {@code 00}), text for {@link #STYLE_AN} (padded with {@code 00}), digits for {@link #STYLE_CN} (padded with
     *     {@code F})
     * @param nPos 起始位置 (offset) in the data part, from 0
     * @param nLen 长度 (length) in bytes, at least 1; {@code nPos + nLen} at most 1639
     * @param nStyle 编码方式 (encoding)
     * @return 0; 101 for a bad record number, range, style or a value that does not fit; 109 if the card refuses; or
     *     another DLL error code
     */
    public int iW_DF03EEInfo(int nRecorderNo, String szData, int nPos, int nLen, int nStyle) {
        return call(() -> writeBytes(true, nRecorderNo, szData, nPos, nLen, nStyle));
    }

    /**
     * Reads bytes of an outpatient record ED01–ED05 after RK_DF03, whatever its index flag says. Mirrors
     * {@code int iR_DF03EDInfo(HANDLE hDev, int nRecorderNo, char* szData, int nPos, int nLen, int nStyle)}.
     *
     * @param nRecorderNo 记录号 (record), 1..5
     * @param szData 数据 (data): per {@code nStyle}
     * @param nPos 起始位置 (offset) in the data part, from 0
     * @param nLen 长度 (length) in bytes, at least 1; {@code nPos + nLen} at most 3013
     * @param nStyle 编码方式 (encoding), as for {@link #iR_DF03EEInfo}
     * @return 0; 101 for a bad record number, range or style; 104 if the bytes are not valid for the style; or another
     *     DLL error code
     * @throws NullPointerException if the buffer is null
     */
    public int iR_DF03EDInfo(int nRecorderNo, StringBuilder szData, int nPos, int nLen, int nStyle) {
        StringBuilder[] out = buffers(szData);
        return call(() -> fill(out, readBytes(false, nRecorderNo, nPos, nLen, nStyle)));
    }

    /**
     * Writes bytes into an outpatient record ED01–ED05 after UK_DF03_1, without touching its index flag or signature
     * (prefer {@link HealthCardService#writeOutpatientRecord}). Mirrors
     * {@code int iW_DF03EDInfo(HANDLE hDev, int nRecorderNo, char* szData, int nPos, int nLen, int nStyle)}.
     *
     * @param nRecorderNo 记录号 (record), 1..5
     * @param szData 数据 (data), as for {@link #iW_DF03EEInfo}
     * @param nPos 起始位置 (offset) in the data part, from 0
     * @param nLen 长度 (length) in bytes, at least 1; {@code nPos + nLen} at most 3013
     * @param nStyle 编码方式 (encoding)
     * @return 0; 101 for a bad record number, range, style or a value that does not fit; 109 if the card refuses; or
     *     another DLL error code
     */
    public int iW_DF03EDInfo(int nRecorderNo, String szData, int nPos, int nLen, int nStyle) {
        return call(() -> writeBytes(false, nRecorderNo, szData, nPos, nLen, nStyle));
    }

    /**
     * Reads a whole inpatient record as its data items 64–210 in item order, each decoded per its encoding (AN text,
     * CN digits, B hex) and followed by {@code |}; the signature and certificate are not included. Mirrors the Huada
     * extension {@code int iR_DF03EE_ALLInfo(HANDLE hDev, int nRecorderNo, char* szData)}.
     *
     * @param nRecorderNo 记录号 (record), 1..3
     * @param szData 数据 (data): 147 values, each followed by {@code |}
     * @return 0; 101 for a record number outside 1..3; 112 if the slot's index flag is {@code FF}; 104 if an item is
     *     not valid for its encoding; or another DLL error code
     * @throws NullPointerException if the buffer is null
     */
    public int iR_DF03EE_ALLInfo(int nRecorderNo, StringBuilder szData) {
        StringBuilder[] out = buffers(szData);
        return call(() -> {
            checkRecord(nRecorderNo, 3);
            requireValid(service.readInpatientIndex(), nRecorderNo, "inpatient");
            VisitRecord r = service.readInpatientRecord(nRecorderNo);
            StringBuilder all = new StringBuilder();
            for (int item : VisitKind.INPATIENT.dataItemNumbers()) {
                all.append(r.item(item)).append('|');
            }
            fill(out, all.toString());
        });
    }

    /**
     * Reads a whole outpatient record as its data items 213–382 in item order, each followed by {@code |}. Mirrors
     * the Huada extension {@code int iR_DF03ED_ALLInfo(HANDLE hDev, int nRecorderNo, char* szData)}.
     *
     * @param nRecorderNo 记录号 (record), 1..5
     * @param szData 数据 (data): 170 values, each followed by {@code |}
     * @return 0; 101 for a record number outside 1..5; 112 if the slot's index flag is {@code FF}; 104 if an item is
     *     not valid for its encoding; or another DLL error code
     * @throws NullPointerException if the buffer is null
     */
    public int iR_DF03ED_ALLInfo(int nRecorderNo, StringBuilder szData) {
        StringBuilder[] out = buffers(szData);
        return call(() -> {
            checkRecord(nRecorderNo, 5);
            requireValid(service.readOutpatientIndex(), nRecorderNo, "outpatient");
            VisitRecord r = service.readOutpatientRecord(nRecorderNo);
            StringBuilder all = new StringBuilder();
            for (int item : VisitKind.OUTPATIENT.dataItemNumbers()) {
                all.append(r.item(item)).append('|');
            }
            fill(out, all.toString());
        });
    }

    /**
     * Closes the service and its card session.
     *
     * @throws CardLinkException if closing the link failed
     */
    @Override
    public void close() throws CardLinkException {
        service.close();
    }

    // ============================================================================================= internals

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private int call(Body body) {
        lastError = null;
        if (sam != null) {
            sam.forget();
        }
        try {
            body.run();
            return ReturnCodes.OK;
        } catch (Exception e) {
            lastError = e;
            return ReturnCodes.of(e, sam);
        }
    }

    private static StringBuilder[] buffers(StringBuilder... buffers) {
        for (int i = 0; i < buffers.length; i++) {
            Objects.requireNonNull(buffers[i], "output buffer " + (i + 1));
        }
        for (StringBuilder b : buffers) {
            b.setLength(0);
        }
        return buffers;
    }

    private static void fill(StringBuilder[] buffers, String... values) {
        for (int i = 0; i < buffers.length; i++) {
            buffers[i].append(values[i]);
        }
    }

    private static String in(String value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    private static String date(LocalDate d) {
        return YYYYMMDD.format(d);
    }

    private static LocalDate parseDate(String value, String name) {
        String v = in(value, name);
        if (!v.matches("[0-9]{8}")) {
            throw new InvalidInputException(name, "must be a date YYYYMMDD");
        }
        try {
            return LocalDate.parse(v, YYYYMMDD);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name, "must be a valid date YYYYMMDD");
        }
    }

    private static String nth(List<String> list, int i) {
        return i < list.size() ? list.get(i) : "";
    }

    private static String hexByte(int b) {
        return Hex.encodeUpper(new byte[] {(byte) b});
    }

    /** A code given as the digit or zero-padded to 2 digits; empty means not recorded. */
    private static Optional<String> code(String value, String name) {
        String v = in(value, name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.length() == 2 && v.charAt(0) == '0') {
            v = v.substring(1);
        }
        return Optional.of(v);
    }

    /** A flag byte given as 2 hex digits or one digit. */
    private static FlagValue flag(String value, String name) {
        String v = in(value, name);
        if (v.length() == 1) {
            v = "0" + v;
        }
        if (v.length() != 2) {
            throw new InvalidInputException(name, "must be one byte as 2 hex digits");
        }
        return FlagValue.of(Hex.parse(v, name)[0] & 0xFF);
    }

    private static String[] flags(VisitIndex index) {
        String[] out = new String[index.slotCount()];
        for (int s = 1; s <= out.length; s++) {
            out[s - 1] = index.isValid(s) ? "00" : "FF";
        }
        return out;
    }

    private static void checkRecord(int number, int max) {
        if (number < 1 || number > max) {
            throw new InvalidInputException("nRecorderNo", "must be 1.." + max + ", was " + number);
        }
    }

    private static <T> T cyclic(List<T> records, int number, HealthCardFile file) {
        if (number > records.size()) {
            throw new DllRefusalException(ReturnCodes.READ_RECORD_FAILED,
                    file.label() + " record " + number + " holds nothing (" + records.size() + " written)");
        }
        return records.get(number - 1);
    }

    private static void requireValid(VisitIndex index, int slot, String kind) {
        if (!index.isValid(slot)) {
            throw new DllRefusalException(ReturnCodes.RECORD_UNUSABLE,
                    kind + " record " + slot + " is unusable (index flag FF)");
        }
    }

    private static HealthCardFile recordFile(boolean inpatient, int number) {
        VisitKind kind = inpatient ? VisitKind.INPATIENT : VisitKind.OUTPATIENT;
        checkRecord(number, kind.slotCount());
        return kind.recordFile(number);
    }

    private static void checkRange(boolean inpatient, int pos, int len, int style) {
        int dataLength = (inpatient ? VisitKind.INPATIENT : VisitKind.OUTPATIENT).dataLength();
        if (pos < 0 || len < 1 || (long) pos + len > dataLength) {
            throw new InvalidInputException("nPos/nLen", "range " + pos + "+" + len + " must lie within the "
                    + dataLength + "-byte data part");
        }
        if (style != STYLE_NONE && style != STYLE_AN && style != STYLE_CN && style != STYLE_B) {
            throw new InvalidInputException("nStyle", "must be 0, 1, 0x0F or 0xFF, was " + style);
        }
    }

    private String readBytes(boolean inpatient, int number, int pos, int len, int style) throws Exception {
        HealthCardFile file = recordFile(inpatient, number);
        checkRange(inpatient, pos, len, style);
        byte[] data = service.readRecordBytes(file, pos, len).toByteArray();
        try {
            switch (style) {
                case STYLE_AN:
                    return GbText.decode(data, file.label());
                case STYLE_CN:
                    return Bcd.decodeCn(data, file.label());
                default:
                    return Hex.encodeUpper(data);
            }
        } catch (MalformedDataException e) {
            throw new MalformedCardResponseException(file.label(), -1, pos + Math.max(e.offset(), 0),
                    "bytes " + pos + "+" + len + " are not valid " + (style == STYLE_AN ? "AN" : "CN") + " data", e);
        }
    }

    private void writeBytes(boolean inpatient, int number, String value, int pos, int len, int style)
            throws Exception {
        HealthCardFile file = recordFile(inpatient, number);
        checkRange(inpatient, pos, len, style);
        String v = in(value, "szData");
        byte[] data;
        switch (style) {
            case STYLE_AN:
                data = GbText.encode(v, len);
                break;
            case STYLE_CN:
                data = Bcd.encodeCn(v, len);
                break;
            default:
                byte[] raw = Hex.parse(v, "szData");
                if (raw.length > len) {
                    throw new InvalidInputException("szData", raw.length + " bytes do not fit nLen " + len);
                }
                data = java.util.Arrays.copyOf(raw, len);
        }
        service.updateRecordBytes(file, pos, Bytes.copyOf(data));
    }
}
