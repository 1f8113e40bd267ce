package io.yikatong.payment.alipay.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.CanonicalBase64;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alipay RSA2 signing (§3.3): the sign string is every parameter except the excluded keys and empty values, sorted
 * by ASCII key, joined as {@code k=v} with {@code &} using raw values; SHA256withRSA; Base64. Not API.
 *
 * <p>Thread-safe; stateless.
 */
public final class AlipaySigning {

    /** Keys excluded when signing a request. */
    public static final Set<String> REQUEST_EXCLUDED = Set.of("sign");
    /** Keys excluded when verifying an async notification: {@code sign} and {@code sign_type}. */
    public static final Set<String> NOTIFICATION_EXCLUDED = Set.of("sign", "sign_type");

    private static final JsonFactory JSON = new JsonFactory();

    private AlipaySigning() {
    }

    /**
     * Builds the sign string.
     *
     * @param params the parameters
     * @param excluded the keys to leave out
     * @return {@code k1=v1&k2=v2…} in ASCII key order, empty values left out
     */
    public static String signString(Map<String, String> params, Set<String> excluded) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (excluded.contains(e.getKey()) || e.getValue() == null || e.getValue().isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /**
     * Signs text with SHA256withRSA.
     *
     * @param key the private key
     * @param text the text (UTF-8)
     * @return the Base64 signature
     * @throws IllegalStateException if the key cannot sign
     */
    public static String sign(PrivateKey key, String text) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return CanonicalBase64.encode(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA2 signing failed", e);
        }
    }

    /**
     * Verifies a SHA256withRSA signature.
     *
     * @param key the public key
     * @param text the signed text (UTF-8)
     * @param base64Signature the signature, or {@code null}
     * @return {@code true} if it verifies; {@code false} for a wrong or missing signature, or one that is not
     *     canonical Base64 ({@link CanonicalBase64}: no whitespace or line breaks, one spelling per signature)
     */
    public static boolean verify(PublicKey key, String text, String base64Signature) {
        if (base64Signature == null || base64Signature.isEmpty()) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(CanonicalBase64.decode(base64Signature, "sign"));
        } catch (GeneralSecurityException | MalformedDataException e) {
            return false;
        }
    }

    /**
     * The raw text of one top-level field of a JSON object and the top-level {@code sign}.
     *
     * @param node the raw JSON text of the field's value exactly as received, or {@code null} if absent
     * @param sign the top-level {@code sign} string, or {@code null}
     */
    public record RawNode(String node, String sign) {
    }

    /**
     * Extracts the raw text of a top-level object field (for example {@code alipay_trade_pay_response}) and the
     * top-level {@code sign}.
     *
     * @param json the answer text
     * @param field the field name
     * @return the raw node and sign
     * @throws IOException if the text is not a JSON object
     */
    public static RawNode extract(String json, String field) throws IOException {
        String node = null;
        String sign = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == null) {
                    throw new IOException("truncated JSON");
                }
                if (name.equals(field) && (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY)) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getCharOffset();
                    node = json.substring(start, end);
                } else if (name.equals("sign") && v == JsonToken.VALUE_STRING) {
                    sign = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new IOException("truncated JSON");
            }
        }
        return new RawNode(node, sign);
    }
}
