package io.yikatong.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-over-HTTP server on the loopback interface (127.0.0.1) for the simulators: every POST is handed to a
 * {@link Handler} with its path and body, and the handler's bytes are answered with status 200. A handler failure is
 * answered with status 500; other methods with 405.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class LoopbackJsonServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackJsonServer.class);
    private static final int MAX_REQUEST_BYTES = 1 << 20;

    /** Answers one request. Called on the server's worker threads, so implementations must be thread-safe. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Answers a request.
         *
         * @param path the request path, for example {@code /rest/auth/...}
         * @param body the request body
         * @return the JSON answer
         * @throws Exception on a failure, answered with status 500
         */
        byte[] handle(String path, byte[] body) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackJsonServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a server.
     *
     * @param port the port, or 0 for an ephemeral one
     * @param threads the number of worker threads
     * @param name a name for the worker threads
     * @param handler the handler
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static LoopbackJsonServer start(int port, int threads, String name, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 0);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService executor = Executors.newFixedThreadPool(threads, factory);
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, handler));
        server.start();
        return new LoopbackJsonServer(server, executor);
    }

    private static void serve(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "{\"error\":\"POST only\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_REQUEST_BYTES + 1);
            }
            if (body.length > MAX_REQUEST_BYTES) {
                answer(exchange, 413, "{\"error\":\"too large\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] out;
            try {
                out = handler.handle(exchange.getRequestURI().getPath(), body);
            } catch (Exception e) {
                LOG.warn("simulator handler failed on {}", exchange.getRequestURI().getPath(), e);
                answer(exchange, 500, "{\"error\":\"internal\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            answer(exchange, 200, out);
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Returns the bound port.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Returns the base URI, {@code http://127.0.0.1:<port>}, without a trailing slash.
     *
     * @return the base URI
     */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Stops the server at once and its worker threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
