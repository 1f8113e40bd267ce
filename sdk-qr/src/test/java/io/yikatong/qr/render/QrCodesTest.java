package io.yikatong.qr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nayuki.qrcodegen.QrCode;
import io.nayuki.qrcodegen.QrSegment;
import io.yikatong.core.InvalidInputException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class QrCodesTest {

    @Test
    void ehcCodesUseAlphanumericModeAtTheVersionsOfThePlatformImages() {
        // §4.1: dynamic (99 chars) is version 8 at H only in alphanumeric mode (byte mode holds 84 bytes at 8-H)
        QrMatrix dynamic = QrCodes.encode(Payloads.EHC_DYNAMIC, ErrorCorrection.H);
        assertEquals(8, dynamic.version());
        assertEquals(49, dynamic.size());
        assertEquals(ErrorCorrection.H, dynamic.errorCorrection());
        QrMatrix stat = QrCodes.encode(Payloads.EHC_STATIC, ErrorCorrection.H);
        assertEquals(6, stat.version());
        assertEquals(41, stat.size());
        // lowercase forces byte mode, the encoder does not re-case: 4 + 8 + 99 * 8 = 804 bits = 101 codewords, more
        // than the 100 data codewords of 9-H, so version 10 (qr-credentials.md §4.1 says 9, one codeword off)
        QrMatrix lower = QrCodes.encode(Payloads.EHC_DYNAMIC.toLowerCase(Locale.ROOT), ErrorCorrection.H);
        assertEquals(10, lower.version());
    }

    @Test
    void tokenOf150CharactersFitsVersion6AtM() {
        // alphanumeric capacity of 6-M is 154 characters (§4.1 table), byte mode would need version 8
        QrMatrix m = QrCodes.encode(Payloads.token(150, 1), ErrorCorrection.M, QrMask.FAST);
        assertEquals(6, m.version());
        assertEquals(5, m.mask());
        assertEquals(ErrorCorrection.M, m.errorCorrection());
    }

    @Test
    void matrixEqualsNayukiModuleForModuleForEveryFixedMask() {
        // an independent encoder (test scope) as the oracle: same version, same modules, for every level and mask
        List<String> texts = List.of(Payloads.EHC_DYNAMIC, Payloads.EHC_STATIC, Payloads.token(150, 7), "12345678",
                "HELLO WORLD");
        for (String text : texts) {
            for (ErrorCorrection level : ErrorCorrection.values()) {
                for (int mask = 0; mask < 8; mask++) {
                    QrMatrix ours = QrCodes.encode(text, level, QrMask.fixed(mask));
                    QrCode theirs = QrCode.encodeSegments(QrSegment.makeSegments(text), nayuki(level),
                            QrCode.MIN_VERSION, QrCode.MAX_VERSION, mask, false);
                    assertEquals(theirs.size, ours.size(), text + " " + level + " " + mask);
                    assertEquals(theirs.version, ours.version());
                    assertEquals(mask, ours.mask());
                    for (int y = 0; y < ours.size(); y++) {
                        for (int x = 0; x < ours.size(); x++) {
                            assertEquals(theirs.getModule(x, y), ours.module(x, y),
                                    "module " + x + "," + y + " of " + level + " mask " + mask);
                        }
                    }
                }
            }
        }
    }

    @Test
    void defaultIsTheFastMaskAndAutoIsDeterministic() {
        assertEquals(5, QrCodes.encode(Payloads.EHC_DYNAMIC, ErrorCorrection.H).mask());
        assertEquals(QrCodes.encode(Payloads.EHC_DYNAMIC, ErrorCorrection.H),
                QrCodes.encode(Payloads.EHC_DYNAMIC, ErrorCorrection.H, QrMask.FAST));
        QrMatrix a = QrCodes.encode(Payloads.EHC_DYNAMIC, ErrorCorrection.H, QrMask.AUTO);
        QrMatrix b = QrCodes.encode(Payloads.EHC_DYNAMIC, ErrorCorrection.H, QrMask.AUTO);
        assertTrue(a.mask() >= 0 && a.mask() <= 7);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        QrMatrix fixed = QrCodes.encode(Payloads.EHC_DYNAMIC, ErrorCorrection.H, QrMask.fixed((a.mask() + 1) % 8));
        assertNotEquals(a, fixed);
    }

    @Test
    void chineseTextIsEncodedAsUtf8AndDecodes() throws Exception {
        for (String text : List.of("张三:1", "欧阳娜娜 ÄÖ", "https://example.com/é")) {
            for (QrMask mask : List.of(QrMask.AUTO, QrMask.FAST)) {
                byte[] png = PngRenderer.builder().build().render(QrCodes.encode(text, ErrorCorrection.M, mask));
                assertEquals(text, ZxingDecoding.decodePng(png), text + " " + mask);
            }
        }
    }

    @Test
    void rejectsTextThatDoesNotFitOrIsMalformed() {
        String tooLong = "A".repeat(1853); // 40-H holds 1852 alphanumeric characters
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> QrCodes.encode(tooLong, ErrorCorrection.H));
        assertEquals("text", e.field());
        assertEquals(40, QrCodes.encode("A".repeat(1852), ErrorCorrection.H, QrMask.FAST).version());
        assertEquals("text", assertThrows(InvalidInputException.class,
                () -> QrCodes.encode("ab\uD800", ErrorCorrection.M)).field());
        assertEquals("text", assertThrows(InvalidInputException.class,
                () -> QrCodes.encode("\uDC00ab", ErrorCorrection.M)).field());
        assertEquals("pattern", assertThrows(InvalidInputException.class, () -> QrMask.fixed(8)).field());
        assertThrows(InvalidInputException.class, () -> QrMask.fixed(-1));
        assertThrows(NullPointerException.class, () -> QrCodes.encode(null, ErrorCorrection.M));
        // a paired surrogate is fine
        assertEquals("\uD83D\uDE00", decodeBack(QrCodes.encode("\uD83D\uDE00", ErrorCorrection.M)));
    }

    @Test
    void moduleBoundsAndToString() {
        QrMatrix m = QrCodes.encode("HELLO", ErrorCorrection.L, QrMask.fixed(2));
        assertEquals(21, m.size());
        assertThrows(IndexOutOfBoundsException.class, () -> m.module(21, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.module(0, -1));
        assertFalse(m.moduleOrLight(-1, 0));
        assertFalse(m.moduleOrLight(0, 21));
        assertTrue(m.module(0, 0)); // finder pattern corner
        assertEquals("QrMatrix[version=1, size=21, errorCorrection=L, mask=2]", m.toString());
        assertEquals("QrMask[2]", QrMask.fixed(2).toString());
        assertEquals("QrMask[auto]", QrMask.AUTO.toString());
        assertTrue(QrMask.AUTO.isAuto());
        assertFalse(QrMask.FAST.isAuto());
    }

    private static QrCode.Ecc nayuki(ErrorCorrection level) {
        return switch (level) {
            case L -> QrCode.Ecc.LOW;
            case M -> QrCode.Ecc.MEDIUM;
            case Q -> QrCode.Ecc.QUARTILE;
            case H -> QrCode.Ecc.HIGH;
        };
    }

    private static String decodeBack(QrMatrix m) {
        try {
            return ZxingDecoding.decodePng(PngRenderer.builder().build().render(m));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
