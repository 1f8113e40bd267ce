package io.yikatong.testkit.payment.medicalinsurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceFunction;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceOrderState;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceProfile;
import io.yikatong.payment.medicalinsurance.SignatureEncoding;
import io.yikatong.payment.medicalinsurance.internal.MedicalInsuranceEnvelope;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.testkit.internal.LoopbackHttpServer.Answer;
import io.yikatong.testkit.internal.LoopbackHttpServer.Exchange;
import io.yikatong.testkit.internal.LoopbackHttpServer;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback simulator of the medical-insurance mobile-payment platform (医保移动支付) on {@code 127.0.0.1}: it opens
 * every request envelope exactly as the platform would (decrypts with the working key derived from appId and
 * appSecret, verifies the SM2 signature with the channel public key and the appSecret as user ID; a wrong signature is
 * answered with {@code code "-1"} and a message), signs and encrypts its answers with its own SM2 key pair, and keeps a
 * ledger per {@code medOrgOrd}: uploaded (6201) → settled (6202) → refunded (6203), or undone (6401, only before
 * settlement, also while a 6202 is still processing). Refunds are idempotent per refund number and never exceed the insurance share.
 *
 * <p>The split is deterministic: {@code fundPay} = floor(total × fund percent / 100) (default 70 %),
 * {@code psnAcctPay} = min(account balance, rest) when the upload allows the personal account (default balance
 * 100.00 yuan, not consumed), {@code ownPayAmt} = the rest.
 *
 * <p>Faults on demand: 6202 answering a non-terminal status until N queries ({@link #settleAfterQueries}), a failed
 * settlement ({@link #failNextSettlement()}), dropped answers after processing ({@link #dropNextAnswers}), HTTP 5xx
 * before processing ({@link #failNext}), and a tampered answer ({@link #tamperNextAnswer()}).
 *
 * <pre>{@code
 * Sm2KeyPair channel = Sm2KeyPair.generate(new SecureRandom());
 * try (MedicalInsurancePaymentSimulator sim = MedicalInsurancePaymentSimulator.start("YKTAPP0000000001",
 *         "app-secret-0001", channel.publicKey())) {
 *     MedicalInsurancePaymentClient client = MedicalInsurancePaymentClient.builder().baseUri(sim.baseUri())
 *             .appId("YKTAPP0000000001").appSecret("app-secret-0001").orgCode("H11010500001")
 *             .channelPrivateKey(channel.privateKey()).platformPublicKey(sim.platformPublicKey()).build();
 * }
 * }</pre>
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class MedicalInsurancePaymentSimulator implements AutoCloseable {

    /** The {@code code} of every refusal. */
    public static final String REFUSED_CODE = "-1";

    private final String appId;
    private final MedicalInsuranceProfile profile;
    private final MedicalInsuranceEnvelope envelope;
    private final Sm2KeyPair platformKeys;
    private final int fundPercent;
    private final Money accountBalance;
    private final LoopbackHttpServer server;
    private final AtomicInteger seq = new AtomicInteger();
    private final Object lock = new Object();
    private final Map<String, Order> orders = new HashMap<>();
    private final Map<String, Money> refunds = new HashMap<>();
    private final List<String> functionsCalled = new ArrayList<>();
    private final Deque<Integer> statusFaults = new ArrayDeque<>();
    private int drops;
    private boolean tamper;
    private int settleAfter;
    private boolean failSettlement;

    private static final class Order {
        final String medOrgOrd;
        final String payOrdId;
        final String payToken;
        final String chrgBchno;
        final Money total;
        final boolean useAccount;
        MedicalInsuranceOrderState state = MedicalInsuranceOrderState.PROCESSING;
        boolean ordered;
        int remainingQueries;
        Money fund;
        Money account;
        Money own;
        Money refunded = Money.ZERO;

        Order(String medOrgOrd, String payOrdId, String payToken, String chrgBchno, Money total, boolean useAccount) {
            this.medOrgOrd = medOrgOrd;
            this.payOrdId = payOrdId;
            this.payToken = payToken;
            this.chrgBchno = chrgBchno;
            this.total = total;
            this.useAccount = useAccount;
        }
    }

    /**
     * A snapshot of one order in the simulator's ledger.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param medOrgOrd the hospital order number
     * @param payOrdId the platform order ID
     * @param state the state
     * @param total the fee total
     * @param fundPay the fund share, or {@code null} before 6202
     * @param accountPay the personal-account share, or {@code null} before 6202
     * @param selfPay the cash share, or {@code null} before 6202
     * @param refunded the refunded insurance amount
     * @since 0.1
     */
    public record LedgerEntry(String medOrgOrd, String payOrdId, MedicalInsuranceOrderState state, Money total, Money fundPay,
            Money accountPay, Money selfPay, Money refunded) {
    }

    private MedicalInsurancePaymentSimulator(Builder b) throws IOException {
        this.appId = b.appId;
        this.profile = b.profile;
        this.fundPercent = b.fundPercent;
        this.accountBalance = b.accountBalance;
        this.platformKeys = Sm2KeyPair.generate(new SecureRandom());
        this.envelope = new MedicalInsuranceEnvelope(b.appId, b.appSecret, platformKeys.privateKey(), b.channelKey,
                b.encoding, b.upperHex);
        server = LoopbackHttpServer.start("medical-insurance-simulator", b.port, this::handle);
    }

    /**
     * Starts a simulator on a free port with the defaults (raw signatures, upper-case hex, default profile, 70 % fund,
     * 100.00 yuan personal account).
     *
     * @param appId the application ID requests must carry
     * @param appSecret the shared application secret
     * @param channelPublicKey the channel's public key requests are verified with
     * @return the running simulator
     * @throws IOException if the port cannot be bound
     * @throws InvalidInputException if an argument is invalid
     */
    public static MedicalInsurancePaymentSimulator start(String appId, String appSecret, Sm2PublicKey channelPublicKey)
            throws IOException {
        return builder().appId(appId).appSecret(appSecret).channelPublicKey(channelPublicKey).start();
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
     * Returns the base URI the client should use.
     *
     * @return {@code http://127.0.0.1:<port>/}
     */
    public URI baseUri() {
        return URI.create(server.baseUri() + "/");
    }

    /**
     * Returns the simulator's SM2 public key (the platform public key answers are verified with).
     *
     * @return the key
     */
    public Sm2PublicKey platformPublicKey() {
        return platformKeys.publicKey();
    }

    /**
     * Makes the next 6202 answer a non-terminal status; the order settles after this many 6301 queries.
     *
     * @param queries the number of queries that still answer non-terminal, at least 1
     */
    public void settleAfterQueries(int queries) {
        synchronized (lock) {
            settleAfter = queries;
        }
    }

    /** Makes the next 6202 settlement fail (a terminal failed status, nothing taken). */
    public void failNextSettlement() {
        synchronized (lock) {
            failSettlement = true;
        }
    }

    /**
     * Processes the next requests but drops the connection instead of answering.
     *
     * @param count how many answers to drop
     */
    public void dropNextAnswers(int count) {
        synchronized (lock) {
            drops += count;
        }
    }

    /**
     * Answers the next requests with an HTTP status without processing them.
     *
     * @param count how many requests
     * @param status the status, for example 503
     */
    public void failNext(int count, int status) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                statusFaults.add(status);
            }
        }
    }

    /** Changes the next answer after it was signed, so its signature no longer verifies. */
    public void tamperNextAnswer() {
        synchronized (lock) {
            tamper = true;
        }
    }

    /**
     * Returns an order of the ledger.
     *
     * @param medOrgOrd the hospital order number
     * @return a snapshot, or empty if unknown
     */
    public Optional<LedgerEntry> order(String medOrgOrd) {
        synchronized (lock) {
            Order o = orders.get(medOrgOrd);
            return o == null ? Optional.empty() : Optional.of(new LedgerEntry(o.medOrgOrd, o.payOrdId, o.state,
                    o.total, o.fund, o.account, o.own, o.refunded));
        }
    }

    /**
     * Returns the function numbers of the requests received, in order (including rejected ones).
     *
     * @return a copy
     */
    public List<String> functionsCalled() {
        synchronized (lock) {
            return List.copyOf(functionsCalled);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    private Answer handle(Exchange exchange) {
        Integer status;
        boolean drop;
        synchronized (lock) {
            status = statusFaults.poll();
            drop = status == null && drops > 0;
            if (drop) {
                drops--;
            }
        }
        if (status != null) {
            return Answer.of(status, null, new byte[0]);
        }
        MedicalInsuranceFunction f = null;
        for (MedicalInsuranceFunction c : MedicalInsuranceFunction.values()) {
            if (profile.path(c).equals(exchange.rawPath())) {
                f = c;
            }
        }
        if (f == null || !"POST".equals(exchange.method())) {
            return Answer.of(404, null, new byte[0]);
        }
        String answer = process(f, exchange.body());
        if (drop) {
            return Answer.DROP;
        }
        return Answer.text(200, "application/json;charset=utf-8", answer);
    }

    private String process(MedicalInsuranceFunction f, byte[] body) {
        synchronized (lock) {
            functionsCalled.add(profile.number(f));
        }
        ObjectNode msg;
        try {
            msg = envelope.open(body);
        } catch (ChannelSignatureException e) {
            return refuse("签名验证失败 (signature verification failed)");
        } catch (ChannelMalformedResponseException e) {
            return refuse("报文格式错误 (malformed envelope)");
        }
        if (!"SM4".equals(msg.path("encType").asText()) || !"SM2".equals(msg.path("signType").asText())
                || !MedicalInsuranceEnvelope.VERSION.equals(msg.path("version").asText())
                || !msg.path("timestamp").canConvertToLong() || !msg.path("data").isObject()) {
            return refuse("报文格式错误 (envelope fields)");
        }
        JsonNode d = msg.get("data");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String problem;
        try {
            synchronized (lock) {
                problem = switch (f) {
                    case FEE_UPLOAD -> upload(d, out);
                    case PLACE_ORDER -> placeOrder(d, out);
                    case QUERY -> query(d, out);
                    case UNDO -> undo(d, out);
                    case REFUND -> refund(d, out);
                };
            }
        } catch (InvalidInputException | ArithmeticException e) {
            problem = "参数错误 (invalid " + (e instanceof InvalidInputException i ? i.field() : "amount") + ")";
        }
        if (problem != null) {
            return refuse(problem);
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("code", "0");
        reply.put("message", "成功");
        reply.put("success", true);
        String text = envelope.seal(out, System.currentTimeMillis(), reply);
        synchronized (lock) {
            if (tamper) {
                tamper = false;
                text = text.replace("\"message\":\"成功\"", "\"message\":\"成功!\"");
            }
        }
        return text;
    }

    private String refuse(String message) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("code", REFUSED_CODE);
        reply.put("message", message);
        reply.put("success", false);
        return envelope.seal(null, System.currentTimeMillis(), reply);
    }

    private static String text(JsonNode d, String field) {
        String v = d.path(field).asText("");
        if (v.isEmpty()) {
            throw new InvalidInputException(field, "missing");
        }
        return v;
    }

    private String upload(JsonNode d, ObjectNode out) {
        String no = text(d, "medOrgOrd");
        Money total = Money.parseYuan(text(d, "medfeeSumamt"));
        text(d, "payAuthNo");
        text(d, "orgCodg");
        String batch = text(d, "chrgBchno");
        Money sum = Money.ZERO;
        JsonNode lines = d.path("feedetail");
        if (!lines.isArray() || lines.isEmpty()) {
            return "费用明细为空 (no fee lines)";
        }
        for (JsonNode l : lines) {
            sum = sum.plus(Money.parseYuan(text(l, "detItemFeeSumamt")));
        }
        if (!sum.equals(total) || !total.isPositive()) {
            return "费用总额与明细不符 (total does not match the lines)";
        }
        Order o = orders.get(no);
        if (o != null) {
            if (o.ordered || !o.total.equals(total) || o.state != MedicalInsuranceOrderState.PROCESSING) {
                return "订单号重复 (medOrgOrd already used)";
            }
        } else {
            int n = seq.incrementAndGet();
            o = new Order(no, "ORD" + appIdTail() + String.format("%08d", n), "TOK" + Long.toHexString(
                    new SecureRandom().nextLong()), batch, total, "1".equals(d.path("acctUsedFlag").asText("1")));
            orders.put(no, o);
        }
        out.put("payOrdId", o.payOrdId);
        out.put("payToken", o.payToken);
        return null;
    }

    private String appIdTail() {
        return appId.substring(appId.length() - 4);
    }

    private Order find(JsonNode d) {
        Order o = orders.get(d.path("medOrgOrd").asText(""));
        String payOrdId = d.path("payOrdId").asText("");
        if (o == null || !payOrdId.isEmpty() && !payOrdId.equals(o.payOrdId)) {
            return null;
        }
        return o;
    }

    private String placeOrder(JsonNode d, ObjectNode out) {
        Order o = find(d);
        if (o == null) {
            return "订单不存在 (no such order)";
        }
        if (!o.payToken.equals(d.path("payToken").asText(""))) {
            return "payToken 无效 (invalid payToken)";
        }
        text(d, "payAuthNo");
        if (o.state == MedicalInsuranceOrderState.UNDONE) {
            return "订单已撤销 (order undone)";
        }
        if (!o.ordered) {
            o.ordered = true;
            long t = o.total.fen();
            long fund = Math.multiplyExact(t, fundPercent) / 100;
            long acct = o.useAccount ? Math.min(accountBalance.fen(), t - fund) : 0;
            o.fund = Money.ofFen(fund);
            o.account = Money.ofFen(acct);
            o.own = Money.ofFen(t - fund - acct);
            if (failSettlement) {
                failSettlement = false;
                o.state = MedicalInsuranceOrderState.FAILED;
            } else if (settleAfter > 0) {
                o.remainingQueries = settleAfter;
                settleAfter = 0;
            } else {
                o.state = MedicalInsuranceOrderState.SETTLED;
            }
        }
        describe(o, out);
        return null;
    }

    private void describe(Order o, ObjectNode out) {
        out.put("medOrgOrd", o.medOrgOrd);
        out.put("payOrdId", o.payOrdId);
        out.put("ordStas", profile.codeFor(o.state).orElse("0"));
        if (o.ordered) {
            out.put("feeSumamt", o.total.toYuanString());
            out.put("fundPay", o.fund.toYuanString());
            out.put("psnAcctPay", o.account.toYuanString());
            out.put("ownPayAmt", o.own.toYuanString());
        }
    }

    private String query(JsonNode d, ObjectNode out) {
        Order o = find(d);
        if (o == null) {
            return "订单不存在 (no such order)";
        }
        if (o.ordered && o.state == MedicalInsuranceOrderState.PROCESSING && --o.remainingQueries <= 0) {
            o.state = MedicalInsuranceOrderState.SETTLED;
        }
        describe(o, out);
        return null;
    }

    private String undo(JsonNode d, ObjectNode out) {
        Order o = find(d);
        if (o == null) {
            return "订单不存在 (no such order)";
        }
        if (!o.chrgBchno.equals(d.path("chrgBchno").asText(""))) {
            return "收费批次号不符 (chrgBchno does not match)";
        }
        if (o.state == MedicalInsuranceOrderState.UNDONE) {
            out.put("medOrgOrd", o.medOrgOrd);
            return null;
        }
        if (o.state != MedicalInsuranceOrderState.PROCESSING) {
            return "订单已结算，不能撤销 (settled or final: refund instead)";
        }
        o.state = MedicalInsuranceOrderState.UNDONE;
        out.put("medOrgOrd", o.medOrgOrd);
        return null;
    }

    private String refund(JsonNode d, ObjectNode out) {
        Order o = find(d);
        if (o == null) {
            return "订单不存在 (no such order)";
        }
        String refundNo = text(d, "appRefdSn");
        Money amount = Money.parseYuan(text(d, "totlRefdAmt"));
        Money known = refunds.get(o.medOrgOrd + "/" + refundNo);
        if (known != null) {
            if (!known.equals(amount)) {
                return "退费流水号重复 (refund number used with another amount)";
            }
        } else {
            if (o.state != MedicalInsuranceOrderState.SETTLED) {
                return "订单未结算，不能退费 (not settled)";
            }
            Money share = o.fund.plus(o.account);
            if (!amount.isPositive() || o.refunded.plus(amount).compareTo(share) > 0) {
                return "退费金额超过医保支付金额 (refund exceeds the insurance share)";
            }
            o.refunded = o.refunded.plus(amount);
            refunds.put(o.medOrgOrd + "/" + refundNo, amount);
            if (o.refunded.equals(share)) {
                o.state = MedicalInsuranceOrderState.REFUNDED;
            }
        }
        out.put("medOrgOrd", o.medOrgOrd);
        out.put("appRefdSn", refundNo);
        out.put("totlRefdAmt", amount.toYuanString());
        out.put("refdStas", "1");
        return null;
    }

    @Override
    public String toString() {
        return "MedicalInsurancePaymentSimulator[" + appId + ", " + baseUri() + "]";
    }

    /**
     * Builds and starts a {@link MedicalInsurancePaymentSimulator}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private String appId;
        private String appSecret;
        private Sm2PublicKey channelKey;
        private SignatureEncoding encoding = SignatureEncoding.RAW;
        private boolean upperHex = true;
        private MedicalInsuranceProfile profile = MedicalInsuranceProfile.defaults();
        private int fundPercent = 70;
        private Money accountBalance = Money.ofFen(10_000);
        private int port;

        private Builder() {
        }

        /**
         * Sets the application ID (at least 16 ASCII characters).
         *
         * @param appId the ID
         * @return this builder
         */
        public Builder appId(String appId) {
            this.appId = appId;
            return this;
        }

        /**
         * Sets the shared application secret.
         *
         * @param appSecret the secret
         * @return this builder
         */
        public Builder appSecret(String appSecret) {
            this.appSecret = appSecret;
            return this;
        }

        /**
         * Sets the channel public key requests are verified with.
         *
         * @param key the key
         * @return this builder
         */
        public Builder channelPublicKey(Sm2PublicKey key) {
            this.channelKey = key;
            return this;
        }

        /**
         * Sets the signature encoding (default raw).
         *
         * @param encoding the encoding
         * @return this builder
         */
        public Builder signatureEncoding(SignatureEncoding encoding) {
            this.encoding = encoding;
            return this;
        }

        /**
         * Sets the hex case of answers (default upper).
         *
         * @param upperHex {@code true} for upper case
         * @return this builder
         */
        public Builder upperCaseHex(boolean upperHex) {
            this.upperHex = upperHex;
            return this;
        }

        /**
         * Sets the profile (paths and status codes; default {@link MedicalInsuranceProfile#defaults()}).
         *
         * @param profile the profile
         * @return this builder
         */
        public Builder profile(MedicalInsuranceProfile profile) {
            this.profile = profile;
            return this;
        }

        /**
         * Sets the pooled-fund percentage of the split (default 70).
         *
         * @param percent 0 to 100
         * @return this builder
         */
        public Builder fundPercent(int percent) {
            this.fundPercent = percent;
            return this;
        }

        /**
         * Sets the personal-account balance that caps {@code psnAcctPay} (default 100.00 yuan).
         *
         * @param balance the balance, not negative
         * @return this builder
         */
        public Builder accountBalance(Money balance) {
            this.accountBalance = balance;
            return this;
        }

        /**
         * Sets the port (default 0: any free port).
         *
         * @param port the port
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Starts the simulator.
         *
         * @return the running simulator
         * @throws IOException if the port cannot be bound
         * @throws InvalidInputException if a setting is missing or out of range
         */
        public MedicalInsurancePaymentSimulator start() throws IOException {
            MedicalInsuranceEnvelope.workingKey(appId, appSecret);
            if (channelKey == null || encoding == null || profile == null) {
                throw new InvalidInputException("channelPublicKey", "key, encoding and profile must not be null");
            }
            if (fundPercent < 0 || fundPercent > 100) {
                throw new InvalidInputException("fundPercent", "must be 0 to 100");
            }
            if (accountBalance == null || accountBalance.fen() < 0) {
                throw new InvalidInputException("accountBalance", "must not be negative");
            }
            return new MedicalInsurancePaymentSimulator(this);
        }
    }
}
