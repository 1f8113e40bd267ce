package io.yikatong.payment.unionpay.internal;

import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.CanonicalBase64;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.crypto.Sm3;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;
import java.util.TreeMap;

/**
 * UnionPay ACP 5.1.0 signatures (§3.4). The sign string is every field except {@code signature}, sorted by ASCII key,
 * joined as {@code k=v} with {@code &} over the raw (not URL-encoded) values; empty values are kept as {@code k=}.
 * signMethod 01: SHA256withRSA over the UTF-8 bytes of the lower-case SHA-256 hex digest of the sign string, Base64.
 * signMethod 11/12: {@code hex(H(signString + "&" + hex(H(secureKey))))} with H = SHA-256 or SM3. Not API.
 *
 * <p>Thread-safe; stateless.
 */
public final class AcpSigning {

    /** The field that carries the signature. */
    public static final String SIGNATURE = "signature";

    private AcpSigning() {
    }

    /**
     * Builds the sign string.
     *
     * @param fields the fields; {@code signature} is left out, null values are treated as empty
     * @return {@code k1=v1&k2=v2…} in ASCII key order
     */
    public static String signString(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(fields).entrySet()) {
            if (SIGNATURE.equals(e.getKey())) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(e.getKey()).append('=').append(e.getValue() == null ? "" : e.getValue());
        }
        return sb.toString();
    }

    /**
     * Returns the lower-case SHA-256 hex digest of a text's UTF-8 bytes.
     *
     * @param text the text
     * @return 64 hex digits
     */
    public static String sha256Hex(String text) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * Returns the lower-case SM3 hex digest of a text's UTF-8 bytes.
     *
     * @param text the text
     * @return 64 hex digits
     */
    public static String sm3Hex(String text) {
        return Hex.encode(Sm3.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Hashes a text with the digest of a secure-key sign method.
     *
     * @param signMethod {@code 11} (SHA-256) or {@code 12} (SM3)
     * @param text the text
     * @return lower-case hex
     * @throws IllegalArgumentException for another sign method
     */
    public static String digestHex(String signMethod, String text) {
        return switch (signMethod) {
            case "11" -> sha256Hex(text);
            case "12" -> sm3Hex(text);
            default -> throw new IllegalArgumentException("not a secure-key signMethod: " + signMethod);
        };
    }

    /**
     * Signs fields with signMethod 11 or 12.
     *
     * @param signMethod {@code 11} or {@code 12}
     * @param secureKeyDigestHex {@code hex(H(secureKey))}, computed once from the secure key
     * @param fields the fields
     * @return the signature (lower-case hex)
     */
    public static String secureKeySign(String signMethod, String secureKeyDigestHex, Map<String, String> fields) {
        return digestHex(signMethod, signString(fields) + "&" + secureKeyDigestHex);
    }

    /**
     * Verifies a signMethod 11/12 signature in constant time.
     *
     * @param signMethod {@code 11} or {@code 12}
     * @param secureKeyDigestHex {@code hex(H(secureKey))}
     * @param fields the received fields, {@code signature} included
     * @return whether it matches; {@code false} if absent
     */
    public static boolean secureKeyVerify(String signMethod, String secureKeyDigestHex, Map<String, String> fields) {
        String got = fields.get(SIGNATURE);
        if (got == null) {
            return false;
        }
        String want = secureKeySign(signMethod, secureKeyDigestHex, fields);
        return MessageDigest.isEqual(want.getBytes(StandardCharsets.US_ASCII),
                got.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signs fields with signMethod 01 (5.1.0).
     *
     * @param key the merchant's RSA private key
     * @param fields the fields
     * @return the Base64 signature
     * @throws IllegalStateException if the key cannot sign
     */
    public static String rsaSign(PrivateKey key, Map<String, String> fields) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(sha256Hex(signString(fields)).getBytes(StandardCharsets.UTF_8));
            return CanonicalBase64.encode(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA signing failed", e);
        }
    }

    /**
     * Verifies a signMethod 01 signature.
     *
     * @param key the signer's public key
     * @param fields the received fields, {@code signature} included
     * @return whether it verifies; {@code false} if absent, not canonical Base64 ({@link CanonicalBase64}: CR/LF
     *     line breaks allowed, as older encoders wrote them, nothing else; one spelling per signature) or of the
     *     wrong size
     */
    public static boolean rsaVerify(PublicKey key, Map<String, String> fields) {
        String sig = fields.get(SIGNATURE);
        if (sig == null || sig.isEmpty()) {
            return false;
        }
        try {
            byte[] raw = CanonicalBase64.decodeLines(sig, SIGNATURE);
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(sha256Hex(signString(fields)).getBytes(StandardCharsets.UTF_8));
            return s.verify(raw);
        } catch (MalformedDataException | GeneralSecurityException e) {
            return false;
        }
    }
}
