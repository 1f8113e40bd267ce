package io.yikatong.qr;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.PersonalField;
import java.util.Objects;

/**
 * What a scanned QR or bar code holds, as recognised by {@link QrClassifier}: one of the records nested here. Tell
 * them apart with {@code instanceof} patterns (or a pattern {@code switch} on Java 21 and later); {@link #kindName()} is a stable name for JSON.
 *
 * <p>No {@code toString} of this hierarchy prints a whole scanned value: card tokens, signed tokens, vouchers and
 * payment codes are credentials of the person who showed them (payment codes are one-time secrets of the payer), so
 * they are masked; URLs print their host only.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public sealed interface ScannedCode {

    /**
     * Returns the stable name of this kind for JSON: {@code ehcStatic}, {@code ehcDynamic}, {@code signedToken},
     * {@code medicalInsuranceVoucher}, {@code wechatPayCode}, {@code alipayPayCode}, {@code unionPayCode},
     * {@code healthCodeUrl} or {@code unknown}.
     *
     * @return the kind name
     */
    String kindName();

    /**
     * A static electronic health card code (电子健康卡静态码), text {@code <64 hex>:1} (qr-credentials.md §1.1, [C]).
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param cardId the 64 uppercase hexadecimal characters, an opaque card token: pass it on, do not parse it
     */
    record EhcStaticCode(String cardId) implements ScannedCode {

        /**
         * Checks the card id.
         *
         * @param cardId the 64 uppercase hexadecimal characters
         * @throws InvalidInputException if it is not 64 uppercase hexadecimal characters
         */
        public EhcStaticCode {
            requireUpperHex(cardId, 64, "cardId");
        }

        /**
         * Returns the canonical QR text, {@code cardId + ":1"}, to pass unchanged to the platform.
         *
         * @return the text
         */
        public String text() {
            return cardId + ":1";
        }

        @Override
        public String kindName() {
            return "ehcStatic";
        }

        @Override
        public String toString() {
            return "EhcStaticCode[cardId=" + PersonalField.HEALTH_CARD_ID.mask(cardId) + "]";
        }
    }

    /**
     * A dynamic electronic health card code (电子健康卡动态码), text {@code <64 hex>:0:<32 hex>} (qr-credentials.md §1.1,
     * [C]); the 32-hex part is most likely an encrypted validity time ([I]), checked online by the platform.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param cardId the 64 uppercase hexadecimal characters (opaque card token)
     * @param token the 32 uppercase hexadecimal characters of the dynamic part
     */
    record EhcDynamicCode(String cardId, String token) implements ScannedCode {

        /**
         * Checks both parts.
         *
         * @param cardId the 64 uppercase hexadecimal characters
         * @param token the 32 uppercase hexadecimal characters
         * @throws InvalidInputException if either part has the wrong length or characters
         */
        public EhcDynamicCode {
            requireUpperHex(cardId, 64, "cardId");
            requireUpperHex(token, 32, "token");
        }

        /**
         * Returns the canonical QR text, {@code cardId + ":0:" + token}, to pass unchanged to the platform.
         *
         * @return the 99-character text
         */
        public String text() {
            return cardId + ":0:" + token;
        }

        @Override
        public String kindName() {
            return "ehcDynamic";
        }

        @Override
        public String toString() {
            return "EhcDynamicCode[cardId=" + PersonalField.HEALTH_CARD_ID.mask(cardId) + ", token=" + PersonalField.SECRET.mask(token) + "]";
        }
    }

    /**
     * A Yikatong signed token: text {@code YKT1:} followed by Base45 characters. Only the prefix and the character
     * set are checked here; verify the signature with the token module before trusting it.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param text the whole token text, prefix included
     */
    record SignedToken(String text) implements ScannedCode {

        /**
         * Checks the prefix.
         *
         * @param text the whole token text
         * @throws InvalidInputException if it does not start with {@code YKT1:}
         */
        public SignedToken {
            Objects.requireNonNull(text, "text");
            if (!text.startsWith(QrClassifier.SIGNED_TOKEN_PREFIX)) {
                throw new InvalidInputException("text", "must start with " + QrClassifier.SIGNED_TOKEN_PREFIX);
            }
        }

        @Override
        public String kindName() {
            return "signedToken";
        }

        @Override
        public String toString() {
            return "SignedToken[" + text.length() + " characters]";
        }
    }

    /**
     * A national medical-insurance e-voucher code (医保电子凭证). Its payload format is unpublished
     * (qr-credentials.md §3.1, [NF]/[L]): keep it opaque and pass it to {@code ec.query} / {@code localQrCodeQuery}.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param raw the scanned text after whitespace trimming
     */
    record MedicalInsuranceVoucher(String raw) implements ScannedCode {

        /**
         * Checks the value is present.
         *
         * @param raw the scanned text
         * @throws InvalidInputException if it is empty
         */
        public MedicalInsuranceVoucher {
            Objects.requireNonNull(raw, "raw");
            if (raw.isEmpty()) {
                throw new InvalidInputException("raw", "must not be empty");
            }
        }

        @Override
        public String kindName() {
            return "medicalInsuranceVoucher";
        }

        @Override
        public String toString() {
            return "MedicalInsuranceVoucher[raw=" + PersonalField.SECRET.mask(raw) + "]";
        }
    }

    /**
     * A wallet payment code (付款码), a one-time secret of the payer: {@code toString} shows only its first two digits.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param channel the issuing wallet
     * @param code the digits
     */
    record PaymentCode(PaymentChannel channel, String code) implements ScannedCode {

        /**
         * Checks the code is digits.
         *
         * @param channel the issuing wallet
         * @param code the digits
         * @throws InvalidInputException if the code is empty or not all ASCII digits
         */
        public PaymentCode {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(code, "code");
            if (code.isEmpty() || !QrClassifier.allDigits(code)) {
                throw new InvalidInputException("code", "must be ASCII digits");
            }
        }

        @Override
        public String kindName() {
            return channel.kindName();
        }

        @Override
        public String toString() {
            return "PaymentCode[channel=" + channel + ", code=" + PersonalField.PAYMENT_CODE.mask(code) + "]";
        }
    }

    /**
     * An https URL, as shown by health-code (健康码) and similar mini-program codes; verification is an online call to
     * the issuer (GB/T 38963 验码), so only the address is kept.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param url the URL text after whitespace trimming
     * @param host the host name in lowercase
     */
    record HealthCodeUrl(String url, String host) implements ScannedCode {

        /**
         * Checks both values are present.
         *
         * @param url the URL text
         * @param host the host name
         */
        public HealthCodeUrl {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String kindName() {
            return "healthCodeUrl";
        }

        @Override
        public String toString() {
            return "HealthCodeUrl[host=" + host + ", url=(" + url.length() + " characters)]";
        }
    }

    /**
     * Anything not recognised.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param reason why, in a few words; never contains the scanned text
     */
    record Unknown(String reason) implements ScannedCode {

        /**
         * Checks the reason is present.
         *
         * @param reason why the text was not recognised
         */
        public Unknown {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String kindName() {
            return "unknown";
        }
    }

    private static void requireUpperHex(String value, int length, String field) {
        Objects.requireNonNull(value, field);
        if (value.length() != length || !QrClassifier.upperHex(value)) {
            throw new InvalidInputException(field, "must be " + length + " uppercase hexadecimal characters");
        }
    }
}
