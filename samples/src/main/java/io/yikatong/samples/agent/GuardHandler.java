package io.yikatong.samples.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The security side of every request, before routing: the {@code Host} header must name the loopback address or
 * {@code localhost} with the agent's port (against DNS rebinding); a request with an {@code Origin} must come from the
 * allow-list (403 {@code origin_not_allowed}), and allowed origins get CORS headers; preflights are answered here; every
 * answer carries {@code Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff}. The access log holds
 * method, path, status and milliseconds only: no query string (it may carry the token), no body, no card data.
 * {@link #checkToken} compares the bearer token in constant time.
 *
 * <p>Thread-safe; shared by all requests.
 */
final class GuardHandler extends Handler.Abstract {

    private final Router router;
    private final Set<String> allowedOrigins;
    private final byte[] token;
    private final Consumer<String> log;
    private volatile int port;

    GuardHandler(Router router, Set<String> allowedOrigins, String token, Consumer<String> log) {
        super(InvocationType.BLOCKING);
        this.router = router;
        this.allowedOrigins = allowedOrigins;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.log = log;
    }

    /** Sets the port the Host header must name (known once the connector is bound). */
    void port(int port) {
        this.port = port;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        Callback logged = new Callback() {
            @Override
            public void succeeded() {
                logLine(method, path, response.getStatus(), start);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                logLine(method, path, response.getStatus(), start);
                callback.failed(x);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
        response.getHeaders().put("Cache-Control", "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        Reply reply;
        try {
            checkHost(request);
            String origin = request.getHeaders().get("Origin");
            if (origin != null) {
                if (!allowedOrigins.contains(origin)) {
                    throw new ApiException(403, "origin_not_allowed", "this origin is not on the agent's allow-list"
                            + " (start the agent with --allow-origin ORIGIN)");
                }
                response.getHeaders().put("Access-Control-Allow-Origin", origin);
                response.getHeaders().put("Vary", "Origin");
            }
            if (method.equals("OPTIONS")) {
                reply = new Reply(204, "text/plain", new byte[0], new java.util.LinkedHashMap<>());
                if (origin != null) {
                    reply.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                            .header("Access-Control-Allow-Headers", "Authorization, Content-Type")
                            .header("Access-Control-Max-Age", "600");
                }
                reply.header("Allow", "GET, POST, OPTIONS");
            } else {
                reply = router.route(new ApiRequest(request), response, logged, this);
            }
        } catch (ApiException e) {
            reply = Reply.error(e);
        } catch (RuntimeException e) {
            // a bug or an unexpected failure below: the class name only (messages may carry data), no stack trace
            log.accept("agent: internal error " + e.getClass().getName());
            reply = Reply.error(new ApiException(500, "internal_error", "internal error; see the agent's log"));
        }
        if (reply != Reply.HANDLED) {
            if (reply.status() == 204) {
                response.setStatus(204);
                reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
                logged.succeeded();
            } else {
                reply.write(response, logged);
            }
        }
        return true;
    }

    private void logLine(String method, String path, int status, long start) {
        log.accept(String.format(Locale.ROOT, "agent: %s %s %d %d ms", method, path, status,
                (System.nanoTime() - start) / 1_000_000));
    }

    private void checkHost(Request request) throws ApiException {
        String host = request.getHeaders().get("Host");
        host = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (!host.equals("127.0.0.1:" + port) && !host.equals("localhost:" + port)) {
            throw new ApiException(403, "host_not_allowed", "the Host header must be 127.0.0.1:" + port
                    + " or localhost:" + port);
        }
    }

    /** Checks {@code Authorization: Bearer TOKEN} or, when {@code queryAllowed} (the WebSocket), {@code ?token=}. */
    void checkToken(ApiRequest r, boolean queryAllowed) throws ApiException {
        String auth = r.header("Authorization");
        String presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip()
                : null;
        if (presented == null && queryAllowed) {
            presented = r.query().get("token");
        }
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token)) {
            throw new ApiException(401, "unauthorized", "send Authorization: Bearer TOKEN (the token is in the agent's"
                    + " token file)");
        }
    }
}
