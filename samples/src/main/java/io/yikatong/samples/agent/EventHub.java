package io.yikatong.samples.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * {@code GET /v1/events}: the WebSocket (Jetty's RFC 6455 implementation) that pushes card insertions and removals.
 * Jetty enforces the frame rules: unmasked client frames and orphan continuations close with 1002, invalid UTF-8 text
 * with 1007, frames or messages over 16 KiB with 1009.
 *
 * <p>Every listener has a bounded send queue: an event or a pong is queued without blocking; a listener with more than
 * {@link #MAX_PENDING} unsent frames, or whose oldest unsent frame is older than the send time-out, is disconnected.
 * So a client that never reads (even one flooding pings) cannot hold back the others, nor the agent's shutdown. The
 * hub pings every listener periodically, which also finds dead ones.
 *
 * <p>Thread-safe; one per agent.
 */
final class EventHub {

    static final int MAX_CLIENTS = 16;
    static final int MAX_PENDING = 32;
    static final int MAX_MESSAGE = 16 * 1024;

    private final ServerWebSocketContainer container;
    private final Set<EventSocket> clients = ConcurrentHashMap.newKeySet();
    private final Supplier<ObjectNode> hello;
    private final Consumer<String> log;
    private final Duration sendTimeout;
    private final Duration pingInterval;
    private volatile Scheduler scheduler;
    private volatile boolean closed;

    EventHub(Server server, Supplier<ObjectNode> hello, Consumer<String> log, Duration sendTimeout,
            Duration pingInterval) {
        this.hello = hello;
        this.log = log;
        this.sendTimeout = sendTimeout;
        this.pingInterval = pingInterval;
        this.container = ServerWebSocketContainer.ensure(server);
        container.setMaxTextMessageSize(MAX_MESSAGE);
        container.setMaxBinaryMessageSize(MAX_MESSAGE);
        container.setMaxFrameSize(MAX_MESSAGE);
        container.setIdleTimeout(pingInterval.multipliedBy(3));
        container.setMaxOutgoingFrames(MAX_PENDING + 8);
        container.setAutoFragment(false);
    }

    /** Starts the periodic checks (after the server started). */
    void start(Scheduler scheduler) {
        this.scheduler = scheduler;
        scheduler.schedule(this::sweep, 500, TimeUnit.MILLISECONDS);
    }

    Set<EventSocket> clients() {
        return clients;
    }

    boolean closed() {
        return closed;
    }

    Consumer<String> log() {
        return log;
    }

    ObjectNode helloMessage() {
        return hello.get();
    }

    static String json(ObjectNode o) {
        return text(o);
    }

    int listeners() {
        return clients.size();
    }

    Reply upgrade(ApiRequest r, Response response, org.eclipse.jetty.util.Callback callback) throws ApiException {
        String upgrade = r.header("Upgrade");
        String connection = r.header("Connection");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket") || connection == null
                || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
            throw new ApiException(400, "bad_request", "GET /v1/events is a WebSocket: send Upgrade: websocket");
        }
        if (!"13".equals(r.header("Sec-WebSocket-Version"))) {
            throw new ApiException(426, "upgrade_required", "WebSocket version 13 only");
        }
        String key = r.header("Sec-WebSocket-Key");
        byte[] decoded;
        try {
            decoded = key == null ? new byte[0] : Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            decoded = new byte[0];
        }
        if (decoded.length != 16) {
            throw new ApiException(400, "bad_request", "Sec-WebSocket-Key must be 16 bytes in Base64");
        }
        if (closed) {
            throw new ApiException(503, "stopping", "the agent is stopping");
        }
        if (clients.size() >= MAX_CLIENTS) {
            throw new ApiException(503, "overloaded", "too many event listeners");
        }
        if (!container.upgrade((rq, rs, cb) -> new EventSocket(this), r.jetty(), response, callback)) {
            throw new ApiException(400, "bad_request", "not a valid WebSocket upgrade");
        }
        return Reply.HANDLED;
    }

    /** Sends an event to every listener without waiting for any of them. */
    void broadcast(ObjectNode event) {
        String text = text(event);
        for (EventSocket c : clients) {
            c.send(text);
        }
    }

    /** Closes every listener with 1001 (going away) without waiting; the server's stop drops the rest. */
    void close() {
        closed = true;
        for (EventSocket c : clients) {
            c.goAway();
        }
    }

    private void sweep() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        for (EventSocket c : clients) {
            c.check(now, sendTimeout, pingInterval);
        }
        Scheduler s = scheduler;
        if (s != null && !closed) {
            s.schedule(this::sweep, 500, TimeUnit.MILLISECONDS);
        }
    }

    private static String text(ObjectNode o) {
        try {
            return Reply.JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
