package io.yikatong.payment.wechat;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.CanonicalBase64;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.wechat.internal.WechatCrypto;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies WeChat Pay responses and notifications (应答与回调验签): the message
 * {@code Wechatpay-Timestamp\nWechatpay-Nonce\nraw body\n} against {@code Wechatpay-Signature}, with the key picked by
 * {@code Wechatpay-Serial}, and a timestamp skew check (5 minutes by default, as the official SDK does).
 *
 * <p>Both verification modes of payment-protocols.md §3.1 are supported and may be mixed in one verifier (the
 * changeover a merchant goes through): platform certificates (平台证书, keyed by the certificate serial in upper-case
 * hex) and the WeChat Pay public key (微信支付公钥, keyed by its public-key ID such as {@code PUB_KEY_ID_...}). SM2 keys
 * serve the 国密 variant. Keys are strictly per verifier, so build one per merchant (lesson §6.3).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class PlatformVerifier {

    /** The channel identifier in the errors this class raises. */
    private static final String CHANNEL = WechatPayChannel.ID;

    private final Map<String, WechatCrypto.Checker> checkers;
    private final Map<String, SignatureScheme> schemes;
    private final Duration maxSkew;

    private PlatformVerifier(Builder b) {
        this.checkers = Map.copyOf(b.checkers);
        this.schemes = Map.copyOf(b.schemes);
        this.maxSkew = b.maxSkew;
    }

    /**
     * Starts a builder.
     *
     * @return a builder with no keys and a 5-minute skew
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the message that is verified.
     *
     * @param timestamp the {@code Wechatpay-Timestamp} header
     * @param nonce the {@code Wechatpay-Nonce} header
     * @param body the body exactly as received, decoded as UTF-8
     * @return {@code timestamp\nnonce\nbody\n}
     */
    public static String responseMessage(String timestamp, String nonce, String body) {
        return timestamp + "\n" + nonce + "\n" + body + "\n";
    }

    /**
     * Builds the verified message over the exact received bytes (no re-encoding of the body).
     *
     * @param timestamp the {@code Wechatpay-Timestamp} header
     * @param nonce the {@code Wechatpay-Nonce} header
     * @param rawBody the body bytes exactly as received
     * @return the UTF-8 bytes of {@code timestamp\nnonce\n}, the body bytes, then {@code \n}
     */
    public static byte[] responseMessage(String timestamp, String nonce, byte[] rawBody) {
        byte[] head = (timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + rawBody.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(rawBody, 0, out, head.length, rawBody.length);
        out[out.length - 1] = '\n';
        return out;
    }

    /**
     * Verifies a response or notification.
     *
     * @param serial the {@code Wechatpay-Serial} header
     * @param timestamp the {@code Wechatpay-Timestamp} header (epoch seconds)
     * @param nonce the {@code Wechatpay-Nonce} header
     * @param signature the {@code Wechatpay-Signature} header (Base64)
     * @param rawBody the body bytes exactly as received
     * @param now the current instant, from the caller's clock
     * @throws ChannelSignatureException if a header is missing, the serial is unknown, the timestamp is not a number
     *     or is more than the allowed skew away from {@code now}, or the signature does not verify
     */
    public void verify(String serial, String timestamp, String nonce, String signature, byte[] rawBody, Instant now)
            throws ChannelSignatureException {
        if (serial == null || timestamp == null || nonce == null || signature == null || rawBody == null) {
            throw new ChannelSignatureException(CHANNEL,
                    "missing Wechatpay-Serial, -Timestamp, -Nonce or -Signature", null);
        }
        WechatCrypto.Checker checker = checkers.get(serial.toUpperCase(Locale.ROOT));
        if (checker == null) {
            throw new ChannelSignatureException(CHANNEL, "unknown Wechatpay-Serial", null);
        }
        long epoch;
        try {
            epoch = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new ChannelSignatureException(CHANNEL, "Wechatpay-Timestamp is not a number", null);
        }
        long skew = Math.abs(now.getEpochSecond() - epoch);
        if (epoch < 0 || skew >= maxSkew.getSeconds()) {
            throw new ChannelSignatureException(CHANNEL, "Wechatpay-Timestamp outside the allowed skew of "
                    + maxSkew.getSeconds() + " s", null);
        }
        byte[] sig;
        try {
            sig = CanonicalBase64.decode(signature, "Wechatpay-Signature");
        } catch (MalformedDataException e) {
            throw new ChannelSignatureException(CHANNEL, "Wechatpay-Signature is not canonical Base64", null);
        }
        byte[] message = responseMessage(timestamp, nonce, rawBody);
        try {
            checker.check(message, sig);
        } catch (SignatureVerificationException e) {
            throw new ChannelSignatureException(CHANNEL, "Wechatpay-Signature invalid", e);
        }
    }

    /**
     * Tells the scheme of the key registered under a serial.
     *
     * @param serial the serial or public-key ID
     * @return the scheme, or {@code null} if unknown
     */
    public SignatureScheme schemeOf(String serial) {
        return serial == null ? null : schemes.get(serial.toUpperCase(Locale.ROOT));
    }

    /**
     * Returns the allowed skew.
     *
     * @return the skew
     */
    public Duration maxSkew() {
        return maxSkew;
    }

    /**
     * Returns {@code PlatformVerifier[serials]}; serials and key IDs are public.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "PlatformVerifier" + schemes.keySet();
    }

    /**
     * Builds a {@link PlatformVerifier}.
     *
     * <p>Not thread-safe; confine to one thread.
     */
    public static final class Builder {
        private final Map<String, WechatCrypto.Checker> checkers = new LinkedHashMap<>();
        private final Map<String, SignatureScheme> schemes = new LinkedHashMap<>();
        private Duration maxSkew = Duration.ofMinutes(5);

        private Builder() {
        }

        private Builder put(String id, WechatCrypto.Checker checker, SignatureScheme scheme) {
            if (id == null || id.isEmpty()) {
                throw new InvalidInputException("serial", "must not be empty");
            }
            String key = id.toUpperCase(Locale.ROOT);
            checkers.put(key, checker);
            schemes.put(key, scheme);
            return this;
        }

        /**
         * Adds a WeChat Pay public key (微信支付公钥 mode).
         *
         * @param publicKeyId the public-key ID sent as {@code Wechatpay-Serial}, for example {@code PUB_KEY_ID_0112...}
         * @param publicKey the RSA public key
         * @return this builder
         * @throws InvalidInputException if the ID is empty or the key is not RSA
         */
        public Builder rsaPublicKey(String publicKeyId, PublicKey publicKey) {
            if (!(publicKey instanceof RSAPublicKey)) {
                throw new InvalidInputException("publicKey", "must be an RSA public key");
            }
            return put(publicKeyId, WechatCrypto.rsaChecker(publicKey), SignatureScheme.RSA);
        }

        /**
         * Adds a platform certificate (平台证书 mode), keyed by its serial number in upper-case hex. The certificate's
         * validity is not checked here; rotate certificates by building a new verifier.
         *
         * @param certificate the platform certificate with an RSA key
         * @return this builder
         * @throws InvalidInputException if the certificate's key is not RSA
         */
        public Builder rsaCertificate(X509Certificate certificate) {
            Objects.requireNonNull(certificate, "certificate");
            return rsaPublicKey(certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT),
                    certificate.getPublicKey());
        }

        /**
         * Adds an SM2 platform key (国密 mode).
         *
         * @param serial the serial or public-key ID sent as {@code Wechatpay-Serial}
         * @param publicKey the SM2 public key
         * @param format the signature encoding ([?], DER assumed by default elsewhere in this SDK)
         * @return this builder
         * @throws InvalidInputException if the serial is empty
         */
        public Builder sm2PublicKey(String serial, Sm2PublicKey publicKey, Sm2SignatureFormat format) {
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(format, "format");
            return put(serial, WechatCrypto.sm2Checker(publicKey, format), SignatureScheme.SM2);
        }

        /**
         * Sets the allowed timestamp skew (default 5 minutes; a skew equal to it is rejected).
         *
         * @param skew the skew, 1 second to 1 hour
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder maxSkew(Duration skew) {
            if (skew == null || skew.getSeconds() < 1 || skew.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidInputException("maxSkew", "must be between 1 s and 1 h");
            }
            this.maxSkew = skew;
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return the verifier
         * @throws InvalidInputException if no key was added
         */
        public PlatformVerifier build() {
            if (checkers.isEmpty()) {
                throw new InvalidInputException("keys", "add at least one platform certificate or public key");
            }
            return new PlatformVerifier(this);
        }
    }
}
