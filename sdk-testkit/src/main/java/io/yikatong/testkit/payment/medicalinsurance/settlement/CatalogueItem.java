package io.yikatong.testkit.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;

/**
 * One entry of the {@link SettlementPlatformSimulator}'s medical-insurance catalogue (医保目录), keyed by
 * {@code med_list_codg}. Fee lines whose code is not in the catalogue count as 甲类 without a price limit.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param code 医保目录编码 ({@code med_list_codg})
 * @param level 收费项目等级 ({@code chrgitm_lv}): {@code 01} 甲类, {@code 02} 乙类, {@code 03} 丙类
 * @param selfPayPercent 自付比例 of a 乙类 item (先行自付), 0 to 100; ignored for other levels
 * @param priceCap 限价 ({@code pric_uplmt_amt}) per unit, or {@code null} for none
 * @param restricted 限制使用 ({@code lmt_used_flag}): reimbursed only with {@code hosp_appr_flag} 1
 * @since 0.1
 */
public record CatalogueItem(String code, String level, int selfPayPercent, Money priceCap, boolean restricted) {

    /**
     * Checks the components.
     *
     * @throws InvalidInputException naming the first invalid component
     */
    public CatalogueItem {
        if (code == null || code.isBlank()) {
            throw new InvalidInputException("code", "must not be blank");
        }
        if (!"01".equals(level) && !"02".equals(level) && !"03".equals(level)) {
            throw new InvalidInputException("level", "must be 01, 02 or 03");
        }
        if (selfPayPercent < 0 || selfPayPercent > 100) {
            throw new InvalidInputException("selfPayPercent", "must be 0 to 100");
        }
        if (priceCap != null && priceCap.fen() < 0) {
            throw new InvalidInputException("priceCap", "must not be negative");
        }
    }
}
