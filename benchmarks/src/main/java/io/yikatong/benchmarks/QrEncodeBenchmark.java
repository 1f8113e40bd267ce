package io.yikatong.benchmarks;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import io.nayuki.qrcodegen.QrCode;
import io.nayuki.qrcodegen.QrSegment;
import io.yikatong.qr.render.ErrorCorrection;
import io.yikatong.qr.render.QrCodes;
import io.yikatong.qr.render.QrMask;
import io.yikatong.qr.render.QrMatrix;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * QR matrix encoding (no image) of our payloads: ZXing core's {@code Encoder} against Nayuki qrcodegen's
 * {@code encodeSegments}, and the SDK's {@link QrCodes#encode} on top of the chosen library. Payloads: an EHC dynamic
 * code (99 characters), an EHC static code (66 characters) and a 150-character {@code YKT1:} Base45 signed-token text,
 * all in alphanumeric mode; EC levels H and M; the mask chosen automatically (all 8 patterns encoded and scored) or
 * fixed (pattern 5, the one seen in the Tencent sample, qr-credentials.md §1.4). ZXing is the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QrEncodeBenchmark {

    /** The fixed mask pattern used by the {@code fixed} variants. */
    static final int FIXED_MASK = 5;

    @Param({"ehcDynamic", "ehcStatic", "token150"})
    public String payload;

    @Param({"H", "M"})
    public String ecc;

    @Param({"auto", "fixed"})
    public String mask;

    private String text;
    private QrCode.Ecc nayukiEcc;
    private ErrorCorrectionLevel zxingEcc;
    private int nayukiMask;
    private Map<EncodeHintType, Object> zxingHints;
    private ErrorCorrection sdkEcc;
    private QrMask sdkMask;

    /** Builds the payload text and the per-library options. */
    @Setup
    public void setUp() {
        text = switch (payload) {
            case "ehcDynamic" -> "272EB52D0696FD625B6F3E1A830728532779BEB87520CC83948C50A43F439F58:0:8D7E10969D22699A07C2BDA9B4CE9286";
            case "ehcStatic" -> "E1D10AAC73D0B947060B099128732C969A6EF97A6014BF41B3D19EEF9A4FBB18:1";
            case "token150" -> tokenText(150);
            default -> throw new IllegalArgumentException(payload);
        };
        nayukiEcc = "H".equals(ecc) ? QrCode.Ecc.HIGH : QrCode.Ecc.MEDIUM;
        zxingEcc = "H".equals(ecc) ? ErrorCorrectionLevel.H : ErrorCorrectionLevel.M;
        sdkEcc = "H".equals(ecc) ? ErrorCorrection.H : ErrorCorrection.M;
        boolean fixed = "fixed".equals(mask);
        nayukiMask = fixed ? FIXED_MASK : -1;
        zxingHints = fixed ? Map.of(EncodeHintType.QR_MASK_PATTERN, FIXED_MASK) : Map.of();
        sdkMask = fixed ? QrMask.fixed(FIXED_MASK) : QrMask.AUTO;
    }

    /** A deterministic {@code YKT1:} text of Base45 characters (the QR alphanumeric set). */
    static String tokenText(int length) {
        String base45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        Random random = new Random(45);
        StringBuilder sb = new StringBuilder("YKT1:");
        while (sb.length() < length) {
            sb.append(base45.charAt(random.nextInt(base45.length())));
        }
        return sb.toString();
    }

    /**
     * ZXing core, the baseline.
     *
     * @return the encoded symbol
     * @throws WriterException never for these payloads
     */
    @Benchmark
    public QRCode zxingEncoder() throws WriterException {
        return Encoder.encode(text, zxingEcc, zxingHints);
    }

    /**
     * Nayuki qrcodegen, one alphanumeric segment, requested EC level not boosted.
     *
     * @return the encoded symbol
     */
    @Benchmark
    public QrCode nayukiEncodeSegments() {
        return QrCode.encodeSegments(List.of(QrSegment.makeAlphanumeric(text)), nayukiEcc, QrCode.MIN_VERSION,
                QrCode.MAX_VERSION, nayukiMask, false);
    }

    /**
     * The SDK's encoder: the chosen library plus the copy into an immutable {@link QrMatrix}.
     *
     * @return the matrix
     */
    @Benchmark
    public QrMatrix sdkQrCodesEncode() {
        return QrCodes.encode(text, sdkEcc, sdkMask);
    }
}
