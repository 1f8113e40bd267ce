package io.yikatong.samples.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.card.AuthenticationFailedException;
import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.CardTransport;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.YikatongRuntimeException;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.OrderNumbers;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The local card agent: HTTP/1.1 and WebSocket on 127.0.0.1 only. See {@code openapi.yaml} (served at
 * {@code GET /openapi.yaml}) for the API.
 *
 * <p>Security: bound to the loopback address; every API call needs {@code Authorization: Bearer TOKEN} (the
 * WebSocket also accepts {@code ?token=TOKEN}, since browsers cannot set headers on it); a request carrying an
 * {@code Origin} header is refused (403) unless the origin is on the allow-list (by default only the agent's own
 * origins {@code http://127.0.0.1:PORT} and {@code http://localhost:PORT}); the {@code Host} header must name the
 * loopback address or {@code localhost} with the agent's port (against DNS rebinding); header at most 8 KiB (431),
 * body at most 64 KiB (413). The log holds method, path, status and milliseconds only: no query strings (they may
 * carry the token), no bodies, no card data. Card sessions are serialised per reader: a second caller waits up to the
 * lock time-out, then gets 409 {@code busy}.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class AgentServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CONNECTIONS = 64;
    private static final int MAX_WEBSOCKETS = 16;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Builder config;
    private final ServerSocket server;
    private final int port;
    private final Set<String> allowedOrigins;
    private final ThreadPoolExecutor connections;
    private final ExecutorService events;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final Set<WebSocketConnection> webSockets = ConcurrentHashMap.newKeySet();
    private final Map<String, ReentrantLock> readerLocks = new ConcurrentHashMap<>();
    private final OrderNumbers orderNumbers;
    private final Thread acceptor;
    private volatile boolean closed;

    private AgentServer(Builder b) throws IOException {
        this.config = b;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 50);
        this.port = server.getLocalPort();
        Set<String> origins = new LinkedHashSet<>(b.allowedOrigins);
        origins.add("http://127.0.0.1:" + port);
        origins.add("http://localhost:" + port);
        this.allowedOrigins = Set.copyOf(origins);
        this.orderNumbers = OrderNumbers.create(b.clock, "A");
        AtomicInteger n = new AtomicInteger();
        this.connections = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "yikatong-agent-conn-" + n.incrementAndGet()));
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, "yikatong-agent-events"));
        b.cardSource.watch(present -> events.execute(() -> broadcast(present)));
        this.acceptor = daemon(this::acceptLoop, "yikatong-agent-accept");
        acceptor.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts configuring an agent.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the port the agent listens on (the actual one when started with port 0).
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the origins allowed to call the agent from a browser.
     *
     * @return the allow-list, including the agent's own origins
     */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /**
     * Returns the number of connection threads now alive (for leak checks).
     *
     * @return the count
     */
    public int activeConnections() {
        return connections.getActiveCount();
    }

    /**
     * Stops accepting, closes WebSocket sessions (1001 going away) and open connections, waits up to five seconds for
     * running requests, then closes the card source and the other resources. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            server.close();
        } catch (IOException e) {
            // the listening socket is gone either way
        }
        for (WebSocketConnection ws : webSockets) {
            ws.shutdown();
        }
        connections.shutdown();
        try {
            if (!connections.awaitTermination(5, TimeUnit.SECONDS)) {
                for (Socket s : openSockets) {
                    closeQuietly(s);
                }
                connections.shutdownNow();
                connections.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.shutdownNow();
        config.cardSource.close();
        for (AutoCloseable r : config.resources) {
            try {
                r.close();
            } catch (Exception e) {
                config.log.accept("agent: closing " + r.getClass().getSimpleName() + " failed: "
                        + e.getClass().getSimpleName());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ connections

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    config.log.accept("agent: accept failed: " + e.getClass().getSimpleName());
                }
                continue;
            }
            try {
                connections.execute(() -> serve(s));
            } catch (RejectedExecutionException e) {
                try (s) {
                    s.setSoTimeout(1000);
                    write(s.getOutputStream(), error(new ApiException(503, "overloaded", "too many connections")),
                            null);
                } catch (IOException ignored) {
                    // the client went away
                }
            }
        }
    }

    private void serve(Socket s) {
        openSockets.add(s);
        long start = System.nanoTime();
        HttpRequest request = null;
        int status = 0;
        try {
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            Response response;
            String origin = null;
            boolean unread = false;
            try {
                request = new HttpRequestParser(in).read();
                if (request == null) {
                    return;
                }
                origin = request.header("origin").orElse(null);
                response = route(request, s);
            } catch (ApiException e) {
                // refused while parsing: the rest of the request (an oversized body) is still coming
                unread = request == null;
                response = error(e);
            } catch (RuntimeException e) {
                // a bug or an unexpected failure below: the class name only (messages may carry data), no stack trace
                config.log.accept("agent: internal error " + e.getClass().getName());
                response = error(new ApiException(500, "internal_error", "internal error; see the agent's log"));
            }
            if (response == Response.UPGRADED) {
                status = 101;
                return;
            }
            status = response.status;
            write(out, response, origin != null && allowedOrigins.contains(origin) ? origin : null);
            if (unread) {
                lingeringClose(s, in);
            }
        } catch (SocketException e) {
            // reset or closed while stopping
        } catch (IOException e) {
            // time-out or reset: nothing to answer
        } finally {
            openSockets.remove(s);
            closeQuietly(s);
            if (request != null) {
                config.log.accept(String.format(Locale.ROOT, "agent: %s %s %d %d ms", request.method(), request.path(),
                        status, (System.nanoTime() - start) / 1_000_000));
            } else if (status != 0) {
                config.log.accept("agent: (unparsed request) " + status);
            }
        }
    }

    /**
     * Half-closes and discards what the client still sends (at most 1 MiB, 2 seconds), so closing does not reset the
     * connection before the client has read the error answer.
     */
    private static void lingeringClose(Socket s, InputStream in) throws IOException {
        s.shutdownOutput();
        s.setSoTimeout(2000);
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int total = 0;
        while (total < (1 << 20) && System.nanoTime() < deadline) {
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            total += n;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /** An HTTP response; {@link #UPGRADED} marks a connection handed to the WebSocket. */
    private record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        static final Response UPGRADED = new Response(101, "", new byte[0], Map.of());
    }

    private static void write(OutputStream out, Response r, String corsOrigin) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append("HTTP/1.1 ").append(r.status).append(' ').append(reason(r.status)).append("\r\n");
        head.append("Content-Type: ").append(r.contentType).append("\r\n");
        head.append("Content-Length: ").append(r.body.length).append("\r\n");
        head.append("Cache-Control: no-store\r\n");
        head.append("X-Content-Type-Options: nosniff\r\n");
        head.append("Connection: close\r\n");
        if (corsOrigin != null) {
            head.append("Access-Control-Allow-Origin: ").append(corsOrigin).append("\r\n");
            head.append("Vary: Origin\r\n");
        }
        for (Map.Entry<String, String> h : r.headers.entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(r.body);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            case 431 -> "Request Header Fields Too Large";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Status";
        };
    }

    // ------------------------------------------------------------------------------------------ routing

    private Response route(HttpRequest r, Socket socket) throws ApiException, IOException {
        checkHost(r);
        String origin = r.header("origin").orElse(null);
        if (origin != null && !allowedOrigins.contains(origin)) {
            throw new ApiException(403, "origin_not_allowed", "this origin is not on the agent's allow-list"
                    + " (start the agent with --allow-origin ORIGIN)");
        }
        String path = r.path();
        if (r.method().equals("OPTIONS")) {
            Map<String, String> h = new LinkedHashMap<>();
            if (origin != null) {
                h.put("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
                h.put("Access-Control-Allow-Headers", "Authorization, Content-Type");
                h.put("Access-Control-Max-Age", "600");
            }
            h.put("Allow", "GET, POST, OPTIONS");
            return new Response(204, "text/plain", new byte[0], h);
        }
        switch (path) {
            case "/v1/health" -> {
                requireMethod(r, "GET");
                ObjectNode o = JSON.createObjectNode().put("status", "ok").put("version", config.version)
                        .put("mode", config.cardSource.mode()).put("reader", config.cardSource.readerName());
                return json(200, o);
            }
            case "/openapi.yaml" -> {
                requireMethod(r, "GET");
                return resource("openapi.yaml", "application/yaml; charset=utf-8");
            }
            case "/demo", "/demo/", "/demo/index.html" -> {
                requireMethod(r, "GET");
                Response page = resource("demo.html", "text/html; charset=utf-8");
                page.headers.put("Content-Security-Policy",
                        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'");
                return page;
            }
            case "/demo/app.js" -> {
                requireMethod(r, "GET");
                return resource("demo.js", "text/javascript; charset=utf-8");
            }
            default -> {
                // everything else needs the token
            }
        }
        if (path.equals("/v1/events")) {
            requireMethod(r, "GET");
            String token = r.header("authorization").map(AgentServer::bearer).orElse(r.query().get("token"));
            checkToken(token);
            return upgrade(r, socket);
        }
        checkToken(r.header("authorization").map(AgentServer::bearer).orElse(null));
        switch (path) {
            case "/v1/readers" -> {
                requireMethod(r, "GET");
                return json(200, readers());
            }
            case "/v1/card/read" -> {
                requireMethod(r, "POST");
                String full = r.query().getOrDefault("full", "false");
                if (!full.equals("true") && !full.equals("false")) {
                    throw new ApiException(400, "invalid_input", "full", "full must be true or false");
                }
                return json(200, readCard(full.equals("true")));
            }
            case "/v1/qr/classify" -> {
                requireMethod(r, "POST");
                JsonNode body = body(r);
                String text = text(body, "text", 4096, true);
                return json(200, config.qrClassifier.apply(text));
            }
            case "/v1/qr/verify" -> {
                requireMethod(r, "POST");
                if (config.qrVerifier == null) {
                    throw new ApiException(404, "not_found", "no trust list: start the agent with --trust FILE");
                }
                String text = text(body(r), "text", 4096, true);
                return json(200, config.qrVerifier.apply(text));
            }
            case "/v1/payments/barcode" -> {
                requireMethod(r, "POST");
                return json(200, barcode(body(r)));
            }
            case "/v1/virtual/card" -> {
                requireMethod(r, "POST");
                if (!(config.cardSource instanceof VirtualCardSource v)) {
                    throw new ApiException(404, "not_found", "the virtual card exists only in virtual mode");
                }
                JsonNode present = body(r).get("present");
                if (present == null || !present.isBoolean()) {
                    throw new ApiException(400, "invalid_input", "present", "present must be true or false");
                }
                v.setPresent(present.booleanValue());
                return json(200, JSON.createObjectNode().put("present", present.booleanValue()));
            }
            default -> {
                if (path.startsWith("/v1/payments/")) {
                    requireMethod(r, "GET");
                    return json(200, query(path.substring("/v1/payments/".length())));
                }
                throw new ApiException(404, "not_found", "no such resource");
            }
        }
    }

    private void checkHost(HttpRequest r) throws ApiException {
        String host = r.header("host").orElse("").toLowerCase(Locale.ROOT);
        if (!host.equals("127.0.0.1:" + port) && !host.equals("localhost:" + port)) {
            throw new ApiException(403, "host_not_allowed", "the Host header must be 127.0.0.1:" + port
                    + " or localhost:" + port);
        }
    }

    private static String bearer(String authorization) {
        return authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : null;
    }

    private void checkToken(String token) throws ApiException {
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                config.token.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "unauthorized", "send Authorization: Bearer TOKEN (the token is in the agent's"
                    + " token file)");
        }
    }

    private static void requireMethod(HttpRequest r, String method) throws ApiException {
        if (!r.method().equals(method)) {
            throw new ApiException(405, "method_not_allowed", r.path() + " takes " + method);
        }
    }

    private static Response json(int status, JsonNode body) {
        try {
            return new Response(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body),
                    new LinkedHashMap<>());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static Response error(ApiException e) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode err = o.putObject("error").put("code", e.code()).put("message", e.getMessage());
        if (e.field() != null) {
            err.put("field", e.field());
        }
        Response r = json(e.status(), o);
        if (e.status() == 401) {
            r.headers.put("WWW-Authenticate", "Bearer realm=\"yikatong-agent\"");
        }
        return r;
    }

    private static Response resource(String name, String type) throws IOException, ApiException {
        try (InputStream in = AgentServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new ApiException(404, "not_found", "no such resource");
            }
            return new Response(200, type, in.readAllBytes(), new LinkedHashMap<>());
        }
    }

    private static JsonNode body(HttpRequest r) throws ApiException {
        if (r.body().length() == 0) {
            throw new ApiException(400, "invalid_input", "body", "the body must be a JSON object");
        }
        JsonNode node;
        try {
            node = JSON.readTree(r.body().toByteArray());
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "body", "the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "invalid_input", "body", "the body must be a JSON object");
        }
        return node;
    }

    private static String text(JsonNode body, String field, int max, boolean required) throws ApiException {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ApiException(400, "invalid_input", field, field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiException(400, "invalid_input", field, field + " must be a string");
        }
        String s = v.textValue();
        if (s.isEmpty() || s.length() > max) {
            throw new ApiException(400, "invalid_input", field, field + " must be 1 to " + max + " characters");
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------ card

    private ObjectNode readers() throws ApiException {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode reader = o.putArray("readers").addObject();
        reader.put("name", config.cardSource.readerName()).put("mode", config.cardSource.mode());
        try {
            reader.put("cardPresent", config.cardSource.cardPresent());
        } catch (CardLinkException e) {
            throw cardError(e);
        }
        return o;
    }

    private ObjectNode readCard(boolean full) throws ApiException {
        String reader = config.cardSource.readerName();
        ReentrantLock lock = readerLocks.computeIfAbsent(reader, k -> new ReentrantLock(true));
        try {
            if (!lock.tryLock(config.lockTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ApiException(409, "busy", "another caller is using reader '" + reader + "'; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "stopping", "the agent is stopping");
        }
        try (CardTransport transport = config.cardSource.connect()) {
            ObjectNode card = config.cardReader.read(transport, reader);
            return full ? card : mask(card);
        } catch (CardException e) {
            throw cardError(e);
        } finally {
            lock.unlock();
        }
    }

    /** Masks the identifiers of {@code card read --json} output: ID and card number, phone numbers, addresses. */
    static ObjectNode mask(ObjectNode card) {
        ObjectNode c = card.deepCopy();
        maskField(c.path("holder"), "idNumber", 6, 4);
        maskField(c.path("issuer"), "cardNumber", 6, 4); // a health card's number is usually the ID number
        maskField(c.path("holder"), "socialSecurityNumber", 6, 4);
        maskField(c.path("contact"), "phone1", 3, 4);
        maskField(c.path("contact"), "phone2", 3, 4);
        maskField(c.path("demographics"), "address1", 0, 0);
        maskField(c.path("demographics"), "address2", 0, 0);
        c.put("masked", true);
        return c;
    }

    private static void maskField(JsonNode parent, String field, int keepStart, int keepEnd) {
        if (parent instanceof ObjectNode o && o.get(field) != null && o.get(field).isTextual()) {
            String v = o.get(field).textValue();
            if (v.isEmpty()) {
                return;
            }
            if (v.length() <= keepStart + keepEnd) {
                o.put(field, "*".repeat(v.length()));
            } else {
                o.put(field, v.substring(0, keepStart) + "*".repeat(v.length() - keepStart - keepEnd)
                        + v.substring(v.length() - keepEnd));
            }
        }
    }

    static ApiException cardError(CardException e) {
        if (e instanceof CardLinkException link) {
            if (link.errorCode() == CardErrorCode.NO_CARD || link.errorCode() == CardErrorCode.CARD_REMOVED) {
                return new ApiException(404, "no_card", "no card in the reader (or it was pulled during the read)");
            }
            if (link.errorCode() == CardErrorCode.READER_UNAVAILABLE) {
                return new ApiException(503, "reader_unavailable", "the reader or the PC/SC service is not available");
            }
            return new ApiException(503, "link_failed", "the link to the card failed; try again");
        }
        if (e instanceof AuthenticationFailedException) {
            return new ApiException(422, "authentication_failed", "the card refused the security module's"
                    + " authentication (wrong keys for this card?)");
        }
        if (e instanceof CardRefusedException refused) {
            return new ApiException(422, "card_refused", "the card refused a command: " + refused.getMessage());
        }
        if (e instanceof MalformedCardResponseException) {
            return new ApiException(502, "malformed_card_response", "the card answered data that does not follow"
                    + " its format: " + e.getMessage());
        }
        return new ApiException(502, "card_error", e.getClass().getSimpleName());
    }

    // ------------------------------------------------------------------------------------------ payments

    private ObjectNode barcode(JsonNode body) throws ApiException {
        if (config.payments == null) {
            throw new ApiException(404, "not_found", "payments are not configured in this agent");
        }
        String channel = text(body, "channel", 16, false);
        if (channel == null) {
            channel = config.paymentChannel;
        }
        if (!channel.equals(config.paymentChannel)) {
            throw new ApiException(400, "invalid_input", "channel", "channel must be " + config.paymentChannel
                    + " (the one configured)");
        }
        JsonNode amountNode = body.get("amount");
        if (amountNode != null && amountNode.isNumber()) {
            throw new ApiException(400, "invalid_input", "amount", "amount must be yuan as a string, like \"12.30\"");
        }
        String amountText = text(body, "amount", 16, true);
        Money amount;
        try {
            amount = Money.parseYuan(amountText);
        } catch (RuntimeException e) {
            throw new ApiException(400, "invalid_input", "amount", "amount must be yuan with at most 2 decimals,"
                    + " like \"12.30\"");
        }
        if (!amount.isPositive()) {
            throw new ApiException(400, "invalid_input", "amount", "amount must be positive");
        }
        String code = text(body, "code", 32, true);
        if (!code.matches("[0-9]{10,32}")) {
            throw new ApiException(400, "invalid_input", "code", "code must be the scanned payment code's digits");
        }
        String orderNo = text(body, "orderNo", 32, false);
        String description = text(body, "description", 127, false);
        try {
            if (orderNo != null) {
                OrderNumbers.check("orderNo", orderNo);
            } else {
                orderNo = orderNumbers.next();
            }
            PaymentOutcome o = config.payments.barcodePay(new BarcodePayment(channel, orderNo, amount,
                    description == null ? "yikatong" : description, code));
            return config.paymentJson.apply(o);
        } catch (InvalidInputException e) {
            throw new ApiException(400, "invalid_input", e.field(), e.getMessage());
        } catch (YikatongRuntimeException e) {
            throw new ApiException(502, "payment_failed", e.errorCode().code());
        }
    }

    private ObjectNode query(String orderNo) throws ApiException {
        if (config.payments == null) {
            throw new ApiException(404, "not_found", "payments are not configured in this agent");
        }
        try {
            OrderNumbers.check("orderNo", orderNo);
        } catch (InvalidInputException e) {
            throw new ApiException(400, "invalid_input", "orderNo", e.getMessage());
        }
        try {
            return config.paymentJson.apply(config.payments.query(orderNo));
        } catch (InvalidInputException e) {
            throw new ApiException(404, "unknown_order", "no payment with this order number in the journal");
        } catch (YikatongRuntimeException e) {
            throw new ApiException(502, "payment_failed", e.errorCode().code());
        }
    }

    // ------------------------------------------------------------------------------------------ WebSocket

    private Response upgrade(HttpRequest r, Socket socket) throws ApiException, IOException {
        if (!r.header("upgrade").orElse("").equalsIgnoreCase("websocket")
                || !r.header("connection").orElse("").toLowerCase(Locale.ROOT).contains("upgrade")) {
            throw new ApiException(400, "bad_request", "GET /v1/events is a WebSocket: send Upgrade: websocket");
        }
        if (!r.header("sec-websocket-version").orElse("").equals("13")) {
            Response resp = error(new ApiException(426, "upgrade_required", "WebSocket version 13 only"));
            resp.headers.put("Sec-WebSocket-Version", "13");
            return resp;
        }
        String key = r.header("sec-websocket-key").orElse("");
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            decoded = new byte[0];
        }
        if (decoded.length != 16) {
            throw new ApiException(400, "bad_request", "Sec-WebSocket-Key must be 16 bytes in Base64");
        }
        if (webSockets.size() >= MAX_WEBSOCKETS) {
            throw new ApiException(503, "overloaded", "too many event listeners");
        }
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WebSocketConnection.accept(key) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        socket.setSoTimeout(0);
        WebSocketConnection ws = new WebSocketConnection(socket);
        webSockets.add(ws);
        try {
            boolean present;
            try {
                present = config.cardSource.cardPresent();
            } catch (CardLinkException e) {
                present = false;
            }
            ws.sendText(JSON.writeValueAsString(JSON.createObjectNode().put("type", "hello")
                    .put("reader", config.cardSource.readerName()).put("cardPresent", present)
                    .put("at", config.clock.instant().toString())));
            if (closed) {
                ws.shutdown();
            }
            config.log.accept("agent: GET /v1/events 101 (WebSocket open)");
            ws.serve();
        } finally {
            webSockets.remove(ws);
        }
        return Response.UPGRADED;
    }

    private void broadcast(boolean present) {
        String event;
        try {
            event = JSON.writeValueAsString(JSON.createObjectNode().put("type", present ? "card-inserted"
                    : "card-removed").put("reader", config.cardSource.readerName())
                    .put("at", config.clock.instant().toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        for (WebSocketConnection ws : webSockets) {
            try {
                ws.sendText(event);
            } catch (IOException e) {
                ws.close();
                webSockets.remove(ws);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ builder

    /**
     * Configures an {@link AgentServer}.
     *
     * <p>Not thread-safe; confine to one thread.
     */
    public static final class Builder {
        private int port = 18080;
        private String token;
        private CardSource cardSource;
        private CardJsonReader cardReader;
        private Function<String, ObjectNode> qrClassifier;
        private Function<String, ObjectNode> qrVerifier;
        private PaymentClient payments;
        private Function<PaymentOutcome, ObjectNode> paymentJson;
        private String paymentChannel = "wechat";
        private final List<String> allowedOrigins = new ArrayList<>();
        private final List<AutoCloseable> resources = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Duration lockTimeout = Duration.ofSeconds(10);
        private Consumer<String> log = System.err::println;
        private String version = "dev";

        private Builder() {
        }

        /**
         * Sets the port on 127.0.0.1; 0 picks a free one (see {@link AgentServer#port()}).
         *
         * @param port 0..65535; default 18080
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new InvalidInputException("port", "must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the API token (see {@link AgentToken#loadOrCreate}).
         *
         * @param token the token, at least 32 characters
         * @return this builder
         * @throws InvalidInputException if too short
         */
        public Builder token(String token) {
            if (token == null || token.length() < 32) {
                throw new InvalidInputException("token", "must be at least 32 characters");
            }
            this.token = token;
            return this;
        }

        /**
         * Sets the reader and the way its card is read.
         *
         * @param source the reader
         * @param reader reads the card into JSON
         * @return this builder
         */
        public Builder card(CardSource source, CardJsonReader reader) {
            this.cardSource = Objects.requireNonNull(source, "source");
            this.cardReader = Objects.requireNonNull(reader, "reader");
            return this;
        }

        /**
         * Sets the QR classifier of {@code POST /v1/qr/classify}.
         *
         * @param classifier scanned text to JSON
         * @return this builder
         */
        public Builder qrClassifier(Function<String, ObjectNode> classifier) {
            this.qrClassifier = Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        /**
         * Sets the channel of {@code POST /v1/payments/barcode} (default {@code wechat}); it must be configured in
         * the payment client.
         *
         * @param channel the channel identifier
         * @return this builder
         */
        public Builder paymentChannel(String channel) {
            this.paymentChannel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Enables {@code POST /v1/qr/verify}: signed offline codes checked against a trust list.
         *
         * @param verifier scanned text to JSON ({@code {"valid":true,…claims}} or {@code {"valid":false,"reason":…}})
         * @return this builder
         */
        public Builder qrVerifier(Function<String, ObjectNode> verifier) {
            this.qrVerifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /**
         * Enables the payment endpoints.
         *
         * @param client the payment client
         * @param json an outcome to the JSON the CLI prints
         * @return this builder
         */
        public Builder payments(PaymentClient client, Function<PaymentOutcome, ObjectNode> json) {
            this.payments = Objects.requireNonNull(client, "client");
            this.paymentJson = Objects.requireNonNull(json, "json");
            return this;
        }

        /**
         * Adds a browser origin allowed to call the agent, for example {@code http://his.example:8080}.
         *
         * @param origin scheme://host[:port], no path
         * @return this builder
         * @throws InvalidInputException if not an http(s) origin
         */
        public Builder allowOrigin(String origin) {
            if (origin == null || !origin.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                throw new InvalidInputException("origin", "must look like http://host:port (no path), was " + origin);
            }
            allowedOrigins.add(origin.toLowerCase(Locale.ROOT));
            return this;
        }

        /**
         * Sets how long a caller waits for a reader another caller is using before 409 {@code busy}.
         *
         * @param timeout zero or more; default 10 seconds
         * @return this builder
         */
        public Builder lockTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new InvalidInputException("lockTimeout", "must be zero or more");
            }
            this.lockTimeout = timeout;
            return this;
        }

        /**
         * Sets the clock for event times.
         *
         * @param clock the clock; default UTC system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets where the request log goes (method, path, status, milliseconds).
         *
         * @param log the sink; default standard error
         * @return this builder
         */
        public Builder log(Consumer<String> log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * Sets the version reported by {@code GET /v1/health}.
         *
         * @param version the version
         * @return this builder
         */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * Adds a resource closed when the agent closes (a payment journal, a simulator).
         *
         * @param resource the resource
         * @return this builder
         */
        public Builder closeOnStop(AutoCloseable resource) {
            resources.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /**
         * Binds 127.0.0.1 and starts serving.
         *
         * @return the running agent
         * @throws IOException if the port cannot be bound
         * @throws InvalidInputException if the token, card or QR classifier is missing
         */
        public AgentServer start() throws IOException {
            if (token == null) {
                throw new InvalidInputException("token", "is required");
            }
            if (cardSource == null) {
                throw new InvalidInputException("card", "is required");
            }
            if (qrClassifier == null) {
                throw new InvalidInputException("qrClassifier", "is required");
            }
            return new AgentServer(this);
        }
    }
}
