package io.yikatong.qr;

import io.yikatong.core.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the text a scanner (扫码枪 or camera) delivers and returns the matching {@link ScannedCode}; it never
 * throws for any input and never calls out.
 *
 * <p>Normalisation: input longer than {@link Builder#maxInputLength(int)} (default 4096) is {@code Unknown} without
 * being examined. Leading and trailing whitespace and control characters (the CR, LF or TAB suffix that scanners in
 * keyboard mode append) are removed; a {@code YKT1:} token keeps trailing spaces, which are Base45 characters.
 * Characters inside the text are never removed.
 *
 * <p>Rules, tried in this order, the first match wins:
 * <ol>
 * <li>Electronic health card (qr-credentials.md §1.1, format [C], rule [I]):
 *     {@code ^([0-9A-F]{64}):([01])(?::([0-9A-F]{32}))?$}, type 1 without and type 0 with the third part. Lowercase
 *     hex is accepted and uppercased (a keyboard-mode scanner with Caps Lock or a lowercase keyboard layout delivers
 *     it so); the platform issues uppercase.</li>
 * <li>Signed token: the prefix {@code YKT1:} followed by Base45 characters ({@code 0-9 A-Z space $ % * + - . / :}).</li>
 * <li>Health-code URL: an {@code https} URL with a host; optionally only hosts on an allow-list
 *     ({@link Builder#healthCodeHosts(Collection)}). {@code http} URLs are {@code Unknown}.</li>
 * <li>Payment codes, all ASCII digits: WeChat (18 digits, prefix 10 to 15, [I]), Alipay (16 to 24 digits, prefix 25
 *     to 30, [I]), UnionPay (19 digits, prefix 62, [L]); see {@link PaymentCodeRule} and
 *     {@link Builder#paymentCodeRule(PaymentChannel, PaymentCodeRule)}.</li>
 * <li>Medical-insurance e-voucher: the payload format is unpublished (qr-credentials.md §3.1); the default rule, 28
 *     ASCII letters or digits, rests on one third-party design note [L]. Replace it with
 *     {@link Builder#medicalInsuranceVoucherPattern(Pattern)} once the provincial platform's format is known.</li>
 * </ol>
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class QrClassifier {

    /** The prefix of Yikatong signed-token texts. */
    public static final String SIGNED_TOKEN_PREFIX = "YKT1:";

    /** The default bound on the input length, in characters. */
    public static final int DEFAULT_MAX_INPUT_LENGTH = 4096;

    /** The default medical-insurance e-voucher rule: 28 ASCII letters or digits [L]. */
    public static final Pattern DEFAULT_VOUCHER_PATTERN = Pattern.compile("[0-9A-Za-z]{28}");

    private static final Pattern EHC = Pattern.compile("([0-9A-Fa-f]{64}):([01])(?::([0-9A-Fa-f]{32}))?");
    private static final String BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    private static final QrClassifier DEFAULTS = builder().build();

    private final int maxInputLength;
    private final Map<PaymentChannel, PaymentCodeRule> paymentRules;
    private final Pattern voucherPattern;
    private final Set<String> healthCodeHosts;

    private QrClassifier(Builder builder) {
        this.maxInputLength = builder.maxInputLength;
        this.paymentRules = new EnumMap<>(builder.paymentRules);
        this.voucherPattern = builder.voucherPattern;
        this.healthCodeHosts = Set.copyOf(builder.healthCodeHosts);
    }

    /**
     * Returns a classifier with the default rules.
     *
     * @return the shared default classifier
     */
    public static QrClassifier defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder starting from the default rules.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Classifies scanned text.
     *
     * @param scanned the text from the scanner, may be {@code null}
     * @return the recognised code, or {@link ScannedCode.Unknown} with a reason that never contains the text
     */
    public ScannedCode classify(String scanned) {
        if (scanned == null) {
            return new ScannedCode.Unknown("no input");
        }
        if (scanned.length() > maxInputLength) {
            return new ScannedCode.Unknown("longer than " + maxInputLength + " characters");
        }
        int start = 0;
        int end = scanned.length();
        while (start < end && isTrimmable(scanned.charAt(start))) {
            start++;
        }
        while (end > start && Character.isISOControl(scanned.charAt(end - 1))) {
            end--;
        }
        if (scanned.startsWith(SIGNED_TOKEN_PREFIX, start)) {
            return signedToken(scanned.substring(start, end));
        }
        while (end > start && isTrimmable(scanned.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return new ScannedCode.Unknown("empty");
        }
        String text = scanned.substring(start, end);
        if (text.length() == 66 || text.length() == 99) {
            ScannedCode ehc = ehc(text);
            if (ehc != null) {
                return ehc;
            }
        }
        if (text.regionMatches(true, 0, "https://", 0, 8)) {
            return url(text);
        }
        if (text.regionMatches(true, 0, "http://", 0, 7)) {
            return new ScannedCode.Unknown("URL is not https");
        }
        if (allDigits(text)) {
            for (Map.Entry<PaymentChannel, PaymentCodeRule> rule : paymentRules.entrySet()) {
                if (rule.getValue().matches(text)) {
                    return new ScannedCode.PaymentCode(rule.getKey(), text);
                }
            }
        }
        if (voucherPattern != null && voucherPattern.matcher(text).matches()) {
            return new ScannedCode.MedicalInsuranceVoucher(text);
        }
        return new ScannedCode.Unknown("not a recognised format");
    }

    private static ScannedCode ehc(String text) {
        Matcher m = EHC.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String cardId = m.group(1).toUpperCase(Locale.ROOT);
        boolean dynamic = m.group(2).equals("0");
        String token = m.group(3);
        if (dynamic && token == null) {
            return new ScannedCode.Unknown("EHC dynamic code (type 0) without its token");
        }
        if (!dynamic && token != null) {
            return new ScannedCode.Unknown("EHC static code (type 1) with a token");
        }
        return dynamic ? new ScannedCode.EhcDynamicCode(cardId, token.toUpperCase(Locale.ROOT))
                : new ScannedCode.EhcStaticCode(cardId);
    }

    private static ScannedCode signedToken(String text) {
        if (text.length() == SIGNED_TOKEN_PREFIX.length()) {
            return new ScannedCode.Unknown("signed token without content");
        }
        for (int i = SIGNED_TOKEN_PREFIX.length(); i < text.length(); i++) {
            if (BASE45.indexOf(text.charAt(i)) < 0) {
                return new ScannedCode.Unknown("signed token with a character outside Base45");
            }
        }
        return new ScannedCode.SignedToken(text);
    }

    private ScannedCode url(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return new ScannedCode.Unknown("malformed URL");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return new ScannedCode.Unknown("URL without a host name");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (!healthCodeHosts.isEmpty() && !healthCodeHosts.contains(host)) {
            return new ScannedCode.Unknown("URL host not on the allow-list");
        }
        return new ScannedCode.HealthCodeUrl(text, host);
    }

    private static boolean isTrimmable(char c) {
        return c <= ' ' || Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean upperHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "QrClassifier[maxInputLength=" + maxInputLength + ", paymentChannels=" + paymentRules.keySet()
                + ", voucherPattern=" + voucherPattern + ", healthCodeHosts=" + healthCodeHosts + "]";
    }

    /**
     * Configures a {@link QrClassifier}; starts from the defaults described there.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {

        private int maxInputLength = DEFAULT_MAX_INPUT_LENGTH;
        private final Map<PaymentChannel, PaymentCodeRule> paymentRules = new EnumMap<>(PaymentChannel.class);
        private Pattern voucherPattern = DEFAULT_VOUCHER_PATTERN;
        private final Set<String> healthCodeHosts = new LinkedHashSet<>();

        private Builder() {
            paymentRules.put(PaymentChannel.WECHAT, PaymentCodeRule.wechatDefault());
            paymentRules.put(PaymentChannel.ALIPAY, PaymentCodeRule.alipayDefault());
            paymentRules.put(PaymentChannel.UNIONPAY, PaymentCodeRule.unionPayDefault());
        }

        /**
         * Sets the longest input examined; longer input is {@code Unknown}.
         *
         * @param maxInputLength 128 to 65536 characters
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder maxInputLength(int maxInputLength) {
            if (maxInputLength < 128 || maxInputLength > 65536) {
                throw new InvalidInputException("maxInputLength", "must be 128 to 65536, was " + maxInputLength);
            }
            this.maxInputLength = maxInputLength;
            return this;
        }

        /**
         * Replaces the rule of one payment channel.
         *
         * @param channel the wallet
         * @param rule the rule to use
         * @return this builder
         */
        public Builder paymentCodeRule(PaymentChannel channel, PaymentCodeRule rule) {
            paymentRules.put(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * Stops recognising one payment channel (its codes become {@code Unknown}, or match a later rule).
         *
         * @param channel the wallet
         * @return this builder
         */
        public Builder withoutPaymentChannel(PaymentChannel channel) {
            paymentRules.remove(Objects.requireNonNull(channel, "channel"));
            return this;
        }

        /**
         * Replaces the medical-insurance e-voucher rule; the whole trimmed text must match.
         *
         * @param pattern the rule, for example {@code [0-9A-Za-z]{28}}
         * @return this builder
         */
        public Builder medicalInsuranceVoucherPattern(Pattern pattern) {
            this.voucherPattern = Objects.requireNonNull(pattern, "pattern");
            return this;
        }

        /**
         * Stops recognising medical-insurance e-vouchers.
         *
         * @return this builder
         */
        public Builder withoutMedicalInsuranceVoucher() {
            this.voucherPattern = null;
            return this;
        }

        /**
         * Accepts health-code URLs only from these hosts (exact, case-insensitive match). Empty, the default, accepts
         * any https host.
         *
         * @param hosts the allowed host names
         * @return this builder
         * @throws InvalidInputException if a host is empty
         */
        public Builder healthCodeHosts(Collection<String> hosts) {
            Objects.requireNonNull(hosts, "hosts");
            healthCodeHosts.clear();
            for (String host : hosts) {
                if (host == null || host.isBlank()) {
                    throw new InvalidInputException("hosts", "must not contain empty host names");
                }
                healthCodeHosts.add(host.strip().toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /**
         * Builds the classifier.
         *
         * @return a new classifier
         */
        public QrClassifier build() {
            return new QrClassifier(this);
        }
    }
}
