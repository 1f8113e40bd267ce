package io.yikatong.payment.medicalinsurance;

/**
 * The platform answered with a {@code code} other than {@code "0"}; keeps the function number, the platform's
 * {@code code} and {@code message}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class MedicalInsuranceRefusedException extends MedicalInsuranceException {

    private static final long serialVersionUID = 1L;

    private final String function;
    private final String code;
    private final String platformMessage;

    /**
     * Creates an exception.
     *
     * @param function the function number, for example {@code 6201}
     * @param code the platform's {@code code}
     * @param platformMessage the platform's {@code message}, or an empty string
     */
    public MedicalInsuranceRefusedException(String function, String code, String platformMessage) {
        super(MedicalInsuranceErrorCode.REFUSED, function + ": code " + code
                + (platformMessage == null || platformMessage.isEmpty() ? "" : " (" + truncate(platformMessage) + ")"),
                null);
        this.function = function;
        this.code = code == null ? "" : code;
        this.platformMessage = platformMessage == null ? "" : platformMessage;
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /**
     * Returns the refused function.
     *
     * @return for example {@code 6202}
     */
    public String function() {
        return function;
    }

    /**
     * Returns the platform's {@code code}.
     *
     * @return the code, never {@code "0"}
     */
    public String code() {
        return code;
    }

    /**
     * Returns the platform's {@code message}.
     *
     * @return the message, or an empty string
     */
    public String platformMessage() {
        return platformMessage;
    }
}
