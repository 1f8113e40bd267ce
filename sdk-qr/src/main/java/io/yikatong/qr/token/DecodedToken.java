package io.yikatong.qr.token;

import io.yikatong.core.Bytes;
import java.util.Objects;

/**
 * A token as a {@link TokenFormat} decoded it, <em>before</em> any verification: the content, the exact bytes the
 * signature covers and the signature. Only {@link TokenVerifier} and {@link InsecureTokenParser} should see these.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class DecodedToken {

    private final TokenContent content;
    private final Bytes signedPart;
    private final Bytes signature;

    /**
     * Creates a decoded token.
     *
     * @param content the decoded content
     * @param signedPart the bytes the signature covers, exactly as they were in the token
     * @param signature the signature bytes in the format of the content's algorithm
     */
    public DecodedToken(TokenContent content, Bytes signedPart, Bytes signature) {
        this.content = Objects.requireNonNull(content, "content");
        this.signedPart = Objects.requireNonNull(signedPart, "signedPart");
        this.signature = Objects.requireNonNull(signature, "signature");
    }

    /**
     * Returns the content (unverified).
     *
     * @return the content
     */
    public TokenContent content() {
        return content;
    }

    /**
     * Returns the signed bytes.
     *
     * @return the bytes the signature covers
     */
    public Bytes signedPart() {
        return signedPart;
    }

    /**
     * Returns the signature.
     *
     * @return the signature bytes
     */
    public Bytes signature() {
        return signature;
    }

    @Override
    public String toString() {
        return "DecodedToken[" + content + "]";
    }
}
