package io.yikatong.qr.ehc;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A scripted HTTP server on loopback for failure tests: answers by operation (the last path segment). */
final class StubServer implements AutoCloseable {

    /** One scripted answer. */
    record Reply(int status, String body, boolean hang) {
        static Reply ok(String body) {
            return new Reply(200, body, false);
        }

        static Reply status(int status) {
            return new Reply(status, "", false);
        }

        static Reply hanging() {
            return new Reply(0, "", true);
        }
    }

    interface Script {
        Reply reply(String op, int callNumber);
    }

    static final String TOKEN_OK =
            "{\"commonOut\":{\"resultCode\":0,\"errMsg\":\"\"},\"rsp\":{\"appToken\":\"T1\",\"expiresIn\":7200}}";

    private final HttpServer server;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);

    StubServer(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stub");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                String path = ex.getRequestURI().getPath();
                String op = path.substring(path.lastIndexOf('/') + 1);
                int n = counts.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
                Reply r = script.reply(op, n);
                if (r.hang()) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int count(String op) {
        AtomicInteger n = counts.get(op);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
