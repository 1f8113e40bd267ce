package io.yikatong.payment.alipay;

/**
 * The answer of {@code alipay.trade.cancel}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param retry {@code retry_flag=Y}: call cancel again
 * @param action {@code close} (an unpaid trade was closed), {@code refund} (a paid trade was refunded), or an empty
 *     string
 * @since 0.1
 */
public record AlipayCancel(boolean retry, String action) {

    /** Normalises a null action to an empty string. */
    public AlipayCancel {
        action = action == null ? "" : action;
    }
}
