package io.yikatong.qr.render;

import io.yikatong.core.InvalidInputException;
import java.util.Objects;

/**
 * Renders a {@link QrMatrix} as text for a UTF-8 terminal: each character cell holds two module rows, drawn with the
 * half blocks {@code ▀} (U+2580, upper dark), {@code ▄} (U+2584, lower dark), {@code █} (U+2588, both dark) and a space
 * (both light). Lines end with {@code \n}; the last line's lower half is light when the row count is odd.
 *
 * <p>By default the glyphs draw the dark modules, which suits a terminal with dark text on a light background. With
 * {@link Builder#inverted(boolean)} the glyphs draw the light modules and the quiet zone instead, for the usual light
 * text on a dark background, so that the scanner still sees dark modules on a light field.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class TerminalRenderer {

    private static final char UPPER = '\u2580';
    private static final char LOWER = '\u2584';
    private static final char FULL = '\u2588';

    private final int quietZone;
    private final boolean inverted;

    private TerminalRenderer(Builder builder) {
        this.quietZone = builder.quietZone;
        this.inverted = builder.inverted;
    }

    /**
     * Returns a builder with a quiet zone of 2 modules and glyphs drawing the dark modules.
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
     * @return the text, one line per two module rows
     */
    public String render(QrMatrix matrix) {
        Objects.requireNonNull(matrix, "matrix");
        int modules = matrix.size() + 2 * quietZone;
        StringBuilder sb = new StringBuilder((modules + 1) * (modules + 1) / 2);
        for (int row = 0; row < modules; row += 2) {
            for (int col = 0; col < modules; col++) {
                boolean top = ink(matrix, col, row, modules);
                boolean bottom = ink(matrix, col, row + 1, modules);
                sb.append(top ? (bottom ? FULL : UPPER) : (bottom ? LOWER : ' '));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private boolean ink(QrMatrix matrix, int col, int row, int modules) {
        if (row >= modules) {
            return false;
        }
        return matrix.moduleOrLight(col - quietZone, row - quietZone) != inverted;
    }

    @Override
    public String toString() {
        return "TerminalRenderer[quietZone=" + quietZone + ", inverted=" + inverted + "]";
    }

    /**
     * Configures a {@link TerminalRenderer}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {

        private int quietZone = 2;
        private boolean inverted;

        private Builder() {
        }

        /**
         * Sets the quiet zone around the symbol.
         *
         * @param modules 1 to 16
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder quietZone(int modules) {
            if (modules < 1 || modules > 16) {
                throw new InvalidInputException("quietZone", "must be 1 to 16 modules, was " + modules);
            }
            this.quietZone = modules;
            return this;
        }

        /**
         * Chooses whether the glyphs draw the light modules (for light text on a dark terminal).
         *
         * @param inverted {@code true} to draw the light modules and the quiet zone
         * @return this builder
         */
        public Builder inverted(boolean inverted) {
            this.inverted = inverted;
            return this;
        }

        /**
         * Builds the renderer.
         *
         * @return a new renderer
         */
        public TerminalRenderer build() {
            return new TerminalRenderer(this);
        }
    }
}
