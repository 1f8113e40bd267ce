package io.yikatong.qr.token;

import java.util.Objects;

/**
 * Helpers for recognising offline tokens among scanned codes (for example to route a scan to {@link TokenVerifier}
 * rather than to an online e-health-card or e-voucher query).
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class OfflineTokens {

    /** The text prefix of {@link YikatongTokenFormatV1} tokens, {@value}. */
    public static final String PREFIX = YikatongTokenFormatV1.PREFIX;

    private static final String BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    private OfflineTokens() {
    }

    /**
     * Tells whether a scanned text looks like a Yikatong offline token: after dropping surrounding CR, LF, TAB and
     * spaces it starts with {@code YKT1:} and the rest is non-empty and uses only the Base45 alphabet. This is a cheap
     * routing test, not verification.
     *
     * @param scanned the scanned text, may be {@code null}
     * @return {@code true} if the text has the shape of a token
     */
    public static boolean looksLikeToken(String scanned) {
        if (scanned == null) {
            return false;
        }
        String t = trimScannerNoise(scanned);
        if (!t.startsWith(PREFIX) || t.length() == PREFIX.length()) {
            return false;
        }
        for (int i = PREFIX.length(); i < t.length(); i++) {
            if (BASE45.indexOf(t.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Removes the CR, LF, TAB and space characters that scanners add around a code. A Base45 token never starts with
     * them (fixed prefix) and never ends with a space (the last Base45 digit of a group is at most 32), so nothing of
     * the token is lost.
     */
    static String trimScannerNoise(String s) {
        Objects.requireNonNull(s, "s");
        int from = 0;
        int to = s.length();
        while (from < to && isNoise(s.charAt(from))) {
            from++;
        }
        while (to > from && isNoise(s.charAt(to - 1))) {
            to--;
        }
        return from == 0 && to == s.length() ? s : s.substring(from, to);
    }

    private static boolean isNoise(char c) {
        return c == '\r' || c == '\n' || c == '\t' || c == ' ';
    }
}
