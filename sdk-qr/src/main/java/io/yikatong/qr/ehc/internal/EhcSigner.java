package io.yikatong.qr.ehc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request signature of the electronic health card open platform (project reference qr-credentials.md §1.2):
 * merge {@code commonIn} and {@code req} (a key of {@code req} replaces the same key of {@code commonIn}), drop
 * {@code sign} and every {@code null} or empty value, sort the keys in ASCII order, render strings as they are and
 * every other value as compact JSON, join as {@code k=v&k=v}, append the app secret, hash with SHA-256 and encode
 * the digest in Base64. Both the client and the simulator use this class, so they agree by construction; the
 * known-answer test pins the rules.
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 */
public final class EhcSigner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EhcSigner() {
    }

    /**
     * Builds the string that is hashed, without the secret.
     *
     * @param commonIn the {@code commonIn} object
     * @param req the {@code req} object
     * @return {@code k=v&k=v...}
     */
    public static String canonical(JsonNode commonIn, JsonNode req) {
        Map<String, JsonNode> merged = new TreeMap<>();
        put(merged, commonIn);
        put(merged, req);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : merged.entrySet()) {
            if (e.getKey().equals("sign")) {
                continue;
            }
            String rendered = render(e.getValue());
            if (rendered.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(e.getKey()).append('=').append(rendered);
        }
        return sb.toString();
    }

    /**
     * Computes the signature.
     *
     * @param commonIn the {@code commonIn} object
     * @param req the {@code req} object
     * @param appSecret the app secret
     * @return the Base64 SHA-256 signature
     * @throws InvalidInputException naming {@code appSecret} if it is empty
     */
    public static String sign(JsonNode commonIn, JsonNode req, String appSecret) {
        if (appSecret == null || appSecret.isEmpty()) {
            throw new InvalidInputException("appSecret", "must not be empty");
        }
        byte[] digest = sha256((canonical(commonIn, req) + appSecret).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(digest);
    }

    /**
     * Compares two signatures in time independent of where they differ.
     *
     * @param expected the computed signature
     * @param received the received signature, may be {@code null}
     * @return whether they are equal
     */
    public static boolean matches(String expected, String received) {
        if (received == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                received.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(Map<String, JsonNode> merged, JsonNode node) {
        if (node == null || !node.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            merged.put(e.getKey(), e.getValue());
        }
    }

    private static String render(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the platform", e);
        }
    }
}
