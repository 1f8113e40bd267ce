package io.yikatong.payment.medicalinsurance;

/**
 * The answer of 6201: the platform's payment order ID and the token 6202 must present. The token is a credential and
 * is masked in {@link #toString()}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param payOrdId the platform's payment order ID ({@code payOrdId})
 * @param payToken the payment token ({@code payToken})
 * @since 0.1
 */
public record FeeUploadResult(String payOrdId, String payToken) {

    /** Returns the order ID; the token is masked. */
    @Override
    public String toString() {
        return "FeeUploadResult[" + payOrdId + ", payToken ***]";
    }
}
