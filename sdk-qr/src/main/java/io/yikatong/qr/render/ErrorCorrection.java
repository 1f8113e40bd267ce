package io.yikatong.qr.render;

/**
 * QR error-correction level (纠错等级) with the share of codewords each can restore (ISO/IEC 18004 nominal values).
 *
 * <p>The electronic health card renders at {@link #H}, because its images carry a centre logo
 * (qr-credentials.md §4.1); plain signed-token codes without a logo can use {@link #M}, which gives a smaller symbol.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum ErrorCorrection {
    /** About 7% of the codewords can be restored. */
    L(0.07),
    /** About 15% of the codewords can be restored. */
    M(0.15),
    /** About 25% of the codewords can be restored. */
    Q(0.25),
    /** About 30% of the codewords can be restored; needed for a centre logo. */
    H(0.30);

    private final double recoveryFraction;

    ErrorCorrection(double recoveryFraction) {
        this.recoveryFraction = recoveryFraction;
    }

    /**
     * Returns the nominal share of codewords this level restores.
     *
     * @return a fraction between 0 and 1, for example {@code 0.30} for {@link #H}
     */
    public double recoveryFraction() {
        return recoveryFraction;
    }
}
