package io.yikatong.payment.medicalinsurance;

/**
 * The SDK's reading of an order status code ({@code ordStas}) of 6202/6301; the mapping from codes is in
 * {@link MedicalInsuranceProfile} because the code list is not public [?].
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum MedicalInsuranceOrderState {
    /** Fees uploaded or settlement in progress: not final, poll 6301. Unknown codes read as this, never as failed. */
    PROCESSING,
    /** The insurance share is settled (money moved). */
    SETTLED,
    /** Settlement failed; nothing was taken. Terminal. */
    FAILED,
    /** The fee upload was undone (6401) before settlement. Terminal. */
    UNDONE,
    /** The insurance share was refunded (6203). Terminal. */
    REFUNDED
}
