package io.yikatong.qr.medicalinsurance;

import java.util.Optional;

/**
 * What the e-voucher is scanned for (用码业务类型, {@code businessType} of {@code ec.query}).
 *
 * <p>Evidence: third-party summaries of the NHSA interface specification (project reference qr-credentials.md §3.2,
 * M9), with 01101 and 01301 also in public HIS code (M1, M6) [C].
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum BusinessType {
    /** 01101: 门诊挂号 (outpatient registration). */
    OUTPATIENT_REGISTRATION("01101"),
    /** 01102: 住院建档 (inpatient record creation). */
    INPATIENT_RECORD("01102"),
    /** 01103: 入院登记 (admission). */
    ADMISSION("01103"),
    /** 01104: 缴纳预缴金 (inpatient deposit). */
    INPATIENT_DEPOSIT("01104"),
    /** 01201: 门诊问诊 (consultation). */
    CONSULTATION("01201"),
    /** 01202: 预约检查 (book examination). */
    BOOK_EXAMINATION("01202"),
    /** 01203: 检查 (examination). */
    EXAMINATION("01203"),
    /** 01204: 治疗 (treatment). */
    TREATMENT("01204"),
    /** 01301: 门诊结算 (outpatient settlement). */
    OUTPATIENT_SETTLEMENT("01301"),
    /** 01302: 取药 (dispensing). */
    DISPENSING("01302"),
    /** 02121: 药店购药 (pharmacy purchase). */
    PHARMACY_PURCHASE("02121"),
    /** 02122: 下载外购处方 (download external prescription). */
    DOWNLOAD_EXTERNAL_PRESCRIPTION("02122");

    private final String code;

    BusinessType(String code) {
        this.code = code;
    }

    /**
     * Returns the 5-digit code.
     *
     * @return the code, for example {@code 01101}
     */
    public String code() {
        return code;
    }

    /**
     * Looks a code up.
     *
     * @param code the code
     * @return the type, or empty
     */
    public static Optional<BusinessType> find(String code) {
        for (BusinessType t : values()) {
            if (t.code.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
