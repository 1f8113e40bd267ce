package io.yikatong.payment.medicalinsurance;

/**
 * The platform functions this SDK calls, with the function numbers the reference records; numbers and paths can be
 * changed per deployment in {@link MedicalInsuranceProfile}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum MedicalInsuranceFunction {
    /** 6201 线上费用明细上传 (online fee-detail upload). */
    FEE_UPLOAD("6201"),
    /** 6202 支付下单 (place the payment order, settle). */
    PLACE_ORDER("6202"),
    /** 6301 医保订单结算结果查询 (settlement result query). */
    QUERY("6301"),
    /** 6401 费用明细上传撤销 (undo the fee upload, before settlement). */
    UNDO("6401"),
    /** 6203 医保退费 (refund). */
    REFUND("6203");

    private final String defaultNumber;

    MedicalInsuranceFunction(String defaultNumber) {
        this.defaultNumber = defaultNumber;
    }

    /**
     * Returns the function number the reference records.
     *
     * @return for example {@code "6201"}
     */
    public String defaultNumber() {
        return defaultNumber;
    }
}
