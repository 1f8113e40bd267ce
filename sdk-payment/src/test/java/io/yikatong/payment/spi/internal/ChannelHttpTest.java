package io.yikatong.payment.spi.internal;

import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.TransportProbe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChannelHttpTest {

    private HttpServer server;
    private URI base;
    private TransportProbe probe;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] request = in.readAllBytes();
                int status = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
                byte[] body = ("echo:" + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("X-Status", Integer.toString(status));
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        probe = new TransportProbe();
    }

    @AfterEach
    void stop() throws IOException {
        server.stop(0);
        probe.close();
    }

    private static HttpRequest.Builder post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void requestsGoThroughTheGivenClientWithTheRequestTimeout() throws Exception {
        ChannelHttp http = new ChannelHttp("wechat", probe.client(), Duration.ofSeconds(5));
        assertSame(probe.client(), http.client());
        ChannelHttp.Answer a = http.send("POST /201", post(base.resolve("201"), "甲"));
        assertEquals(201, a.status());
        assertEquals("echo:甲", a.text());
        assertArrayEquals("echo:甲".getBytes(StandardCharsets.UTF_8), a.body());
        assertEquals("201", a.headers().firstValue("X-Status").orElseThrow());
        assertEquals(java.util.List.of(base.resolve("201")), probe.requests());
        assertEquals(Duration.ofSeconds(5), http.requestTimeout());
    }

    @Test
    void aGatewayThatAnswers200OnlyMapsOtherStatuses() throws Exception {
        ChannelHttp http = new ChannelHttp("alipay", probe.client(), Duration.ofSeconds(5));
        assertEquals("echo:x", http.sendExpectingOk("alipay.trade.pay", post(base.resolve("200"), "x")).text());
        ChannelLinkException unavailable = assertChannelThrows(ChannelLinkException.class, "alipay",
                () -> http.sendExpectingOk("alipay.trade.pay", post(base.resolve("503"), "x")));
        assertEquals("alipay.trade.pay: HTTP 503 (outcome unknown)", unavailable.getMessage());
        ChannelMalformedResponseException notFound = assertChannelThrows(ChannelMalformedResponseException.class,
                "alipay", () -> http.sendExpectingOk("alipay.trade.pay", post(base.resolve("404"), "x")));
        assertEquals("alipay.trade.pay: HTTP 404", notFound.getMessage());
        // a channel judging statuses itself gets them all
        assertEquals(404, http.send("GET /404", HttpRequest.newBuilder(base.resolve("404"))).status());
    }

    @Test
    void aSilentGatewayTimesOutAsALinkFailure() throws Exception {
        ChannelHttp http = new ChannelHttp("unionpay", probe.client(), Duration.ofMillis(300));
        URI silent = probe.silentServer();
        long start = System.nanoTime();
        ChannelLinkException e = assertChannelThrows(ChannelLinkException.class, "unionpay",
                () -> http.send("refund", post(silent, "x")));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos());
        assertTrue(e.getCause() instanceof HttpTimeoutException, e::toString);
        assertEquals("refund: timed out after 300 ms (outcome unknown)", e.getMessage());
        assertTrue(probe.requests().contains(silent), probe.requests()::toString);
    }

    @Test
    void aRefusedConnectionIsALinkFailure() throws Exception {
        ChannelHttp http = new ChannelHttp("medical-insurance",
                ChannelHttp.defaultClient(Duration.ofSeconds(2)), Duration.ofSeconds(2));
        ChannelLinkException e = assertChannelThrows(ChannelLinkException.class, "medical-insurance",
                () -> http.sendExpectingOk("6201", post(TransportProbe.closedPort(), "x")));
        assertTrue(e.getMessage().startsWith("6201: link failed, "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (outcome unknown)"), e.getMessage());
    }

    @Test
    void anInterruptIsALinkFailureAndStaysSet() {
        ChannelHttp http = new ChannelHttp("wechat", probe.client(), Duration.ofSeconds(10));
        Thread.currentThread().interrupt();
        try {
            ChannelLinkException e = assertChannelThrows(ChannelLinkException.class, "wechat",
                    () -> http.send("GET /v3/x", HttpRequest.newBuilder(probe.silentServer())));
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theDefaultClientFollowsNoRedirectsAndHasTheConnectTimeout() {
        HttpClient c = ChannelHttp.defaultClient(Duration.ofSeconds(3));
        assertEquals(HttpClient.Redirect.NEVER, c.followRedirects());
        assertEquals(Duration.ofSeconds(3), c.connectTimeout().orElseThrow());
        assertSame(probe.client(), ChannelHttp.clientOrDefault(probe.client(), Duration.ofSeconds(3)));
        assertEquals(Duration.ofSeconds(7),
                ChannelHttp.clientOrDefault(null, Duration.ofSeconds(7)).connectTimeout().orElseThrow());
    }
}
