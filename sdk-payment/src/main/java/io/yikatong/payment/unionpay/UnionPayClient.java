package io.yikatong.payment.unionpay;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.time.ChinaTime;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelRefusedException;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.spi.internal.ChannelHttp;
import io.yikatong.payment.unionpay.internal.AcpCertificates;
import io.yikatong.payment.unionpay.internal.AcpForms;
import io.yikatong.payment.unionpay.internal.AcpSigning;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A client of the UnionPay online gateway (银联全渠道, ACP 5.1.0, §3.4): back transactions ({@code backTransReq}) and
 * queries ({@code queryTrans}) as UTF-8 {@code application/x-www-form-urlencoded} POSTs with {@code version=5.1.0},
 * {@code accessType=0}, {@code currencyCode=156} and amounts in integer fen (at most {@link #MAX_AMOUNT}: 12
 * digits).
 *
 * <p>Signing is chosen by configuration: {@link SignMethod#RSA} ({@code signMethod=01}, {@code certId} = the decimal
 * serial number of the merchant signing certificate) or a secure key ({@code 11} SHA-256, {@code 12} SM3). Answers and
 * notifications are verified with the same method: in mode 01 the answer's {@code signPubKeyCert} must chain to the
 * configured middle and root certificates (PKIX, revocation off, validity at the injected clock's time), name the
 * expected owner in its subject CN (default {@value #DEFAULT_SIGNER_CN}; see {@link Builder#expectedSignerCn}), and
 * verify the signature; in modes 11/12 the secure-key digest must match. A failure is a {@link ChannelSignatureException}; nothing of such an answer is used.
 *
 * <p>Answers: {@code respCode=00} is a result ({@link UnionPayAnswer}); any other code is a
 * {@link ChannelRefusedException} of channel {@code unionpay} with {@code respCode} and {@code respMsg}; its
 * {@link ChannelRefusedException#disposition() disposition}: {@code 03}/{@code 04}/{@code 05} leave the outcome
 * unknown (query), {@code 34} is not found, {@code 11}/{@code 31}/{@code 32} reject our configuration. An unsigned
 * answer is accepted only as a refusal with {@code respCode} 10, 11 or 13 (format, signature, missing field), because
 * the gateway cannot sign what it could not parse [I]. A link failure, a timeout and an HTTP 5xx are
 * {@link ChannelLinkException}. Back-transaction answers are decoded as raw {@code k=v&…} pairs (values unescaped,
 * braces may nest); notifications as URL-encoded forms.
 *
 * <p>Every request goes through the {@link Builder#httpClient(HttpClient) HTTP client} the integrator configures (or a
 * default one) with the {@link Builder#requestTimeout(Duration) request timeout}.
 *
 * <p>{@code txnTime} is passed by the caller so that a query can repeat it; {@link #now()} gives the injected clock's
 * time. It is written in Beijing time. {@code payTimeout} is {@code txnTime} plus the configured duration.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class UnionPayClient {

    /** The channel identifier in the errors this class raises. */
    private static final String CHANNEL = UnionPayChannel.ID;

    /**
     * The default expected owner of UnionPay's signing certificate: the third field of an {@code @}-separated CN such
     * as {@code 041@Z12@中国银联股份有限公司@00000001}, or a CN without {@code @} as a whole.
     */
    public static final String DEFAULT_SIGNER_CN = "中国银联股份有限公司";

    /**
     * The largest amount the gateway takes: {@code txnAmt} is at most 12 digits of fen (999999999999 fen). A larger
     * amount is refused as bad input before anything is sent.
     */
    public static final Money MAX_AMOUNT = Money.ofFen(999_999_999_999L);

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ChinaTime.ZONE);
    private static final Pattern ORDER_ID = Pattern.compile("[0-9A-Za-z]{8,40}");
    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,12}");
    private static final Set<String> UNSIGNED_REFUSALS = Set.of("10", "11", "13");

    private final URI backTransUrl;
    private final URI queryTransUrl;
    private final String merId;
    private final SignMethod signMethod;
    private final PrivateKey signingKey;
    private final String certId;
    private final String secureKeyDigest;
    private final X509Certificate middle;
    private final X509Certificate root;
    private final String signerCn;
    private final URI backUrl;
    private final Duration payTimeout;
    private final Clock clock;
    private final ChannelHttp http;

    private UnionPayClient(Builder b) {
        this.backTransUrl = b.backTransUrl;
        this.queryTransUrl = b.queryTransUrl;
        this.merId = b.merId;
        this.signMethod = b.signMethod;
        this.signingKey = b.signingKey;
        this.certId = b.signingCert == null ? null : b.signingCert.getSerialNumber().toString();
        this.secureKeyDigest = b.secureKey == null ? null : AcpSigning.digestHex(b.signMethod.code(), b.secureKey);
        this.middle = b.middle;
        this.root = b.root;
        this.signerCn = b.signerCn;
        this.backUrl = b.backUrl;
        this.payTimeout = b.payTimeout;
        this.clock = b.clock;
        this.http = new ChannelHttp(CHANNEL, ChannelHttp.clientOrDefault(b.httpClient, b.connectTimeout),
                b.requestTimeout);
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
     * Returns the merchant number.
     *
     * @return the {@code merId}
     */
    public String merId() {
        return merId;
    }

    /**
     * Returns the configured {@code payTimeout} duration.
     *
     * @return the duration after {@code txnTime} in which a payment may complete
     */
    public Duration payTimeout() {
        return payTimeout;
    }

    /**
     * Returns the injected clock's time truncated to the second, to use as a new {@code txnTime}.
     *
     * @return the instant
     */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Formats an instant as a {@code txnTime}.
     *
     * @param instant the instant
     * @return {@code yyyyMMddHHmmss} in Beijing time
     */
    public static String txnTime(Instant instant) {
        return TIME.format(instant);
    }

    /**
     * Barcode consumption (被扫消费, txnType/txnSubType/bizType/channelType {@code 01/06/000000/08}).
     * {@code respCode=00} means accepted: learn the result by {@link #query} or the notification.
     *
     * @param orderId 8 to 40 alphanumerics
     * @param txnTime the transaction time
     * @param amount the positive amount, at most {@link #MAX_AMOUNT}
     * @param qrNo the payer's payment code (C2B 码)
     * @return the accepted answer
     * @throws ChannelException if the call failed or was refused
     * @throws InvalidInputException if an argument is invalid
     */
    public UnionPayAnswer barcodeConsume(String orderId, Instant txnTime, Money amount, String qrNo)
            throws ChannelException {
        Map<String, String> f = base("01", "06", "000000", orderId, txnTime);
        f.put("txnAmt", amount(amount));
        f.put("currencyCode", "156");
        f.put("qrNo", checkText("qrNo", qrNo, 64));
        f.put("backUrl", backUrl.toString());
        f.put("payTimeout", txnTime(txnTime.plus(payTimeout)));
        return call("barcodeConsume", backTransUrl, f);
    }

    /**
     * QR apply (申码, {@code 01/07/000000/08}): the answer's {@code qrCode} is shown to the payer.
     *
     * @param orderId 8 to 40 alphanumerics
     * @param txnTime the transaction time
     * @param amount the positive amount, at most {@link #MAX_AMOUNT}
     * @return the answer with a non-empty {@code qrCode}
     * @throws ChannelException if the call failed, was refused or the answer has no {@code qrCode}
     * @throws InvalidInputException if an argument is invalid
     */
    public UnionPayAnswer applyQrCode(String orderId, Instant txnTime, Money amount) throws ChannelException {
        return applyQrCode(orderId, txnTime, amount, null);
    }

    /**
     * QR apply (申码) with the order's own {@code payTimeout}: UnionPay lets the code be paid only until then.
     *
     * @param orderId 8 to 40 alphanumerics
     * @param txnTime the transaction time
     * @param amount the positive amount
     * @param expiresAt the {@code payTimeout} (truncated to the second), 1 minute to 1 day after {@code txnTime}, or
     *     {@code null} for {@code txnTime} plus the configured {@link Builder#payTimeout(Duration) payTimeout}
     * @return the answer with a non-empty {@code qrCode}
     * @throws ChannelException if the call failed, was refused or the answer has no {@code qrCode}
     * @throws InvalidInputException if an argument is invalid
     */
    public UnionPayAnswer applyQrCode(String orderId, Instant txnTime, Money amount, Instant expiresAt)
            throws ChannelException {
        Map<String, String> f = base("01", "07", "000000", orderId, txnTime);
        Instant until = expiresAt == null ? txnTime.plus(payTimeout) : expiresAt.truncatedTo(ChronoUnit.SECONDS);
        Duration window = Duration.between(txnTime, until);
        if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidInputException("expiresAt", "must be 1 minute to 1 day after txnTime");
        }
        f.put("txnAmt", amount(amount));
        f.put("currencyCode", "156");
        f.put("backUrl", backUrl.toString());
        f.put("payTimeout", txnTime(until));
        UnionPayAnswer a = call("applyQrCode", backTransUrl, f);
        if (a.qrCode().isEmpty()) {
            throw new ChannelMalformedResponseException(CHANNEL, "applyQrCode: answer has no qrCode", null);
        }
        return a;
    }

    /**
     * Queries a transaction ({@code queryTrans}, {@code 00/00/000201}) by {@code orderId} and {@code txnTime}. Read
     * {@link UnionPayAnswer#origRespCode()}: {@code 00} succeeded, {@code 03}/{@code 04}/{@code 05} processing.
     *
     * @param orderId the transaction's {@code orderId}
     * @param txnTime the transaction's {@code txnTime}
     * @return the answer
     * @throws ChannelException if the call failed or was refused ({@code 34}: no such transaction)
     * @throws InvalidInputException if an argument is invalid
     */
    public UnionPayAnswer query(String orderId, Instant txnTime) throws ChannelException {
        Map<String, String> f = base("00", "00", "000201", orderId, txnTime);
        f.remove("channelType");
        return call("query", queryTransUrl, f);
    }

    /**
     * Same-day cancellation (消费撤销, {@code 31/00/000000/08}) of a consumption; the amount must equal the
     * original's.
     *
     * @param orderId a new {@code orderId} for the cancel transaction
     * @param txnTime the cancel transaction's time
     * @param origQryId the original consumption's {@code queryId}
     * @param amount the original amount, at most {@link #MAX_AMOUNT}
     * @return the accepted answer
     * @throws ChannelException if the call failed or was refused
     * @throws InvalidInputException if an argument is invalid
     */
    public UnionPayAnswer cancel(String orderId, Instant txnTime, String origQryId, Money amount)
            throws ChannelException {
        return reversal("cancel", "31", orderId, txnTime, origQryId, amount);
    }

    /**
     * Refund (退货, {@code 04/00/000000/08}); partial refunds are allowed up to the unrefunded amount.
     *
     * @param orderId a new {@code orderId} for the refund transaction
     * @param txnTime the refund transaction's time
     * @param origQryId the original consumption's {@code queryId}
     * @param amount the positive refund amount, at most {@link #MAX_AMOUNT}
     * @return the accepted answer
     * @throws ChannelException if the call failed or was refused
     * @throws InvalidInputException if an argument is invalid
     */
    public UnionPayAnswer refund(String orderId, Instant txnTime, String origQryId, Money amount)
            throws ChannelException {
        return reversal("refund", "04", orderId, txnTime, origQryId, amount);
    }

    private UnionPayAnswer reversal(String op, String txnType, String orderId, Instant txnTime, String origQryId,
            Money amount) throws ChannelException {
        Map<String, String> f = base(txnType, "00", "000000", orderId, txnTime);
        f.put("txnAmt", amount(amount));
        f.put("currencyCode", "156");
        f.put("origQryId", checkText("origQryId", origQryId, 64));
        f.put("backUrl", backUrl.toString());
        return call(op, backTransUrl, f);
    }

    /**
     * Verifies and decodes a back notification: verifies first (chain and signature, or secure key), then decodes.
     *
     * @param rawBody the form body exactly as received ({@code application/x-www-form-urlencoded}, UTF-8)
     * @return the notification
     * @throws ChannelSignatureException if the signature or certificate chain does not verify
     * @throws ChannelMalformedResponseException if the body is not a form or misses required fields
     */
    public UnionPayNotification parseNotification(byte[] rawBody)
            throws ChannelSignatureException, ChannelMalformedResponseException {
        if (rawBody == null || rawBody.length == 0) {
            throw new ChannelMalformedResponseException(CHANNEL, "notification: no body", null);
        }
        Map<String, String> f;
        try {
            f = AcpForms.parseForm(new String(rawBody, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ChannelMalformedResponseException(CHANNEL, "notification: invalid form encoding", e);
        }
        verify("notification", f);
        String orderId = f.getOrDefault("orderId", "");
        String respCode = f.getOrDefault("respCode", "");
        if (!ORDER_ID.matcher(orderId).matches() || respCode.isEmpty() || !merId.equals(f.get("merId"))) {
            throw new ChannelMalformedResponseException(CHANNEL,
                    "notification: orderId, respCode or merId missing or wrong",
                    null);
        }
        return new UnionPayNotification(f.get("txnType"), orderId, f.get("txnTime"), f.get("queryId"), respCode,
                f.get("respMsg"), fen(f.get("txnAmt"), "notification"), f.get("origQryId"));
    }

    /**
     * Verifies a received field set as the configured sign method prescribes.
     *
     * @param what what is verified, for the message
     * @param fields the fields, {@code signature} included
     * @throws ChannelSignatureException if it does not verify
     */
    public void verify(String what, Map<String, String> fields) throws ChannelSignatureException {
        if (signMethod != SignMethod.RSA) {
            if (!AcpSigning.secureKeyVerify(signMethod.code(), secureKeyDigest, fields)) {
                throw new ChannelSignatureException(CHANNEL, what + ": secure-key signature does not verify", null);
            }
            return;
        }
        X509Certificate signer;
        try {
            signer = AcpCertificates.parsePem(fields.get("signPubKeyCert"));
        } catch (GeneralSecurityException e) {
            throw new ChannelSignatureException(CHANNEL, what + ": signPubKeyCert missing or not a certificate", e);
        }
        try {
            AcpCertificates.validate(signer, middle, root, clock.instant(), signerCn);
        } catch (GeneralSecurityException e) {
            throw new ChannelSignatureException(CHANNEL,
                    what + ": signPubKeyCert does not chain to the configured root, is"
                    + " not valid now or has another CN", e);
        }
        if (!AcpSigning.rsaVerify(signer.getPublicKey(), fields)) {
            throw new ChannelSignatureException(CHANNEL, what + ": SHA256withRSA signature does not verify", null);
        }
    }

    private Map<String, String> base(String txnType, String txnSubType, String bizType, String orderId,
            Instant txnTime) {
        if (orderId == null || !ORDER_ID.matcher(orderId).matches()) {
            throw new InvalidInputException("orderId", "must be 8 to 40 characters of [0-9A-Za-z]");
        }
        if (txnTime == null) {
            throw new InvalidInputException("txnTime", "must not be null");
        }
        Map<String, String> f = new TreeMap<>();
        f.put("version", "5.1.0");
        f.put("encoding", "UTF-8");
        f.put("signMethod", signMethod.code());
        f.put("txnType", txnType);
        f.put("txnSubType", txnSubType);
        f.put("bizType", bizType);
        f.put("channelType", "08");
        f.put("accessType", "0");
        f.put("merId", merId);
        f.put("orderId", orderId);
        f.put("txnTime", txnTime(txnTime));
        return f;
    }

    private UnionPayAnswer call(String op, URI url, Map<String, String> fields) throws ChannelException {
        if (signMethod == SignMethod.RSA) {
            fields.put("certId", certId);
            fields.put(AcpSigning.SIGNATURE, AcpSigning.rsaSign(signingKey, fields));
        } else {
            fields.put(AcpSigning.SIGNATURE, AcpSigning.secureKeySign(signMethod.code(), secureKeyDigest, fields));
        }
        String body = http.sendExpectingOk(op, HttpRequest.newBuilder(url)
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(AcpForms.encodeForm(fields), StandardCharsets.UTF_8)))
                .text();
        Map<String, String> a;
        try {
            a = AcpForms.parseRaw(body);
        } catch (IllegalArgumentException e) {
            throw new ChannelMalformedResponseException(CHANNEL, op + ": answer is not k=v pairs", e);
        }
        String respCode = a.getOrDefault("respCode", "");
        if (respCode.isEmpty()) {
            throw new ChannelMalformedResponseException(CHANNEL, op + ": answer has no respCode", null);
        }
        boolean unsignedRefusal = !a.containsKey(AcpSigning.SIGNATURE) && UNSIGNED_REFUSALS.contains(respCode);
        if (!unsignedRefusal) {
            verify(op, a);
        }
        if (!"00".equals(respCode)) {
            throw new ChannelRefusedException(CHANNEL, op, 200, respCode, a.getOrDefault("respMsg", ""),
                    disposition(respCode));
        }
        if (!fields.get("orderId").equals(a.get("orderId")) || !merId.equals(a.get("merId"))) {
            throw new ChannelMalformedResponseException(CHANNEL,
                    op + ": answer is about another orderId or merId", null);
        }
        return new UnionPayAnswer(fields.get("txnType"), respCode, a.get("respMsg"), a.get("origRespCode"),
                a.get("origRespMsg"), a.get("orderId"), a.get("txnTime"), a.get("queryId"), fen(a.get("txnAmt"), op),
                a.get("qrCode"));
    }

    /**
     * Classifies a refusal (§3.4, §4): {@code 11} (signature), {@code 31} (merchant state) and {@code 32} (no
     * permission) reject our configuration [I]; {@code 03}/{@code 04}/{@code 05} leave the outcome unknown; {@code 34}
     * is "no such transaction"; other codes are business refusals.
     */
    static ChannelRefusedException.Disposition disposition(String respCode) {
        return switch (respCode) {
            case "11", "31", "32" -> ChannelRefusedException.Disposition.CREDENTIALS_REJECTED;
            case "03", "04", "05" -> ChannelRefusedException.Disposition.OUTCOME_UNKNOWN;
            case "34" -> ChannelRefusedException.Disposition.NOT_FOUND;
            default -> ChannelRefusedException.Disposition.DEFINITE;
        };
    }

    private static Money fen(String text, String what) throws ChannelMalformedResponseException {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (!AMOUNT.matcher(text).matches()) {
            throw new ChannelMalformedResponseException(CHANNEL, what + ": txnAmt is not an amount in fen", null);
        }
        return Money.ofFen(Long.parseLong(text));
    }

    private static String amount(Money amount) {
        if (amount == null) {
            throw new InvalidInputException("amount", "must not be null");
        }
        if (amount.requirePositive("amount").compareTo(MAX_AMOUNT) > 0) {
            throw new InvalidInputException("amount", "must be at most " + MAX_AMOUNT.fen()
                    + " fen (txnAmt has at most 12 digits)");
        }
        return Long.toString(amount.fen());
    }

    private static String checkText(String field, String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max || value.indexOf('&') >= 0) {
            throw new InvalidInputException(field, "must be 1 to " + max + " characters without '&'");
        }
        return value;
    }

    /** Returns {@code UnionPayClient[merId, signMethod, backTransUrl]}; never keys. */
    @Override
    public String toString() {
        return "UnionPayClient[" + merId + ", signMethod=" + signMethod.code() + ", " + backTransUrl + "]";
    }

    /**
     * Builds a {@link UnionPayClient}.
     *
     * <p>Not thread-safe; confine to one thread.
     */
    public static final class Builder {
        private URI backTransUrl = URI.create("https://gateway.95516.com/gateway/api/backTransReq.do");
        private URI queryTransUrl = URI.create("https://gateway.95516.com/gateway/api/queryTrans.do");
        private String merId;
        private SignMethod signMethod;
        private PrivateKey signingKey;
        private X509Certificate signingCert;
        private String secureKey;
        private X509Certificate middle;
        private X509Certificate root;
        private String signerCn = DEFAULT_SIGNER_CN;
        private URI backUrl;
        private Duration payTimeout = Duration.ofMinutes(5);
        private Clock clock = ChinaTime.systemClock();
        private HttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * Sets the back-transaction URL (default production {@code …/gateway/api/backTransReq.do}).
         *
         * @param url the URL
         * @return this builder
         */
        public Builder backTransUrl(URI url) {
            this.backTransUrl = url;
            return this;
        }

        /**
         * Sets the query URL (default production {@code …/gateway/api/queryTrans.do}).
         *
         * @param url the URL
         * @return this builder
         */
        public Builder queryTransUrl(URI url) {
            this.queryTransUrl = url;
            return this;
        }

        /**
         * Sets the merchant number ({@code merId}).
         *
         * @param merId 15 digits in production; 1 to 32 alphanumerics accepted
         * @return this builder
         */
        public Builder merId(String merId) {
            this.merId = merId;
            return this;
        }

        /**
         * Selects signMethod {@code 01}: the merchant's RSA signing key and certificate (its decimal serial number
         * is the {@code certId}). Answers are then verified against the chain set by {@link #trust}.
         *
         * @param key the RSA private key (at least 2048 bits)
         * @param certificate the merchant signing certificate
         * @return this builder
         */
        public Builder rsaSigning(PrivateKey key, X509Certificate certificate) {
            this.signMethod = SignMethod.RSA;
            this.signingKey = key;
            this.signingCert = certificate;
            this.secureKey = null;
            return this;
        }

        /**
         * Selects a secure-key sign method ({@code 11} or {@code 12}); answers are verified with the same key. Only
         * the key's digest is kept.
         *
         * @param method {@link SignMethod#SHA256_SECURE_KEY} or {@link SignMethod#SM3_SECURE_KEY}
         * @param secureKey the secure key (安全密钥)
         * @return this builder
         */
        public Builder secureKey(SignMethod method, String secureKey) {
            this.signMethod = method;
            this.secureKey = secureKey;
            this.signingKey = null;
            this.signingCert = null;
            return this;
        }

        /**
         * Sets UnionPay's middle (intermediate) and root certificates that {@code signPubKeyCert} must chain to
         * (signMethod 01).
         *
         * @param middle the middle certificate ({@code acp_prod_middle.cer})
         * @param root the root certificate ({@code acp_prod_root.cer})
         * @return this builder
         */
        public Builder trust(X509Certificate middle, X509Certificate root) {
            this.middle = middle;
            this.root = root;
            return this;
        }

        /**
         * Sets the expected owner of UnionPay's signing certificate (default
         * {@value UnionPayClient#DEFAULT_SIGNER_CN}). UnionPay's certificates carry the subject CN in four
         * {@code @}-separated fields, {@code 041@Z12@中国银联股份有限公司@00000001}, and the owner is the third, as in
         * UnionPay's own SDK. A CN with {@code @} is accepted when it has exactly four fields and the third equals
         * this value exactly (fewer or more fields, or a third field that merely contains it, are rejected); a CN
         * without {@code @} must equal this value as a whole. A value that itself contains {@code @} is compared
         * with the whole CN instead. The test environment's owner differs [?] (UnionPay's SDK also accepts
         * {@code 00040000:SIGN} when told not to check the name); set it from the acquirer's documentation.
         *
         * @param cn the owner, or a whole CN if it contains {@code @}
         * @return this builder
         */
        public Builder expectedSignerCn(String cn) {
            this.signerCn = cn;
            return this;
        }

        /**
         * Sets the back-notification URL ({@code backUrl}).
         *
         * @param backUrl the URL
         * @return this builder
         */
        public Builder backUrl(URI backUrl) {
            this.backUrl = backUrl;
            return this;
        }

        /**
         * Sets how long after {@code txnTime} a payment may be completed ({@code payTimeout}, default 5 minutes)
         * [I].
         *
         * @param timeout the duration, 1 minute to 1 day
         * @return this builder
         */
        public Builder payTimeout(Duration timeout) {
            this.payTimeout = timeout;
            return this;
        }

        /**
         * Sets the clock ({@code txnTime}, {@code payTimeout}, certificate validity).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the HTTP client every request goes through: the transport seam for a proxy, a custom TLS context, an
         * executor or an instrumented client. Default: a new client with {@link #connectTimeout(Duration)} that
         * follows no redirects. The {@link #requestTimeout(Duration)} applies to every request in either case; the
         * connect timeout only to the default client.
         *
         * @param httpClient the client, or {@code null} for the default
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Sets the connect timeout of the default HTTP client (default 5 s).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets the timeout of one request (default 30 s), from sending it to its answer's headers; a timeout is a
         * {@link ChannelLinkException}.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws InvalidInputException if a setting is missing or inconsistent
         */
        public UnionPayClient build() {
            if (backTransUrl == null || queryTransUrl == null) {
                throw new InvalidInputException("backTransUrl", "back-transaction and query URLs must not be null");
            }
            if (merId == null || !merId.matches("[0-9A-Za-z]{1,32}")) {
                throw new InvalidInputException("merId", "must be 1 to 32 characters of [0-9A-Za-z]");
            }
            if (signMethod == null) {
                throw new InvalidInputException("signMethod", "call rsaSigning or secureKey");
            }
            if (signMethod == SignMethod.RSA) {
                if (!(signingKey instanceof RSAKey rsa) || rsa.getModulus().bitLength() < 2048) {
                    throw new InvalidInputException("signingKey", "must be an RSA key of at least 2048 bits");
                }
                if (signingCert == null) {
                    throw new InvalidInputException("signingCertificate", "must not be null");
                }
                if (middle == null || root == null) {
                    throw new InvalidInputException("trust", "middle and root certificates are required for 01");
                }
                if (signerCn == null || signerCn.isEmpty()) {
                    throw new InvalidInputException("expectedSignerCn", "must not be empty");
                }
            } else if (secureKey == null || secureKey.isEmpty()) {
                throw new InvalidInputException("secureKey", "must not be empty");
            }
            if (backUrl == null) {
                throw new InvalidInputException("backUrl", "must not be null");
            }
            if (payTimeout == null || payTimeout.compareTo(Duration.ofMinutes(1)) < 0
                    || payTimeout.compareTo(Duration.ofDays(1)) > 0) {
                throw new InvalidInputException("payTimeout", "must be 1 minute to 1 day");
            }
            if (clock == null || connectTimeout == null || requestTimeout == null) {
                throw new InvalidInputException("clock", "clock and timeouts must not be null");
            }
            return new UnionPayClient(this);
        }
    }
}
