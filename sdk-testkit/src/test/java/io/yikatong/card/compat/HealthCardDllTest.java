package io.yikatong.card.compat;

import io.yikatong.testkit.card.FaultyCardTransport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.AuthenticationFailedException;
import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CardTransport;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.StatusWord;
import io.yikatong.card.compat.internal.DllRefusalException;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.VisitKind;
import io.yikatong.card.health.VisitRecord;
import io.yikatong.card.health.security.CardFactors;
import io.yikatong.card.health.security.HealthCardKey;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.card.health.security.InsecureSoftwareSecurityModule;
import io.yikatong.core.Bytes;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.testkit.card.AccessCondition;
import io.yikatong.testkit.card.HealthCardProfile;
import io.yikatong.testkit.card.InsecureDevelopmentPki;
import io.yikatong.testkit.card.RecordStructure;
import io.yikatong.testkit.card.VirtualCard;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualHealthCards;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The DLL facade on the virtual health card: values against the profile, write-then-read, every return code. */
class HealthCardDllTest {

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    private final HealthCardProfile profile = VirtualHealthCards.example();
    private final VirtualCard card = VirtualHealthCards.card(profile, new SplittableRandom(7));

    private HealthCardDll dll(CardTransport t, HealthCardSecurityModule sam) {
        return HealthCardDll.open(CardSession.builder(t).readChunk(256).build(), sam);
    }

    private HealthCardDll dll() {
        return dll(new VirtualCardTransport(card), InsecureDevelopmentPki.securityModule());
    }

    private static StringBuilder[] sb(int n) {
        StringBuilder[] b = new StringBuilder[n];
        for (int i = 0; i < n; i++) {
            b[i] = new StringBuilder("stale");
        }
        return b;
    }

    private static List<String> strings(StringBuilder[] b) {
        List<String> l = new ArrayList<>();
        for (StringBuilder s : b) {
            l.add(s.toString());
        }
        return l;
    }

    // ------------------------------------------------------------------------------------------- DDF1

    @Test
    void readsDdf1AsTheProfileHoldsIt() {
        HealthCardDll d = dll();
        StringBuilder[] ef05 = sb(10);
        assertEquals(0, d.iR_DDF1EF05Info(ef05[0], ef05[1], ef05[2], ef05[3], ef05[4], ef05[5], ef05[6], ef05[7], ef05[8],
                ef05[9]));
        assertEquals(List.of(profile.cardType(), profile.specVersion(), profile.issuerName(), profile.issuerCode(),
                profile.issuerCertificate().toHex().toUpperCase(Locale.ROOT), profile.issueDate().format(YYYYMMDD),
                profile.cardNumber(), profile.securityCode(), profile.chipSerial(), profile.cityCode()), strings(ef05));

        StringBuilder[] ef06 = sb(5);
        assertEquals(0, d.iR_DDF1EF06Info(ef06[0], ef06[1], ef06[2], ef06[3], ef06[4]));
        assertEquals(List.of(profile.name(), profile.gender().code(), profile.nation().code(),
                profile.birthDate().format(YYYYMMDD), profile.idNumber().value()), strings(ef06));
        assertEquals("2", ef06[1].toString(), "gender as the code digit");
        assertEquals("01", ef06[2].toString(), "nation as 2 digits");

        StringBuilder photo = new StringBuilder();
        assertEquals(0, d.iR_DDF1EF07Info(photo));
        assertEquals(profile.photo(), Bytes.fromHex(photo.toString()));
        assertTrue(photo.toString().startsWith("FFD8FF"), "upper-case hex of the JPEG");

        StringBuilder[] ef08 = sb(6);
        assertEquals(0, d.iR_DDF1EF08Info(ef08[0], ef08[1], ef08[2], ef08[3], ef08[4], ef08[5]));
        assertEquals(List.of(profile.validUntil().format(YYYYMMDD), profile.phone1(), profile.phone2(),
                profile.paymentModes().get(0), profile.paymentModes().get(1), ""), strings(ef08));
        assertTrue(d.lastError().isEmpty());
    }

    @Test
    void issuanceOnlyWritesAreRefusedWithoutTouchingTheCard() {
        HealthCardDll d = dll();
        long before = card.commandCount();
        assertEquals(108, d.iW_DDF1EF05Info("1", "1.00", "x", "1", "", "20200101", "1", "1", "1", "110105"));
        assertInstanceOf(DllRefusalException.class, d.lastError().orElseThrow());
        assertEquals(108, d.iW_DDF1EF06Info("李四", "1", "01", "20000101", "110105200001010011"));
        assertEquals(109, d.iW_DDF1EF07Info("FFD8FF"));
        assertEquals(before, card.commandCount());
        StringBuilder[] ef06 = sb(5);
        assertEquals(0, d.iR_DDF1EF06Info(ef06[0], ef06[1], ef06[2], ef06[3], ef06[4]));
        assertEquals(profile.name(), ef06[0].toString());
    }

    // ------------------------------------------------------------------------------------------- writes

    @Test
    void everyWritableFileReadsBackInANewSession() {
        HealthCardDll w = dll();
        assertEquals(0, w.iW_DDF1EF08Info("20350131", "13900000000", "010-12345678", "02", "05", "99"));
        assertEquals(0, w.iW_DF01EF05Info("01", "北京市东城区虚拟胡同1号", "03", "北京市西城区示例路2号"));
        assertEquals(0, w.iW_DF01EF06Info("王五", "10", "13800000001", "赵六", "20", "13800000002", "钱七", "30",
                "13800000003"));
        assertEquals(0, w.iW_DF01EF07Info("21", "20", "X01"));
        assertEquals(0, w.iW_DF01EF08Info("01", "11010519491231002X", "JK0000000000001", "XNH00001"));
        assertEquals(0, w.iW_DF02EF05Info("01", "2", "01", "00", "1", "0", "FF", "01", "00", "00", "01", "00", "00",
                "01", "青霉素过敏史"));
        assertEquals(0, w.iW_DF02EF06Info("01"));
        assertEquals(0, w.iW_DF02EF07Info("青霉素", "皮疹"));
        assertEquals(0, w.iW_DF02EF07Info("花粉", "哮喘"));
        assertEquals(0, w.iW_DF02EF08Info("麻疹疫苗", "20200501"));
        assertEquals(0, w.iW_DF02EF08Info("流感疫苗", ""));

        HealthCardDll r = dll();
        StringBuilder[] b = sb(6);
        assertEquals(0, r.iR_DDF1EF08Info(b[0], b[1], b[2], b[3], b[4], b[5]));
        assertEquals(List.of("20350131", "13900000000", "010-12345678", "02", "05", "99"), strings(b));
        b = sb(4);
        assertEquals(0, r.iR_DF01EF05Info(b[0], b[1], b[2], b[3]));
        assertEquals(List.of("01", "北京市东城区虚拟胡同1号", "03", "北京市西城区示例路2号"), strings(b));
        b = sb(9);
        assertEquals(0, r.iR_DF01EF06Info(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8]));
        assertEquals(List.of("王五", "10", "13800000001", "赵六", "20", "13800000002", "钱七", "30", "13800000003"),
                strings(b));
        b = sb(3);
        assertEquals(0, r.iR_DF01EF07Info(b[0], b[1], b[2]));
        assertEquals(List.of("21", "20", "X01"), strings(b));
        b = sb(4);
        assertEquals(0, r.iR_DF01EF08Info(b[0], b[1], b[2], b[3]));
        assertEquals(List.of("01", "11010519491231002X", "JK0000000000001", "XNH00001"), strings(b));
        b = sb(15);
        assertEquals(0, r.iR_DF02EF05Info(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                b[12], b[13], b[14]));
        assertEquals(List.of("1", "2", "01", "00", "01", "00", "FF", "01", "00", "00", "01", "00", "00", "01",
                "青霉素过敏史"), strings(b), "codes as digits, flags as the raw byte in hex");
        b = sb(1);
        assertEquals(0, r.iR_DF02EF06Info(b[0]));
        assertEquals("01", b[0].toString());
        b = sb(2);
        assertEquals(0, r.iR_DF02EF07Info(1, b[0], b[1]));
        assertEquals(List.of("花粉", "哮喘"), strings(b), "newest first");
        assertEquals(0, r.iR_DF02EF07Info(2, b[0], b[1]));
        assertEquals(List.of("青霉素", "皮疹"), strings(b));
        assertEquals(103, r.iR_DF02EF07Info(3, b[0], b[1]), "nothing written in record 3");
        assertEquals(List.of("", ""), strings(b), "buffers are cleared on failure");
        assertEquals(0, r.iR_DF02EF08Info(1, b[0], b[1]));
        assertEquals(List.of("流感疫苗", ""), strings(b));
        assertEquals(0, r.iR_DF02EF08Info(2, b[0], b[1]));
        assertEquals(List.of("麻疹疫苗", "20200501"), strings(b));
    }

    @Test
    void aFreshCardReadsEmptyValues() {
        HealthCardDll d = dll();
        StringBuilder[] b = sb(15);
        assertEquals(0, d.iR_DF02EF05Info(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                b[12], b[13], b[14]));
        assertEquals("", b[0].toString(), "ABO byte 00 = not recorded");
        assertEquals("", b[1].toString(), "Rh FF = not recorded");
        assertEquals("00", b[2].toString());
        b = sb(9);
        assertEquals(0, d.iR_DF01EF06Info(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8]));
        assertEquals(List.of("", "", "", "", "", "", "", "", ""), strings(b));
    }

    @Test
    void badInputsAreParameterErrorsAndWriteNothing() {
        HealthCardDll d = dll();
        assertEquals(101, d.iW_DDF1EF08Info("20350231", "", "", "", "", ""), "no 31 February");
        assertEquals(101, d.iW_DDF1EF08Info("2035013", "", "", "", "", ""));
        assertEquals(101, d.iW_DDF1EF08Info("20350131", "", "", "1", "", ""), "payment method must be 2 digits");
        assertEquals(101, d.iW_DDF1EF08Info(null, "", "", "", "", ""));
        assertEquals(101, d.iW_DF01EF05Info("01", "长".repeat(51), "", ""), "address over 100 bytes");
        assertEquals(101, d.iW_DF02EF05Info("7", "", "00", "00", "00", "00", "00", "00", "00", "00", "00", "00", "00",
                "00", ""), "no ABO code 7");
        assertEquals(101, d.iW_DF02EF06Info("100"));
        assertEquals(101, d.iW_DF02EF06Info("GG"));
        assertEquals(101, d.iW_DF02EF08Info("疫苗", "2020-05-01"));
        StringBuilder[] b = sb(2);
        assertEquals(101, d.iR_DF02EF07Info(0, b[0], b[1]));
        assertEquals(101, d.iR_DF02EF07Info(4, b[0], b[1]));
        assertEquals(101, d.iR_DF02EF08Info(11, b[0], b[1]));
        assertEquals(101, d.iW_DF03EF05Info(4));
        assertEquals(101, d.iErase_DF03EF06Info(6));
        assertInstanceOf(io.yikatong.core.InvalidInputException.class, d.lastError().orElseThrow());
        b = sb(6);
        assertEquals(0, d.iR_DDF1EF08Info(b[0], b[1], b[2], b[3], b[4], b[5]));
        assertEquals(profile.validUntil().format(YYYYMMDD), b[0].toString());
        assertThrows(NullPointerException.class, () -> d.iR_DF02EF06Info(null));
    }

    // ------------------------------------------------------------------------------------------- DF03

    @Test
    void indexFlagsAndNextSlots() {
        HealthCardDll d = dll();
        StringBuilder[] in = sb(3);
        StringBuilder[] out = sb(5);
        assertEquals(0, d.iR_DF03EF05Info(in[0], in[1], in[2]));
        assertEquals(List.of("FF", "FF", "FF"), strings(in));
        assertEquals(1, d.iReader_GetLastEEIndex());
        assertEquals(0, d.iW_DF03EF05Info(1));
        assertEquals(0, d.iW_DF03EF05Info(3));
        assertEquals(0, d.iR_DF03EF05Info(in[0], in[1], in[2]));
        assertEquals(List.of("00", "FF", "00"), strings(in));
        assertEquals(2, d.iReader_GetLastEEIndex());
        assertEquals(0, d.iErase_DF03EF05Info(1));
        assertEquals(0, d.iR_DF03EF05Info(in[0], in[1], in[2]));
        assertEquals(List.of("FF", "FF", "00"), strings(in));

        assertEquals(1, d.iReader_GetLastEDIndex());
        for (int s = 1; s <= 4; s++) {
            assertEquals(0, d.iW_DF03EF06Info(s));
        }
        assertEquals(5, d.iReader_GetLastEDIndex());
        assertEquals(0, d.iErase_DF03EF06Info(2));
        assertEquals(0, d.iR_DF03EF06Info(out[0], out[1], out[2], out[3], out[4]));
        assertEquals(List.of("00", "FF", "00", "00", "FF"), strings(out));
        assertEquals(2, d.iReader_GetLastEDIndex());
    }

    @Test
    void byteAddressedFunctionsInEveryStyle() {
        HealthCardDll d = dll();
        StringBuilder s = new StringBuilder();
        // AN: GBK text padded with 00
        assertEquals(0, d.iW_DF03EDInfo(2, "内科", 105, 50, HealthCardDll.STYLE_AN));
        assertEquals(0, d.iR_DF03EDInfo(2, s, 105, 50, HealthCardDll.STYLE_AN));
        assertEquals("内科", s.toString());
        assertEquals(0, d.iR_DF03EDInfo(2, s, 105, 50, HealthCardDll.STYLE_NONE));
        assertEquals(Hex.encodeUpper(GbText.encode("内科", 50)), s.toString());
        // CN: digits padded with F
        assertEquals(0, d.iW_DF03EDInfo(2, "20260101", 80, 7, HealthCardDll.STYLE_CN));
        assertEquals(0, d.iR_DF03EDInfo(2, s, 80, 7, HealthCardDll.STYLE_CN));
        assertEquals("20260101", s.toString());
        assertEquals(0, d.iR_DF03EDInfo(2, s, 80, 7, HealthCardDll.STYLE_B));
        assertEquals("20260101FFFFFF", s.toString());
        // B and none: hex, padded with 00
        assertEquals(0, d.iW_DF03EEInfo(3, "a1b2", 1066, 2, HealthCardDll.STYLE_B));
        assertEquals(0, d.iR_DF03EEInfo(3, s, 1066, 2, HealthCardDll.STYLE_NONE));
        assertEquals("A1B2", s.toString());
        assertEquals(0, d.iW_DF03EEInfo(3, "07", 1066, 2, HealthCardDll.STYLE_NONE));
        assertEquals(0, d.iR_DF03EEInfo(3, s, 1066, 2, HealthCardDll.STYLE_B));
        assertEquals("0700", s.toString());
        // the last byte of the data part is reachable, one more is not
        assertEquals(0, d.iW_DF03EEInfo(1, "5A", 1638, 1, HealthCardDll.STYLE_B));
        assertEquals(0, d.iR_DF03EEInfo(1, s, 1638, 1, HealthCardDll.STYLE_B));
        assertEquals("5A", s.toString());
        assertEquals(101, d.iR_DF03EEInfo(1, s, 1638, 2, HealthCardDll.STYLE_B));
        assertEquals("", s.toString());
        assertEquals(101, d.iW_DF03EEInfo(1, "5A", 1639, 1, HealthCardDll.STYLE_B), "the signature is not data");
        assertEquals(0, d.iR_DF03EDInfo(5, s, 0, 3013, HealthCardDll.STYLE_B));
        assertEquals(2 * 3013, s.length());
        assertEquals(101, d.iR_DF03EDInfo(5, s, 1, 3013, HealthCardDll.STYLE_B));
        assertEquals(101, d.iR_DF03EDInfo(5, s, -1, 2, HealthCardDll.STYLE_B));
        assertEquals(101, d.iR_DF03EDInfo(5, s, 0, 0, HealthCardDll.STYLE_B));
        assertEquals(101, d.iR_DF03EDInfo(5, s, Integer.MAX_VALUE, Integer.MAX_VALUE, HealthCardDll.STYLE_B));
        assertEquals(101, d.iR_DF03EDInfo(5, s, 0, 2, 2), "unknown style");
        assertEquals(101, d.iR_DF03EDInfo(6, s, 0, 2, HealthCardDll.STYLE_B));
        assertEquals(101, d.iR_DF03EEInfo(0, s, 0, 2, HealthCardDll.STYLE_B));
        assertEquals(101, d.iW_DF03EDInfo(1, "12345678901234567", 80, 7, HealthCardDll.STYLE_CN), "14 digits max");
        assertEquals(101, d.iW_DF03EDInfo(1, "12a", 80, 7, HealthCardDll.STYLE_CN));
        assertEquals(101, d.iW_DF03EDInfo(1, "内科", 105, 3, HealthCardDll.STYLE_AN));
        assertEquals(101, d.iW_DF03EDInfo(1, "010203", 0, 2, HealthCardDll.STYLE_B));
        assertEquals(101, d.iW_DF03EDInfo(1, "0", 0, 2, HealthCardDll.STYLE_B), "odd hex");
        // bytes that are not valid for the requested style: the card's answer is abnormal
        assertEquals(0, d.iW_DF03EDInfo(4, "FF41", 0, 2, HealthCardDll.STYLE_B));
        assertEquals(104, d.iR_DF03EDInfo(4, s, 0, 2, HealthCardDll.STYLE_AN));
        assertInstanceOf(MalformedCardResponseException.class, d.lastError().orElseThrow());
        assertEquals(104, d.iR_DF03EDInfo(4, s, 0, 2, HealthCardDll.STYLE_CN));
    }

    @Test
    void allInfoNeedsAValidSlotAndListsEveryDataItem() throws Exception {
        HealthCardDll d = dll();
        StringBuilder s = new StringBuilder("stale");
        assertEquals(112, d.iR_DF03ED_ALLInfo(1, s), "index flag FF");
        assertEquals("", s.toString());
        assertEquals(112, d.iR_DF03EE_ALLInfo(2, s));
        assertInstanceOf(DllRefusalException.class, d.lastError().orElseThrow());
        assertEquals(101, d.iR_DF03ED_ALLInfo(6, s));

        VisitRecord visit = VisitRecord.builder(VisitKind.OUTPATIENT).item(213, "一卡通虚拟医院").item(214, "YKT0000001")
                .item(215, "20261123100000").item(217, "内科").build();
        assertEquals(1, d.service().writeOutpatientRecord(visit));
        assertEquals(2, d.iReader_GetLastEDIndex());
        assertEquals(0, d.iR_DF03ED_ALLInfo(1, s));
        String all = s.toString();
        assertTrue(all.endsWith("|"));
        String[] items = all.split("\\|", -1);
        assertEquals(170 + 1, items.length, "170 items, each followed by |");
        assertEquals("一卡通虚拟医院", items[0]);
        assertEquals("YKT0000001", items[1]);
        assertEquals("20261123100000", items[2]);
        assertEquals("", items[3]);
        assertEquals("内科", items[4]);
        assertEquals(0, Arrays.stream(items).skip(5).filter(x -> !x.isEmpty()).count(), "the rest is unwritten");

        // inpatient: bytes written with the byte function, the slot marked valid by hand
        assertEquals(0, d.iW_DF03EEInfo(2, "一卡通虚拟医院", 0, 70, HealthCardDll.STYLE_AN));
        assertEquals(0, d.iW_DF03EEInfo(2, "20260301", 80, 4, HealthCardDll.STYLE_CN));
        assertEquals(0, d.iW_DF03EEInfo(2, "7F", 1066, 1, HealthCardDll.STYLE_B));
        assertEquals(0, d.iW_DF03EEInfo(2, "", 84, 2, HealthCardDll.STYLE_CN)); // item 67 unwritten: F padding
        assertEquals(0, d.iW_DF03EF05Info(2));
        int rc = d.iR_DF03EE_ALLInfo(2, s);
        assertEquals(0, rc);
        items = s.toString().split("\\|", -1);
        assertEquals(147 + 1, items.length);
        assertEquals("一卡通虚拟医院", items[0]);
        assertEquals("20260301", items[2]);
        assertEquals("", items[3], "item 67 unwritten");
        assertEquals("7F", items[138 - 64], "B item 138 as hex");
        assertEquals("00", items[139 - 64]);
    }

    // ------------------------------------------------------------------------------------------- return codes

    @Test
    void wrongKeyIsAuthenticationFailed() {
        InsecureSoftwareSecurityModule wrong = InsecureSoftwareSecurityModule.builder()
                .masterKey(HealthCardKey.RK_DDF1, Sm4Key.of(new byte[16])).build();
        HealthCardDll d = dll(new VirtualCardTransport(card), wrong);
        StringBuilder[] b = sb(5);
        assertEquals(106, d.iR_DDF1EF06Info(b[0], b[1], b[2], b[3], b[4]));
        assertInstanceOf(AuthenticationFailedException.class, d.lastError().orElseThrow());
        assertEquals(List.of("", "", "", "", ""), strings(b));
    }

    @Test
    void withoutASamOnlyThePublicFileReads() {
        HealthCardDll d = dll(new VirtualCardTransport(card), null);
        StringBuilder[] b = sb(10);
        assertEquals(0, d.iR_DDF1EF05Info(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9]));
        assertEquals(105, d.iR_DDF1EF06Info(b[0], b[1], b[2], b[3], b[4]));
        assertEquals(105, d.iW_DF03EF05Info(1));
        assertEquals(105, d.iReader_GetLastEDIndex());
        // the same through over(): the missing module is named by the service
        HealthCardDll o = HealthCardDll.over(HealthCardService.open(new VirtualCardTransport(card), null));
        assertEquals(105, o.iR_DF01EF05Info(b[0], b[1], b[2], b[3]));
    }

    @Test
    void anyFailureOfTheSecurityModuleIsPsamAbnormal() {
        HealthCardSecurityModule broken = new FailingModule(InsecureDevelopmentPki.securityModule(),
                new CardLinkException(CardErrorCode.LINK_FAILED, "PSAM reader unplugged", null));
        HealthCardDll d = dll(new VirtualCardTransport(card), broken);
        StringBuilder[] b = sb(5);
        assertEquals(105, d.iR_DDF1EF06Info(b[0], b[1], b[2], b[3], b[4]), "not -11: the user card's link is fine");
        // wrapped by over(): recognised by the SAM's proprietary class byte
        HealthCardSecurityModule refusing = new FailingModule(InsecureDevelopmentPki.securityModule(),
                new CardRefusedException(CommandApdu.of(0x80, 0xFA, 0, 0, new byte[16]),
                        StatusWord.CONDITIONS_NOT_SATISFIED, "SAM encrypt"));
        HealthCardDll o = HealthCardDll.over(HealthCardService.builder(CardSession.open(new VirtualCardTransport(card)))
                .securityModule(refusing).build());
        assertEquals(105, o.iR_DDF1EF06Info(b[0], b[1], b[2], b[3], b[4]));
    }

    @Test
    void linkFailuresAreReaderCodes() {
        for (Object[] c : new Object[][] {{CardErrorCode.NO_CARD, -2}, {CardErrorCode.CARD_REMOVED, -4},
            {CardErrorCode.READER_UNAVAILABLE, -11}, {CardErrorCode.LINK_FAILED, -11}, {CardErrorCode.TIMEOUT, -4}}) {
            FaultyCardTransport t = FaultyCardTransport.wrap(new VirtualCardTransport(card));
            HealthCardDll d = dll(t, InsecureDevelopmentPki.securityModule());
            StringBuilder[] b = sb(5);
            assertEquals(0, d.iR_DDF1EF06Info(b[0], b[1], b[2], b[3], b[4]));
            t.failLink((CardErrorCode) c[0]);
            assertEquals(c[1], d.iR_DDF1EF06Info(b[0], b[1], b[2], b[3], b[4]), c[0].toString());
            assertEquals(c[0], ((CardLinkException) d.lastError().orElseThrow()).errorCode());
        }
    }

    @Test
    void cardRefusalsMapByCommand() {
        // 6581 (memory failure) answered to one kind of command: the code names the failed step
        assertEquals(103, refused(0x00, 0xB2, d -> d.iR_DF01EF07Info(new StringBuilder(), new StringBuilder(),
                new StringBuilder())));
        assertEquals(107, refused(0x00, 0xB0, d -> d.iR_DDF1EF07Info(new StringBuilder())));
        assertEquals(107, refused(0x00, 0xB0, d -> d.iR_DF03EEInfo(1, new StringBuilder(), 0, 4, 0)));
        assertEquals(108, refused(0x04, 0xDC, d -> d.iW_DF01EF07Info("21", "20", "X01")));
        assertEquals(108, refused(0x00, 0xDC, d -> d.iW_DF02EF07Info("青霉素", "皮疹")));
        assertEquals(109, refused(0x00, 0xD6, d -> d.iW_DF03EDInfo(1, "00", 0, 1, 0xFF)));
        assertEquals(110, refused(0x84, 0xD2, d -> d.iW_DF03EF06Info(1)));
        assertEquals(111, refused(0x84, 0x0C, d -> d.iErase_DF03EF06Info(1)));
        assertEquals(104, refused(0x00, 0x84, d -> d.iR_DF02EF06Info(new StringBuilder())), "GET CHALLENGE");
        assertEquals(106, refused(0x00, 0x82, d -> d.iR_DF02EF06Info(new StringBuilder())), "EXTERNAL AUTHENTICATE");
    }

    private int refused(int cla, int ins, Function<HealthCardDll, Integer> f) {
        VirtualCard fresh = VirtualHealthCards.card(profile, new SplittableRandom(3));
        FaultyCardTransport t = FaultyCardTransport.wrap(new VirtualCardTransport(fresh))
                .answerInstead(FaultyCardTransport.command(cla, ins), "6581", 0);
        HealthCardDll d = dll(t, InsecureDevelopmentPki.securityModule());
        int rc = f.apply(d);
        assertTrue(t.matches(0) > 0, "the refused command was sent");
        CardRefusedException e = assertInstanceOf(CardRefusedException.class, d.lastError().orElseThrow());
        assertEquals(ins, e.ins());
        return rc;
    }

    @Test
    void missingDf03IsFileNotFound() {
        VirtualCard noDf03 = VirtualCard.builder()
                .atr(VirtualCard.atrWithDiversificationFactor(profile.diversificationFactor()))
                .mf(mf -> mf.df(0xDDF1, ddf1 -> ddf1.records(0xEF05, RecordStructure.LINEAR_VARIABLE, 5, 1,
                        List.of(Bytes.fromHex("3903110105")), AccessCondition.ALWAYS, AccessCondition.NEVER)))
                .build();
        HealthCardDll d = dll(new VirtualCardTransport(noDf03), InsecureDevelopmentPki.securityModule());
        StringBuilder[] b = sb(3);
        assertEquals(102, d.iR_DF03EF05Info(b[0], b[1], b[2]));
        assertEquals(StatusWord.FILE_NOT_FOUND,
                assertInstanceOf(CardRefusedException.class, d.lastError().orElseThrow()).statusWord());
        assertEquals(102, d.iR_DF03EDInfo(1, b[0], 0, 1, 0));
    }

    @Test
    void abnormalPhotoLength() {
        VirtualCardTransport setup = new VirtualCardTransport(card);
        assertEquals("9000", Hex.encodeUpper(setup.card().process(Hex.parse("00A4000002DDF1", "c"))));
        card.grantUpdateRight(0xDDF1);
        assertEquals("9000", Hex.encodeUpper(card.process(Hex.parse("00A4000002EF07", "c"))));
        // length prefix 0C00 = 3072: more than the 3070 image bytes the file can hold
        assertEquals("9000", Hex.encodeUpper(card.process(Hex.parse("00D60000020C00", "c"))));
        HealthCardDll d = dll();
        StringBuilder photo = new StringBuilder("stale");
        assertEquals(113, d.iR_DDF1EF07Info(photo));
        assertEquals("", photo.toString());
        assertInstanceOf(MalformedCardResponseException.class, d.lastError().orElseThrow());
    }

    // ------------------------------------------------------------------------------------------- fuzz

    @Test
    void noMethodThrowsForFuzzedInputs() throws Exception {
        List<Method> methods = new ArrayList<>();
        for (Method m : HealthCardDll.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                    && m.getReturnType() == int.class) {
                methods.add(m);
            }
        }
        methods.sort(Comparator.comparing(Method::getName).thenComparing(Method::getParameterCount));
        assertEquals(38, methods.size(), "every DLL function is fuzzed");
        Set<Integer> codes = Set.of(0, 1, 2, 3, 4, 5, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113,
                -2, -4, -11);
        SplittableRandom random = new SplittableRandom(20240601);
        HealthCardDll d = dll();
        for (int round = 0; round < 12; round++) {
            for (Method m : methods) {
                Class<?>[] types = m.getParameterTypes();
                Object[] args = new Object[types.length];
                List<String> given = new ArrayList<>();
                for (int i = 0; i < types.length; i++) {
                    if (types[i] == int.class) {
                        args[i] = randomInt(random);
                    } else if (types[i] == String.class) {
                        String s = randomString(random);
                        args[i] = s;
                        if (s != null && s.length() >= 6) {
                            given.add(s);
                        }
                    } else {
                        args[i] = new StringBuilder();
                    }
                }
                int rc;
                try {
                    rc = (Integer) m.invoke(d, args);
                } catch (InvocationTargetException e) {
                    throw new AssertionError(m.getName() + " threw", e.getCause());
                }
                assertTrue(codes.contains(rc), m.getName() + " returned " + rc);
                for (Throwable t = d.lastError().orElse(null); t != null; t = t.getCause()) {
                    for (String s : given) {
                        assertFalse(String.valueOf(t.getMessage()).contains(s), m.getName() + " echoes its input");
                    }
                }
            }
        }
    }

    private static int randomInt(SplittableRandom r) {
        int[] edge = {-1, 0, 1, 2, 3, 5, 6, 10, 11, 0x0F, 0xFF, 1638, 1639, 3012, 3013, Integer.MIN_VALUE,
            Integer.MAX_VALUE};
        return r.nextInt(3) == 0 ? r.nextInt() : edge[r.nextInt(edge.length)];
    }

    private static String randomString(SplittableRandom r) {
        switch (r.nextInt(8)) {
            case 0:
                return null;
            case 1:
                return "";
            case 2:
                return Long.toString(r.nextLong(0, Long.MAX_VALUE)).substring(0, 1 + r.nextInt(8));
            case 3:
                return Hex.encodeUpper(new byte[r.nextInt(6)]);
            default:
                StringBuilder sb = new StringBuilder();
                int n = r.nextInt(40);
                for (int i = 0; i < n; i++) {
                    sb.append((char) r.nextInt(r.nextBoolean() ? 0x80 : 0xFFFF));
                }
                return sb.toString();
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** A transport that fails the link or refuses one command kind, on demand. */

    /** A security module whose authentication step fails with a given exception. */
    private static final class FailingModule implements HealthCardSecurityModule {
        private final HealthCardSecurityModule inner;
        private final CardException failure;

        FailingModule(HealthCardSecurityModule inner, CardException failure) {
            this.inner = inner;
            this.failure = failure;
        }

        @Override
        public Bytes authenticationCryptogram(HealthCardKey key, CardFactors factors, Bytes challenge, Bytes input)
                throws CardException {
            throw failure;
        }

        @Override
        public Bytes protectRecordUpdate(HealthCardKey lineKey, CardFactors factors, Bytes challenge, Bytes header,
                Bytes record) throws CardException {
            return inner.protectRecordUpdate(lineKey, factors, challenge, header, record);
        }

        @Override
        public Bytes sign(Bytes message) throws CardException {
            return inner.sign(message);
        }

        @Override
        public Bytes organisationCertificate() throws CardException {
            return inner.organisationCertificate();
        }

        @Override
        public Bytes issuerCertificate() throws CardException {
            return inner.issuerCertificate();
        }

        @Override
        public String description() {
            return "failing test module";
        }

        @Override
        public void close() throws CardException {
            inner.close();
        }
    }
}
