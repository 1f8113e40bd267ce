package io.yikatong.payment.medicalinsurance.settlement;

import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.fen;
import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.optText;
import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.scaled;
import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.math.BigDecimal;

/**
 * One {@code result} element of the 2204 answer.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param feedetlSn 费用明细流水号
 * @param detItemFeeSumamt 明细项目费用总额
 * @param cnt 数量
 * @param pric 单价
 * @param pricUplmtAmt 定价上限金额
 * @param selfpayProp 自付比例 (exact, as sent)
 * @param fulamtOwnpayAmt 全自费金额
 * @param overlmtAmt 超限价金额
 * @param preselfpayAmt 先行自付金额
 * @param inscpScpAmt 符合政策范围金额
 * @param chrgitmLv 收费项目等级
 * @param medChrgitmType 医疗收费项目类别
 * @param memo 备注
 * @since 0.1
 */
public record FeeLineResult(String feedetlSn, Money detItemFeeSumamt, Quantity cnt, UnitPrice pric, Money pricUplmtAmt,
        BigDecimal selfpayProp, Money fulamtOwnpayAmt, Money overlmtAmt, Money preselfpayAmt, Money inscpScpAmt,
        String chrgitmLv, String medChrgitmType, String memo) {

    static FeeLineResult read(JsonNode n) throws ChannelMalformedResponseException {
        String p = "output.result";
        return new FeeLineResult(text(n, "feedetl_sn", p), Money.ofFen(fen(n, "det_item_fee_sumamt", p, 0L)),
                new Quantity(scaled(n, "cnt", p, 4)), new UnitPrice(scaled(n, "pric", p, 6)),
                Money.ofFen(fen(n, "pric_uplmt_amt", p, 0L)), scaled(n, "selfpay_prop", p, 6),
                Money.ofFen(fen(n, "fulamt_ownpay_amt", p, 0L)), Money.ofFen(fen(n, "overlmt_amt", p, 0L)),
                Money.ofFen(fen(n, "preselfpay_amt", p, 0L)), Money.ofFen(fen(n, "inscp_scp_amt", p, 0L)),
                optText(n, "chrgitm_lv", p), optText(n, "med_chrgitm_type", p), optText(n, "memo", p));
    }
}
