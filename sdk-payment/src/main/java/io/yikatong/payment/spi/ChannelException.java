package io.yikatong.payment.spi;

import io.yikatong.core.YikatongException;

/**
 * Root of the failures of a payment channel's wire client (WeChat Pay, Alipay, UnionPay, medical insurance): one
 * family for every channel, carrying the channel's identifier ({@link #channel()}) and a stable, channel-qualified
 * {@link ChannelErrorCode} ({@link #errorCode()}, for example {@code payment.wechat.link_failed}). There are exactly
 * four kinds, each its own class:
 *
 * <ul>
 *   <li>{@link ChannelLinkException}: the link failed; the outcome is <em>unknown</em>, query;</li>
 *   <li>{@link ChannelRefusedException}: the channel answered and refused, with its own code and message;</li>
 *   <li>{@link ChannelMalformedResponseException}: the channel sent something that is not the documented format;</li>
 *   <li>{@link ChannelSignatureException}: an answer, notification or bill failed verification.</li>
 * </ul>
 *
 * <p>A {@link PaymentChannelAdapter} translates these into neutral results (a link failure is
 * {@link ChannelStatus#UNKNOWN}, never a decline); callers of a wire client catch them directly. Messages never
 * contain keys, signatures, payment codes or personal data.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public abstract sealed class ChannelException extends YikatongException
        permits ChannelLinkException, ChannelRefusedException, ChannelMalformedResponseException,
        ChannelSignatureException {

    private static final long serialVersionUID = 1L;

    private final String channel;

    ChannelException(String channel, ChannelErrorCode.Kind kind, String message, Throwable cause) {
        super(ChannelErrorCode.of(channel, kind), message, cause);
        this.channel = channel;
    }

    /**
     * Returns the channel that failed.
     *
     * @return the channel identifier, for example {@code wechat}, {@code alipay}, {@code unionpay} or
     *     {@code medical-insurance}
     */
    public final String channel() {
        return channel;
    }

    /**
     * Returns the kind of failure, the same as the class of this exception tells.
     *
     * @return the kind
     */
    public final ChannelErrorCode.Kind kind() {
        return ((ChannelErrorCode) errorCode()).kind();
    }
}
