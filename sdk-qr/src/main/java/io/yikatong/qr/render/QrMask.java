package io.yikatong.qr.render;

import io.yikatong.core.InvalidInputException;

/**
 * How the encoder picks the QR mask pattern (掩模图形, 0 to 7).
 *
 * <p>{@link #AUTO} encodes all eight patterns and keeps the one with the lowest ISO/IEC 18004 penalty score, which
 * costs most of the encoding time. {@link #fixed(int)} applies one pattern and skips the scoring: scanners read any
 * mask (qr-credentials.md §4.1; the Tencent EHC sample uses pattern 5 where the libraries' scoring picks 0), and the
 * fixed path is 5 to 15 times faster (see {@link QrCodes}). {@link #FAST} is the fixed pattern
 * {@link QrCodes#encode(String, ErrorCorrection)} uses.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class QrMask {

    /** Score all eight patterns and keep the best one. */
    public static final QrMask AUTO = new QrMask(-1);

    /** The default fixed pattern: pattern 5, as in the Tencent EHC sample image. */
    public static final QrMask FAST = new QrMask(5);

    private static final QrMask[] FIXED = new QrMask[8];

    static {
        for (int i = 0; i < FIXED.length; i++) {
            FIXED[i] = i == 5 ? FAST : new QrMask(i);
        }
    }

    private final int pattern;

    private QrMask(int pattern) {
        this.pattern = pattern;
    }

    /**
     * Returns a fixed mask pattern.
     *
     * @param pattern the pattern number, 0 to 7
     * @return the mask choice
     * @throws InvalidInputException if {@code pattern} is outside 0 to 7
     */
    public static QrMask fixed(int pattern) {
        if (pattern < 0 || pattern > 7) {
            throw new InvalidInputException("pattern", "must be 0 to 7, was " + pattern);
        }
        return FIXED[pattern];
    }

    /**
     * Tells whether the encoder scores all patterns.
     *
     * @return {@code true} for {@link #AUTO}
     */
    public boolean isAuto() {
        return pattern < 0;
    }

    /**
     * Returns the fixed pattern number.
     *
     * @return 0 to 7, or -1 for {@link #AUTO}
     */
    public int pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return isAuto() ? "QrMask[auto]" : "QrMask[" + pattern + "]";
    }
}
