package io.yikatong.qr.render;

import io.yikatong.core.InvalidInputException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Renders a {@link QrMatrix} as a PNG image: black modules on white, a square of {@code moduleSize} pixels per module,
 * a quiet zone around the symbol and optionally a logo in the centre (as on the electronic health card, whose image
 * has the "NRHC" badge over about 13.5% of the modules at EC H, qr-credentials.md §1.4).
 *
 * <p><b>Logo budget.</b> The logo sits on a white square of whole modules centred on the symbol; every module under
 * the square is lost and must be restored by error correction. The square may cover at most half of the level's
 * nominal recovery share ({@link #maxLogoAreaFraction(ErrorCorrection)}: H 15%, Q 12.5%, M 7.5%, L 3.5% of the
 * modules), leaving the other half for print and scan damage. This rule of thumb is an inference [I], tested by
 * decoding with ZXing; a larger logo is refused with {@link InvalidInputException}.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class PngRenderer {

    /** The default size of one module, in pixels. */
    public static final int DEFAULT_MODULE_SIZE = 4;

    /** The default quiet zone, in modules (ISO/IEC 18004). */
    public static final int DEFAULT_QUIET_ZONE = 4;

    private static final int MAX_IMAGE_SIDE = 8192;

    private final int moduleSize;
    private final int quietZone;
    private final BufferedImage logo;
    private final double logoAreaFraction;

    private PngRenderer(Builder builder) {
        this.moduleSize = builder.moduleSize;
        this.quietZone = builder.quietZone;
        this.logo = builder.logo;
        this.logoAreaFraction = builder.logoAreaFraction;
    }

    /**
     * Returns a builder with module size 4 px, quiet zone 4 modules and no logo.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the largest share of the symbol's modules a centre logo may cover at a level.
     *
     * @param level the error-correction level
     * @return half the level's nominal recovery share, for example {@code 0.15} at {@link ErrorCorrection#H}
     */
    public static double maxLogoAreaFraction(ErrorCorrection level) {
        return Objects.requireNonNull(level, "level").recoveryFraction() / 2;
    }

    /**
     * Renders a matrix as PNG bytes.
     *
     * @param matrix the symbol
     * @return the PNG file content (a fresh array)
     * @throws InvalidInputException if the configured logo covers more than {@link #maxLogoAreaFraction} of this
     *     matrix at its level, or the image would be wider than 8192 pixels
     */
    public byte[] render(QrMatrix matrix) {
        Objects.requireNonNull(matrix, "matrix");
        int modules = matrix.size() + 2 * quietZone;
        long side = (long) modules * moduleSize;
        if (side > MAX_IMAGE_SIDE) {
            throw new InvalidInputException("matrix", "image would be " + side + " px wide, more than " + MAX_IMAGE_SIDE);
        }
        int logoModules = logo == null ? 0 : logoModules(matrix);
        BufferedImage image = new BufferedImage((int) side, (int) side,
                logo == null ? BufferedImage.TYPE_BYTE_BINARY : BufferedImage.TYPE_INT_RGB);
        WritableRaster raster = image.getRaster();
        int white = logo == null ? 1 : 0xFFFFFF;
        int black = 0;
        int[] row = new int[(int) side];
        int logoStart = (matrix.size() - logoModules) / 2;
        int logoEnd = logoStart + logoModules;
        for (int my = 0; my < modules; my++) {
            int y = my - quietZone;
            for (int mx = 0; mx < modules; mx++) {
                int x = mx - quietZone;
                boolean underLogo = x >= logoStart && x < logoEnd && y >= logoStart && y < logoEnd;
                int value = !underLogo && matrix.moduleOrLight(x, y) ? black : white;
                java.util.Arrays.fill(row, mx * moduleSize, (mx + 1) * moduleSize, value);
            }
            for (int py = my * moduleSize; py < (my + 1) * moduleSize; py++) {
                if (logo == null) {
                    raster.setSamples(0, py, (int) side, 1, 0, row);
                } else {
                    image.setRGB(0, py, (int) side, 1, row, 0, (int) side);
                }
            }
        }
        if (logo != null) {
            drawLogo(image, (quietZone + logoStart) * moduleSize, logoModules * moduleSize);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding to memory failed", e);
        }
        return out.toByteArray();
    }

    /** The side of the white logo square in modules, same parity as the symbol so that it is centred. */
    private int logoModules(QrMatrix matrix) {
        int size = matrix.size();
        int sideModules = (int) Math.floor(Math.sqrt(logoAreaFraction) * size);
        if ((sideModules & 1) != (size & 1)) {
            sideModules--; // round down, so that the square never exceeds the requested share
        }
        sideModules = Math.max(sideModules, 1);
        double covered = (double) sideModules * sideModules / ((double) size * size);
        double allowed = maxLogoAreaFraction(matrix.errorCorrection());
        if (covered > allowed) {
            throw new InvalidInputException("logo", String.format(Locale.ROOT,
                    "covers %.1f%% of the modules (%dx%d of %dx%d); at most %.1f%% is safe at error-correction level %s",
                    covered * 100, sideModules, sideModules, size, size, allowed * 100, matrix.errorCorrection()));
        }
        return sideModules;
    }

    private void drawLogo(BufferedImage image, int origin, int box) {
        int margin = Math.max(1, moduleSize / 2);
        int inner = box - 2 * margin;
        if (inner <= 0) {
            return;
        }
        double scale = Math.min((double) inner / logo.getWidth(), (double) inner / logo.getHeight());
        int w = Math.max(1, (int) Math.round(logo.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(logo.getHeight() * scale));
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            synchronized (logo) { // Java2D may cache data on the source image; one reader at a time
                g.drawImage(logo, origin + (box - w) / 2, origin + (box - h) / 2, w, h, Color.WHITE, null);
            }
        } finally {
            g.dispose();
        }
    }

    @Override
    public String toString() {
        return "PngRenderer[moduleSize=" + moduleSize + ", quietZone=" + quietZone + ", logo="
                + (logo == null ? "none" : logo.getWidth() + "x" + logo.getHeight() + " over " + logoAreaFraction)
                + "]";
    }

    /**
     * Configures a {@link PngRenderer}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {

        private int moduleSize = DEFAULT_MODULE_SIZE;
        private int quietZone = DEFAULT_QUIET_ZONE;
        private BufferedImage logo;
        private double logoAreaFraction;

        private Builder() {
        }

        /**
         * Sets the size of one module.
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
         * Sets the quiet zone (静区) around the symbol. ISO/IEC 18004 asks for 4 modules; the Tencent EHC image uses 2,
         * which common scanners read.
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
         * Puts a logo in the centre. The image is copied; it is scaled to fit a white square covering
         * {@code areaFraction} of the symbol's modules (rounded down to whole modules), keeping its aspect ratio.
         *
         * @param image the logo
         * @param areaFraction the share of modules the logo square covers, above 0 and at most
         *     {@code maxLogoAreaFraction(H)} (0.15); whether it fits the level of a given matrix is checked by
         *     {@link PngRenderer#render(QrMatrix)}
         * @return this builder
         * @throws InvalidInputException if the fraction is out of range or the image is empty
         */
        public Builder logo(BufferedImage image, double areaFraction) {
            Objects.requireNonNull(image, "image");
            double max = maxLogoAreaFraction(ErrorCorrection.H);
            if (!(areaFraction > 0 && areaFraction <= max)) {
                throw new InvalidInputException("areaFraction", "must be above 0 and at most " + max);
            }
            if (image.getWidth() < 1 || image.getHeight() < 1 || image.getWidth() > 4096 || image.getHeight() > 4096) {
                throw new InvalidInputException("image", "must be 1 to 4096 pixels per side");
            }
            BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = copy.createGraphics();
            try {
                g.drawImage(image, 0, 0, null);
            } finally {
                g.dispose();
            }
            this.logo = copy;
            this.logoAreaFraction = areaFraction;
            return this;
        }

        /**
         * Removes the logo.
         *
         * @return this builder
         */
        public Builder noLogo() {
            this.logo = null;
            this.logoAreaFraction = 0;
            return this;
        }

        /**
         * Builds the renderer.
         *
         * @return a new renderer
         */
        public PngRenderer build() {
            return new PngRenderer(this);
        }
    }
}
