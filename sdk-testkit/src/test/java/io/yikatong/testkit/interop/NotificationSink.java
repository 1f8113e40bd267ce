package io.yikatong.testkit.interop;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A merchant's notify endpoint for the interop tests: records each POST (headers looked up case-insensitively, as a
 * servlet container does, and the raw body) and acknowledges it with the given status and text.
 */
final class NotificationSink implements AutoCloseable {

    record Received(Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as an {@code application/x-www-form-urlencoded} form, decoded as UTF-8. */
        Map<String, String> form() {
            Map<String, String> out = new TreeMap<>();
            for (String pair : text().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return out;
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();

    NotificationSink(int status, String answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
        server.createContext("/notify", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
                queue.add(new Received(headers, body));
                exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
                if (reply.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(reply);
                    }
                }
            }
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/notify");
    }

    Received take() throws InterruptedException {
        Received r = queue.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no notification within 10 s");
        }
        return r;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
