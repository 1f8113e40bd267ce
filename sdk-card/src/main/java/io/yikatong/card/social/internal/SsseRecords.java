package io.yikatong.card.social.internal;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.social.SocialSecurityCard;
import io.yikatong.core.Bytes;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.codec.SimpleTlv;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import java.time.LocalDate;
import java.util.Map;

/**
 * Decodes the SSSE records EF05 and EF06 (health-card-spec §3.3–3.4) into the typed model. Every record must be one
 * TLV object with the element's tag; B and CN values must have exactly the element's length, AN values at most that
 * length. Errors are {@link MalformedCardResponseException}s naming the file, the record (its identifier) and the
 * offset, never the bytes.
 *
 * <p>Not API. The class holds no state; all methods are static and thread-safe.
 */
public final class SsseRecords {

    /** The file name used in error messages for EF05. */
    public static final String EF05 = "SSSE/EF05";
    /** The file name used in error messages for EF06. */
    public static final String EF06 = "SSSE/EF06";

    private SsseRecords() {
    }

    /**
     * Decodes EF05.
     *
     * @param records the records as read, by tag (01–07)
     * @return the card data
     * @throws MalformedCardResponseException if a record is missing or malformed
     */
    public static SocialSecurityCard.CardInfo cardInfo(Map<Integer, Bytes> records)
            throws MalformedCardResponseException {
        byte[] id = value(records, SsseElement.IDENTIFICATION_CODE, EF05);
        String region;
        try {
            region = Bcd.decodeN(java.util.Arrays.copyOf(id, 3), "卡识别码 region");
        } catch (MalformedDataException e) {
            throw malformed(EF05, SsseElement.IDENTIFICATION_CODE, e);
        }
        return new SocialSecurityCard.CardInfo(
                Hex.encodeUpper(id),
                text(records, SsseElement.CATEGORY, EF05),
                text(records, SsseElement.SPEC_VERSION, EF05),
                Hex.encodeUpper(value(records, SsseElement.ISSUER_ORG_CODE, EF05)),
                date(records, SsseElement.ISSUE_DATE, EF05),
                date(records, SsseElement.EXPIRY_DATE, EF05),
                text(records, SsseElement.CARD_NUMBER, EF05),
                region);
    }

    /**
     * Decodes EF06; the name extension (4E) is optional.
     *
     * @param records the records as read, by tag
     * @return the holder data, 姓名 and 姓名扩展 joined
     * @throws MalformedCardResponseException if a record is missing or malformed
     */
    public static SocialSecurityCard.Holder holder(Map<Integer, Bytes> records) throws MalformedCardResponseException {
        String name = text(records, SsseElement.NAME, EF06);
        if (records.containsKey(SsseElement.NAME_EXTENSION.tag())) {
            name = name + text(records, SsseElement.NAME_EXTENSION, EF06);
        }
        Gender gender;
        Nation nation;
        String birthPlace = digits(records, SsseElement.BIRTH_PLACE, EF06);
        try {
            gender = Gender.decode(text(records, SsseElement.GENDER, EF06));
        } catch (MalformedDataException e) {
            throw malformed(EF06, SsseElement.GENDER, e);
        }
        try {
            nation = Nation.decode(digits(records, SsseElement.NATION, EF06));
        } catch (MalformedDataException e) {
            throw malformed(EF06, SsseElement.NATION, e);
        }
        return new SocialSecurityCard.Holder(text(records, SsseElement.SOCIAL_SECURITY_NUMBER, EF06), name, gender,
                nation, birthPlace, date(records, SsseElement.BIRTH_DATE, EF06));
    }

    private static byte[] value(Map<Integer, Bytes> records, SsseElement e, String file)
            throws MalformedCardResponseException {
        Bytes record = records.get(e.tag());
        if (record == null) {
            throw new MalformedCardResponseException(file, e.tag(), -1, e.label() + " record missing", null);
        }
        SimpleTlv tlv;
        try {
            tlv = SimpleTlv.decode(record.toByteArray(), e.tag());
        } catch (MalformedDataException ex) {
            throw malformed(file, e, ex);
        }
        int n = tlv.value().length();
        boolean fits = e.encoding() == SsseElement.Encoding.AN ? n <= e.length() : n == e.length();
        if (!fits) {
            throw new MalformedCardResponseException(file, e.tag(), 1, e.label() + ": value of " + n
                    + " bytes, element has " + e.length(), null);
        }
        return tlv.value().toByteArray();
    }

    private static String text(Map<Integer, Bytes> records, SsseElement e, String file)
            throws MalformedCardResponseException {
        try {
            return GbText.decode(value(records, e, file), e.label());
        } catch (MalformedDataException ex) {
            throw malformed(file, e, ex);
        }
    }

    private static String digits(Map<Integer, Bytes> records, SsseElement e, String file)
            throws MalformedCardResponseException {
        try {
            return Bcd.decodeCn(value(records, e, file), e.label());
        } catch (MalformedDataException ex) {
            throw malformed(file, e, ex);
        }
    }

    private static LocalDate date(Map<Integer, Bytes> records, SsseElement e, String file)
            throws MalformedCardResponseException {
        try {
            return Bcd.decodeDate(value(records, e, file), e.label());
        } catch (MalformedDataException ex) {
            throw malformed(file, e, ex);
        }
    }

    private static MalformedCardResponseException malformed(String file, SsseElement e, MalformedDataException cause) {
        // the core codecs' messages name the element and offset, never the bytes
        return new MalformedCardResponseException(file, e.tag(), cause.offset(), cause.getMessage(), cause);
    }

    /**
     * Extracts the historical bytes of an ATR (ISO/IEC 7816-3 §8.2: T0's low nibble counts them; they follow the
     * interface bytes announced by the Y indicators).
     *
     * @param atr the answer to reset
     * @return the historical bytes
     * @throws MalformedCardResponseException if the ATR is shorter than its structure says
     */
    public static Bytes historicalBytes(Bytes atr) throws MalformedCardResponseException {
        byte[] a = atr.toByteArray();
        if (a.length < 2) {
            throw new MalformedCardResponseException("ATR", -1, a.length, "shorter than TS and T0", null);
        }
        int k = a[1] & 0x0F;
        int y = (a[1] & 0xF0) >>> 4;
        int i = 2;
        while (true) {
            int count = Integer.bitCount(y & 0x07);
            boolean td = (y & 0x08) != 0;
            i += count;
            if (!td) {
                break;
            }
            if (i >= a.length) {
                throw new MalformedCardResponseException("ATR", -1, i, "interface byte TD missing", null);
            }
            y = (a[i] & 0xF0) >>> 4;
            i++;
        }
        if (i + k > a.length) {
            throw new MalformedCardResponseException("ATR", -1, i, "historical bytes missing", null);
        }
        return Bytes.copyOf(a, i, k);
    }
}
