package io.yikatong.payment.spi;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.ErrorCode;
import io.yikatong.core.InvalidInputException;
import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * The stable error code of a {@link ChannelException}: one code per payment channel and {@link Kind kind} of failure.
 *
 * <p><b>Scheme.</b> The code string is {@code payment.<channel>.<reason>}: {@code <channel>} is the channel
 * identifier with {@code -} written as {@code _}, {@code <reason>} is {@link Kind#reason()}. The codes of the built-in
 * channels are therefore:
 *
 * <table class="striped">
 * <caption>Codes of the built-in channels</caption>
 * <thead><tr><th scope="col">channel</th><th scope="col">codes</th></tr></thead>
 * <tbody>
 * <tr><th scope="row">{@code wechat}</th><td>{@code payment.wechat.link_failed}, {@code payment.wechat.refused},
 *     {@code payment.wechat.malformed_response}, {@code payment.wechat.signature_invalid}</td></tr>
 * <tr><th scope="row">{@code alipay}</th><td>{@code payment.alipay.link_failed}, … {@code .refused},
 *     {@code .malformed_response}, {@code .signature_invalid}</td></tr>
 * <tr><th scope="row">{@code unionpay}</th><td>{@code payment.unionpay.link_failed}, … (the same four reasons)</td></tr>
 * <tr><th scope="row">{@code medical-insurance}</th><td>{@code payment.medical_insurance.link_failed}, … (the same
 *     four reasons)</td></tr>
 * <tr><th scope="row">every channel</th><td>also {@code payment.<channel>.unreachable} and
 *     {@code payment.<channel>.not_gateway} (since 0.2: link failures that say more)</td></tr>
 * </tbody>
 * </table>
 *
 * <p>Like every {@link ErrorCode}, these strings never change once released: integrators may store, count and switch
 * on them (adapters also store them as the raw code of an {@link ChannelStatus#UNKNOWN} result). Two codes are equal
 * when channel and kind are equal.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param channel the channel identifier, for example {@code wechat} or {@code medical-insurance}: 1 to 32 lower-case
 *     letters, digits, {@code _} or {@code -}
 * @param kind the kind of failure
 * @since 0.1
 */
public record ChannelErrorCode(String channel, Kind kind) implements ErrorCode, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9_\\-]{1,32}");

    /**
     * The ways a call to a payment channel fails, each with its {@link ErrorCategory}.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Kind {
        /** The link failed (I/O error, timeout, dropped connection, for most channels an HTTP 5xx): the outcome is
         *  unknown. Raised as {@link ChannelLinkException}. */
        LINK_FAILED("link_failed", ErrorCategory.LINK_FAILED),
        /** The channel answered and refused with its own code. Raised as {@link ChannelRefusedException}. */
        REFUSED("refused", ErrorCategory.REFUSED),
        /** The answer, a notification or a bill is not in the documented format. Raised as
         *  {@link ChannelMalformedResponseException}. */
        MALFORMED_RESPONSE("malformed_response", ErrorCategory.MALFORMED_RESPONSE),
        /** A signature, certificate, decryption or digest check failed. Raised as {@link ChannelSignatureException}. */
        SIGNATURE_INVALID("signature_invalid", ErrorCategory.VERIFICATION_FAILED),
        /** The channel could not be reached: the connection was refused or not established within the connect
         *  timeout, so the request was <em>never sent</em> and took no effect. Raised as {@link ChannelLinkException}
         *  ({@link ChannelLinkException#requestNotSent()}). @since 0.2 */
        UNREACHABLE("unreachable", ErrorCategory.LINK_FAILED),
        /** Something answered that does not authenticate as the gateway: an HTTP status the channel's protocol never
         *  uses (a 404 from a gateway that answers every call with 200), or an error answer without the gateway's
         *  signature (a wrong URL, a proxy, a captive portal). It proves nothing about the request, which may have
         *  been forwarded: the outcome is unknown. Raised as {@link ChannelLinkException}. @since 0.2 */
        NOT_GATEWAY("not_gateway", ErrorCategory.LINK_FAILED);

        private final String reason;
        private final ErrorCategory category;

        Kind(String reason, ErrorCategory category) {
            this.reason = reason;
            this.category = category;
        }

        /**
         * Returns the last part of the code string.
         *
         * @return for example {@code link_failed}
         */
        public String reason() {
            return reason;
        }

        /**
         * Returns the category of every code of this kind.
         *
         * @return the category
         */
        public ErrorCategory category() {
            return category;
        }
    }

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if the channel is not a channel identifier or the kind is missing
     */
    public ChannelErrorCode {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new InvalidInputException("channel", "must be 1 to 32 lower-case letters, digits, _ or -");
        }
        if (kind == null) {
            throw new InvalidInputException("kind", "must not be null");
        }
    }

    /**
     * Returns the code of a channel and kind.
     *
     * @param channel the channel identifier, for example {@code wechat}
     * @param kind the kind of failure
     * @return the code
     * @throws InvalidInputException if the channel is not a channel identifier or the kind is missing
     */
    public static ChannelErrorCode of(String channel, Kind kind) {
        return new ChannelErrorCode(channel, kind);
    }

    /**
     * Returns {@code payment.<channel>.<reason>}, with {@code -} in the channel written as {@code _}.
     *
     * @return for example {@code payment.medical_insurance.link_failed}
     */
    @Override
    public String code() {
        return "payment." + channel.replace('-', '_') + "." + kind.reason();
    }

    /**
     * Returns the category of the kind.
     *
     * @return the category
     */
    @Override
    public ErrorCategory category() {
        return kind.category();
    }

    /**
     * Returns the code string.
     *
     * @return {@link #code()}
     */
    @Override
    public String toString() {
        return code();
    }
}
