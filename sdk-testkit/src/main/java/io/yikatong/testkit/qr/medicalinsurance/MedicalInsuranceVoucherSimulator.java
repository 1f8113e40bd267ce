package io.yikatong.testkit.qr.medicalinsurance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.time.ChinaTime;
import io.yikatong.qr.medicalinsurance.BusinessType;
import io.yikatong.testkit.internal.LoopbackJsonServer;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local simulator of the medical-insurance e-voucher decode service: {@code POST <baseUri>/localQrCodeQuery}
 * ({@code ec.query}) and {@code POST <baseUri>/localEcTokenCheck}, on 127.0.0.1.
 *
 * <p>Vouchers are issued with {@link #issueVoucher(InsuredPerson, Instant)} as opaque 28-digit codes (the length
 * follows one unverified design note, project reference qr-credentials.md §3.1 [L]). The real service drives the
 * scanner; here {@link #present(String)} queues a code as if the patient showed it, and {@code ec.query} takes the
 * oldest queued code (or {@code data.ecQrCode}, when the request carries one).
 *
 * <p>The NHSA error codes were not found [NF]; the simulator answers with its own: {@link #UNKNOWN_ORG} (the orgId is
 * not the configured one), {@link #BAD_REQUEST} (missing field, unknown transType or businessType),
 * {@link #NO_CODE_SCANNED}, {@link #UNKNOWN_VOUCHER}, {@link #VOUCHER_EXPIRED}. A token check answers {@code code 0}
 * with {@code data.flag} 1 for an ecToken it issued, not expired ({@link Builder#ecTokenLifetime(Duration)}), for the
 * same document number and name; otherwise flag 0.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class MedicalInsuranceVoucherSimulator implements AutoCloseable {

    /** Code answered when {@code orgId} is not the configured institution. */
    public static final int UNKNOWN_ORG = 1001;
    /** Code answered for a request without a required field, or an unknown transType or businessType. */
    public static final int BAD_REQUEST = 1002;
    /** Code answered when no code was presented to the scanner. */
    public static final int NO_CODE_SCANNED = 2001;
    /** Code answered for a code that was never issued. */
    public static final int UNKNOWN_VOUCHER = 2002;
    /** Code answered for a voucher past its expiry. */
    public static final int VOUCHER_EXPIRED = 2003;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * An insured person, as the simulator stores them. {@link #toString()} masks the name and number.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param userName the name
     * @param idNo the identity document number
     * @param idType the document type code, for example {@code 01}
     * @param insuOrg the insurance area code
     * @param gender the gender
     * @param birthday the birth date
     */
    public record InsuredPerson(String userName, String idNo, String idType, String insuOrg, Gender gender,
            LocalDate birthday) {

        /**
         * Checks the components.
         *
         * @throws InvalidInputException naming the first {@code null} or blank component
         */
        public InsuredPerson {
            for (String[] f : new String[][] {{userName, "userName"}, {idNo, "idNo"}, {idType, "idType"},
                {insuOrg, "insuOrg"}}) {
                if (f[0] == null || f[0].isBlank()) {
                    throw new InvalidInputException(f[1], "must not be blank");
                }
            }
            if (gender == null || birthday == null) {
                throw new InvalidInputException(gender == null ? "gender" : "birthday", "must not be null");
            }
        }

        @Override
        public String toString() {
            return "InsuredPerson[userName=" + io.yikatong.core.Redaction.name(userName) + ", idNo="
                    + io.yikatong.core.Redaction.idNumber(idNo) + "]";
        }
    }

    private record Voucher(InsuredPerson person, String ecIndexNo, Instant expiry) {
    }

    private record Token(InsuredPerson person, Instant expiry) {
    }

    private final String orgId;
    private final Clock clock;
    private final Duration ecTokenLifetime;
    private final Random random;
    private final Object lock = new Object();
    private final Map<String, Voucher> vouchers = new HashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private final Deque<String> scanner = new ArrayDeque<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile LoopbackJsonServer server;

    private MedicalInsuranceVoucherSimulator(Builder b) {
        this.orgId = b.orgId;
        this.clock = b.clock;
        this.ecTokenLifetime = b.ecTokenLifetime;
        this.random = b.seed == null ? new SecureRandom() : new Random(b.seed);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts serving on 127.0.0.1.
     *
     * @param port the port, or 0 for an ephemeral one
     * @return this simulator
     * @throws IOException if the port cannot be bound
     * @throws IllegalStateException if it is already running
     */
    public synchronized MedicalInsuranceVoucherSimulator start(int port) throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = LoopbackJsonServer.start(port, 8, "insurance-simulator", this::handle);
        return this;
    }

    /**
     * Returns the URI to configure as the client's base URI.
     *
     * @return {@code http://127.0.0.1:<port>}
     * @throws IllegalStateException if it is not running
     */
    public URI baseUri() {
        LoopbackJsonServer s = server;
        if (s == null) {
            throw new IllegalStateException("not started");
        }
        return s.baseUri();
    }

    /** Stops serving; vouchers stay. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /**
     * Issues a voucher.
     *
     * @param person the insured person
     * @param expiry when the voucher stops being accepted
     * @return the opaque 28-digit code
     */
    public String issueVoucher(InsuredPerson person, Instant expiry) {
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(expiry, "expiry");
        synchronized (lock) {
            StringBuilder code = new StringBuilder(28);
            do {
                code.setLength(0);
                for (int i = 0; i < 28; i++) {
                    code.append((char) ('0' + random.nextInt(10)));
                }
            } while (vouchers.containsKey(code.toString()));
            byte[] index = new byte[16];
            random.nextBytes(index);
            vouchers.put(code.toString(), new Voucher(person, Hex.encodeUpper(index), expiry));
            return code.toString();
        }
    }

    /**
     * Presents a code to the simulated scanner, as if the patient showed it; the next {@code ec.query} without
     * {@code ecQrCode} takes it.
     *
     * @param code the code (any text; unknown codes are refused at query time)
     */
    public void present(String code) {
        synchronized (lock) {
            scanner.addLast(Objects.requireNonNull(code, "code"));
        }
    }

    /**
     * Returns how many requests arrived for a transaction.
     *
     * @param transType {@code ec.query} or {@code localEcTokenCheck}
     * @return the count
     */
    public int requestCount(String transType) {
        AtomicInteger n = requests.get(transType);
        return n == null ? 0 : n.get();
    }

    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Refusal(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private byte[] handle(String path, byte[] body) throws JsonProcessingException {
        ObjectNode out = JSON.createObjectNode();
        try {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                throw new Refusal(BAD_REQUEST, "请求不是JSON");
            }
            if (root == null || !root.path("data").isObject()) {
                throw new Refusal(BAD_REQUEST, "缺少data");
            }
            String transType = root.path("transType").asText("");
            requests.computeIfAbsent(transType, k -> new AtomicInteger()).incrementAndGet();
            if (!orgId.equals(root.path("orgId").asText(""))) {
                throw new Refusal(UNKNOWN_ORG, "机构编码不存在");
            }
            JsonNode data = root.get("data");
            ObjectNode rsp;
            if (path.endsWith("/localQrCodeQuery") && transType.equals("ec.query")) {
                rsp = query(data);
            } else if (path.endsWith("/localEcTokenCheck") && transType.equals("localEcTokenCheck")) {
                rsp = check(data);
            } else {
                throw new Refusal(BAD_REQUEST, "不支持的交易类型");
            }
            out.put("code", 0).put("message", "成功").put("orgId", orgId).set("data", rsp);
        } catch (Refusal r) {
            out.put("code", r.code).put("message", r.getMessage());
        }
        return JSON.writeValueAsBytes(out);
    }

    private ObjectNode query(JsonNode data) throws Refusal {
        if (!orgId.equals(data.path("orgId").asText(""))) {
            throw new Refusal(UNKNOWN_ORG, "机构编码不存在");
        }
        if (BusinessType.find(data.path("businessType").asText("")).isEmpty()
                || data.path("operatorId").asText("").isEmpty() || data.path("officeId").asText("").isEmpty()) {
            throw new Refusal(BAD_REQUEST, "参数错误");
        }
        Instant now = clock.instant();
        synchronized (lock) {
            String code = data.path("ecQrCode").asText("");
            if (code.isEmpty()) {
                code = scanner.pollFirst();
                if (code == null) {
                    throw new Refusal(NO_CODE_SCANNED, "未扫描到电子凭证");
                }
            }
            Voucher v = vouchers.get(code);
            if (v == null) {
                throw new Refusal(UNKNOWN_VOUCHER, "电子凭证无效");
            }
            if (!now.isBefore(v.expiry())) {
                throw new Refusal(VOUCHER_EXPIRED, "电子凭证已过期");
            }
            byte[] t = new byte[16];
            random.nextBytes(t);
            String ecToken = Hex.encodeUpper(t);
            tokens.put(ecToken, new Token(v.person(), now.plus(ecTokenLifetime)));
            InsuredPerson p = v.person();
            return JSON.createObjectNode().put("userName", p.userName()).put("idNo", p.idNo())
                    .put("idType", p.idType()).put("insuOrg", p.insuOrg()).put("ecIndexNo", v.ecIndexNo())
                    .put("ecToken", ecToken).put("gender", p.gender().code())
                    .put("birthday", p.birthday().toString()).put("ecQrCode", code);
        }
    }

    private ObjectNode check(JsonNode data) throws Refusal {
        String ecToken = data.path("ecToken").asText("");
        if (ecToken.isEmpty()) {
            throw new Refusal(BAD_REQUEST, "缺少ecToken");
        }
        boolean ok;
        synchronized (lock) {
            Token t = tokens.get(ecToken);
            ok = t != null && clock.instant().isBefore(t.expiry())
                    && t.person().idNo().equals(data.path("idNo").asText(""))
                    && t.person().userName().equals(data.path("userName").asText(""));
        }
        return JSON.createObjectNode().put("flag", ok ? "1" : "0");
    }

    @Override
    public String toString() {
        return "MedicalInsuranceVoucherSimulator[orgId=" + orgId + ", running=" + (server != null) + "]";
    }

    /**
     * Builds a {@link MedicalInsuranceVoucherSimulator}. Required: {@link #orgId(String)}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private String orgId;
        private Clock clock = ChinaTime.systemClock();
        private Duration ecTokenLifetime = Duration.ofMinutes(30);
        private Long seed;

        private Builder() {
        }

        /**
         * Sets the institution code the simulator accepts.
         *
         * @param orgId the code
         * @return this builder
         * @throws InvalidInputException if it is blank
         */
        public Builder orgId(String orgId) {
            if (orgId == null || orgId.isBlank()) {
                throw new InvalidInputException("orgId", "must not be blank");
            }
            this.orgId = orgId;
            return this;
        }

        /**
         * Sets the clock for voucher and token expiry; default the system clock in China Standard Time.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how long an issued ecToken passes the token check; default 30 minutes (the real lifetime is not
         * documented [NF]).
         *
         * @param lifetime a positive duration
         * @return this builder
         * @throws InvalidInputException if it is not positive
         */
        public Builder ecTokenLifetime(Duration lifetime) {
            if (lifetime == null || lifetime.isZero() || lifetime.isNegative()) {
                throw new InvalidInputException("ecTokenLifetime", "must be positive");
            }
            this.ecTokenLifetime = lifetime;
            return this;
        }

        /**
         * Makes voucher codes and tokens deterministic; without a seed they come from {@link SecureRandom}.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the simulator (not yet started).
         *
         * @return the simulator
         * @throws InvalidInputException if the orgId is missing
         */
        public MedicalInsuranceVoucherSimulator build() {
            if (orgId == null) {
                throw new InvalidInputException("orgId", "must be set");
            }
            return new MedicalInsuranceVoucherSimulator(this);
        }
    }
}
