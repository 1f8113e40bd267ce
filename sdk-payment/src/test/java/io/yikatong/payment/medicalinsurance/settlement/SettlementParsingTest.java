package io.yikatong.payment.medicalinsurance.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.Money;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import org.junit.jupiter.api.Test;

/** The typed results and the amount identities of reference §3. */
class SettlementParsingTest {

    /** A 2207 answer shaped like NT's Hebei sample (values ours): identities hold; string and number amounts mixed. */
    static final String SETTLED = "{\"setlinfo\":{\"mdtrt_id\":\"130000G0000000123\",\"setl_id\":\"130000S000001\","
            + "\"psn_no\":\"13000000000000000001\",\"psn_name\":\"张三\",\"psn_cert_type\":\"01\",\"certno\":\"x\","
            + "\"gend\":\"1\",\"naty\":\"01\",\"brdy\":\"1990-01-01\",\"age\":36.0,\"insutype\":\"390\",\"psn_type\":\"1501\","
            + "\"cvlserv_flag\":\"0\",\"setl_time\":\"2026-06-12 09:22:40\",\"mdtrt_cert_type\":\"02\",\"med_type\":\"11\","
            + "\"medfee_sumamt\":125.60,\"fulamt_ownpay_amt\":\"10.00\",\"overlmt_selfpay\":0,\"preselfpay_amt\":5.6,"
            + "\"inscp_scp_amt\":110.00,\"act_pay_dedc\":0,\"hifp_pay\":66.00,\"pool_prop_selfpay\":0.6,"
            + "\"cvlserv_pay\":0,\"hifes_pay\":0,\"hifmi_pay\":4.00,\"hifob_pay\":0,\"maf_pay\":0,\"oth_pay\":0,"
            + "\"fund_pay_sumamt\":70.00,\"psn_part_amt\":55.60,\"acct_pay\":20.00,\"psn_cash_pay\":35.60,"
            + "\"hosp_part_amt\":0,\"balc\":180.00,\"acct_mulaid_pay\":0,\"medins_setl_id\":"
            + "\"H13010500001202606120922374767\",\"clr_optins\":\"130100\",\"clr_way\":\"1\",\"clr_type\":\"11\","
            + "\"psn_pay\":55.6,\"inscp_amt\":110,\"hifdm_pay\":0,\"psn_insu_rlts_id\":\"1\"},"
            + "\"setldetail\":[{\"fund_pay_type\":\"390100\",\"inscp_scp_amt\":110.00,\"crt_payb_lmt_amt\":0,"
            + "\"fund_payamt\":66.00,\"fund_pay_type_name\":\"城乡居民基本医疗保险基金\",\"setl_proc_info\":\"\"},"
            + "{\"fund_pay_type\":\"390200\",\"fund_payamt\":\"4.00\"},{\"fund_pay_type\":\"310200\","
            + "\"fund_payamt\":20.00}]}";

    @Test
    void aSettlementAnswerIsReadExactly() throws Exception {
        Settlement s = Settlement.read(Json.parse("t", SETTLED));
        assertEquals("130000S000001", s.setlId());
        assertEquals(Money.ofFen(12560), s.medfeeSumamt());
        assertEquals(Money.ofFen(7000), s.fundPaySumamt());
        assertEquals(Money.ofFen(3560), s.psnCashPay());
        assertEquals(Money.ofFen(560), s.preselfpayAmt());
        assertEquals("H13010500001202606120922374767", s.medinsSetlId());
        assertEquals(3, s.details().size());
        assertEquals(Money.ofFen(400), s.details().get(1).fundPayamt());
    }

    @Test
    void eachBrokenIdentityIsGarbageFromTheOtherSide() throws Exception {
        String[][] breaks = {{"hosp_part_amt", "0.01"}, {"hifp_pay", "66.01"}, {"acct_pay", "20.01"},
            {"fulamt_ownpay_amt", "10.01"}};
        for (String[] b : breaks) {
            JsonNode n = Json.parse("t", SETTLED);
            ((ObjectNode) n.get("setlinfo")).put(b[0], new java.math.BigDecimal(b[1]));
            ChannelMalformedResponseException e = assertThrows(ChannelMalformedResponseException.class,
                    () -> Settlement.read(n), b[0]);
            assertTrue(e.getMessage().contains("identity"), e.getMessage());
            assertEquals("mi-settlement", e.channel());
        }
    }

    @Test
    void aCancellationHasNegativeAmountsAndPdnCashPay() throws Exception {
        String neg = SETTLED.replace("125.60", "-125.60").replace("\"10.00\"", "\"-10.00\"")
                .replace("\"preselfpay_amt\":5.6", "\"preselfpay_amt\":-5.6").replace("\"inscp_scp_amt\":110.00,\"act",
                        "\"inscp_scp_amt\":-110.00,\"act").replace("66.00,\"pool", "-66.00,\"pool")
                .replace("\"hifmi_pay\":4.00", "\"hifmi_pay\":-4.00").replace("\"fund_pay_sumamt\":70.00",
                        "\"fund_pay_sumamt\":-70.00").replace("\"psn_part_amt\":55.60", "\"psn_part_amt\":-55.60")
                .replace("\"acct_pay\":20.00", "\"acct_pay\":-20.00").replace("\"psn_cash_pay\":35.60",
                        "\"pdn_cash_pay\":-35.60");
        Settlement s = Settlement.read(Json.parse("t", neg));
        assertEquals(Money.ofFen(-3560), s.psnCashPay());
        assertEquals(Money.ofFen(-12560), s.medfeeSumamt());
    }

    @Test
    void requiredAmountsMustBeThere() throws Exception {
        for (String f : new String[] {"medfee_sumamt", "fund_pay_sumamt", "psn_cash_pay"}) {
            JsonNode n = Json.parse("t", SETTLED);
            ((ObjectNode) n.get("setlinfo")).remove(f);
            assertThrows(ChannelMalformedResponseException.class, () -> Settlement.read(n), f);
        }
        JsonNode n = Json.parse("t", SETTLED);
        ((ObjectNode) n.get("setlinfo")).remove("psn_part_amt"); // derived: acct + cash
        assertEquals(Money.ofFen(5560), Settlement.read(n).psnPartAmt());
    }

    @Test
    void personInfoFromA1101Answer() throws Exception {
        PersonInfo p = PersonInfo.read(Json.parse("t", "{\"baseinfo\":{\"psn_no\":\"43000011111111111111\","
                + "\"psn_cert_type\":\"01\",\"certno\":\"430102199001011234\",\"psn_name\":\"张三\",\"gend\":\"1\","
                + "\"naty\":\"01\",\"brdy\":\"1990-01-01\",\"age\":36.5,\"extra\":1},\"insuinfo\":[{\"balc\":1234.56,"
                + "\"insutype\":\"310\",\"psn_type\":\"11\",\"psn_insu_stas\":\"1\",\"psn_insu_date\":\"2010-01-01\","
                + "\"paus_insu_date\":null,\"cvlserv_flag\":\"0\",\"insuplc_admdvs\":\"430100\",\"emp_name\":\"单位\"}],"
                + "\"idetinfo\":[]}"));
        assertEquals("43000011111111111111", p.psnNo());
        assertEquals(Money.ofFen(123456), p.insurance("310").balc());
        assertEquals("430100", p.insurance("").insuplcAdmdvs());
        assertEquals("36.5", p.age());
        assertTrue(!p.toString().contains("张三") && !p.toString().contains("430102199001011234"), p.toString());
    }

    @Test
    void feeResultsKeepCountAndPriceScales() throws Exception {
        FeeLineResult r = FeeLineResult.read(Json.parse("t", "{\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":12.34,"
                + "\"cnt\":2,\"pric\":\"6.17\",\"selfpay_prop\":0.1,\"pric_uplmt_amt\":100}"));
        assertEquals("2.0000", r.cnt().toString());
        assertEquals("6.170000", r.pric().toString());
        assertEquals(Money.ofFen(1234), r.detItemFeeSumamt());
        assertThrows(ChannelMalformedResponseException.class, () -> FeeLineResult.read(Json.parse("t",
                "{\"feedetl_sn\":\"1\",\"cnt\":0.00001}")));
    }
}
