package io.yikatong.samples.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The network side of the agent (framing): a Jetty 12 server bound to the loopback address only, with the limits that
 * keep one client from starving the others.
 *
 * <ul>
 *   <li>request header at most 8 KiB (431); the body limit is {@link ApiRequest#MAX_BODY} (413);
 *   <li>a whole-request header deadline: a connection that has not sent a complete request header within
 *       {@code headerDeadline} of its first byte (or of connecting) is closed, however slowly it trickles bytes
 *       (Jetty's own idle time-out applies per read only);
 *   <li>an idle time-out for keep-alive connections; a request body must arrive at 1 KiB/s or faster;
 *   <li>at most {@code maxConnections} open connections (beyond that Jetty stops accepting until one closes; since
 *       connections are non-blocking, slow ones hold no thread);
 *   <li>a bounded worker pool; graceful stop within {@code stopTimeout}.
 * </ul>
 *
 * <p>Errors Jetty answers itself (a malformed request, 431) use the agent's one error shape.
 *
 * <p>Thread-safe; one per agent.
 */
final class HttpFront {

    private final Server server;
    private final ServerConnector connector;
    private final Scheduler scheduler;
    private final Duration headerDeadline;
    private final Consumer<String> log;
    private volatile boolean stopping;

    HttpFront(int port, Limits limits, Handler handler, Consumer<String> log) {
        this.headerDeadline = limits.headerDeadline();
        this.log = log;
        QueuedThreadPool pool = new QueuedThreadPool(limits.maxThreads(), 2);
        pool.setName("yikatong-agent-http");
        pool.setDaemon(true);
        this.scheduler = new ScheduledExecutorScheduler("yikatong-agent-scheduler", true);
        this.server = new Server(pool, scheduler, null);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(8 * 1024);
        http.setResponseHeaderSize(8 * 1024);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSendDateHeader(true);
        // a body (at most 64 KiB, read only after the token check) must arrive at 1 KiB/s or faster
        http.setMinRequestDataRate(1024);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(128);
        connector.setReuseAddress(true);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(handler);
        server.setStopTimeout(limits.stopTimeout().toMillis());
        server.setStopAtShutdown(false);
    }

    /** The server's limits. */
    record Limits(int maxConnections, int maxThreads, Duration headerDeadline, Duration idleTimeout,
            Duration stopTimeout) {
    }

    Server server() {
        return server;
    }

    void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly();
            throw e;
        } catch (Exception e) {
            stopQuietly();
            throw new IOException("the agent's HTTP server did not start: " + e.getClass().getSimpleName(), e);
        }
        scheduler.schedule(this::sweep, 250, TimeUnit.MILLISECONDS);
    }

    int port() {
        return connector.getLocalPort();
    }

    int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    /**
     * Closes connections past the header deadline; runs every 250 ms on the scheduler. A connection is "in a header"
     * while its parser has begun a request line or header and not finished it; one that has sent nothing at all since
     * it connected counts from the connection's creation.
     */
    private void sweep() {
        if (stopping) {
            return;
        }
        try {
            long now = System.nanoTime();
            long limit = headerDeadline.toNanos();
            long nowMillis = System.currentTimeMillis();
            for (EndPoint ep : connector.getConnectedEndPoints()) {
                Connection c = ep.getConnection();
                if (!(c instanceof HttpConnection hc)) {
                    continue; // upgraded to a WebSocket: its own time-outs apply
                }
                HttpParser parser = hc.getParser();
                HttpParser.State state = parser.getState();
                boolean late;
                if (state == HttpParser.State.START) {
                    late = hc.getMessagesIn() == 0
                            && nowMillis - ep.getCreatedTimeStamp() > headerDeadline.toMillis();
                } else if (state.ordinal() < HttpParser.State.CONTENT.ordinal()
                        && state != HttpParser.State.PROXY) {
                    late = now - parser.getBeginNanoTime() > limit;
                } else {
                    late = false;
                }
                if (late) {
                    log.accept("agent: a request header took longer than " + headerDeadline.toSeconds()
                            + " s; connection closed");
                    ep.close();
                }
            }
        } catch (RuntimeException e) {
            log.accept("agent: header deadline check failed: " + e.getClass().getSimpleName());
        } finally {
            if (!stopping) {
                scheduler.schedule(this::sweep, 250, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Stops gracefully: no new connections, running requests finish within the stop time-out, then closes all. */
    void stop() {
        stopping = true;
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            log.accept("agent: stopping the HTTP server: " + e.getClass().getSimpleName());
        }
    }

    /** Answers Jetty's own errors (bad request line, 431, …) in the agent's error shape, never with details. */
    static final class JsonErrorHandler extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                Throwable cause, Callback callback) {
            if (code == 501 || code == 505) {
                // an unknown method or HTTP version is the client's malformed request, not a server failure
                code = 400;
            }
            ObjectNode o = Reply.JSON.createObjectNode();
            o.putObject("error").put("code", codeFor(code)).put("message", "HTTP " + code);
            Reply r = Reply.json(code, o);
            response.getHeaders().put("Cache-Control", "no-store");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            r.write(response, callback);
        }

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        static String codeFor(int status) {
            return switch (status) {
                case 400 -> "bad_request";
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 408 -> "request_timeout";
                case 413 -> "body_too_large";
                case 414 -> "uri_too_long";
                case 431 -> "headers_too_large";
                case 500 -> "internal_error";
                case 501 -> "not_implemented";
                case 503 -> "unavailable";
                case 505 -> "http_version_not_supported";
                default -> "http_" + status;
            };
        }
    }
}
