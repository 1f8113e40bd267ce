package io.yikatong.samples.agent;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One {@code /v1/events} listener (public only because Jetty binds its listener methods reflectively; not API).
 * Jetty calls the listener methods one at a time; sends may come from any thread.
 *
 * <p>Thread-safe.
 */
public final class EventSocket implements Session.Listener.AutoDemanding {
    private final EventHub hub;
    private volatile Session session;

    EventSocket(EventHub hub) {
        this.hub = hub;
    }

    private final AtomicInteger pending = new AtomicInteger();
    private volatile long oldestPending;
    private volatile long lastPing = System.nanoTime();
    private final AtomicBoolean gone = new AtomicBoolean();

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        if (hub.closed()) {
            s.close(StatusCode.SHUTDOWN, "agent stopping", Callback.NOOP);
            return;
        }
        hub.clients().add(this);
        hub.log().accept("agent: GET /v1/events 101 (WebSocket open)");
        send(EventHub.json(hub.helloMessage()));
    }

    @Override
    public void onWebSocketText(String message) {
        // listeners send nothing the agent acts on
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.slice()).flip();
        enqueue(cb -> session.sendPong(copy, cb));
    }

    @Override
    public void onWebSocketClose(int status, String reason) {
        hub.clients().remove(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        hub.clients().remove(this);
    }

    void send(String text) {
        enqueue(cb -> session.sendText(text, cb));
    }

    private void enqueue(Consumer<Callback> op) {
        if (gone.get()) {
            return;
        }
        int n = pending.incrementAndGet();
        if (n > EventHub.MAX_PENDING) {
            drop("its send queue is full (it does not read)");
            return;
        }
        if (n == 1) {
            oldestPending = System.nanoTime();
        }
        try {
            op.accept(Callback.from(() -> {
                oldestPending = pending.decrementAndGet() == 0 ? 0 : System.nanoTime();
            }, x -> drop("a send failed")));
        } catch (RuntimeException e) {
            drop("a send failed");
        }
    }

    void check(long now, Duration sendTimeout, Duration pingInterval) {
        long since = oldestPending;
        if (since != 0 && now - since > sendTimeout.toNanos()) {
            drop("it has not read for " + sendTimeout.toSeconds() + " s");
        } else if (now - lastPing > pingInterval.toNanos()) {
            lastPing = now;
            enqueue(cb -> session.sendPing(ByteBuffer.allocate(0), cb));
        }
    }

    void drop(String why) {
        if (gone.compareAndSet(false, true)) {
            hub.clients().remove(this);
            hub.log().accept("agent: event listener dropped: " + why);
            Session s = session;
            if (s != null) {
                s.disconnect();
            }
        }
    }

    void goAway() {
        Session s = session;
        if (s != null && !gone.get()) {
            s.close(StatusCode.SHUTDOWN, "agent stopping", Callback.NOOP);
        }
    }
}
