package io.yikatong.qr.token;

/**
 * A token text format (SPI): how {@link TokenContent} and a signature become QR text and back.
 *
 * <p>The shipped format is {@link YikatongTokenFormatV1}. The GB/T 38961/38962 code-string layout was not available
 * [NF]; a standards-exact format can implement this interface and be passed to {@link TokenIssuer.Builder#format} and
 * {@link TokenVerifier.Builder#format} without changing either.
 *
 * <p>Implementations must be immutable and thread-safe.
 *
 * @since 0.1
 */
public interface TokenFormat {

    /**
     * Returns the fixed text prefix that identifies this format.
     *
     * @return the prefix, for example {@code "YKT1:"}
     */
    String prefix();

    /**
     * Encodes the content into the bytes to be signed.
     *
     * @param content the content
     * @return the bytes the signature covers
     */
    byte[] encodeSignedPart(TokenContent content);

    /**
     * Assembles the token text from the signed part and its signature.
     *
     * @param signedPart the bytes from {@link #encodeSignedPart(TokenContent)}
     * @param signature the signature over them
     * @return the token text, prefix included
     */
    String toText(byte[] signedPart, byte[] signature);

    /**
     * Decodes a token text (already trimmed) without verifying anything but its syntax.
     *
     * @param text the token text, prefix included
     * @return the decoded token
     * @throws TokenVerificationException with {@link TokenVerificationException.Reason#MALFORMED} if the text does not
     *     follow the format; never any other exception for any input
     */
    DecodedToken decode(String text) throws TokenVerificationException;
}
