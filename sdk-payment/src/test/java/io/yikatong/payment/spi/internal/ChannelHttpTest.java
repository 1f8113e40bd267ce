package io.yikatong.payment.spi.internal;

import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.yikatong.payment.spi.ChannelLinkException;
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
        // not the gateway's answer (it answers 200 to everything): a wrong URL or a proxy, proving nothing
        ChannelLinkException notFound = assertChannelThrows(ChannelLinkException.class,
                "alipay", () -> http.sendExpectingOk("alipay.trade.pay", post(base.resolve("404"), "x")));
        assertEquals("alipay.trade.pay: HTTP 404 (not the gateway's answer: it answers every call with 200; outcome"
                + " unknown)", notFound.getMessage());
        assertEquals("payment.alipay.not_gateway", notFound.errorCode().code());
        assertEquals(false, notFound.requestNotSent());
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
        URI closed = TransportProbe.closedPort();
        long start = System.nanoTime();
        ChannelLinkException e = assertChannelThrows(ChannelLinkException.class, "medical-insurance",
                () -> http.sendExpectingOk("6201", post(closed, "x")));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos());
        // nothing listens: no byte of the request left this host, so it certainly took no effect
        assertTrue(e.requestNotSent(), e::toString);
        assertEquals("payment.medical_insurance.unreachable", e.errorCode().code());
        assertEquals("6201: cannot connect to http://127.0.0.1:" + closed.getPort()
                + " (ConnectException; the request was not sent)", e.getMessage());
    }

    @Test
    void aConnectTimeoutIsUnreachable() throws Exception {
        // what the JDK client throws when the connect timeout passes (a loopback test cannot make a SYN go unanswered)
        HttpClient timingOut = new ThrowingClient(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out"));
        ChannelLinkException e = assertChannelThrows(ChannelLinkException.class, "wechat",
                () -> new ChannelHttp("wechat", timingOut, Duration.ofSeconds(30))
                        .send("POST /v3/pay/transactions/codepay", post(URI.create("http://127.0.0.1:9/x"), "x")));
        assertTrue(e.requestNotSent(), e::toString);
        assertEquals("POST /v3/pay/transactions/codepay: cannot connect to http://127.0.0.1:9 (connect timed out; the"
                + " request was not sent)", e.getMessage());
        // a read timeout after the request was written is not: its outcome is unknown
        HttpClient readTimeout = new ThrowingClient(new HttpTimeoutException("request timed out"));
        ChannelLinkException unknown = assertChannelThrows(ChannelLinkException.class, "wechat",
                () -> new ChannelHttp("wechat", readTimeout, Duration.ofSeconds(30))
                        .send("POST /v3/pay/transactions/codepay", post(URI.create("http://127.0.0.1:9/x"), "x")));
        assertEquals(false, unknown.requestNotSent());
        assertTrue(unknown.getMessage().endsWith("(outcome unknown)"), unknown.getMessage());
    }

    /** An HTTP client whose every send fails with one exception. */
    private static final class ThrowingClient extends HttpClient {
        private final IOException failure;

        ThrowingClient(IOException failure) {
            this.failure = failure;
        }

        @Override
        public <T> java.net.http.HttpResponse<T> send(HttpRequest request,
                java.net.http.HttpResponse.BodyHandler<T> handler) throws IOException {
            throw failure;
        }

        @Override
        public <T> java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<T>> sendAsync(
                HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> handler) {
            return java.util.concurrent.CompletableFuture.failedFuture(failure);
        }

        @Override
        public <T> java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<T>> sendAsync(
                HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> handler,
                java.net.http.HttpResponse.PushPromiseHandler<T> push) {
            return java.util.concurrent.CompletableFuture.failedFuture(failure);
        }

        @Override
        public java.util.Optional<java.net.CookieHandler> cookieHandler() {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<Duration> connectTimeout() {
            return java.util.Optional.of(Duration.ofMillis(1));
        }

        @Override
        public Redirect followRedirects() {
            return Redirect.NEVER;
        }

        @Override
        public java.util.Optional<java.net.ProxySelector> proxy() {
            return java.util.Optional.empty();
        }

        @Override
        public javax.net.ssl.SSLContext sslContext() {
            return null;
        }

        @Override
        public javax.net.ssl.SSLParameters sslParameters() {
            return null;
        }

        @Override
        public java.util.Optional<java.net.Authenticator> authenticator() {
            return java.util.Optional.empty();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }

        @Override
        public java.util.Optional<java.util.concurrent.Executor> executor() {
            return java.util.Optional.empty();
        }
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
