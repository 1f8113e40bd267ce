package io.yikatong.payment.spi;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.ErrorCode;

/**
 * Error codes raised by the unified payment API.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum PaymentErrorCode implements ErrorCode {
    /** A channel rejected our credentials or signature, or an adapter is misconfigured; fix the configuration. */
    CHANNEL_MISCONFIGURED("payment.channel_misconfigured", ErrorCategory.UNAVAILABLE),
    /** A notification failed verification, decryption or decoding, or names an order the journal does not know. */
    NOTIFICATION_REJECTED("payment.notification_rejected", ErrorCategory.VERIFICATION_FAILED),

    /** The channel's bill could not be downloaded, failed its integrity check, or could not be read. */
    BILL_UNAVAILABLE("payment.bill_unavailable", ErrorCategory.UNAVAILABLE),

    /**
     * A new payment could not be placed because the gateway could not be reached (the request was not sent: the order
     * is closed in the journal, nothing was charged) or something that is not the gateway answered (the order stays
     * pending for recovery: such an answer proves nothing about it). Check the gateway URL and the network.
     *
     * @since 0.2
     */
    CHANNEL_UNREACHABLE("payment.channel_unreachable", ErrorCategory.LINK_FAILED);

    private final String code;
    private final ErrorCategory category;

    PaymentErrorCode(String code, ErrorCategory category) {
        this.code = code;
        this.category = category;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }

    @Override
    public String toString() {
        return code;
    }
}
