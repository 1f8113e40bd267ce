package io.yikatong.payment.spi;

/**
 * An answer, a notification or a bill failed verification: a missing or wrong signature (WeChat Pay RSA or SM2 with
 * its serial and time skew, Alipay RSA2, UnionPay SHA256withRSA or secure-key digest, medical-insurance SM2), a
 * signing certificate that does not chain to the configured trust, a resource that does not decrypt, or a bill whose
 * digest does not match. Treat the content as forged or damaged; nothing of it was used. Code:
 * {@code payment.<channel>.signature_invalid}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ChannelSignatureException extends ChannelException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param channel the channel identifier, for example {@code unionpay}
     * @param message which check failed, without secrets or signature bytes
     * @param cause the underlying failure, or {@code null}
     * @throws io.yikatong.core.InvalidInputException if the channel is not a channel identifier
     */
    public ChannelSignatureException(String channel, String message, Throwable cause) {
        super(channel, ChannelErrorCode.Kind.SIGNATURE_INVALID, message, cause);
    }
}
