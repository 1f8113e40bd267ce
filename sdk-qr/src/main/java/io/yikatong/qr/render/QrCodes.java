package io.yikatong.qr.render;

import io.nayuki.qrcodegen.DataTooLongException;
import io.nayuki.qrcodegen.QrCode;
import io.nayuki.qrcodegen.QrSegment;
import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * Encodes text into a {@link QrMatrix} (QR Code Model 2), choosing the smallest version that fits.
 *
 * <p>Mode: one segment, numeric when the text is all digits, <b>alphanumeric</b> when every character is in the QR
 * alphanumeric set ({@code 0-9 A-Z space $ % * + - . / :}), otherwise UTF-8 bytes without an ECI header (read
 * correctly by common scanners, qr-credentials.md §4.2). EHC codes ({@code <64 hex>:0:<32 hex>}) and {@code YKT1:}
 * Base45 signed tokens are therefore alphanumeric, as the platform's own images are (§4.1: a 99-character dynamic code
 * at EC H is version 8, a 66-character static code version 6). The text is never re-cased: lowercase hex would force
 * byte mode and a larger symbol. The requested level is used as is (not raised when a higher one would fit).
 *
 * <p><b>Library choice: Nayuki qrcodegen</b> ({@code io.nayuki:qrcodegen}), measured with JMH against ZXing core's
 * {@code Encoder} in {@code benchmarks/.../QrEncodeBenchmark} (JDK 17, 2 shared vCPUs, short run, µs per matrix):
 * <table>
 * <caption>µs per encode (Nayuki / ZXing)</caption>
 * <tr><th>payload</th><th>EC</th><th>auto mask</th><th>fixed mask</th></tr>
 * <tr><td>EHC dynamic, 99 chars</td><td>H</td><td>NAYUKI_DH_A / ZXING_DH_A</td><td>NAYUKI_DH_F / ZXING_DH_F</td></tr>
 * <tr><td>EHC static, 66 chars</td><td>H</td><td>NAYUKI_SH_A / ZXING_SH_A</td><td>NAYUKI_SH_F / ZXING_SH_F</td></tr>
 * <tr><td>token, 150 chars</td><td>M</td><td>NAYUKI_TM_A / ZXING_TM_A</td><td>NAYUKI_TM_F / ZXING_TM_F</td></tr>
 * </table>
 * Nayuki is also a small encoder-only library without dependencies; ZXing stays a test dependency only, to decode the
 * rendered images back in tests. Scoring the eight mask patterns dominates the cost: {@link QrMask#FAST} (one fixed
 * pattern) is the option for bulk issuing, {@link #encode(String, ErrorCorrection)} keeps the automatic choice.
 *
 * <p>Thread-safe; the methods are static and keep no state.
 *
 * @since 0.1
 */
public final class QrCodes {

    private QrCodes() {
    }

    /**
     * Encodes text with the mask pattern chosen automatically (best penalty score of all eight).
     *
     * @param text the payload, unchanged
     * @param errorCorrection the error-correction level
     * @return the matrix
     * @throws InvalidInputException if the text contains an unpaired surrogate or does not fit version 40 at that
     *     level
     */
    public static QrMatrix encode(String text, ErrorCorrection errorCorrection) {
        return encode(text, errorCorrection, QrMask.AUTO);
    }

    /**
     * Encodes text with the given mask choice.
     *
     * @param text the payload, unchanged
     * @param errorCorrection the error-correction level
     * @param mask {@link QrMask#AUTO}, or a fixed pattern such as {@link QrMask#FAST} (faster; scanners accept any)
     * @return the matrix
     * @throws InvalidInputException if the text contains an unpaired surrogate or does not fit version 40 at that
     *     level
     */
    public static QrMatrix encode(String text, ErrorCorrection errorCorrection, QrMask mask) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(errorCorrection, "errorCorrection");
        Objects.requireNonNull(mask, "mask");
        requireWellFormed(text);
        List<QrSegment> segments = QrSegment.makeSegments(text);
        QrCode code;
        try {
            code = QrCode.encodeSegments(segments, ecc(errorCorrection), QrCode.MIN_VERSION, QrCode.MAX_VERSION,
                    mask.pattern(), false);
        } catch (DataTooLongException e) {
            throw new InvalidInputException(CoreErrorCode.INVALID_INPUT, "text",
                    "too long for a QR code at error-correction level " + errorCorrection + " (" + text.length()
                            + " characters)", e);
        }
        int size = code.size;
        long[] bits = new long[(size * size + 63) >>> 6];
        int i = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++, i++) {
                if (code.getModule(x, y)) {
                    bits[i >>> 6] |= 1L << i;
                }
            }
        }
        return new QrMatrix(code.version, errorCorrection, code.mask, size, bits);
    }

    private static void requireWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new InvalidInputException("text", "unpaired surrogate at index " + i);
            }
            if (Character.isLowSurrogate(c)) {
                throw new InvalidInputException("text", "unpaired surrogate at index " + i);
            }
        }
    }

    private static QrCode.Ecc ecc(ErrorCorrection level) {
        return switch (level) {
            case L -> QrCode.Ecc.LOW;
            case M -> QrCode.Ecc.MEDIUM;
            case Q -> QrCode.Ecc.QUARTILE;
            case H -> QrCode.Ecc.HIGH;
        };
    }
}
