package io.yikatong.qr.render;

import java.util.Arrays;
import java.util.Objects;

/**
 * An encoded QR symbol as a square grid of modules (模块), without quiet zone: {@code module(x, y)} is {@code true} for
 * a dark module. Renderers ({@link PngRenderer}, {@link SvgRenderer}, {@link TerminalRenderer}) add the quiet zone.
 *
 * <p>{@link #toString()} prints the version, size, level and mask only, never the modules (they encode the payload,
 * which may be a credential).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class QrMatrix {

    private final int version;
    private final ErrorCorrection errorCorrection;
    private final int mask;
    private final int size;
    private final long[] bits;

    QrMatrix(int version, ErrorCorrection errorCorrection, int mask, int size, long[] bits) {
        this.version = version;
        this.errorCorrection = Objects.requireNonNull(errorCorrection, "errorCorrection");
        this.mask = mask;
        this.size = size;
        this.bits = bits;
    }

    /**
     * Returns the number of modules per side (21 for version 1, plus 4 per version).
     *
     * @return the side length in modules
     */
    public int size() {
        return size;
    }

    /**
     * Returns the QR version (1 to 40).
     *
     * @return the version
     */
    public int version() {
        return version;
    }

    /**
     * Returns the error-correction level the symbol was encoded with.
     *
     * @return the level
     */
    public ErrorCorrection errorCorrection() {
        return errorCorrection;
    }

    /**
     * Returns the mask pattern applied.
     *
     * @return 0 to 7
     */
    public int mask() {
        return mask;
    }

    /**
     * Returns one module.
     *
     * @param x the column, 0 (left) to {@code size() - 1}
     * @param y the row, 0 (top) to {@code size() - 1}
     * @return {@code true} if the module is dark
     * @throws IndexOutOfBoundsException if {@code x} or {@code y} is outside the symbol
     */
    public boolean module(int x, int y) {
        Objects.checkIndex(x, size);
        Objects.checkIndex(y, size);
        int i = y * size + x;
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    /**
     * Returns one module, or light for a position outside the symbol (the quiet zone).
     *
     * @param x the column, may be outside the symbol
     * @param y the row, may be outside the symbol
     * @return {@code true} if the position is inside the symbol and the module is dark
     */
    public boolean moduleOrLight(int x, int y) {
        if (x < 0 || y < 0 || x >= size || y >= size) {
            return false;
        }
        int i = y * size + x;
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QrMatrix other && version == other.version && mask == other.mask
                && errorCorrection == other.errorCorrection && Arrays.equals(bits, other.bits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, mask, errorCorrection) * 31 + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "QrMatrix[version=" + version + ", size=" + size + ", errorCorrection=" + errorCorrection + ", mask="
                + mask + "]";
    }
}
