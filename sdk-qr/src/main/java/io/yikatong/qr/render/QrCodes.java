package io.yikatong.qr.render;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes text into a {@link QrMatrix} (QR Code Model 2), choosing the smallest version that fits.
 *
 * <p>Mode: one segment, numeric when the text is all digits, <b>alphanumeric</b> when every character is in the QR
 * alphanumeric set ({@code 0-9 A-Z space $ % * + - . / :}), otherwise bytes: plain ASCII bytes for ASCII text, and
 * UTF-8 with an ECI designator (ECI 26) for any other text, so that Chinese text decodes correctly
 * (qr-credentials.md §4.2: without it ZXing-based scanners read ISO-8859-1). EHC codes ({@code <64 hex>:0:<32 hex>})
 * and {@code YKT1:} Base45 signed tokens are therefore alphanumeric, as the platform's own images are (§4.1: a
 * 99-character dynamic code at EC H is version 8, a 66-character static code version 6). The text is never re-cased:
 * lowercase hex would force byte mode and a larger symbol. The requested level is used as is.
 *
 * <p><b>Library choice: ZXing core</b> ({@code com.google.zxing:core}, {@code qrcode.encoder.Encoder}), measured with
 * JMH against Nayuki qrcodegen ({@code QrCode.encodeSegments}, one alphanumeric segment, level not boosted) in
 * {@code benchmarks/.../QrEncodeBenchmark} on a quiet 2-core machine, JDK 17, one thread ({@code -f 1 -wi 2 -w 1s -i 3
 * -r 1s}; benchmarks/results/2026-11-23-qr.md); µs per matrix:
 * <table>
 * <caption>µs per encode, ZXing vs Nayuki</caption>
 * <tr><th>payload</th><th>EC</th><th>mask</th><th>ZXing</th><th>Nayuki</th></tr>
 * <tr><td>token, 150 chars</td><td>M</td><td>fixed</td><td>29.0</td><td>31.9</td></tr>
 * <tr><td>EHC dynamic, 99 chars</td><td>H</td><td>fixed</td><td>36.2</td><td>43.4</td></tr>
 * <tr><td>EHC static, 66 chars</td><td>M</td><td>fixed</td><td>17.7</td><td>21.7</td></tr>
 * <tr><td>EHC static, 66 chars</td><td>H</td><td>fixed</td><td>34.1</td><td>31.4</td></tr>
 * <tr><td>token, 150 chars</td><td>M</td><td>auto</td><td>326</td><td>232</td></tr>
 * <tr><td>EHC dynamic, 99 chars</td><td>H</td><td>auto</td><td>536</td><td>331</td></tr>
 * </table>
 * With the fixed mask this class uses by default, ZXing is as fast or faster (1.0 to 1.2x) except on the static code at
 * EC H (Nayuki 1.09x); with automatic mask selection Nayuki is 1.4 to 1.6x faster. Both stay far below a millisecond,
 * so the decisive facts are the default (fixed mask, where ZXing leads) and that ZXing also decodes — the tests read
 * every rendered image back with it, so one library serves both. Nayuki remains a test dependency that cross-checks our
 * matrices module for module. {@code sdkQrCodesEncode} (ZXing plus the copy into {@link QrMatrix}) is 29.6 µs for the
 * 150-character token at EC M (about 34,000 matrices per second on one core).
 *
 * <p><b>Mask.</b> Scoring the eight mask patterns costs 5 to 15 times the rest of the encoding, so the fixed pattern
 * {@link QrMask#FAST} is the default: it is the only way to stay well under 100 µs for a 150-character token, and
 * scanners read any mask (§4.1). Decoding 1,800 seeded token images (2 to 4 px per module) with ZXing's
 * finder-pattern detector missed 0.61% of the {@code AUTO} symbols and 0.56% of the mask-5 symbols, so the score does
 * not buy readability here. Pass {@link QrMask#AUTO} to score all eight patterns anyway.
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class QrCodes {

    private static final Map<EncodeHintType, Object> UTF8 = Map.of(EncodeHintType.CHARACTER_SET, "UTF-8");

    private QrCodes() {
    }

    /**
     * Encodes text with the fixed mask pattern {@link QrMask#FAST}.
     *
     * @param text the payload, unchanged
     * @param errorCorrection the error-correction level
     * @return the matrix
     * @throws InvalidInputException if the text contains an unpaired surrogate or does not fit version 40 at that
     *     level
     */
    public static QrMatrix encode(String text, ErrorCorrection errorCorrection) {
        return encode(text, errorCorrection, QrMask.FAST);
    }

    /**
     * Encodes text with the given mask choice.
     *
     * @param text the payload, unchanged
     * @param errorCorrection the error-correction level
     * @param mask a fixed pattern such as {@link QrMask#FAST}, or {@link QrMask#AUTO} (best of all eight, slower)
     * @return the matrix
     * @throws InvalidInputException if the text contains an unpaired surrogate or does not fit version 40 at that
     *     level
     */
    public static QrMatrix encode(String text, ErrorCorrection errorCorrection, QrMask mask) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(errorCorrection, "errorCorrection");
        Objects.requireNonNull(mask, "mask");
        boolean ascii = requireWellFormed(text);
        Map<EncodeHintType, Object> hints;
        if (mask.isAuto()) {
            hints = ascii ? Map.of() : UTF8;
        } else if (ascii) {
            hints = Map.of(EncodeHintType.QR_MASK_PATTERN, mask.pattern());
        } else {
            hints = Map.of(EncodeHintType.QR_MASK_PATTERN, mask.pattern(), EncodeHintType.CHARACTER_SET, "UTF-8");
        }
        QRCode code;
        try {
            code = Encoder.encode(text, level(errorCorrection), hints);
        } catch (WriterException e) {
            throw new InvalidInputException(CoreErrorCode.INVALID_INPUT, "text",
                    "does not fit a QR code at error-correction level " + errorCorrection + " (" + text.length()
                            + " characters)", e);
        }
        byte[][] modules = code.getMatrix().getArray();
        int size = modules.length;
        long[] bits = new long[(size * size + 63) >>> 6];
        int i = 0;
        for (int y = 0; y < size; y++) {
            byte[] row = modules[y];
            for (int x = 0; x < size; x++, i++) {
                if (row[x] == 1) {
                    bits[i >>> 6] |= 1L << i;
                }
            }
        }
        return new QrMatrix(code.getVersion().getVersionNumber(), errorCorrection, code.getMaskPattern(), size, bits);
    }

    /** Rejects unpaired surrogates (they would be replaced silently); returns whether the text is ASCII. */
    private static boolean requireWellFormed(String text) {
        boolean ascii = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            ascii = false;
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
        return ascii;
    }

    private static ErrorCorrectionLevel level(ErrorCorrection level) {
        return switch (level) {
            case L -> ErrorCorrectionLevel.L;
            case M -> ErrorCorrectionLevel.M;
            case Q -> ErrorCorrectionLevel.Q;
            case H -> ErrorCorrectionLevel.H;
        };
    }
}
