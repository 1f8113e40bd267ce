package io.yikatong.samples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.testkit.card.VirtualHealthCards;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent under hostile or sloppy clients: slowloris, keep-alive, a WebSocket client that never reads while flooding
 * pings, and frames that break RFC 6455. Each test reproduces an observation of issue 15 that the hand-written server
 * failed; all bounds are generous.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AgentHardeningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "t".repeat(43);

    private AgentServer agent;
    private VirtualCardSource card;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private AgentServer start(Duration headerDeadline) throws IOException {
        return start(headerDeadline, (transport, reader) -> {
            try (transport) {
                return JSON.createObjectNode().put("cardType", "residentHealthCard").put("reader", reader);
            }
        }, Duration.ofSeconds(10));
    }

    private AgentServer start(Duration headerDeadline, CardJsonReader reader, Duration lockTimeout)
            throws IOException {
        card = new VirtualCardSource(VirtualHealthCards.card(VirtualHealthCards.examplePersonalisation(),
                new SecureRandom()));
        agent = AgentServer.builder().port(0).token(TOKEN).log(log::add).headerDeadline(headerDeadline)
                .lockTimeout(lockTimeout).card(card, reader)
                .qrClassifier(text -> JSON.createObjectNode().put("length", text.length()))
                .start();
        return agent;
    }

    @AfterEach
    void stop() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (agent != null) {
            agent.close();
        }
    }

    private HttpResponse<String> health() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + "/v1/health"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCardThatTimesOutReleasesTheReaderLockAndEveryLinkFailureHasAStableCode() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        start(Duration.ofSeconds(10), (transport, reader) -> {
            try (transport) {
                if (calls.incrementAndGet() <= 2) {
                    // what a card I/O deadline reports: a link failure while the session holds the reader
                    throw new io.yikatong.card.CardLinkException(io.yikatong.card.CardErrorCode.LINK_FAILED,
                            "the card did not answer within the deadline", null);
                }
                return JSON.createObjectNode().put("cardType", "residentHealthCard").put("reader", reader);
            }
        }, Duration.ZERO);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> failed = post("/v1/card/read", "");
            assertEquals(503, failed.statusCode(), failed.body());
            assertEquals("link_failed", JSON.readTree(failed.body()).at("/error/code").asText());
        }
        // with a zero lock time-out, a lock left held would answer 409 busy
        HttpResponse<String> ok = post("/v1/card/read", "");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(1, card.maxConcurrentSessions());
        assertEquals(0, card.sessionCount() - 3, "every session was opened once");
        for (io.yikatong.card.CardErrorCode code : io.yikatong.card.CardErrorCode.values()) {
            io.yikatong.card.CardLinkException link;
            try {
                link = new io.yikatong.card.CardLinkException(code, "x", null);
            } catch (IllegalArgumentException notALinkCode) {
                continue;
            }
            ApiException e = CardErrors.of(link);
            assertTrue(e.code().matches("no_card|reader_unavailable|link_failed|card_timeout"), code + " -> "
                    + e.code());
        }
    }

    @Test
    void slowlorisDoesNotStarveLegitimateRequests() throws Exception {
        start(Duration.ofSeconds(10));
        // 150 connections that each send a header byte every second (the old server's 64 threads were all taken)
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            Socket s = new Socket("127.0.0.1", agent.port());
            sockets.add(s);
            slow.add(s);
            s.getOutputStream().write('G');
        }
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread trickle = new Thread(() -> {
            byte[] header = ("ET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port() + "\r\nX-Slow: "
                    + "a".repeat(200)).getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; trickling.get() && k < header.length; k++) {
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write(header[k]);
                    } catch (IOException e) {
                        // cut off by the agent: expected
                    }
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        trickle.setDaemon(true);
        trickle.start();
        try {
            Thread.sleep(2000); // let the slow connections settle in (not a synchronisation: any time works)
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<HttpResponse<String>>> all = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    all.add(pool.submit(this::health));
                }
                for (Future<HttpResponse<String>> f : all) {
                    HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                    assertEquals(200, r.statusCode(), r.body());
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            trickling.set(false);
            trickle.interrupt();
        }
    }

    @Test
    void aTricklingHeaderIsCutOffAfterTheWholeRequestDeadline() throws Exception {
        start(Duration.ofSeconds(2));
        try (Socket s = new Socket("127.0.0.1", agent.port())) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] header = ("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port() + "\r\nX-Slow: "
                    + "a".repeat(500) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            boolean cut = false;
            // one byte every 200 ms: far below any per-read time-out, and the whole header would take 100 s
            for (int k = 0; k < header.length && !cut && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(40);
                    k++) {
                try {
                    out.write(header[k]);
                    out.flush();
                } catch (IOException e) {
                    cut = true;
                    break;
                }
                try {
                    s.setSoTimeout(200);
                    int b = in.read();
                    cut = b < 0;
                } catch (SocketTimeoutException e) {
                    // nothing yet: keep trickling
                } catch (SocketException e) {
                    cut = true;
                }
            }
            assertTrue(cut, "the connection was not closed while its header trickled for 40 s");
            assertTrue(log.stream().anyMatch(l -> l.contains("request header took longer")), String.join("\n", log));
        }
        assertEquals(200, health().statusCode());
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        start(Duration.ofSeconds(10));
        try (Socket s = new Socket("127.0.0.1", agent.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 5; i++) {
                out.write(("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 200 "), "request " + i + ": " + head);
                assertFalse(head.toLowerCase().contains("connection: close"), head);
                int length = contentLength(head);
                JsonNode body = JSON.readTree(in.readNBytes(length));
                assertEquals("ok", body.get("status").asText());
            }
            // an authenticated POST on the same connection, then an error answer that keeps the connection
            String read = "POST /v1/card/read HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port() + "\r\nAuthorization: Bearer "
                    + TOKEN + "\r\nContent-Length: 0\r\n\r\n";
            out.write(read.getBytes(StandardCharsets.US_ASCII));
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200 "), head);
            in.readNBytes(contentLength(head));
            out.write(("GET /v1/nothing HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port() + "\r\nAuthorization: Bearer "
                    + TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 404 "), head);
            in.readNBytes(contentLength(head));
            out.write(("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(readHead(in).startsWith("HTTP/1.1 200 "));
        }
    }

    @Test
    void aNonReadingPingFlooderNeitherStopsEventsToOthersNorBlocksClose() throws Exception {
        start(Duration.ofSeconds(10));
        // the flooder: a small receive buffer, never reads, sends pings as fast as it can
        Socket flooder = new Socket();
        sockets.add(flooder);
        flooder.setReceiveBufferSize(4096);
        flooder.connect(new java.net.InetSocketAddress("127.0.0.1", agent.port()), 10_000);
        flooder.setSoTimeout(10_000);
        handshake(flooder);
        AtomicBoolean flooding = new AtomicBoolean(true);
        Thread flood = new Thread(() -> {
            byte[] ping = maskedFrame(0x89, new byte[125]);
            try {
                OutputStream out = flooder.getOutputStream();
                while (flooding.get()) {
                    out.write(ping);
                }
            } catch (IOException e) {
                // dropped by the agent, or closed by the test
            }
        });
        flood.setDaemon(true);
        flood.start();
        try {
            List<BlockingQueue<JsonNode>> inboxes = new ArrayList<>();
            List<WebSocket> listeners = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
                inboxes.add(inbox);
                listeners.add(listen(inbox));
                assertEquals("hello", inbox.poll(20, TimeUnit.SECONDS).get("type").asText());
            }
            for (int round = 0; round < 3; round++) {
                assertEquals(200, post("/v1/virtual/card", "{\"present\":false}").statusCode());
                assertEquals(200, post("/v1/virtual/card", "{\"present\":true}").statusCode());
                for (BlockingQueue<JsonNode> inbox : inboxes) {
                    JsonNode removed = inbox.poll(20, TimeUnit.SECONDS);
                    assertNotNull(removed, "a listener got no event while another client floods pings");
                    assertEquals("card-removed", removed.get("type").asText());
                    JsonNode inserted = inbox.poll(20, TimeUnit.SECONDS);
                    assertNotNull(inserted);
                    assertEquals("card-inserted", inserted.get("type").asText());
                }
            }
            // the flooder's pongs pile up unsent: it is dropped, the others stay
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (log.stream().noneMatch(l -> l.contains("event listener dropped"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(log.stream().anyMatch(l -> l.contains("event listener dropped")), String.join("\n", log));
            assertEquals(4, agent.eventListeners());
            // close returns within a few seconds although the flooder never reads its close frame
            CompletableFuture<Long> closing = CompletableFuture.supplyAsync(() -> {
                long t = System.nanoTime();
                agent.close();
                return System.nanoTime() - t;
            });
            long took = closing.get(30, TimeUnit.SECONDS);
            assertTrue(took < TimeUnit.SECONDS.toNanos(10), "close took " + took / 1_000_000 + " ms");
            listeners.forEach(WebSocket::abort);
        } finally {
            flooding.set(false);
            flood.interrupt();
        }
    }

    @Test
    void invalidUtf8TextFrameClosesWith1007() throws Exception {
        start(Duration.ofSeconds(10));
        // 0xC3 0x28 is an invalid two-byte sequence
        assertEquals(1007, closeCodeAfter(maskedFrame(0x81, new byte[] {(byte) 0xC3, 0x28})));
        // an overlong encoding of '/' (0xC0 0xAF) is invalid too
        assertEquals(1007, closeCodeAfter(maskedFrame(0x81, new byte[] {(byte) 0xC0, (byte) 0xAF})));
        assertEquals(200, health().statusCode());
    }

    @Test
    void orphanContinuationFrameClosesWith1002() throws Exception {
        start(Duration.ofSeconds(10));
        // FIN + continuation opcode with no message started
        assertEquals(1002, closeCodeAfter(maskedFrame(0x80, "orphan".getBytes(StandardCharsets.US_ASCII))));
        // a new text message while a fragmented one is unfinished is a protocol error too
        byte[] first = maskedFrame(0x01, "par".getBytes(StandardCharsets.US_ASCII));
        byte[] second = maskedFrame(0x81, "new".getBytes(StandardCharsets.US_ASCII));
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertEquals(1002, closeCodeAfter(both));
    }

    @Test
    void fuzzedWebSocketFramesCloseOrAreIgnoredWithoutLeaks() throws Exception {
        start(Duration.ofSeconds(10));
        java.util.Random random = new java.util.Random(15);
        for (int i = 0; i < 60; i++) {
            byte[] frames;
            if (random.nextBoolean()) {
                frames = new byte[random.nextInt(200)];
                random.nextBytes(frames);
            } else {
                byte[] payload = new byte[random.nextInt(126)];
                random.nextBytes(payload);
                int[] firstBytes = {0x81, 0x82, 0x01, 0x80, 0x00, 0x88, 0x89, 0x8A, 0x83, 0xC1, 0x09};
                frames = maskedFrame(firstBytes[random.nextInt(firstBytes.length)], payload);
            }
            try (Socket s = new Socket("127.0.0.1", agent.port())) {
                s.setSoTimeout(2000);
                InputStream in = handshake(s);
                s.getOutputStream().write(frames);
                try {
                    while (in.read() >= 0) {
                        // drain until the agent closes (or nothing more comes)
                    }
                } catch (SocketTimeoutException e) {
                    // the frame was incomplete or ignored: the listener stays open until we close it
                } catch (SocketException e) {
                    // reset after a close: fine
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((agent.eventListeners() > 0 || agent.activeConnections() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, agent.eventListeners());
        assertEquals(0, agent.activeConnections());
        assertEquals(200, health().statusCode());
        assertFalse(log.stream().anyMatch(l -> l.contains("internal error")), String.join("\n", log));
    }

    private int closeCodeAfter(byte[] frames) throws IOException {
        try (Socket s = new Socket("127.0.0.1", agent.port())) {
            s.setSoTimeout(15_000);
            InputStream in = handshake(s);
            s.getOutputStream().write(frames);
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    return -1;
                }
                int len = in.read() & 0x7F;
                if (len == 126) {
                    len = (in.read() << 8) | in.read();
                }
                byte[] payload = in.readNBytes(len);
                if ((b0 & 0x0F) == 0x8) {
                    return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                }
            }
        }
    }

    /** Opens the WebSocket on a raw socket and reads the hello event; returns the input stream. */
    private InputStream handshake(Socket s) throws IOException {
        s.getOutputStream().write(("GET /v1/events?token=" + TOKEN + " HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        String head = readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 101 "), head);
        assertEquals(0x81, in.read());
        in.readNBytes(in.read() & 0x7F);
        return in;
    }

    private WebSocket listen(BlockingQueue<JsonNode> inbox) throws Exception {
        return http.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                .buildAsync(URI.create("ws://127.0.0.1:" + agent.port() + "/v1/events"), new WebSocket.Listener() {
                    final StringBuilder part = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            try {
                                inbox.add(JSON.readTree(part.toString()));
                            } catch (IOException e) {
                                inbox.add(JSON.createObjectNode().put("type", "unparsable"));
                            }
                            part.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(20, TimeUnit.SECONDS);
    }

    static byte[] maskedFrame(int firstByte, byte[] payload) {
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        out.write(0x80 | payload.length);
        out.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        return out.toByteArray();
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        throw new AssertionError("no Content-Length in " + head);
    }
}
