package io.yikatong.samples.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * An endpoint's answer: status, content type, body and extra headers. {@link #HANDLED} marks a request an endpoint
 * completed itself (the WebSocket upgrade).
 *
 * <p>Instances are effectively immutable once returned and are confined to the request's thread.
 *
 * @param status the HTTP status
 * @param contentType the media type
 * @param body the body bytes (not copied: replies are built and written by one thread)
 * @param headers extra response headers
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The request was completed by the endpoint. */
    static final Reply HANDLED = new Reply(0, "", new byte[0], Map.of());

    static Reply json(int status, JsonNode body) {
        try {
            return new Reply(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body),
                    new LinkedHashMap<>());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static Reply ok(JsonNode body) {
        return json(200, body);
    }

    /** The one error shape: {@code {"error":{"code":…,"message":…[,"field":…][,details…]}}}. */
    static Reply error(ApiException e) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode err = o.putObject("error").put("code", e.code()).put("message", e.getMessage());
        if (e.field() != null) {
            err.put("field", e.field());
        }
        e.details().forEach(err::put);
        Reply r = json(e.status(), o);
        if (e.status() == 401) {
            r.headers.put("WWW-Authenticate", "Bearer realm=\"yikatong-agent\"");
        }
        if (e.status() == 426) {
            r.headers.put("Sec-WebSocket-Version", "13");
        }
        return r;
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    void write(Response response, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", contentType);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            response.getHeaders().put(h.getKey(), h.getValue());
        }
        response.getHeaders().put("Content-Length", String.valueOf(body.length));
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
