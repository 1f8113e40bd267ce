package io.yikatong.payment.journal;

/**
 * How a payment is taken, recorded with the payment when it is created ({@link NewPayment#withKind}) and read back
 * with {@link PaymentEntry#kind()}; crash recovery reverses only expired {@link #BARCODE} payments.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum PaymentKind {
    /** The payer shows a payment code (付款码) or presents a card, and the merchant scans it. */
    BARCODE,
    /** The payer scans the merchant's QR code (WeChat Native and the like); the code URL is journalled. */
    QR,
    /** A medical-insurance settlement order (医保移动支付), journalled by the medical-insurance checkout. */
    MEDICAL_INSURANCE
}
