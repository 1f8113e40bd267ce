package io.yikatong.qr.token;

import java.util.Objects;

/**
 * Reads a token's content <strong>without verifying it</strong>, for diagnostics only (showing a help-desk operator
 * which issuer or key id a rejected code names). Nothing returned here may be trusted or acted upon: anyone can
 * produce a token that parses. Use {@link TokenVerifier#verify(String)} for every decision. Grep for this class name
 * in code review.
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class InsecureTokenParser {

    private InsecureTokenParser() {
    }

    /**
     * Parses a {@link YikatongTokenFormatV1} token without checking issuer, key, signature, validity or replay.
     *
     * @param text the scanned text (surrounding CR, LF, TAB and spaces are ignored)
     * @return the unverified content
     * @throws TokenVerificationException with reason {@code MALFORMED} if the text is not a token
     */
    public static TokenContent parseWithoutVerifying(String text) throws TokenVerificationException {
        return parseWithoutVerifying(text, YikatongTokenFormatV1.INSTANCE);
    }

    /**
     * Parses a token of a format without checking issuer, key, signature, validity or replay.
     *
     * @param text the scanned text (surrounding CR, LF, TAB and spaces are ignored)
     * @param format the format
     * @return the unverified content
     * @throws TokenVerificationException with reason {@code MALFORMED} if the text is not a token
     */
    public static TokenContent parseWithoutVerifying(String text, TokenFormat format)
            throws TokenVerificationException {
        Objects.requireNonNull(format, "format");
        return format.decode(OfflineTokens.trimScannerNoise(Objects.requireNonNull(text, "text"))).content();
    }
}
