package io.yikatong.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.Money;
import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope;
import io.yikatong.payment.medicalinsurance.settlement.internal.GatewaySigner;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * 医保 "两定" settlement envelope throughput: encoding a 2207 request (header, exact decimals, the profile's extra
 * fields) and decoding a 2207 reply (exact-decimal JSON tree, infcode and err_msg rules), and the two gateway
 * signatures (TIF: SHA-256 hex; CSB: sorted string + HmacSHA1 + Base64). Baselines in the same run: a plain Jackson
 * {@code readTree} of the same reply with the default (double) number handling, and one bare SHA-256 of the TIF input,
 * so the ratios show the cost of exact decimals and of the header formatting.
 *
 * <p>Not thread-safe; confine to one thread (JMH state per thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SettlementEnvelopeBenchmark {

    private static final String REPLY = "{\"infcode\":0,\"inf_refmsgid\":\"430000202612070930370000514555\","
            + "\"refmsg_time\":\"20261207093037370\",\"respond_time\":\"20261207093037386\",\"err_msg\":\"\","
            + "\"output\":{\"setlinfo\":{\"mdtrt_id\":\"430000G0000000123\",\"setl_id\":\"430000S000001\","
            + "\"psn_no\":\"43000000000000000001\",\"insutype\":\"310\",\"setl_time\":\"2026-12-07 09:30:37\","
            + "\"medfee_sumamt\":125.60,\"fulamt_ownpay_amt\":10.00,\"overlmt_selfpay\":0,\"preselfpay_amt\":5.60,"
            + "\"inscp_scp_amt\":110.00,\"hifp_pay\":66.00,\"cvlserv_pay\":0,\"hifes_pay\":0,\"hifmi_pay\":4.00,"
            + "\"hifob_pay\":0,\"maf_pay\":0,\"oth_pay\":0,\"fund_pay_sumamt\":70.00,\"psn_part_amt\":55.60,"
            + "\"acct_pay\":20.00,\"psn_cash_pay\":35.60,\"hosp_part_amt\":0,\"balc\":180.00,"
            + "\"medins_setl_id\":\"H43010500001202612070930370001\",\"clr_optins\":\"430100\",\"clr_way\":\"1\","
            + "\"clr_type\":\"11\"},\"setldetail\":[{\"fund_pay_type\":\"310100\",\"fund_payamt\":66.00},"
            + "{\"fund_pay_type\":\"310200\",\"fund_payamt\":20.00}]},\"warn_msg\":\"\"}";

    private Envelope.Header header;
    private ObjectNode input;
    private byte[] reply;
    private ObjectMapper plain;
    private byte[] tifInput;
    private final Map<String, String> extra = Map.of("recer_admvs", "${insuplc_admdvs|mdtrtarea_admvs}");

    /** Builds the request payload and the reply bytes. */
    @Setup
    public void setUp() {
        header = new Envelope.Header("2207", "H43010500001202612070930370001", "430105", "430100", "MBS_LOCAL", "",
                "V1.0", "1", "OP001", "收费员", LocalDateTime.of(2026, 12, 7, 9, 30, 37), "H43010500001", "测试医院",
                "SIGN1");
        input = Json.object();
        ObjectNode d = input.putObject("data");
        d.put("psn_no", "43000000000000000001");
        d.put("mdtrt_cert_type", "02");
        d.put("mdtrt_cert_no", "430102199001011234");
        d.put("med_type", "11");
        d.put("medfee_sumamt", Json.yuan(Money.ofFen(12560)));
        d.put("psn_setlway", "01");
        d.put("mdtrt_id", "430000G0000000123");
        d.put("chrg_bchno", "B0001");
        d.put("acct_used_flag", "1");
        d.put("insutype", "310");
        d.put("invono", "");
        d.put("fulamt_ownpay_amt", new BigDecimal("10.00"));
        d.put("overlmt_selfpay", new BigDecimal("0.00"));
        d.put("preselfpay_amt", new BigDecimal("5.60"));
        d.put("inscp_scp_amt", new BigDecimal("110.00"));
        reply = REPLY.getBytes(StandardCharsets.UTF_8);
        plain = new ObjectMapper();
        tifInput = ("1733535037" + "paas-token-0123456789" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0" + "1733535037")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** @return the encoded 2207 request */
    @Benchmark
    public String encodeRequest() {
        return Envelope.request(header, extra, input);
    }

    /**
     * @return the decoded 2207 reply
     * @throws Exception never for this reply
     */
    @Benchmark
    public Envelope.Reply decodeReply() throws Exception {
        return Envelope.readReply("2207", 200, reply, Envelope.ZeroWithMessage.SUCCESS);
    }

    /**
     * @return the reply as a plain Jackson tree (baseline)
     * @throws Exception never
     */
    @Benchmark
    public JsonNode baselinePlainJacksonTree() throws Exception {
        return plain.readTree(reply);
    }

    /** @return the TIF signature */
    @Benchmark
    public String tifSignature() {
        return GatewaySigner.tifSignature(1_733_535_037L, "paas-token-0123456789", "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    }

    /** @return the CSB signature */
    @Benchmark
    public String csbSignature() {
        return GatewaySigner.csbSignature("csb-secret-key", GatewaySigner.csbStringToSign("AK001", "hsa-fsi-2207",
                1_733_535_037_123L, "1.0.0"));
    }

    /**
     * @return one bare SHA-256 of the TIF input (baseline)
     * @throws Exception never
     */
    @Benchmark
    public byte[] baselineSha256() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(tifInput);
    }
}
