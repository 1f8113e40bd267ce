package io.yikatong.qr.render;

import io.yikatong.core.InvalidInputException;
import java.util.Objects;

/**
 * Renders a {@link QrMatrix} as an SVG document: a white background rectangle and <b>one</b> black path made of
 * horizontal runs of dark modules, in module units ({@code viewBox}), with {@code shape-rendering="crispEdges"} so
 * that browsers do not anti-alias the module edges.
 *
 * <p>Each run is written as {@code M<x>,<y>h<n>v1h-<n>z}, with {@code x} and {@code y} counted in modules from the
 * top-left corner of the image (quiet zone included).
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class SvgRenderer {

    private final int moduleSize;
    private final int quietZone;

    private SvgRenderer(Builder builder) {
        this.moduleSize = builder.moduleSize;
        this.quietZone = builder.quietZone;
    }

    /**
     * Returns a builder with module size 4 (the {@code width} and {@code height} in pixels) and quiet zone 4 modules.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Renders a matrix.
     *
     * @param matrix the symbol
     * @return the SVG document, UTF-8 friendly ASCII text
     */
    public String render(QrMatrix matrix) {
        Objects.requireNonNull(matrix, "matrix");
        int size = matrix.size();
        int modules = size + 2 * quietZone;
        int pixels = modules * moduleSize;
        StringBuilder sb = new StringBuilder(256 + size * size * 3);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 ")
                .append(modules).append(' ').append(modules).append("\" width=\"").append(pixels)
                .append("\" height=\"").append(pixels).append("\" shape-rendering=\"crispEdges\">\n")
                .append("<rect width=\"").append(modules).append("\" height=\"").append(modules)
                .append("\" fill=\"#FFFFFF\"/>\n<path fill=\"#000000\" d=\"");
        for (int y = 0; y < size; y++) {
            int x = 0;
            while (x < size) {
                if (!matrix.module(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < size && matrix.module(x, y)) {
                    x++;
                }
                int run = x - start;
                sb.append('M').append(start + quietZone).append(',').append(y + quietZone).append('h').append(run)
                        .append("v1h-").append(run).append('z');
            }
        }
        return sb.append("\"/>\n</svg>\n").toString();
    }

    @Override
    public String toString() {
        return "SvgRenderer[moduleSize=" + moduleSize + ", quietZone=" + quietZone + "]";
    }

    /**
     * Configures an {@link SvgRenderer}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {

        private int moduleSize = PngRenderer.DEFAULT_MODULE_SIZE;
        private int quietZone = PngRenderer.DEFAULT_QUIET_ZONE;

        private Builder() {
        }

        /**
         * Sets the nominal size of one module, which fixes the {@code width} and {@code height} attributes.
         *
         * @param pixels 1 to 64
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder moduleSize(int pixels) {
            if (pixels < 1 || pixels > 64) {
                throw new InvalidInputException("moduleSize", "must be 1 to 64 pixels, was " + pixels);
            }
            this.moduleSize = pixels;
            return this;
        }

        /**
         * Sets the quiet zone around the symbol.
         *
         * @param modules 2 to 16
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder quietZone(int modules) {
            if (modules < 2 || modules > 16) {
                throw new InvalidInputException("quietZone", "must be 2 to 16 modules, was " + modules);
            }
            this.quietZone = modules;
            return this;
        }

        /**
         * Builds the renderer.
         *
         * @return a new renderer
         */
        public SvgRenderer build() {
            return new SvgRenderer(this);
        }
    }
}
