package io.yikatong.qr.token;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.KeyFormatException;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.qr.token.internal.TrustedKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The issuers and keys a verifier trusts (信任列表): issuer id → key id → SM2 public key. Several issuers give mutual
 * recognition between regions (跨地区互认); several key ids per issuer allow key rotation (a new key id is added before
 * tokens signed with it appear, the old one removed after its last token expired).
 *
 * <p>Build it in code, or load it from JSON:
 * <pre>{@code
 * {"issuers": [
 *   {"id": "330100", "keys": [
 *     {"kid": "2026a", "publicKeyPem": "-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n"},
 *     {"kid": "2026b", "publicKeyPem": "...", "algorithm": "SM2_SM3"}]}]}
 * }</pre>
 * Loading is strict: unknown or duplicate members, wrong types, duplicate issuers or key ids, bad PEM and empty lists
 * are rejected with an {@link InvalidInputException} whose field is the JSON path, for example
 * {@code issuers[1].keys[0].publicKeyPem}. {@code algorithm} is optional and defaults to {@code SM2_SM3}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class TrustList {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, Map<String, TrustedKey>> issuers;

    private TrustList(Map<String, Map<String, TrustedKey>> issuers) {
        Map<String, Map<String, TrustedKey>> copy = new LinkedHashMap<>();
        issuers.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        this.issuers = Collections.unmodifiableMap(copy);
    }

    /**
     * Starts building a trust list.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads a trust list from JSON text.
     *
     * @param json the JSON described above
     * @return the trust list
     * @throws InvalidInputException naming the JSON path of the first problem
     */
    public static TrustList fromJson(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(io.yikatong.core.CoreErrorCode.INVALID_INPUT, "$",
                    "not valid JSON at line " + e.getLocation().getLineNr(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("$", "must be a JSON object");
        }
        onlyFields(root, "$", "issuers");
        JsonNode list = root.get("issuers");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidInputException("issuers", "must be a non-empty array");
        }
        Builder b = builder();
        for (int i = 0; i < list.size(); i++) {
            String path = "issuers[" + i + "]";
            JsonNode issuer = list.get(i);
            if (!issuer.isObject()) {
                throw new InvalidInputException(path, "must be an object");
            }
            onlyFields(issuer, path, "id", "keys");
            String id = text(issuer, path, "id");
            if (b.issuers.containsKey(id)) {
                throw new InvalidInputException(path + ".id", "duplicate issuer");
            }
            JsonNode keys = issuer.get("keys");
            if (keys == null || !keys.isArray() || keys.isEmpty()) {
                throw new InvalidInputException(path + ".keys", "must be a non-empty array");
            }
            for (int j = 0; j < keys.size(); j++) {
                String kpath = path + ".keys[" + j + "]";
                JsonNode key = keys.get(j);
                if (!key.isObject()) {
                    throw new InvalidInputException(kpath, "must be an object");
                }
                onlyFields(key, kpath, "kid", "publicKeyPem", "algorithm");
                String kid = text(key, kpath, "kid");
                String pem = text(key, kpath, "publicKeyPem");
                TokenAlgorithm algorithm = TokenAlgorithm.SM2_SM3;
                if (key.has("algorithm")) {
                    String name = text(key, kpath, "algorithm");
                    try {
                        algorithm = TokenAlgorithm.valueOf(name);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidInputException(kpath + ".algorithm", "unknown algorithm");
                    }
                }
                Sm2PublicKey publicKey;
                try {
                    publicKey = Sm2PublicKey.fromPem(pem);
                } catch (KeyFormatException e) {
                    throw new InvalidInputException(io.yikatong.core.CoreErrorCode.KEY_FORMAT,
                            kpath + ".publicKeyPem", "not an SM2 public key PEM: " + e.getMessage(), e);
                }
                try {
                    b.addKey(id, kid, algorithm, publicKey);
                } catch (InvalidInputException e) {
                    String field = e.field().equals("issuer") ? path + ".id" : kpath + "." + e.field();
                    throw new InvalidInputException(e.errorCode(), field, e.getMessage(), e);
                }
            }
        }
        return b.build();
    }

    /**
     * Loads a trust list from a UTF-8 JSON file.
     *
     * @param file the file
     * @return the trust list
     * @throws IOException if the file cannot be read
     * @throws InvalidInputException naming the JSON path of the first problem
     */
    public static TrustList fromJson(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static void onlyFields(JsonNode node, String path, String... allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            boolean ok = false;
            for (String a : allowed) {
                ok |= a.equals(name);
            }
            if (!ok) {
                throw new InvalidInputException(path + "." + name, "unknown member");
            }
        }
    }

    private static String text(JsonNode node, String path, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual()) {
            throw new InvalidInputException(path + "." + name, "must be a string");
        }
        return v.asText();
    }

    /**
     * Returns the trusted issuer ids.
     *
     * @return an unmodifiable set in insertion order
     */
    public Set<String> issuers() {
        return issuers.keySet();
    }

    /**
     * Returns the trusted key ids of an issuer.
     *
     * @param issuer the issuer id
     * @return an unmodifiable set, empty if the issuer is not trusted
     */
    public Set<String> keyIds(String issuer) {
        Map<String, TrustedKey> keys = issuers.get(issuer);
        return keys == null ? Set.of() : keys.keySet();
    }

    /** Returns the keys of an issuer, or {@code null}. For {@link TokenVerifier}. */
    Map<String, TrustedKey> keysOf(String issuer) {
        return issuers.get(issuer);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TrustList[");
        issuers.forEach((issuer, keys) -> sb.append(issuer).append(keys.keySet()));
        return sb.append(']').toString();
    }

    /**
     * Builds a {@link TrustList}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Map<String, Map<String, TrustedKey>> issuers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Trusts an SM2 key ({@link TokenAlgorithm#SM2_SM3}) of an issuer.
         *
         * @param issuer the issuer id (see {@link TokenContent})
         * @param keyId the key id
         * @param publicKey the key
         * @return this builder
         * @throws InvalidInputException naming {@code issuer} or {@code keyId} if it is malformed, or {@code keyId}
         *     if the issuer already has this key id
         */
        public Builder addKey(String issuer, String keyId, Sm2PublicKey publicKey) {
            return addKey(issuer, keyId, TokenAlgorithm.SM2_SM3, publicKey);
        }

        /**
         * Trusts a key of an issuer for an algorithm.
         *
         * @param issuer the issuer id (see {@link TokenContent})
         * @param keyId the key id
         * @param algorithm the algorithm tokens signed with this key must declare
         * @param publicKey the key
         * @return this builder
         * @throws InvalidInputException naming {@code issuer} or {@code keyId} if it is malformed, or {@code keyId}
         *     if the issuer already has this key id
         */
        public Builder addKey(String issuer, String keyId, TokenAlgorithm algorithm, Sm2PublicKey publicKey) {
            TokenContent.checkId("issuer", issuer, TokenContent.MAX_ISSUER_LENGTH);
            TokenContent.checkId("keyId", keyId, TokenContent.MAX_KEY_ID_LENGTH);
            Map<String, TrustedKey> keys = issuers.computeIfAbsent(issuer, k -> new LinkedHashMap<>());
            if (keys.containsKey(keyId)) {
                throw new InvalidInputException("keyId", "duplicate key id for issuer " + issuer);
            }
            keys.put(keyId, new TrustedKey(algorithm, publicKey));
            return this;
        }

        /**
         * Builds the trust list.
         *
         * @return the trust list
         * @throws InvalidInputException naming {@code issuers} if no key was added
         */
        public TrustList build() {
            if (issuers.isEmpty()) {
                throw new InvalidInputException("issuers", "at least one trusted key is required");
            }
            return new TrustList(issuers);
        }
    }
}
