package io.yikatong.qr.token;

import io.yikatong.core.InvalidInputException;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything a token says apart from its signature: algorithm byte, issuer, key id, the {@link TokenClaims}, issue time
 * and nonce. This is what a {@link TokenFormat} encodes and decodes; obtain verified content through
 * {@link TokenVerifier#verify(String)}.
 *
 * <p>Issuer and key ids are public identifiers: issuer 1 to 32, key id 1 to 16 characters of {@code A-Z a-z 0-9 . _ -}
 * (for example the issuer's administrative-division code {@code 330100} and a key id {@code 2026a}). The issue time is
 * whole seconds from 1970 to 2106 (unsigned 32-bit in format v1).
 *
 * <p>{@link #toString()} masks the subject. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class TokenContent {

    /** The longest issuer id, in characters. */
    public static final int MAX_ISSUER_LENGTH = 32;
    /** The longest key id, in characters. */
    public static final int MAX_KEY_ID_LENGTH = 16;
    private static final long MAX_EPOCH_SECOND = 0xFFFF_FFFFL;

    private final int algorithmId;
    private final String issuer;
    private final String keyId;
    private final TokenClaims claims;
    private final Instant issuedAt;
    private final long nonce;

    /**
     * Creates token content.
     *
     * @param algorithmId the algorithm byte, 0 to 255 (see {@link TokenAlgorithm#id()})
     * @param issuer the issuer id
     * @param keyId the key id within the issuer
     * @param claims the claims
     * @param issuedAt the issue time, whole seconds, 1970 to 2106
     * @param nonce 8 random bytes as a big-endian long
     * @throws InvalidInputException naming {@code algorithmId}, {@code issuer}, {@code keyId} or {@code issuedAt} if it
     *     breaks a limit
     */
    public TokenContent(int algorithmId, String issuer, String keyId, TokenClaims claims, Instant issuedAt,
            long nonce) {
        if (algorithmId < 0 || algorithmId > 255) {
            throw new InvalidInputException("algorithmId", "must be 0 to 255, was " + algorithmId);
        }
        this.algorithmId = algorithmId;
        this.issuer = checkId("issuer", issuer, MAX_ISSUER_LENGTH);
        this.keyId = checkId("keyId", keyId, MAX_KEY_ID_LENGTH);
        this.claims = Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (issuedAt.getNano() != 0 || issuedAt.getEpochSecond() < 0 || issuedAt.getEpochSecond() > MAX_EPOCH_SECOND) {
            throw new InvalidInputException("issuedAt", "must be whole seconds from 1970 to 2106, was " + issuedAt);
        }
        this.issuedAt = issuedAt;
        this.nonce = nonce;
    }

    /**
     * Checks an issuer or key id.
     *
     * @param field the field name for the error
     * @param id the id
     * @param max the longest allowed
     * @return the id
     * @throws InvalidInputException naming {@code field} if the id is empty, too long or uses other characters
     */
    static String checkId(String field, String id, int max) {
        Objects.requireNonNull(id, field);
        if (id.isEmpty() || id.length() > max) {
            throw new InvalidInputException(field, "must be 1 to " + max + " characters, was " + id.length());
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                throw new InvalidInputException(field, "may use only A-Z a-z 0-9 . _ -; character " + i + " is not");
            }
        }
        return id;
    }

    /**
     * Returns the algorithm byte.
     *
     * @return 0 to 255
     */
    public int algorithmId() {
        return algorithmId;
    }

    /**
     * Returns the issuer id.
     *
     * @return the issuer
     */
    public String issuer() {
        return issuer;
    }

    /**
     * Returns the key id.
     *
     * @return the key id
     */
    public String keyId() {
        return keyId;
    }

    /**
     * Returns the claims (type, colour, subject, time to live, one-time flag, optional claims).
     *
     * @return the claims
     */
    public TokenClaims claims() {
        return claims;
    }

    /**
     * Returns the issue time.
     *
     * @return whole seconds
     */
    public Instant issuedAt() {
        return issuedAt;
    }

    /**
     * Returns the end of validity, {@code issuedAt + ttl} (exclusive).
     *
     * @return the expiry
     */
    public Instant expiresAt() {
        return issuedAt.plus(claims.ttl());
    }

    /**
     * Returns the nonce.
     *
     * @return 8 bytes as a big-endian long
     */
    public long nonce() {
        return nonce;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TokenContent)) {
            return false;
        }
        TokenContent t = (TokenContent) o;
        return algorithmId == t.algorithmId && issuer.equals(t.issuer) && keyId.equals(t.keyId)
                && claims.equals(t.claims) && issuedAt.equals(t.issuedAt) && nonce == t.nonce;
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithmId, issuer, keyId, claims, issuedAt, nonce);
    }

    /**
     * Returns a description with the subject masked.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "TokenContent[alg=" + algorithmId + ", issuer=" + issuer + ", keyId=" + keyId + ", " + claims
                + ", issuedAt=" + issuedAt + "]";
    }
}
