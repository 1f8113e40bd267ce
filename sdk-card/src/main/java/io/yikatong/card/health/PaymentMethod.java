package io.yikatong.card.health;

import io.yikatong.core.domain.CodedValue;

import java.util.Optional;

/**
 * 医疗费用支付方式 (WS 364 医疗付费方式, CV07.10.005), the 1-byte CN codes of DDF1/EF08 records 4–6. The code list is an
 * inference in the project's health-card reference (§1.7, [I]); {@link ContactInfo#paymentMethods()} therefore keeps
 * the raw codes and this table only names the known ones.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum PaymentMethod implements CodedValue {
    /** 城镇职工基本医疗保险 (01). */
    URBAN_EMPLOYEE_INSURANCE("01", "城镇职工基本医疗保险", "Urban employee basic medical insurance"),
    /** 城镇居民基本医疗保险 (02). */
    URBAN_RESIDENT_INSURANCE("02", "城镇居民基本医疗保险", "Urban resident basic medical insurance"),
    /** 新型农村合作医疗 (03). */
    NEW_RURAL_COOPERATIVE("03", "新型农村合作医疗", "New rural cooperative medical scheme"),
    /** 贫困救助 (04). */
    POVERTY_ASSISTANCE("04", "贫困救助", "Poverty assistance"),
    /** 商业医疗保险 (05). */
    COMMERCIAL_INSURANCE("05", "商业医疗保险", "Commercial medical insurance"),
    /** 全公费 (06). */
    FULLY_PUBLIC("06", "全公费", "Fully publicly funded"),
    /** 全自费 (07). */
    FULLY_SELF_PAID("07", "全自费", "Fully self-paid"),
    /** 其他社会保险 (08). */
    OTHER_SOCIAL_INSURANCE("08", "其他社会保险", "Other social insurance"),
    /** 其他 (99). */
    OTHER("99", "其他", "Other");

    private final String code;
    private final String chineseLabel;
    private final String englishName;

    PaymentMethod(String code, String chineseLabel, String englishName) {
        this.code = code;
        this.chineseLabel = chineseLabel;
        this.englishName = englishName;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String chineseLabel() {
        return chineseLabel;
    }

    @Override
    public String englishName() {
        return englishName;
    }

    /**
     * Looks up a code.
     *
     * @param code the 2-digit code, for example {@code "01"}
     * @return the entry, or empty if the code is not in the table (or null)
     */
    public static Optional<PaymentMethod> find(String code) {
        for (PaymentMethod m : values()) {
            if (m.code.equals(code)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
