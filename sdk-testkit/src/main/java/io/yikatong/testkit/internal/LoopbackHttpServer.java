package io.yikatong.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HTTP server of the payment gateway simulators: Jetty 12 (core handler API, no servlets) bound to
 * {@code 127.0.0.1} only, with a bounded worker pool, an idle timeout and a stop that ends in bounded time. Unlike
 * {@code com.sun.net.httpserver}, it writes response header names exactly as given ({@code Wechatpay-Timestamp},
 * {@code Request-ID}), which clients that look headers up case-sensitively (wechatpay-java) depend on.
 *
 * <p>Each request is read whole (at most 1 MiB, else 413) and handed to a {@link Handler}, whose {@link Answer} is
 * written with an exact {@code Content-Length}; {@link Answer#DROP} closes the connection without an answer (the
 * request took effect, the client sees a broken link). A handler failure answers 500. Not API.
 *
 * <p>Thread-safe; create one per simulator and close it.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackHttpServer.class);
    private static final int MAX_REQUEST_BYTES = 1 << 20;
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 2;
    private static final long IDLE_TIMEOUT_MILLIS = 30_000;
    private static final long STOP_TIMEOUT_MILLIS = 1_000;
    private static final String JETTY_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.eclipse.jetty";

    static {
        // Jetty announces every start and stop at INFO; with slf4j-simple (the samples' CLI, the tests) that is noise
        // on stderr. Quieten it to WARN unless the user chose a level; other SLF4J bindings ignore the property.
        if (System.getProperty(JETTY_LOG_LEVEL) == null) {
            System.setProperty(JETTY_LOG_LEVEL, "warn");
        }
    }

    /** Answers one request. Called on the server's worker threads, so implementations must be thread-safe. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Answers a request.
         *
         * @param exchange the request
         * @return the answer, or {@link Answer#DROP}
         * @throws Exception on a failure, answered with status 500
         */
        Answer handle(Exchange exchange) throws Exception;
    }

    /**
     * One request, read whole.
     *
     * @param method the method, for example {@code POST}
     * @param rawPath the path as sent (not decoded)
     * @param rawQuery the query as sent (not decoded), or {@code null}
     * @param headers the headers, looked up case-insensitively (first value of each)
     * @param body the body
     */
    public record Exchange(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {

        /**
         * Returns a header.
         *
         * @param name the name, any case
         * @return the first value, or {@code null}
         */
        public String header(String name) {
            return headers.get(name);
        }

        /**
         * Returns {@code rawPath} with {@code ?rawQuery} when there is a query, as signed by WeChat Pay APIv3.
         *
         * @return the path and query
         */
        public String pathAndQuery() {
            return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        }

        /**
         * Returns the query parameters, decoded as UTF-8 (the first value of a repeated name).
         *
         * @return the parameters in order
         */
        public Map<String, String> queryParameters() {
            return decodeForm(rawQuery);
        }

        /**
         * Returns the body as text.
         *
         * @return the body decoded as UTF-8
         */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * An answer: status, headers with their names exactly as written, and body.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public static final class Answer {

        /** Closes the connection without answering. */
        public static final Answer DROP = new Answer(0, Map.of(), new byte[0]);

        private final int status;
        private final Map<String, String> headers;
        private final byte[] body;

        private Answer(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        /**
         * Creates an answer.
         *
         * @param status the HTTP status
         * @param contentType the {@code Content-Type}, or {@code null} for none
         * @param body the body (empty for none)
         * @return the answer
         */
        public static Answer of(int status, String contentType, byte[] body) {
            Map<String, String> h = new LinkedHashMap<>();
            if (contentType != null) {
                h.put("Content-Type", contentType);
            }
            return new Answer(status, Collections.unmodifiableMap(h), body.clone());
        }

        /**
         * Creates a UTF-8 text answer.
         *
         * @param status the HTTP status
         * @param contentType the {@code Content-Type}
         * @param text the body
         * @return the answer
         */
        public static Answer text(int status, String contentType, String text) {
            return of(status, contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Returns a copy with one more header (or a replaced one of the same name), its name kept as given.
         *
         * @param name the name, for example {@code Wechatpay-Timestamp}
         * @param value the value
         * @return the new answer
         */
        public Answer withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            h.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return new Answer(status, Collections.unmodifiableMap(h), body);
        }

        /**
         * Returns the status.
         *
         * @return the HTTP status
         */
        public int status() {
            return status;
        }

        /**
         * Returns the body.
         *
         * @return a copy
         */
        public byte[] body() {
            return body.clone();
        }
    }

    private final Server server;
    private final int port;

    private LoopbackHttpServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a server on {@code 127.0.0.1}.
     *
     * @param name a name for the worker threads
     * @param port the port, or 0 for an ephemeral one
     * @param handler the handler
     * @return the running server
     * @throws IOException if the port cannot be bound or the server does not start
     */
    public static LoopbackHttpServer start(String name, int port, Handler handler) throws IOException {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, (int) IDLE_TIMEOUT_MILLIS);
        pool.setName(name);
        pool.setDaemon(true);
        pool.setStopTimeout(STOP_TIMEOUT_MILLIS);
        Server server = new Server(pool);
        server.setStopTimeout(0); // not graceful: open connections are closed at once
        server.setStopAtShutdown(false);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        server.setHandler(new Dispatch(handler));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw e instanceof IOException io ? io : new IOException("simulator server did not start: " + e, e);
        }
        return new LoopbackHttpServer(server, connector.getLocalPort());
    }

    /**
     * Returns the bound port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the base URI, {@code http://127.0.0.1:<port>}, without a trailing slash.
     *
     * @return the base URI
     */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Stops the server: open connections are closed and the workers end within a few seconds. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("simulator server stop: {}", e.toString());
        }
    }

    /**
     * Decodes {@code application/x-www-form-urlencoded} text (a query or a form body) as UTF-8.
     *
     * @param text the text, or {@code null}
     * @return the parameters in order (the first value of a repeated name)
     */
    public static Map<String, String> decodeForm(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v,
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed escape: the pair is ignored, as a gateway ignores what it cannot read
            }
        }
        out.remove("");
        return out;
    }

    /** Reads the request, calls the handler and writes its answer. */
    private static final class Dispatch extends org.eclipse.jetty.server.Handler.Abstract {
        private final Handler handler;

        Dispatch(Handler handler) {
            super(InvocationType.BLOCKING);
            this.handler = handler;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            byte[] body;
            try (InputStream in = Request.asInputStream(request)) {
                body = in.readNBytes(MAX_REQUEST_BYTES + 1);
            }
            if (body.length > MAX_REQUEST_BYTES) {
                write(response, callback, Answer.text(413, "application/json;charset=UTF-8",
                        "{\"error\":\"too large\"}"));
                return true;
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (HttpField f : request.getHeaders()) {
                headers.putIfAbsent(f.getName(), f.getValue());
            }
            String path = request.getHttpURI().getPath();
            Exchange exchange = new Exchange(request.getMethod(), path == null ? "/" : path,
                    request.getHttpURI().getQuery(), Collections.unmodifiableMap(headers), body);
            Answer answer;
            try {
                answer = handler.handle(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = Answer.DROP; // the server is stopping
            } catch (Exception e) {
                LOG.warn("simulator handler failed on {} {}", exchange.method(), exchange.rawPath(), e);
                answer = Answer.text(500, "application/json;charset=UTF-8", "{\"error\":\"internal\"}");
            }
            if (answer == null || answer == Answer.DROP) {
                // the request took effect; the client sees the connection close without an answer
                EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
                endPoint.close();
                callback.succeeded();
                return true;
            }
            write(response, callback, answer);
            return true;
        }

        private static void write(Response response, Callback callback, Answer answer) {
            response.setStatus(answer.status);
            answer.headers.forEach((name, value) -> response.getHeaders().put(name, value));
            if (answer.status != 204 && answer.status != 304) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body.length);
            }
            response.write(true, ByteBuffer.wrap(answer.body), callback);
        }
    }
}
