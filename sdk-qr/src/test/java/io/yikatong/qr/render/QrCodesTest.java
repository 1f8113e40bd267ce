package io.yikatong.qr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.EncodeHintType;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import io.yikatong.core.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        // lowercase forces byte mode: 99 bytes at H needs version 9; the encoder does not re-case
        QrMatrix lower = QrCodes.encode(Payloads.EHC_DYNAMIC.toLowerCase(Locale.ROOT), ErrorCorrection.H);
        assertEquals(9, lower.version());
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
    void matrixEqualsZxingModuleForModuleForEveryFixedMask() throws Exception {
        List<String> texts = List.of(Payloads.EHC_DYNAMIC, Payloads.EHC_STATIC, Payloads.token(150, 7), "12345678",
                "HELLO WORLD");
        for (String text : texts) {
            for (ErrorCorrection level : ErrorCorrection.values()) {
                for (int mask = 0; mask < 8; mask++) {
                    QrMatrix ours = QrCodes.encode(text, level, QrMask.fixed(mask));
                    ByteMatrix theirs = Encoder.encode(text, ErrorCorrectionLevel.valueOf(level.name()),
                            Map.of(EncodeHintType.QR_MASK_PATTERN, mask)).getMatrix();
                    assertEquals(theirs.getWidth(), ours.size(), text + " " + level + " " + mask);
                    assertEquals(mask, ours.mask());
                    for (int y = 0; y < ours.size(); y++) {
                        for (int x = 0; x < ours.size(); x++) {
                            assertEquals(theirs.get(x, y) == 1, ours.module(x, y),
                                    "module " + x + "," + y + " of " + level + " mask " + mask);
                        }
                    }
                }
            }
        }
    }

    @Test
    void autoMaskPicksOnePatternAndIsDeterministic() {
        QrMatrix a = QrCodes.encode(Payloads.EHC_DYNAMIC, ErrorCorrection.H);
        QrMatrix b = QrCodes.encode(Payloads.EHC_DYNAMIC, ErrorCorrection.H, QrMask.AUTO);
        assertTrue(a.mask() >= 0 && a.mask() <= 7);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        QrMatrix fixed = QrCodes.encode(Payloads.EHC_DYNAMIC, ErrorCorrection.H, QrMask.fixed((a.mask() + 1) % 8));
        assertNotEquals(a, fixed);
    }

    @Test
    void chineseTextIsEncodedAsUtf8AndDecodes() throws Exception {
        String text = "张三:1";
        QrMatrix m = QrCodes.encode(text, ErrorCorrection.M);
        byte[] png = PngRenderer.builder().build().render(m);
        assertEquals(text, ZxingDecoding.decodePng(png));
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

    private static String decodeBack(QrMatrix m) {
        try {
            return ZxingDecoding.decodePng(PngRenderer.builder().build().render(m));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
