package io.yikatong.samples.agent;

import io.yikatong.core.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A strict HTTP/1.1 request parser with hard limits: the request line and headers together at most
 * {@link #MAX_HEAD_BYTES} (else 431), at most {@link #MAX_HEADERS} header fields (else 431), a body only with one
 * {@code Content-Length} of at most {@link #MAX_BODY_BYTES} (else 413); {@code Transfer-Encoding} is refused (411),
 * lines end with CRLF, names are tokens, values visible ASCII (or Latin-1 text bytes), no obsolete line folding.
 * Anything else is 400. Failures are {@link ApiException}s; the parser never throws anything else on bad input.
 *
 * <p>Not thread-safe; confine to one thread (one instance per connection).
 */
public final class HttpRequestParser {

    /** Most bytes of the request line plus all header lines. */
    public static final int MAX_HEAD_BYTES = 8 * 1024;
    /** Most body bytes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Most header fields. */
    public static final int MAX_HEADERS = 64;

    private final InputStream in;

    /**
     * Creates a parser reading from a stream (a socket's, with a read time-out set).
     *
     * @param in the stream
     */
    public HttpRequestParser(InputStream in) {
        this.in = in;
    }

    /**
     * Reads one request.
     *
     * @return the request, or {@code null} if the stream ended before the first byte
     * @throws ApiException 400, 411, 413 or 431 on a request that breaks the rules
     * @throws IOException if reading fails (time-out, reset)
     */
    public HttpRequest read() throws ApiException, IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        boolean first = true;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first) {
                    return null;
                }
                throw new ApiException(400, "bad_request", "the request ended inside its header");
            }
            first = false;
            if (++total > MAX_HEAD_BYTES) {
                throw new ApiException(431, "headers_too_large", "request line and headers exceed "
                        + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\r') {
                int next = in.read();
                total++;
                if (next != '\n') {
                    throw new ApiException(400, "bad_request", "a bare CR in the request header");
                }
                if (line.size() == 0) {
                    break;
                }
                lines.add(line.toString(StandardCharsets.ISO_8859_1));
                line.reset();
                if (lines.size() > MAX_HEADERS + 1) {
                    throw new ApiException(431, "headers_too_large", "more than " + MAX_HEADERS + " header fields");
                }
            } else if (b == '\n') {
                throw new ApiException(400, "bad_request", "header lines must end with CRLF");
            } else {
                line.write(b);
            }
        }
        if (lines.isEmpty()) {
            throw new ApiException(400, "bad_request", "no request line");
        }
        String[] requestLine = lines.get(0).split(" ", -1);
        if (requestLine.length != 3) {
            throw new ApiException(400, "bad_request", "the request line must be METHOD SP TARGET SP VERSION");
        }
        String method = requestLine[0];
        if (!method.matches("[A-Z]{1,16}")) {
            throw new ApiException(400, "bad_request", "bad method");
        }
        String target = requestLine[1];
        if (target.isEmpty() || target.length() > 2048 || target.charAt(0) != '/' || !visibleAscii(target)) {
            throw new ApiException(400, "bad_request", "the target must be an origin-form path of visible ASCII");
        }
        String version = requestLine[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new ApiException(400, "bad_request", "only HTTP/1.1 and HTTP/1.0 are served");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        long contentLength = -1;
        boolean host = false;
        for (String h : lines.subList(1, lines.size())) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new ApiException(400, "bad_request", "a header line without a name");
            }
            String name = h.substring(0, colon);
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new ApiException(400, "bad_request", "a header name that is not a token");
            }
            String value = h.substring(colon + 1).strip();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7F) {
                    throw new ApiException(400, "bad_request", "a control character in header " + name);
                }
            }
            name = name.toLowerCase(Locale.ROOT);
            if (name.equals("transfer-encoding")) {
                throw new ApiException(411, "length_required", "send the body with Content-Length, not chunked");
            }
            if (name.equals("content-length")) {
                if (contentLength >= 0) {
                    throw new ApiException(400, "bad_request", "Content-Length given twice");
                }
                if (!value.matches("[0-9]{1,12}")) {
                    throw new ApiException(400, "bad_request", "Content-Length is not a number");
                }
                contentLength = Long.parseLong(value);
                if (contentLength > MAX_BODY_BYTES) {
                    throw new ApiException(413, "body_too_large", "the body exceeds " + MAX_BODY_BYTES + " bytes");
                }
            }
            if (name.equals("host")) {
                if (host) {
                    throw new ApiException(400, "bad_request", "Host given twice");
                }
                host = true;
            }
            headers.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        }
        if (!host && version.equals("HTTP/1.1")) {
            throw new ApiException(400, "bad_request", "HTTP/1.1 needs a Host header");
        }
        Bytes body = Bytes.empty();
        if (contentLength > 0) {
            byte[] data = in.readNBytes((int) contentLength);
            if (data.length != contentLength) {
                throw new ApiException(400, "bad_request", "the body is shorter than its Content-Length");
            }
            body = Bytes.copyOf(data);
        }
        return new HttpRequest(method, target, headers, body);
    }

    private static boolean visibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }
}
