package io.yikatong.payment.unionpay.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two text forms of ACP fields. Requests and notifications are {@code application/x-www-form-urlencoded}
 * (UTF-8). Back-transaction answers are {@code k=v&k=v} with raw, unescaped values (the gateway writes a PEM
 * certificate and Base64 signatures as they are); a value in braces ({@code {…}}) may itself contain {@code &} and
 * {@code =}. Not API.
 *
 * <p>Thread-safe; stateless.
 */
public final class AcpForms {

    private AcpForms() {
    }

    /**
     * Encodes fields as a URL-encoded form.
     *
     * @param fields the fields
     * @return the body text
     */
    public static String encodeForm(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    /**
     * Decodes a URL-encoded form; a repeated key keeps its first value.
     *
     * @param body the body text
     * @return the fields in their order
     * @throws IllegalArgumentException if an escape is invalid or a pair has no {@code =}
     */
    public static Map<String, String> parseForm(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("form pair without key=value");
            }
            String k = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /**
     * Encodes fields as a raw answer ({@code k=v&…}, values unescaped).
     *
     * @param fields the fields; values must not contain {@code &} outside braces
     * @return the answer text
     */
    public static String encodeRaw(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
                .append(v == null ? "" : v));
        return sb.toString();
    }

    /**
     * Decodes a raw answer: pairs split at {@code &} outside braces, key up to the first {@code =}.
     *
     * @param text the answer text
     * @return the fields in their order
     * @throws IllegalArgumentException if a pair has no key, a key repeats or braces do not balance
     */
    public static Map<String, String> parseRaw(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '&';
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth < 0) {
                    throw new IllegalArgumentException("unbalanced braces");
                }
            } else if (c == '&' && (depth == 0 || i == text.length())) {
                if (i == text.length() && depth != 0) {
                    throw new IllegalArgumentException("unbalanced braces");
                }
                String pair = text.substring(start, i);
                start = i + 1;
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("answer pair without key=value");
                }
                if (out.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                    throw new IllegalArgumentException("repeated key in answer");
                }
            }
        }
        return out;
    }
}
