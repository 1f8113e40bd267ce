package io.yikatong.samples.agent;

import io.yikatong.core.Bytes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed HTTP/1.1 request: method, path, query parameters, headers (names in lower case) and body.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param method the method, for example {@code GET}
 * @param target the request target as sent, for example {@code /v1/card/read?full=true}
 * @param headers the header fields, names in lower case, in the order received
 * @param body the body (empty without one)
 */
public record HttpRequest(String method, String target, List<Map.Entry<String, String>> headers, Bytes body) {

    /**
     * Validates and copies.
     *
     * @param method the method
     * @param target the target
     * @param headers the headers
     * @param body the body
     */
    public HttpRequest {
        headers = List.copyOf(headers);
    }

    /**
     * Returns the path: the target without its query.
     *
     * @return the path
     */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /**
     * Returns the decoded query parameters (the first value of each name).
     *
     * @return name to value
     * @throws ApiException 400 if the query is not valid percent-encoding
     */
    public Map<String, String> query() throws ApiException {
        Map<String, String> out = new LinkedHashMap<>();
        int q = target.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String pair : target.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "bad_request", "query", "the query string is not valid percent-encoding");
            }
        }
        return out;
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the header name, any case
     * @return the value
     */
    public Optional<String> header(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equals(lower)) {
                return Optional.of(h.getValue());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return method + " " + path();
    }
}
