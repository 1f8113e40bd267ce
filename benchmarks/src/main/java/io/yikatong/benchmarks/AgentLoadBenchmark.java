package io.yikatong.benchmarks;

import io.yikatong.samples.agent.AgentServer;
import io.yikatong.samples.cli.AgentCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Load on the local card agent over loopback with keep-alive clients, next to a bare Jetty 12 server in the same run.
 *
 * <ul>
 *   <li>{@code bareJetty}: the baseline, a plain Jetty core {@link Handler} (same Jetty version as the agent, default
 *       thread pool and connector, bound to loopback) answering a constant 43-byte JSON;
 *   <li>{@code agentHealth}: the agent's {@code GET /v1/health} (Host check, security headers, routing, Jackson, access
 *       log line), started exactly as {@code yikatong agent} starts it ({@link AgentCommand#start}) on the in-process
 *       virtual health card;
 *   <li>{@code agentCardRead}: {@code POST /v1/card/read} with the bearer token: a full read of the virtual card
 *       (SM2-verified records with the development security module), masked, as JSON. Card sessions on one reader are
 *       serialised by the agent's fair reader lock, so at 8 clients a request waits for up to 7 others;
 *       {@code agentCardReadOneClient} measures the same request without that queue.
 * </ul>
 *
 * <p>Every benchmark runs in {@link Mode#Throughput} (all threads together, ops/s) and {@link Mode#SampleTime} (the
 * latency of each request, with p50/p99 in JMH's output and in {@link Ratios}).
 *
 * <p>Clients: one blocking {@link Socket} per JMH thread and server, opened once per trial and reused for every request
 * (HTTP/1.1 keep-alive, no pipelining); a hand-rolled minimal client, so the measurement holds no client-side selector
 * threads or connection pools competing for the CPU. Keep-alive is proven, not assumed: a client never reconnects (a
 * closed connection fails the benchmark), every answer is checked for status 200, {@code HTTP/1.1}, a
 * {@code Content-Length} and no {@code Connection: close}, and setup checks server-side that three requests on one
 * connection leave exactly one more open connection on each server.
 *
 * <p>The agent's access log is the {@code Consumer<String>} the CLI passes {@code System.err::println}; here it counts
 * lines instead (the line is still formatted), so terminal output is not measured.
 *
 * <p>Not thread-safe; JMH's state model.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AgentLoadBenchmark {

    static final byte[] BARE_BODY = "{\"status\":\"ok\",\"version\":\"0\",\"mode\":\"bare\"}"
            .getBytes(StandardCharsets.UTF_8);

    /** Both servers, started once per trial. */
    @State(Scope.Benchmark)
    public static class Servers {
        Path dir;
        AgentServer agent;
        String token;
        Server bare;
        ServerConnector bareConnector;
        final LongAdder logLines = new LongAdder();

        @Setup(Level.Trial)
        public void start() throws Exception {
            dir = Files.createTempDirectory("yikatong-agent-load");
            agent = AgentCommand.start(List.of("--port", "0", "--token-file", dir.resolve("token").toString(),
                    "--journal", dir.resolve("journal").toString()), line -> logLines.increment());
            token = Files.readString(dir.resolve("token")).strip();

            bare = new Server();
            bareConnector = new ServerConnector(bare);
            bareConnector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
            bareConnector.setPort(0);
            bare.addConnector(bareConnector);
            bare.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    response.setStatus(200);
                    response.getHeaders().put("Content-Type", "application/json; charset=utf-8");
                    response.getHeaders().put("Content-Length", BARE_BODY.length);
                    response.write(true, ByteBuffer.wrap(BARE_BODY), callback);
                    return true;
                }
            });
            bare.start();

            // server-side proof of keep-alive: three requests on one connection are one connection more
            int agentBefore = agent.activeConnections();
            int bareBefore = bareConnector.getConnectedEndPoints().size();
            try (KeepAliveClient a = new KeepAliveClient(agent.port());
                    KeepAliveClient b = new KeepAliveClient(bareConnector.getLocalPort())) {
                for (int i = 0; i < 3; i++) {
                    a.exchange(a.health);
                    check(a.body().contains("\"status\":\"ok\"") && a.body().contains("\"mode\":\"virtual\""),
                            "agent health: " + a.body());
                    b.exchange(b.health);
                    check(b.body().equals(new String(BARE_BODY, StandardCharsets.UTF_8)), "bare: " + b.body());
                    a.exchange(a.cardRead(token));
                    // a real read of the virtual card: its holder, masked as by default
                    check(a.body().contains("\"cardType\":\"residentHealthCard\"") && a.body().contains("\"holder\"")
                            && a.body().contains("\"masked\":true"), "card read: " + a.body());
                }
                check(agent.activeConnections() == agentBefore + 1, "agent: " + agent.activeConnections()
                        + " open connections after three requests on one, expected " + (agentBefore + 1));
                check(bareConnector.getConnectedEndPoints().size() == bareBefore + 1, "bare: "
                        + bareConnector.getConnectedEndPoints().size() + " open connections, expected "
                        + (bareBefore + 1));
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            agent.close();
            bare.stop();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** One keep-alive connection per thread to each server. */
    @State(Scope.Thread)
    public static class Clients {
        KeepAliveClient agent;
        KeepAliveClient bare;
        byte[] cardRead;

        @Setup(Level.Trial)
        public void connect(Servers servers) throws IOException {
            agent = new KeepAliveClient(servers.agent.port());
            bare = new KeepAliveClient(servers.bareConnector.getLocalPort());
            cardRead = agent.cardRead(servers.token);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            agent.close();
            bare.close();
        }
    }

    /** The baseline: a bare Jetty handler answering a constant. */
    @Benchmark
    @Threads(8)
    public int bareJetty(Clients c) throws IOException {
        return c.bare.exchange(c.bare.health);
    }

    /** The agent's {@code GET /v1/health}. */
    @Benchmark
    @Threads(8)
    public int agentHealth(Clients c) throws IOException {
        return c.agent.exchange(c.agent.health);
    }

    /** {@code POST /v1/card/read} on the in-process virtual card, 8 clients queueing on the one reader. */
    @Benchmark
    @Threads(8)
    public int agentCardRead(Clients c) throws IOException {
        return c.agent.exchange(c.cardRead);
    }

    /** {@code POST /v1/card/read} by one client: the service time without the reader queue. */
    @Benchmark
    @Threads(1)
    public int agentCardReadOneClient(Clients c) throws IOException {
        return c.agent.exchange(c.cardRead);
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    /**
     * A minimal HTTP/1.1 client on one blocking socket: writes a request, reads exactly one response (header, then
     * {@code Content-Length} bytes). It never reconnects, so any connection the server closes fails the run. Not
     * thread-safe; one per JMH thread.
     */
    static final class KeepAliveClient implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final int port;
        private final int localPort;
        final byte[] health;
        private byte[] buf = new byte[16 * 1024];
        private int bodyStart;
        private int bodyEnd;

        KeepAliveClient(int port) throws IOException {
            this.port = port;
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            localPort = socket.getLocalPort();
            in = socket.getInputStream();
            out = socket.getOutputStream();
            health = ("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }

        byte[] cardRead(String token) {
            return ("POST /v1/card/read HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nAccept: application/json\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }

        /** Sends one request and reads its response; returns the body length. */
        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            int n = 0;
            int headerEnd = -1;
            while (headerEnd < 0) {
                n = fill(n);
                headerEnd = indexOfCrlfCrlf(n);
            }
            String header = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1);
            if (!header.startsWith("HTTP/1.1 200 ")) {
                throw new IOException("not a 200 over HTTP/1.1: " + header.lines().findFirst().orElse(""));
            }
            int length = -1;
            // no regular expressions: the client's work is the same for every benchmark, but it shares the 2 cores
            for (int from = header.indexOf("\r\n") + 2, to; from < header.length(); from = to + 2) {
                to = header.indexOf("\r\n", from);
                to = to < 0 ? header.length() : to;
                String line = header.substring(from, to);
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Integer.parseInt(value);
                } else if (name.equalsIgnoreCase("connection") && value.toLowerCase(Locale.ROOT).contains("close")) {
                    throw new IOException("the server closes the connection: " + line);
                } else if (name.equalsIgnoreCase("transfer-encoding")) {
                    throw new IOException("unexpected " + line);
                }
            }
            if (length < 0) {
                throw new IOException("no Content-Length");
            }
            int total = headerEnd + 4 + length;
            if (buf.length < total) {
                buf = Arrays.copyOf(buf, total);
            }
            while (n < total) {
                n = fill(n);
            }
            if (n != total || socket.getLocalPort() != localPort) {
                throw new IOException("unexpected bytes after the response");
            }
            bodyStart = headerEnd + 4;
            bodyEnd = total;
            return length;
        }

        /** The last response's body (for setup checks; not called while measuring). */
        String body() {
            return new String(buf, bodyStart, bodyEnd - bodyStart, StandardCharsets.UTF_8);
        }

        private int fill(int n) throws IOException {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                throw new IOException("the server closed the keep-alive connection");
            }
            return n + r;
        }

        private int indexOfCrlfCrlf(int n) {
            for (int i = 0; i + 3 < n; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
