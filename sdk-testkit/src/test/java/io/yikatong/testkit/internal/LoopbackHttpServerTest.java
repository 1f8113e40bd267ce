package io.yikatong.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoopbackHttpServerTest {

    /** Sends raw HTTP/1.1 and returns the raw answer, so header names are seen exactly as written. */
    static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesHeaderNamesExactlyAsGiven() throws Exception {
        AtomicReference<LoopbackHttpServer.Exchange> seen = new AtomicReference<>();
        try (LoopbackHttpServer server = LoopbackHttpServer.start("case-test", 0, e -> {
            seen.set(e);
            return LoopbackHttpServer.Answer.text(200, "application/json", "{}")
                    .withHeader("Wechatpay-Timestamp", "1").withHeader("Wechatpay-Nonce", "n")
                    .withHeader("Request-ID", "r");
        })) {
            String answer = raw(server.port(), "POST /v3/x?b=2&a=%E4%B8%AD HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-Mixed-Case: v\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("\r\nWechatpay-Timestamp: 1\r\n"), answer);
            assertTrue(answer.contains("\r\nWechatpay-Nonce: n\r\n"), answer);
            assertTrue(answer.contains("\r\nRequest-ID: r\r\n"), answer);
            assertTrue(answer.contains("\r\nContent-Length: 2\r\n"), answer);
            assertTrue(answer.endsWith("\r\n\r\n{}"), answer);
            LoopbackHttpServer.Exchange e = seen.get();
            assertEquals("POST", e.method());
            assertEquals("/v3/x", e.rawPath());
            assertEquals("/v3/x?b=2&a=%E4%B8%AD", e.pathAndQuery());
            assertEquals("中", e.queryParameters().get("a"));
            assertEquals("v", e.header("x-mixed-case"));
            assertEquals("abc", e.text());
        }
    }

    @Test
    void dropClosesTheConnectionWithoutAnAnswerAndFailuresAnswer500() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start("drop-test", 0, e -> {
            if (e.rawPath().equals("/boom")) {
                throw new IllegalStateException("boom");
            }
            return LoopbackHttpServer.Answer.DROP;
        })) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(server.baseUri().resolve("/x"))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("a")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.baseUri().resolve("/boom"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, r.statusCode());
        }
    }

    @Test
    void bindsLoopbackOnlyAndStopsPromptlyWhileAHandlerSleeps() throws Exception {
        LoopbackHttpServer server = LoopbackHttpServer.start("stop-test", 0, e -> {
            Thread.sleep(60_000);
            return LoopbackHttpServer.Answer.text(200, "text/plain", "late");
        });
        assertEquals("127.0.0.1", server.baseUri().getHost());
        Thread caller = new Thread(() -> {
            try {
                raw(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            } catch (IOException ignored) {
                // the server went away, as expected
            }
        });
        caller.setDaemon(true);
        caller.start();
        Thread.sleep(300);
        long t0 = System.nanoTime();
        server.close();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 5_000, "stop took " + millis + " ms");
        assertThrows(IOException.class, () -> raw(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    }

    @Test
    void aTakenPortIsAnIOException() throws Exception {
        try (LoopbackHttpServer first = LoopbackHttpServer.start("port-test", 0,
                e -> LoopbackHttpServer.Answer.text(200, "text/plain", "x"))) {
            assertThrows(IOException.class, () -> LoopbackHttpServer.start("port-test-2", first.port(),
                    e -> LoopbackHttpServer.Answer.text(200, "text/plain", "x")));
        }
    }
}
