package io.yikatong.qr.medicalinsurance;

/**
 * The medical-insurance service answered with a {@code code} other than 0 (for example an unknown or expired
 * voucher), or a token check answered {@code flag} 0. It carries the service's code and message.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class VoucherRefusedException extends VoucherException {

    private static final long serialVersionUID = 1L;

    private final String transType;
    private final int serviceCode;
    private final String serviceMessage;

    /**
     * Creates an exception.
     *
     * @param transType the transaction, for example {@code ec.query}
     * @param serviceCode the service's {@code code}
     * @param serviceMessage the service's {@code message}, or {@code null}
     */
    public VoucherRefusedException(String transType, int serviceCode, String serviceMessage) {
        super(VoucherErrorCode.REFUSED, transType + ": refused with code " + serviceCode
                + (serviceMessage == null || serviceMessage.isEmpty() ? "" : " ("
                        + (serviceMessage.length() > 200 ? serviceMessage.substring(0, 200) + "..." : serviceMessage)
                        + ")"), null);
        this.transType = transType;
        this.serviceCode = serviceCode;
        this.serviceMessage = serviceMessage == null ? "" : serviceMessage;
    }

    /**
     * Returns the refused transaction.
     *
     * @return for example {@code ec.query} or {@code localEcTokenCheck}
     */
    public String transType() {
        return transType;
    }

    /**
     * Returns the service's code.
     *
     * @return the code, never 0 for {@code ec.query}; 0 for a token check that answered {@code flag} 0
     */
    public int serviceCode() {
        return serviceCode;
    }

    /**
     * Returns the service's message.
     *
     * @return the message, or an empty string
     */
    public String serviceMessage() {
        return serviceMessage;
    }
}
