package io.yikatong.qr;

/** Masks scanned values for {@code toString}. */
final class Masking {

    private Masking() {
    }

    /** Keeps the first and last four characters of a long value. */
    static String ends(String value) {
        if (value.length() <= 12) {
            return all(value);
        }
        return value.substring(0, 4) + "…" + value.substring(value.length() - 4);
    }

    /** Keeps the first {@code keep} characters, stars for the rest. */
    static String keepFirst(String value, int keep) {
        int shown = Math.min(keep, value.length() / 2);
        return value.substring(0, shown) + "*".repeat(value.length() - shown);
    }

    /** Shows the length only. */
    static String all(String value) {
        return "(" + value.length() + " characters)";
    }
}
