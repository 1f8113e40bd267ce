package io.yikatong.testkit.payment.wechat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test notify endpoint: records each POST's headers and raw body and answers 204. */
final class NotificationReceiver implements AutoCloseable {

    record Received(Map<String, String> headers, byte[] body) {
    }

    private final HttpServer server;
    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();

    NotificationReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/notify", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
                queue.add(new Received(headers, body));
                exchange.sendResponseHeaders(204, -1);
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

    Received poll(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
