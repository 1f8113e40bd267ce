package io.yikatong.qr.token;

import io.yikatong.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a token asserts about its subject: credential type, health-code colour, subject, time to live, one-time flag and
 * optional short claims. The issuer, key id, issue time and nonce are added by {@link TokenIssuer}.
 *
 * <p>Limits (checked by {@link Builder#build()}, and by the decoder on the way back):
 * <ul>
 *   <li>subject (e-health-card id 电子健康卡ID or EMPI 主索引号): 1 to {@value #MAX_SUBJECT_LENGTH} printable ASCII
 *       characters ({@code !} to {@code ~});</li>
 *   <li>colour: required for {@link CredentialType#HEALTH_CODE}, forbidden otherwise;</li>
 *   <li>time to live: whole seconds, 1 s to 366 days;</li>
 *   <li>claims: at most {@value #MAX_CLAIMS}; keys 1 to 16 characters of {@code a-z 0-9 _}; values at most 64 UTF-8
 *       bytes. Claims are kept sorted by key (the token encodes them in that order).</li>
 * </ul>
 *
 * <p>{@link #toString()} masks the subject and shows only the claim keys (personal data).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class TokenClaims {

    /** The longest subject, in characters. */
    public static final int MAX_SUBJECT_LENGTH = 64;
    /** The largest number of optional claims. */
    public static final int MAX_CLAIMS = 8;
    /** The longest claim key, in characters. */
    public static final int MAX_CLAIM_KEY_LENGTH = 16;
    /** The longest claim value, in UTF-8 bytes. */
    public static final int MAX_CLAIM_VALUE_BYTES = 64;
    /** The longest time to live. */
    public static final Duration MAX_TTL = Duration.ofDays(366);

    private final CredentialType type;
    private final HealthCodeColour colour;
    private final String subject;
    private final Duration ttl;
    private final boolean oneTime;
    private final SortedMap<String, String> claims;

    private TokenClaims(Builder b) {
        this.type = b.type;
        this.colour = b.colour;
        this.subject = b.subject;
        this.ttl = b.ttl;
        this.oneTime = b.oneTime;
        this.claims = Collections.unmodifiableSortedMap(new TreeMap<>(b.claims));
    }

    /**
     * Starts building claims.
     *
     * @return a builder with nothing set and {@code oneTime = false}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the credential type.
     *
     * @return the type
     */
    public CredentialType type() {
        return type;
    }

    /**
     * Returns the health-code colour.
     *
     * @return the colour for {@link CredentialType#HEALTH_CODE}, empty otherwise
     */
    public Optional<HealthCodeColour> colour() {
        return Optional.ofNullable(colour);
    }

    /**
     * Returns the subject (personal data: do not log).
     *
     * @return the e-health-card id or EMPI
     */
    public String subject() {
        return subject;
    }

    /**
     * Returns how long the token is valid after its issue time.
     *
     * @return the time to live, whole seconds
     */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Returns whether the token may be accepted only once (checked by a {@link ReplayGuard}).
     *
     * @return {@code true} for a one-time code
     */
    public boolean oneTime() {
        return oneTime;
    }

    /**
     * Returns the optional claims, sorted by key.
     *
     * @return an unmodifiable map, possibly empty
     */
    public SortedMap<String, String> claims() {
        return claims;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TokenClaims)) {
            return false;
        }
        TokenClaims t = (TokenClaims) o;
        return type == t.type && colour == t.colour && subject.equals(t.subject) && ttl.equals(t.ttl)
                && oneTime == t.oneTime && claims.equals(t.claims);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, colour, subject, ttl, oneTime, claims);
    }

    /**
     * Returns a description with the subject masked and only the claim keys.
     *
     * @return for example {@code TokenClaims[VISIT_PASS, subject=***(18), ttl=PT10M, oneTime, claimKeys=[dept]]}
     */
    @Override
    public String toString() {
        return "TokenClaims[" + type + (colour != null ? " " + colour : "") + ", subject=***(" + subject.length()
                + "), ttl=" + ttl + (oneTime ? ", oneTime" : "") + ", claimKeys=" + claims.keySet() + "]";
    }

    /**
     * Builds {@link TokenClaims}; {@link #build()} checks the limits listed on {@link TokenClaims}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private CredentialType type;
        private HealthCodeColour colour;
        private String subject;
        private Duration ttl;
        private boolean oneTime;
        private final TreeMap<String, String> claims = new TreeMap<>();

        private Builder() {
        }

        /**
         * Sets the credential type (required).
         *
         * @param type the type
         * @return this builder
         */
        public Builder type(CredentialType type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Sets the health-code colour (required for {@link CredentialType#HEALTH_CODE}, forbidden otherwise).
         *
         * @param colour the colour
         * @return this builder
         */
        public Builder colour(HealthCodeColour colour) {
            this.colour = Objects.requireNonNull(colour, "colour");
            return this;
        }

        /**
         * Sets the subject (required).
         *
         * @param subject the e-health-card id or EMPI, 1 to 64 printable ASCII characters
         * @return this builder
         */
        public Builder subject(String subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /**
         * Sets the time to live (required).
         *
         * @param ttl whole seconds, 1 s to 366 days
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /**
         * Marks the token as one-time (default {@code false}).
         *
         * @param oneTime whether a verifier's replay guard accepts it only once
         * @return this builder
         */
        public Builder oneTime(boolean oneTime) {
            this.oneTime = oneTime;
            return this;
        }

        /**
         * Adds or replaces an optional claim.
         *
         * @param key 1 to 16 characters of {@code a-z 0-9 _}
         * @param value at most 64 UTF-8 bytes
         * @return this builder
         */
        public Builder claim(String key, String value) {
            claims.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Checks the limits and builds the claims.
         *
         * @return the claims
         * @throws InvalidInputException naming the field ({@code type}, {@code colour}, {@code subject}, {@code ttl},
         *     {@code claims}, {@code claims.<key>}) that breaks a limit
         */
        public TokenClaims build() {
            if (type == null) {
                throw new InvalidInputException("type", "is required");
            }
            if (type == CredentialType.HEALTH_CODE && colour == null) {
                throw new InvalidInputException("colour", "is required for HEALTH_CODE");
            }
            if (type != CredentialType.HEALTH_CODE && colour != null) {
                throw new InvalidInputException("colour", "is only allowed for HEALTH_CODE, not " + type);
            }
            if (subject == null) {
                throw new InvalidInputException("subject", "is required");
            }
            if (subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
                throw new InvalidInputException("subject", "must be 1 to " + MAX_SUBJECT_LENGTH
                        + " characters, was " + subject.length());
            }
            for (int i = 0; i < subject.length(); i++) {
                char c = subject.charAt(i);
                if (c < 0x21 || c > 0x7E) {
                    throw new InvalidInputException("subject", "must be printable ASCII; character " + i + " is not");
                }
            }
            if (ttl == null) {
                throw new InvalidInputException("ttl", "is required");
            }
            if (ttl.getNano() != 0 || ttl.getSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
                throw new InvalidInputException("ttl", "must be whole seconds from 1 s to " + MAX_TTL + ", was " + ttl);
            }
            if (claims.size() > MAX_CLAIMS) {
                throw new InvalidInputException("claims", "at most " + MAX_CLAIMS + " claims, was " + claims.size());
            }
            for (Map.Entry<String, String> e : claims.entrySet()) {
                String key = e.getKey();
                if (key.isEmpty() || key.length() > MAX_CLAIM_KEY_LENGTH) {
                    throw new InvalidInputException("claims", "a key must be 1 to " + MAX_CLAIM_KEY_LENGTH
                            + " characters, was " + key.length());
                }
                for (int i = 0; i < key.length(); i++) {
                    char c = key.charAt(i);
                    if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                        throw new InvalidInputException("claims", "a key may use only a-z 0-9 _");
                    }
                }
                int bytes = e.getValue().getBytes(StandardCharsets.UTF_8).length;
                if (bytes > MAX_CLAIM_VALUE_BYTES) {
                    throw new InvalidInputException("claims." + key, "value must be at most " + MAX_CLAIM_VALUE_BYTES
                            + " UTF-8 bytes, was " + bytes);
                }
                if (!isWellFormed(e.getValue())) {
                    throw new InvalidInputException("claims." + key, "value has an unpaired surrogate");
                }
            }
            return new TokenClaims(this);
        }

        private static boolean isWellFormed(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                        return false;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }
}
