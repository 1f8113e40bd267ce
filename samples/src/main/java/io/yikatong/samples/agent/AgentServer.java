package io.yikatong.samples.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.card.CardException;
import io.yikatong.card.CardLinkException;
import io.yikatong.core.InvalidInputException;
import io.yikatong.payment.OrderNumbers;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The local card agent: HTTP/1.1 (keep-alive) and WebSocket on 127.0.0.1 only, on Jetty 12. See {@code openapi.yaml}
 * (served at {@code GET /openapi.yaml}) for the API.
 *
 * <p>Layout: {@link HttpFront} is the network side (loopback bind, header/body limits, whole-request header deadline,
 * idle time-out, connection cap, graceful stop); {@link GuardHandler} the security side of every request (Host check
 * against DNS rebinding, Origin allow-list and CORS, bearer token, redacted access log); {@link Router} maps paths to
 * the endpoint classes ({@link SiteEndpoints}, {@link CardEndpoints}, {@link CodeEndpoints},
 * {@link PaymentEndpoints}, {@link SettlementEndpoints}) and {@link EventHub} serves the WebSocket with a bounded send queue per listener.
 *
 * <p>Security: bound to the loopback address; every API call needs {@code Authorization: Bearer TOKEN} (the
 * WebSocket also accepts {@code ?token=TOKEN}, since browsers cannot set headers on it); a request carrying an
 * {@code Origin} header is refused (403) unless the origin is on the allow-list (by default only the agent's own
 * origins {@code http://127.0.0.1:PORT} and {@code http://localhost:PORT}); the {@code Host} header must name the
 * loopback address or {@code localhost} with the agent's port (against DNS rebinding); header at most 8 KiB (431),
 * body at most 64 KiB (413); a request header must be complete within the header deadline (default 10 s) however
 * slowly it is sent. The log holds method, path, status and milliseconds only: no query strings (they may carry the
 * token), no bodies, no card data. Card sessions are serialised per reader by a fair lock: a second caller waits up to
 * the lock time-out, then gets 409 {@code busy}. Errors are one JSON shape, {@code {"error":{"code":…,"message":…}}}.
 *
 * <p>Optional capabilities (visit records, platform code checks, payments, medical-insurance settlement with its
 * resume loop) answer 404 {@code not_found} unless the builder enabled them.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class AgentServer implements AutoCloseable {

    private final Builder config;
    private final Router router;
    private final HttpFront front;
    private final EventHub events;
    private final Set<String> allowedOrigins;
    private final int port;
    private final SettlementResume settlementResume;
    private volatile boolean closed;

    private AgentServer(Builder b) throws IOException {
        this.config = b;
        Router router = new Router();
        this.router = router;
        Set<String> origins = new LinkedHashSet<>(b.allowedOrigins);
        // the agent's own origins are added once the port is known (port 0 picks one at bind)
        Set<String> allowed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        allowed.addAll(origins);
        GuardHandler guard = new GuardHandler(router, allowed, b.token, b.log);
        this.front = new HttpFront(b.port, new HttpFront.Limits(b.maxConnections, 32, b.headerDeadline,
                b.idleTimeout, b.stopTimeout), guard, b.log);
        this.events = new EventHub(front.server(), this::hello, b.log, b.sendTimeout, Duration.ofSeconds(30));
        SiteEndpoints.register(router, this::health);
        router.addRaw("GET", "/v1/events", Router.Access.TOKEN_OR_QUERY, events::upgrade);
        ReaderLocks locks = new ReaderLocks(b.lockTimeout);
        CardEndpoints cards = new CardEndpoints(b.cardSource, b.cardReader, locks, AgentServer::mask);
        cards.register(router);
        new VisitEndpoints(b.cardSource, cards, locks, b.visitSam, b.visitVerifier).register(router);
        new CodeEndpoints(b.qrClassifier, b.qrVerifier, b.ehc, b.vouchers, AgentServer::mask).register(router);
        new PaymentEndpoints(b.payments, b.paymentJson, b.paymentChannel, OrderNumbers.create(b.clock, "A"),
                OrderNumbers.create(b.clock, "R")).register(router);
        SettlementEndpoints settlement = new SettlementEndpoints(b.settlement, cards, b.payments, b.paymentChannel,
                b.paymentJson != null ? b.paymentJson : o -> Reply.JSON.createObjectNode().put("status", o.status())
                        .put("orderNo", o.merchantOrderNo()), b.clock);
        settlement.register(router);
        front.start();
        this.port = front.port();
        allowed.add("http://127.0.0.1:" + port);
        allowed.add("http://localhost:" + port);
        guard.port(port);
        Set<String> all = new LinkedHashSet<>(origins);
        all.add("http://127.0.0.1:" + port);
        all.add("http://localhost:" + port);
        this.allowedOrigins = Set.copyOf(all);
        events.start(front.server().getScheduler());
        b.cardSource.watch((reader, present) -> events.broadcast(Reply.JSON.createObjectNode()
                .put("type", present ? "card-inserted" : "card-removed").put("reader", reader)
                .put("at", b.clock.instant().toString())));
        this.settlementResume = settlement.visits() == null ? null
                : SettlementResume.start(settlement.visits(), b.settlementResumePeriod, b.log);
    }

    private ObjectNode health() {
        return Reply.JSON.createObjectNode().put("status", "ok").put("version", config.version)
                .put("mode", config.cardSource.mode()).put("reader", config.cardSource.readerName());
    }

    private ObjectNode hello() {
        boolean present;
        try {
            present = config.cardSource.cardPresent();
        } catch (CardLinkException e) {
            present = false;
        }
        return Reply.JSON.createObjectNode().put("type", "hello").put("reader", config.cardSource.readerName())
                .put("cardPresent", present).put("at", config.clock.instant().toString());
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
     * Returns the number of open HTTP and WebSocket connections (for leak checks).
     *
     * @return the count
     */
    public int activeConnections() {
        return front.openConnections();
    }

    /**
     * Returns the number of WebSocket event listeners now connected.
     *
     * @return the count
     */
    public int eventListeners() {
        return events.listeners();
    }

    java.util.List<String> routes() {
        return router.routes();
    }

    CardSource cardSource() {
        return config.cardSource;
    }

    /** The settlement resume loop, or {@code null} without settlement (for tests). */
    SettlementResume settlementResume() {
        return settlementResume;
    }

    /**
     * Stops accepting, closes WebSocket listeners (1001 going away, without waiting for slow ones), lets running
     * requests finish within the stop time-out (default 3 seconds) and closes every connection, then stops the
     * settlement resume loop (waiting for a run in progress), closes the card source and the other resources (in the
     * order added: journals after the loops that use them). Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        events.close();
        front.stop();
        if (settlementResume != null) {
            settlementResume.close(); // before the journal it reads, a resource closed below
        }
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

    /**
     * Maps a card failure to its stable API error (see {@link CardErrors}).
     *
     * @param e the failure
     * @return the API error
     */
    static ApiException cardError(CardException e) {
        return CardErrors.of(e);
    }

    /**
     * The masked view of the card JSON: the SDK's one redaction policy ({@code io.yikatong.core.PersonalField}), as
     * {@code card read} without {@code --full}.
     */
    static ObjectNode mask(ObjectNode card) {
        return CardJsonReader.mask(card);
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
        private io.yikatong.payment.medicalinsurance.settlement.SettlementClient settlement;
        private Duration settlementResumePeriod = Duration.ofMinutes(1);
        private final List<String> allowedOrigins = new ArrayList<>();
        private final List<AutoCloseable> resources = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Duration lockTimeout = Duration.ofSeconds(10);
        private Consumer<String> log = System.err::println;
        private String version = "dev";
        private int maxConnections = 256;
        private io.yikatong.qr.ehc.EhcPlatformClient ehc;
        private io.yikatong.qr.medicalinsurance.MedicalInsuranceVoucherClient vouchers;
        private io.yikatong.card.health.security.HealthCardSecurityModule visitSam;
        private io.yikatong.card.health.RecordSignatureVerifier visitVerifier;
        private Duration headerDeadline = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration stopTimeout = Duration.ofSeconds(3);
        private Duration sendTimeout = Duration.ofSeconds(10);

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
         * Enables the visit-record endpoints ({@code POST /v1/card/visits}, {@code GET /v1/card/visits/{slot}}):
         * records are signed by the security module and verified up to the verifier's trusted root.
         *
         * @param sam the security module that signs (a PSAM, or the development SAM)
         * @param verifier verifies records read back
         * @return this builder
         */
        public Builder visitRecords(io.yikatong.card.health.security.HealthCardSecurityModule sam,
                io.yikatong.card.health.RecordSignatureVerifier verifier) {
            this.visitSam = Objects.requireNonNull(sam, "sam");
            this.visitVerifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /**
         * Enables {@code POST /v1/qr/ehc/verify}: e-health-card codes verified with the platform.
         *
         * @param client the platform client
         * @return this builder
         */
        public Builder ehcPlatform(io.yikatong.qr.ehc.EhcPlatformClient client) {
            this.ehc = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Enables {@code POST /v1/qr/voucher}: medical-insurance e-vouchers resolved with the platform.
         *
         * @param client the voucher client
         * @return this builder
         */
        public Builder voucherPlatform(io.yikatong.qr.medicalinsurance.MedicalInsuranceVoucherClient client) {
            this.vouchers = Objects.requireNonNull(client, "client");
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
         * Enables the medical-insurance settlement endpoints ({@code POST /v1/yb/settle},
         * {@code POST /v1/yb/settlements/{setlId}/undo}, {@code GET /v1/yb/reconcile}) and starts, with the agent, the
         * loop that resumes the visits its journal holds unresolved ({@code OutpatientSettlement.resume()}) every
         * period. The cash share is collected through the payment client ({@link #payments}) on the payment channel,
         * or taken at the counter. The agent stops the loop on close; close the client's journal after the agent
         * ({@link #closeOnStop}).
         *
         * @param client the settlement client (its journal holds the visits)
         * @param resumePeriod the pause between resume runs, 1 second to 1 day
         * @return this builder
         * @throws InvalidInputException if the period is out of range
         */
        public Builder settlement(io.yikatong.payment.medicalinsurance.settlement.SettlementClient client,
                Duration resumePeriod) {
            if (resumePeriod == null || resumePeriod.compareTo(Duration.ofSeconds(1)) < 0
                    || resumePeriod.compareTo(Duration.ofDays(1)) > 0) {
                throw new InvalidInputException("resumePeriod", "must be 1 second to 1 day");
            }
            this.settlement = Objects.requireNonNull(client, "client");
            this.settlementResumePeriod = resumePeriod;
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
         * Sets how long a client may take to send a whole request header (against slowloris): the connection is
         * closed when the header is not complete this long after its first byte, however slowly it trickles.
         *
         * @param deadline 1 to 120 seconds; default 10 seconds
         * @return this builder
         */
        public Builder headerDeadline(Duration deadline) {
            if (deadline == null || deadline.compareTo(Duration.ofSeconds(1)) < 0
                    || deadline.compareTo(Duration.ofSeconds(120)) > 0) {
                throw new InvalidInputException("headerDeadline", "must be 1 to 120 seconds");
            }
            this.headerDeadline = deadline;
            return this;
        }

        /**
         * Sets how long an idle keep-alive connection stays open.
         *
         * @param timeout 1 second to 10 minutes; default 30 seconds
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0
                    || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new InvalidInputException("idleTimeout", "must be 1 second to 10 minutes");
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Sets how long an event listener may leave a sent event unread before it is disconnected.
         *
         * @param timeout 1 to 300 seconds; default 10 seconds
         * @return this builder
         */
        public Builder sendTimeout(Duration timeout) {
            if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0
                    || timeout.compareTo(Duration.ofSeconds(300)) > 0) {
                throw new InvalidInputException("sendTimeout", "must be 1 to 300 seconds");
            }
            this.sendTimeout = timeout;
            return this;
        }

        /**
         * Sets the most open connections; beyond it new connections wait until one closes.
         *
         * @param max 8 to 4096; default 256
         * @return this builder
         */
        public Builder maxConnections(int max) {
            if (max < 8 || max > 4096) {
                throw new InvalidInputException("maxConnections", "must be 8 to 4096");
            }
            this.maxConnections = max;
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
