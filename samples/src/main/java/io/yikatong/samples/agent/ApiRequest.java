package io.yikatong.samples.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * One API request as the endpoints see it: method, path, decoded query, headers, path parameters and a size-limited
 * JSON body. Wraps a Jetty {@link Request}.
 *
 * <p>Not thread-safe; used by the one thread handling the request.
 */
final class ApiRequest {

    /** The largest body accepted (413 {@code body_too_large} above). */
    static final int MAX_BODY = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Request request;
    private final Map<String, String> query;
    private final Map<String, String> pathParameters = new LinkedHashMap<>();

    ApiRequest(Request request) throws ApiException {
        this.request = request;
        this.query = parseQuery(request.getHttpURI().getQuery());
    }

    Request jetty() {
        return request;
    }

    String method() {
        return request.getMethod();
    }

    String path() {
        return request.getHttpURI().getPath();
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    Map<String, String> query() {
        return query;
    }

    String pathParameter(String name) {
        return pathParameters.get(name);
    }

    void pathParameter(String name, String value) {
        pathParameters.put(name, value);
    }

    /**
     * Returns a boolean query parameter.
     *
     * @throws ApiException 400 if present and not {@code true} or {@code false}
     */
    boolean flag(String name) throws ApiException {
        String v = query.getOrDefault(name, "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw new ApiException(400, "invalid_input", name, name + " must be true or false");
        }
        return v.equals("true");
    }

    /** Reads the whole body, at most {@link #MAX_BODY} bytes. */
    byte[] body() throws ApiException {
        long declared = request.getLength();
        if (declared > MAX_BODY) {
            throw tooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw tooLarge();
            }
            return b;
        } catch (IOException | RuntimeException e) {
            // a broken chunked body, an early end of the stream, a reset: the request is unreadable
            throw new ApiException(400, "bad_request", "body", "the body could not be read");
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "body_too_large", "body", "the body must be at most " + MAX_BODY + " bytes");
    }

    /** Reads the body as a JSON object. */
    JsonNode json() throws ApiException {
        byte[] b = body();
        if (b.length == 0) {
            throw new ApiException(400, "invalid_input", "body", "the body must be a JSON object");
        }
        JsonNode node;
        try {
            node = JSON.readTree(b);
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "body", "the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "invalid_input", "body", "the body must be a JSON object");
        }
        return node;
    }

    /** Returns a string field of a JSON body. */
    static String text(JsonNode body, String field, int max, boolean required) throws ApiException {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ApiException(400, "invalid_input", field, field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiException(400, "invalid_input", field, field + " must be a string");
        }
        String s = v.textValue();
        if (s.isEmpty() || s.length() > max) {
            throw new ApiException(400, "invalid_input", field, field + " must be 1 to " + max + " characters");
        }
        return s;
    }

    private static Map<String, String> parseQuery(String raw) throws ApiException {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
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

    @Override
    public String toString() {
        return method() + " " + path();
    }
}
