package io.yikatong.testkit.payment.medicalinsurance.settlement;

import static io.yikatong.testkit.payment.medicalinsurance.settlement.RawPlatformClient.JSON;
import static io.yikatong.testkit.payment.medicalinsurance.settlement.RawPlatformClient.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.Money;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The settlement platform simulator, driven by raw HTTP requests built here (no SDK client). */
class SettlementPlatformSimulatorTest {

    private static final String HOLDER = "11000000000000000001"; // 张晓虹, 310, account 500.00
    private static final String CARD_HOLDER = "11000000000000000002"; // social security card Y00000001
    private static final String RESIDENT = "11000000000000000003"; // 王建国, 390
    private static final String REMOTE = "44000000000000000004"; // 陈美玲, 390, 参保地 440300
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    // ---------------------------------------------------------------- known answers (openssl)

    /**
     * Known answers computed with OpenSSL 3.0, independently of Java:
     * <pre>
     * printf '%s' '1700000000yikatong-development-paas-tokenabc1231700000000' | openssl dgst -sha256 -hex
     * printf '%s' '_api_access_key=yikatong-dev-ak&amp;_api_name=hsa-fsi-1101&amp;_api_timestamp=1700000000000&amp;_api_version=1.0.0' \
     *   | openssl dgst -sha1 -hmac 'yikatong-development-secret-key' -binary | openssl base64
     * </pre>
     */
    @Test
    void gatewaySignaturesMatchOpensslKnownAnswers() {
        assertEquals("e622a878d351275eb9226a3d34ada90d3bcbb3fab52d6cb9f00e4553cb3ee872",
                SettlementPlatformSimulator.tifSignature("1700000000", SettlementPlatformSimulator.DEVELOPMENT_PAAS_TOKEN,
                        "abc123"));
        assertEquals("6T15O0E0+vOKsV/kUwM/ZDhWFTc=", SettlementPlatformSimulator.csbSignature(
                SettlementPlatformSimulator.DEVELOPMENT_SECRET_KEY, SettlementPlatformSimulator.DEVELOPMENT_ACCESS_KEY,
                "hsa-fsi-1101", "1700000000000", "1.0.0"));
    }

    // ---------------------------------------------------------------- the outpatient flow, every profile

    @ParameterizedTest
    @ValueSource(strings = {"national", "guangdong", "hebei", "hunan", "jiangxi"})
    void fullOutpatientFlowInEveryProfile(String profile) throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder().profile(profile).start()) {
            RawPlatformClient c = new RawPlatformClient(sim);
            c.signIn();
            JsonNode person = c.ok("1101", data("mdtrt_cert_type", "02", "mdtrt_cert_no", "11010519491231002X",
                    "psn_cert_type", "01", "certno", "", "psn_name", ""));
            assertEquals(HOLDER, person.at("/baseinfo/psn_no").asText());
            assertEquals("张晓虹", person.at("/baseinfo/psn_name").asText());
            assertEquals("310", person.at("/insuinfo/0/insutype").asText());
            assertEquals(new BigDecimal("500.00"), person.at("/insuinfo/0/balc").decimalValue());
            c.insuplc = person.at("/insuinfo/0/insuplc_admdvs").asText();
            String mdtrtId = register(c, HOLDER, "310", "02", "11010519491231002X");
            c.ok("2203", visitInfo(mdtrtId, HOLDER));
            // 100.00 甲类 + 2 × 30.00 限价 20.00 (超限价 20.00) + 50.00 乙类 10 % + 30.00 丙类 = 240.00
            JsonNode up = c.ok("2204", fees(mdtrtId, HOLDER, "B1", line("1001", SettlementPlatformSimulator.ITEM_CLASS_A,
                    "100.00", "1"), line("1002", SettlementPlatformSimulator.ITEM_PRICE_CAPPED, "30.00", "2"),
                    line("1003", SettlementPlatformSimulator.ITEM_CLASS_B, "25.00", "2"),
                    line("1004", SettlementPlatformSimulator.ITEM_CLASS_C, "30.00", "1")));
            assertEquals(4, up.path("result").size());
            assertEquals(new BigDecimal("20.00"), up.at("/result/1/overlmt_amt").decimalValue());
            assertEquals(new BigDecimal("5.00"), up.at("/result/2/preselfpay_amt").decimalValue());
            assertEquals(new BigDecimal("30.00"), up.at("/result/3/fulamt_ownpay_amt").decimalValue());
            JsonNode pre = c.ok("2206", settleInput(mdtrtId, HOLDER, "240.00", "B1", "1", "02", "11010519491231002X"));
            checkIdentitiesOf(pre.path("setlinfo"), false);
            assertFalse(pre.path("setlinfo").has("setl_id"));
            assertEquals(Money.ofFen(50_000), sim.person(HOLDER).orElseThrow().accountBalance(), "2206 takes nothing");
            String msgid = RawPlatformClient.newMsgid();
            JsonNode r = c.call("2207", msgid, settleInput(mdtrtId, HOLDER, "240.00", "B1", "1", "02",
                    "11010519491231002X"));
            assertEquals(0, r.path("infcode").asInt(), r.toString());
            JsonNode setl = r.at("/output/setlinfo");
            checkIdentitiesOf(setl, false);
            // in scope 40.00 + 45.00 + 100.00 = 185.00; fund 70 % = 129.50; pool self 55.50; 先行自付 5.00;
            // account pays 60.50 (in-scope share); cash = 全自费 30.00 + 超限价 20.00
            assertEquals(new BigDecimal("185.00"), setl.path("inscp_scp_amt").decimalValue());
            assertEquals(new BigDecimal("129.50"), setl.path("fund_pay_sumamt").decimalValue());
            assertEquals(new BigDecimal("60.50"), setl.path("acct_pay").decimalValue());
            assertEquals(new BigDecimal("50.00"), setl.path("psn_cash_pay").decimalValue());
            assertEquals(new BigDecimal("439.50"), setl.path("balc").decimalValue());
            assertEquals(msgid, setl.path("medins_setl_id").asText());
            String setlId = setl.path("setl_id").asText();
            assertEquals(Money.ofFen(43_950), sim.person(HOLDER).orElseThrow().accountBalance());
            JsonNode q = c.ok("5203", data("setl_id", setlId, "psn_no", HOLDER, "mdtrt_id", mdtrtId));
            assertEquals(setl.path("fund_pay_sumamt"), q.at("/setlinfo/fund_pay_sumamt"));
            // settled lines cannot be withdrawn; the visit cannot be cancelled while they exist
            assertTrue(c.refused("2205", data("mdtrt_id", mdtrtId, "chrg_bchno", "B1", "psn_no", HOLDER))
                    .contains("已结算"));
            assertTrue(c.refused("2202", data("psn_no", HOLDER, "mdtrt_id", mdtrtId, "ipt_otp_no", OUTPATIENT_NUMBERS.get(mdtrtId)))
                    .contains("费用明细"));
            JsonNode undo = c.ok("2208", data("setl_id", setlId, "mdtrt_id", mdtrtId, "psn_no", HOLDER));
            checkIdentitiesOf(undo.path("setlinfo"), true);
            assertEquals(new BigDecimal("-129.50"), undo.at("/setlinfo/fund_pay_sumamt").decimalValue());
            assertEquals(new BigDecimal("-50.00"), undo.at("/setlinfo/pdn_cash_pay").decimalValue());
            assertNotEquals(setlId, undo.at("/setlinfo/setl_id").asText());
            assertEquals(Money.ofFen(50_000), sim.person(HOLDER).orElseThrow().accountBalance());
            assertTrue(c.refused("2208", data("setl_id", setlId, "mdtrt_id", mdtrtId, "psn_no", HOLDER))
                    .contains("已撤销"));
            c.ok("2205", data("mdtrt_id", mdtrtId, "chrg_bchno", "B1", "psn_no", HOLDER));
            c.ok("2202", data("psn_no", HOLDER, "mdtrt_id", mdtrtId, "ipt_otp_no", OUTPATIENT_NUMBERS.get(mdtrtId)));
            assertEquals(0, sim.activeVisits());
            ObjectNode out = JSON.createObjectNode();
            out.putObject("signOut").put("sign_no", c.signNo).put("opter_no", c.opter);
            c.ok("9002", out);
            assertTrue(c.refused("1101", data("mdtrt_cert_type", "02", "mdtrt_cert_no", "11010519491231002X"))
                    .startsWith(SettlementPlatformSimulator.SIGN_NO_INVALID));
            sim.settlements().forEach(SettlementPlatformSimulator::checkIdentities);
            assertEquals(List.of(SimulatedSettlement.State.CANCELLED, SimulatedSettlement.State.SETTLED),
                    sim.settlements().stream().map(SimulatedSettlement::state).toList());
        }
    }

    @Test
    void residentPolicyAppliesTheDeductibleOncePerYear() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            RawPlatformClient c = signedIn(sim, "110100");
            String m1 = register(c, RESIDENT, "390", "02", "110101198001010010");
            c.ok("2204", fees(m1, RESIDENT, "1", line("1", SettlementPlatformSimulator.ITEM_CLASS_A, "100.00", "1"),
                    line("2", SettlementPlatformSimulator.ITEM_CLASS_B, "50.00", "1"),
                    line("3", SettlementPlatformSimulator.ITEM_CLASS_C, "30.00", "1")));
            JsonNode s1 = c.ok("2207", settleInput(m1, RESIDENT, "180.00", "1", "1", "02", "110101198001010010"))
                    .path("setlinfo");
            checkIdentitiesOf(s1, false);
            // in scope 145.00: 起付线 50.00, fund 50 % of 95.00 = 47.50; no account (balance 0)
            assertEquals(new BigDecimal("50.00"), s1.path("act_pay_dedc").decimalValue());
            assertEquals(new BigDecimal("47.50"), s1.path("hifp_pay").decimalValue());
            assertEquals(new BigDecimal("0.00"), s1.path("acct_pay").decimalValue());
            assertEquals(new BigDecimal("132.50"), s1.path("psn_cash_pay").decimalValue());
            String m2 = register(c, RESIDENT, "390", "02", "110101198001010010");
            c.ok("2204", fees(m2, RESIDENT, "1", line("1", SettlementPlatformSimulator.ITEM_CLASS_A, "10.01", "1")));
            JsonNode s2 = c.ok("2207", settleInput(m2, RESIDENT, "10.01", "1", "0", "02", "110101198001010010"))
                    .path("setlinfo");
            checkIdentitiesOf(s2, false);
            assertEquals(new BigDecimal("0.00"), s2.path("act_pay_dedc").decimalValue());
            assertEquals(new BigDecimal("5.00"), s2.path("hifp_pay").decimalValue(), "rounded down to fen");
            assertEquals(new BigDecimal("5.01"), s2.path("psn_cash_pay").decimalValue());
        }
    }

    @Test
    void socialSecurityCardAndEcTokenIdentifyTheirHolders() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            RawPlatformClient c = signedIn(sim, "");
            assertTrue(c.refused("1101", data("mdtrt_cert_type", "03", "mdtrt_cert_no", "Y00000001")).contains(
                    "card_sn"));
            JsonNode byCard = c.ok("1101", data("mdtrt_cert_type", "03", "mdtrt_cert_no", "Y00000001", "card_sn",
                    "110100D156000005594B545353430001"));
            assertEquals(CARD_HOLDER, byCard.at("/baseinfo/psn_no").asText());
            assertEquals(new BigDecimal("1523.80"), byCard.at("/insuinfo/0/balc").decimalValue());
            JsonNode byName = c.ok("1101", data("mdtrt_cert_type", "02", "mdtrt_cert_no", "11010519491231002X",
                    "psn_name", "古丽娜尔·阿不都热合曼·买买提艾力"));
            assertEquals(CARD_HOLDER, byName.at("/baseinfo/psn_no").asText());
            assertTrue(c.refused("1101", data("mdtrt_cert_type", "01", "mdtrt_cert_no", "TOKEN-1")).contains(
                    "ecToken"));
            sim.acceptEcToken("TOKEN-1", RESIDENT);
            assertEquals(RESIDENT, c.ok("1101", data("mdtrt_cert_type", "01", "mdtrt_cert_no", "TOKEN-1"))
                    .at("/baseinfo/psn_no").asText());
            c.insuplc = "110100";
            // the registration's credential must be the person's
            assertTrue(c.refused("2201", registration(RESIDENT, "390", "03", "Y00000001")).contains("就诊凭证"));
            register(c, RESIDENT, "390", "01", "TOKEN-1");
            register(c, CARD_HOLDER, "310", "03", "Y00000001");
        }
    }

    // ---------------------------------------------------------------- envelope rules

    @Test
    void msgidMustBeThirtyCharactersAndUnique() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            RawPlatformClient c = signedIn(sim, "");
            JsonNode in = data("mdtrt_cert_type", "02", "mdtrt_cert_no", "110101198001010010");
            String msgid = RawPlatformClient.newMsgid();
            assertEquals(0, c.call("1101", msgid, in).path("infcode").asInt());
            JsonNode dup = c.call("1101", msgid, in);
            assertEquals(-1, dup.path("infcode").asInt());
            assertTrue(dup.path("err_msg").asText().startsWith(SettlementPlatformSimulator.DUPLICATE_MSGID));
            assertEquals("", dup.path("inf_refmsgid").asText());
            for (String bad : List.of(msgid.substring(1), "H11010500002" + msgid.substring(12),
                    msgid.substring(0, 12) + "20261399000000" + "0001", msgid.substring(0, 26) + "00A1")) {
                assertTrue(c.call("1101", bad, in).path("err_msg").asText().startsWith("报文ID格式错误"), bad);
            }
        }
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder()
                .duplicateMsgid(SettlementPlatformSimulator.DuplicateMsgid.REPLAY).start()) {
            RawPlatformClient c = signedIn(sim, "110100");
            String mdtrtId = register(c, RESIDENT, "390", "02", "110101198001010010");
            c.ok("2204", fees(mdtrtId, RESIDENT, "1", line("1", "X", "12.00", "1")));
            String msgid = RawPlatformClient.newMsgid();
            JsonNode first = c.call("2207", msgid, settleInput(mdtrtId, RESIDENT, "12.00", "1", "0", "02",
                    "110101198001010010"));
            JsonNode again = c.call("2207", msgid, settleInput(mdtrtId, RESIDENT, "12.00", "1", "0", "02",
                    "110101198001010010"));
            assertEquals(first, again);
            assertEquals(1, sim.settlements().size());
        }
    }

    @Test
    void envelopeFieldsAreChecked() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            RawPlatformClient c = signedIn(sim, "");
            JsonNode in = data("mdtrt_cert_type", "02", "mdtrt_cert_no", "110101198001010010");
            for (String field : List.of("mdtrtarea_admvs", "opter", "inf_time", "fixmedins_code", "infver")) {
                ObjectNode e = c.envelope("1101", RawPlatformClient.newMsgid(), in);
                e.remove(field);
                JsonNode r = JSON.readTree(c.post(sim.endpoint("1101"), "application/json", JSON.writeValueAsBytes(e),
                        Map.of()).body());
                assertEquals(-1, r.path("infcode").asInt(), field);
                assertTrue(r.path("err_msg").asText().contains(field), r.toString());
            }
            ObjectNode e = c.envelope("1101", RawPlatformClient.newMsgid(), in);
            e.put("inf_time", "2026-12-07T10:00:00");
            assertTrue(JSON.readTree(c.post(sim.endpoint("1101"), "application/json", JSON.writeValueAsBytes(e),
                    Map.of()).body()).path("err_msg").asText().contains("inf_time"));
            // psn_no without insuplc_admdvs; or another one than the person's
            JsonNode reg = registration(RESIDENT, "390", "02", "110101198001010010");
            assertTrue(c.refused("2201", reg).contains("insuplc_admdvs"));
            c.insuplc = "440300";
            assertTrue(c.refused("2201", reg).contains("insuplc_admdvs"));
            c.insuplc = "440300";
            register(c, REMOTE, "390", "02", "440305199205051225");
        }
    }

    @Test
    void signInIsPerOperatorPerDayAndCanExpire() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            RawPlatformClient c = new RawPlatformClient(sim);
            JsonNode in = data("mdtrt_cert_type", "02", "mdtrt_cert_no", "110101198001010010");
            assertTrue(c.refused("1101", in).contains("sign_no"));
            c.signIn();
            String first = c.signNo;
            assertEquals(32, first.length());
            c.signIn();
            assertEquals(first, c.signNo, "the same operator gets the same sign_no the same day");
            RawPlatformClient other = new RawPlatformClient(sim);
            other.opter = "OP002";
            other.signNo = first;
            assertTrue(other.refused("1101", in).contains("another operator"));
            other.signIn();
            assertNotEquals(first, other.signNo);
            c.ok("1101", in);
            sim.expireSignIns();
            assertTrue(c.refused("1101", in).startsWith(SettlementPlatformSimulator.SIGN_NO_INVALID));
            c.signIn();
            assertNotEquals(first, c.signNo);
            c.ok("1101", in);
        }
    }

    // ---------------------------------------------------------------- gateways

    @ParameterizedTest
    @ValueSource(strings = {"guangdong", "hebei", "hunan", "jiangxi"})
    void gatewayRefusesBadHeadersWith401(String profile) throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder().profile(profile).start()) {
            RawPlatformClient c = new RawPlatformClient(sim);
            ObjectNode in = JSON.createObjectNode();
            in.putObject("signIn").put("opter_no", "OP001").put("mac", "").put("ip", "");
            byte[] body = JSON.writeValueAsBytes(c.envelope("9001", RawPlatformClient.newMsgid(), in));
            assertGateway(c.post(sim.endpoint("9001"), "text/plain", body, Map.of()), "缺少服务网关的请求头!");
            c.paasToken = "wrong-token";
            c.secretKey = "wrong-secret";
            assertGateway(c.post(sim.endpoint("9001"), "text/plain", body, c.gatewayHeaders("9001")), "签名不一致!");
            c.paasToken = SettlementPlatformSimulator.DEVELOPMENT_PAAS_TOKEN;
            c.secretKey = SettlementPlatformSimulator.DEVELOPMENT_SECRET_KEY;
            c.clockSkewMillis = -Duration.ofMinutes(31).toMillis();
            assertGateway(c.post(sim.endpoint("9001"), "text/plain", body, c.gatewayHeaders("9001")), "签名时间戳超时!");
            c.clockSkewMillis = 0;
            Map<String, String> h = new java.util.HashMap<>(c.gatewayHeaders("9001"));
            h.replaceAll((k, v) -> k.equals("x-tif-paasid") || k.equals("_api_access_key") ? "someone-else" : v);
            assertGateway(c.post(sim.endpoint("9001"), "text/plain", body, h), "非法用户!");
            sim.rejectAtGatewayNext(1);
            assertGateway(c.post(sim.endpoint("9001"), "text/plain", body, c.gatewayHeaders("9001")), "非法用户!");
            assertTrue(sim.infnosReceived().isEmpty(), "nothing passes a refusing gateway");
            c.signIn();
            assertEquals(List.of("9001"), sim.infnosReceived());
        }
    }

    @Test
    void routingFollowsTheProfile() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder().profile("hebei").start()) {
            RawPlatformClient c = signedIn(sim, "");
            assertEquals("/ebus/rio_fsi/fsi/api/fsiPsnInfoService/queryPsnInfo", sim.endpoint("1101").getPath());
            JsonNode in = data("mdtrt_cert_type", "02", "mdtrt_cert_no", "110101198001010010");
            byte[] body = JSON.writeValueAsBytes(c.envelope("1101", RawPlatformClient.newMsgid(), in));
            JsonNode wrongPath = JSON.readTree(c.post(sim.endpoint("2201"), "text/plain", body,
                    c.gatewayHeaders("1101")).body());
            assertTrue(wrongPath.path("err_msg").asText().contains("交易编号与地址不符"), wrongPath.toString());
            assertEquals(404, c.post(sim.baseUri().resolve("/fsi/api/rsfComIfsService/callService"), "text/plain",
                    body, c.gatewayHeaders("1101")).statusCode());
        }
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder().profile("jiangxi").start()) {
            RawPlatformClient c = new RawPlatformClient(sim);
            ObjectNode in = JSON.createObjectNode();
            in.putObject("signIn").put("opter_no", "OP001");
            byte[] body = JSON.writeValueAsBytes(c.envelope("9001", RawPlatformClient.newMsgid(), in));
            assertGateway(c.post(sim.endpoint("9001"), "text/plain", body, c.gatewayHeaders("1101")),
                    "服务名与地址不符!");
        }
    }

    @Test
    void hunanRules() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder().profile("hunan").start()) {
            RawPlatformClient c = signedIn(sim, "110100");
            String mdtrtId = register(c, RESIDENT, "390", "02", "110101198001010010");
            ObjectNode visit = visitInfo(mdtrtId, RESIDENT);
            ((ObjectNode) visit.get("mdtrtinfo")).remove("dise_codg");
            assertTrue(c.refused("2203", visit).contains("dise_codg"));
            for (String sn : List.of("A1", "0", "1234567890123456")) {
                assertTrue(c.refused("2204", fees(mdtrtId, RESIDENT, "1", line(sn, "X", "1.00", "1")))
                        .contains("feedetl_sn"), sn);
            }
            c.ok("2204", fees(mdtrtId, RESIDENT, "1", line("123456789012345", "X", "1.00", "1")));
        }
    }

    // ---------------------------------------------------------------- faults and 冲正

    @Test
    void droppedSettlementAnswerIsResolvedBy2601() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            RawPlatformClient c = signedIn(sim, "110100");
            String mdtrtId = register(c, HOLDER, "310", "02", "11010519491231002X");
            c.ok("2204", fees(mdtrtId, HOLDER, "1", line("1", "X", "80.00", "1")));
            sim.dropAnswersAfterCommit("2207", 1);
            String msgid = RawPlatformClient.newMsgid();
            assertThrows(IOException.class, () -> c.send("2207", msgid, settleInput(mdtrtId, HOLDER, "80.00", "1", "1",
                    "02", "11010519491231002X")));
            assertTrue(sim.awaitCommitted("2207", 1, Duration.ofSeconds(10)));
            SimulatedSettlement lost = sim.settlementByMsgid(msgid).orElseThrow();
            assertEquals(SimulatedSettlement.State.SETTLED, lost.state());
            assertEquals(Money.ofFen(50_000 - 2_400), sim.person(HOLDER).orElseThrow().accountBalance());
            JsonNode revs = data("psn_no", HOLDER, "omsgid", msgid, "oinfno", "2207");
            c.ok("2601", revs);
            assertEquals(SimulatedSettlement.State.REVERSED, sim.settlementByMsgid(msgid).orElseThrow().state());
            assertEquals(Money.ofFen(50_000), sim.person(HOLDER).orElseThrow().accountBalance());
            c.ok("2601", revs); // repeated: success
            assertTrue(c.refused("5203", data("setl_id", lost.setlId(), "psn_no", HOLDER)).contains("不存在"));
            // the lines are unsettled again: a new 2207 with a new msgid settles them once
            JsonNode again = c.ok("2207", settleInput(mdtrtId, HOLDER, "80.00", "1", "1", "02", "11010519491231002X"));
            checkIdentitiesOf(again.path("setlinfo"), false);
            assertEquals(1, sim.settlements().stream().filter(s -> s.state() == SimulatedSettlement.State.SETTLED)
                    .count());
            // unknown omsgid: success by default
            c.ok("2601", data("psn_no", HOLDER, "omsgid", RawPlatformClient.newMsgid(), "oinfno", "2207"));
            assertTrue(c.refused("2601", data("psn_no", HOLDER, "omsgid", msgid, "oinfno", "2201"))
                    .contains("不支持冲正"));
        }
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder().refuseUnknownReversals(true)
                .start()) {
            RawPlatformClient c = signedIn(sim, "110100");
            assertTrue(c.refused("2601", data("psn_no", HOLDER, "omsgid", RawPlatformClient.newMsgid(), "oinfno",
                    "2207")).contains("原交易不存在"));
        }
    }

    @Test
    void reversing2208RestoresTheSettlement() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            RawPlatformClient c = signedIn(sim, "110100");
            String mdtrtId = register(c, HOLDER, "310", "02", "11010519491231002X");
            c.ok("2204", fees(mdtrtId, HOLDER, "1", line("1", "X", "10.00", "1")));
            String setlId = c.ok("2207", settleInput(mdtrtId, HOLDER, "10.00", "1", "1", "02", "11010519491231002X"))
                    .at("/setlinfo/setl_id").asText();
            String undoMsgid = RawPlatformClient.newMsgid();
            assertEquals(0, c.call("2208", undoMsgid, data("setl_id", setlId, "mdtrt_id", mdtrtId, "psn_no", HOLDER))
                    .path("infcode").asInt());
            assertEquals(SimulatedSettlement.State.CANCELLED, sim.settlement(setlId).orElseThrow().state());
            c.ok("2601", data("psn_no", HOLDER, "omsgid", undoMsgid, "oinfno", "2208"));
            assertEquals(SimulatedSettlement.State.SETTLED, sim.settlement(setlId).orElseThrow().state());
            assertEquals(Money.ofFen(50_000 - 300), sim.person(HOLDER).orElseThrow().accountBalance());
            String originalMsgid = sim.settlement(setlId).orElseThrow().msgid();
            c.ok("2601", data("psn_no", HOLDER, "omsgid", originalMsgid, "oinfno", "2207"));
            assertEquals(Money.ofFen(50_000), sim.person(HOLDER).orElseThrow().accountBalance());
        }
    }

    @Test
    void answerFaults() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            RawPlatformClient c = signedIn(sim, "");
            JsonNode in = data("mdtrt_cert_type", "02", "mdtrt_cert_no", "110101198001010010");
            sim.infcodeAsString(true);
            JsonNode r = c.call("1101", in);
            assertTrue(r.path("infcode").isTextual());
            assertEquals("0", r.path("infcode").asText());
            sim.infcodeAsString(false);
            sim.wrapReplies(true);
            r = c.call("1101", in);
            assertEquals(0, r.path("code").asInt());
            assertEquals(RESIDENT, r.at("/data/output/baseinfo/psn_no").asText());
            sim.wrapReplies(false);
            sim.refuseNext("1101", "人员状态异常");
            r = c.call("1101", in);
            assertEquals(-1, r.path("infcode").asInt());
            assertEquals("人员状态异常", r.path("err_msg").asText());
            sim.succeedWithErrorMessageNext(null, "FSI-文件查询号不能为空[fileBO_156]");
            r = c.call("1101", in);
            assertEquals(0, r.path("infcode").asInt());
            assertEquals("FSI-文件查询号不能为空[fileBO_156]", r.path("err_msg").asText());
            assertTrue(r.path("output").isNull());
            sim.failNext(1, 502);
            assertEquals(502, c.send("1101", RawPlatformClient.newMsgid(), in).statusCode());
            sim.delayAnswers("1101", 1, Duration.ofMillis(300));
            long start = System.nanoTime();
            assertEquals(0, c.call("1101", in).path("infcode").asInt());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
            assertEquals(0, c.call("1101", in).path("infcode").asInt());
        }
    }

    // ---------------------------------------------------------------- reconciliation

    @ParameterizedTest
    @ValueSource(strings = {"multipart", "base64", "bytes"})
    void reconciliationFindsPlantedMismatches(String encoding) throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder().profile("hebei").start()) {
            RawPlatformClient c = signedIn(sim, "110100");
            List<JsonNode> settled = new ArrayList<>();
            for (String amount : List.of("10.00", "20.00", "30.00")) {
                String mdtrtId = register(c, HOLDER, "310", "02", "11010519491231002X");
                c.ok("2204", fees(mdtrtId, HOLDER, "1", line("1", "X", amount, "1")));
                settled.add(c.ok("2207", settleInput(mdtrtId, HOLDER, amount, "1", "1", "02", "11010519491231002X"))
                        .path("setlinfo"));
            }
            // HIS totals of the three: medfee 60.00, fund 42.00, account 18.00
            JsonNode totals = c.ok("3201", statement("310", "60.00", "42.00", "18.00", "3"));
            assertEquals("0", totals.at("/stmtinfo/stmt_rslt").asText(), totals.toString());
            SimulatedSettlement planted = sim.plantSettlement(HOLDER, Money.ofFen(5_000), TODAY);
            String erased = settled.get(0).path("setl_id").asText();
            assertTrue(sim.eraseSettlement(erased));
            totals = c.ok("3201", statement("310", "60.00", "42.00", "18.00", "3"));
            assertEquals("1", totals.at("/stmtinfo/stmt_rslt").asText());
            // the HIS file: the three settlements, the third with a wrong amount
            StringBuilder file = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                JsonNode s = settled.get(i);
                file.append(String.join("\t", s.path("setl_id").asText(), s.path("mdtrt_id").asText(), HOLDER,
                        i == 2 ? "31.00" : s.path("medfee_sumamt").decimalValue().toPlainString(),
                        s.path("fund_pay_sumamt").decimalValue().toPlainString(),
                        s.path("acct_pay").decimalValue().toPlainString(), "0")).append('\n');
            }
            byte[] zip = zip("stmt.txt", file.toString().getBytes(StandardCharsets.UTF_8));
            String fileNo = upload(c, sim, encoding, zip);
            JsonNode detail = c.ok("3202", data("setl_optins", "110100", "file_qury_no", fileNo, "stmt_begndate",
                    TODAY.toString(), "stmt_enddate", TODAY.toString(), "medfee_sumamt", "61.00", "fund_pay_sumamt",
                    "42.00", "cash_payamt", "0.00", "fixmedins_setl_cnt", "3", "clr_type", "11", "refd_setl_flag",
                    "0"));
            String resultNo = detail.at("/fileinfo/file_qury_no").asText();
            ObjectNode dl = JSON.createObjectNode();
            dl.putObject("fsDownloadIn").put("file_qury_no", resultNo).put("filename", "result.zip")
                    .put("fixmedins_code", sim.fixmedinsCode());
            HttpResponse<byte[]> r = c.send("9102", RawPlatformClient.newMsgid(), dl);
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/octet-stream"));
            List<String[]> lines = unzipLines(r.body());
            assertEquals(4, lines.size());
            Map<String, String[]> bySetl = new java.util.HashMap<>();
            for (String[] l : lines) {
                assertEquals(10, l.length);
                bySetl.put(l[2], l);
            }
            assertEquals("2", bySetl.get(erased)[4], "医药机构多");
            assertEquals("null", bySetl.get(erased)[3]);
            assertEquals("0", bySetl.get(settled.get(1).path("setl_id").asText())[4]);
            String[] wrong = bySetl.get(settled.get(2).path("setl_id").asText());
            assertEquals("3", wrong[4], "数据不一致");
            assertEquals("30.00", wrong[7], "the platform's amount");
            String[] centerOnly = bySetl.get(planted.setlId());
            assertEquals("1", centerOnly[4], "中心多");
            assertEquals(planted.msgid(), centerOnly[3], "the msgid to 冲正 it with");
            assertTrue(c.refused("9102", dlOf("nope", sim)).contains("file_qury_no"));
        }
    }

    @Test
    void reconciliationCountsRefundsWithTheRefundFlag() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            RawPlatformClient c = signedIn(sim, "110100");
            String mdtrtId = register(c, RESIDENT, "390", "02", "110101198001010010");
            c.ok("2204", fees(mdtrtId, RESIDENT, "1", line("1", "X", "150.00", "1")));
            JsonNode s = c.ok("2207", settleInput(mdtrtId, RESIDENT, "150.00", "1", "0", "02", "110101198001010010"))
                    .path("setlinfo");
            assertEquals(new BigDecimal("50.00"), s.path("hifp_pay").decimalValue());
            String setlId = s.path("setl_id").asText();
            String reverseId = c.ok("2208", data("setl_id", setlId, "mdtrt_id", mdtrtId, "psn_no", RESIDENT))
                    .at("/setlinfo/setl_id").asText();
            assertEquals("0", c.ok("3201", statement("390", "0.00", "0.00", "0.00", "0", "0"))
                    .at("/stmtinfo/stmt_rslt").asText());
            assertEquals("0", c.ok("3201", statement("390", "0.00", "0.00", "0.00", "2", "1"))
                    .at("/stmtinfo/stmt_rslt").asText());
            // a detail file with the forward line and the reverse line written with the original setl_id
            String text = setlId + "\t" + mdtrtId + "\t" + RESIDENT + "\t150.00\t50.00\t0.00\t0\n" + setlId + "\t"
                    + mdtrtId + "\t" + RESIDENT + "\t-150.00\t-50.00\t0.00\t1\n";
            String fileNo = upload(c, sim, "base64", text.getBytes(StandardCharsets.UTF_8));
            String resultNo = c.ok("3202", data("setl_optins", "110100", "file_qury_no", fileNo, "stmt_begndate",
                    TODAY.toString(), "stmt_enddate", TODAY.toString(), "medfee_sumamt", "0.00", "fund_pay_sumamt",
                    "0.00", "cash_payamt", "0.00", "fixmedins_setl_cnt", "2", "clr_type", "11", "refd_setl_flag",
                    "1")).at("/fileinfo/file_qury_no").asText();
            List<String[]> lines = unzipLines(c.send("9102", RawPlatformClient.newMsgid(), dlOf(resultNo, sim)).body());
            assertEquals(2, lines.size());
            assertEquals(List.of("0", "0"), lines.stream().map(l -> l[4]).toList());
            assertEquals(reverseId, lines.get(1)[2]);
        }
    }

    // ---------------------------------------------------------------- robustness

    /** Random and mutated request bodies never break the simulator: every answer is a well-formed refusal. */
    @Test
    void fuzzedBodiesAreRefusedCleanly() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            RawPlatformClient c = signedIn(sim, "110100");
            byte[] valid = JSON.writeValueAsBytes(c.envelope("2204", RawPlatformClient.newMsgid(), fees("x", RESIDENT,
                    "1", line("1", "X", "1.00", "1"))));
            Random random = new Random(14);
            for (int i = 0; i < 300; i++) {
                byte[] body;
                if (i % 3 == 0) {
                    body = new byte[random.nextInt(64)];
                    random.nextBytes(body);
                } else {
                    body = valid.clone();
                    for (int k = 0; k < 1 + random.nextInt(4); k++) {
                        body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                    }
                }
                String type = i % 7 == 0 ? "multipart/form-data; boundary=xyz" : "text/plain";
                HttpResponse<byte[]> r = c.post(sim.endpoint("2204"), type, body, Map.of());
                assertEquals(200, r.statusCode(), "body " + i);
                JsonNode answer = JSON.readTree(r.body());
                assertTrue(answer.path("infcode").asInt(0) == -1 || answer.path("infcode").asInt(-1) == 0,
                        answer.toString());
            }
            sim.settlements().forEach(SettlementPlatformSimulator::checkIdentities);
        }
    }

    @Test
    void concurrentSettlementsKeepTheLedgerConsistent() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            int n = 6;
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < n; t++) {
                String operator = "OP10" + t;
                threads.add(new Thread(() -> {
                    try {
                        RawPlatformClient c = new RawPlatformClient(sim);
                        c.opter = operator;
                        c.signIn();
                        c.insuplc = "110100";
                        String mdtrtId = register(c, HOLDER, "310", "02", "11010519491231002X");
                        c.ok("2204", fees(mdtrtId, HOLDER, "1", line("1", "X", "10.00", "1")));
                        checkIdentitiesOf(c.ok("2207", settleInput(mdtrtId, HOLDER, "10.00", "1", "1", "02",
                                "11010519491231002X")).path("setlinfo"), false);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertTrue(failures.isEmpty(), failures.toString());
            assertEquals(n, sim.settlements().size());
            assertEquals(Money.ofFen(50_000 - n * 300), sim.person(HOLDER).orElseThrow().accountBalance());
        }
    }

    @Test
    void builderRejectsBadSettings() {
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> SettlementPlatformSimulator.builder()
                .profile("shanghai"));
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> SettlementPlatformSimulator.builder()
                .admdvs("11").start());
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> SettlementPlatformSimulator.builder()
                .gatewayTimestampWindow(Duration.ZERO).start());
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> new ReimbursementPolicy("310", Money.ZERO,
                101, Money.ZERO, false));
        assertEquals(List.of("national", "guangdong", "hebei", "hunan", "jiangxi"), SimulatedProvince.names());
    }

    // ---------------------------------------------------------------- helpers

    private static RawPlatformClient signedIn(SettlementPlatformSimulator sim, String insuplc) throws Exception {
        RawPlatformClient c = new RawPlatformClient(sim);
        c.signIn();
        c.insuplc = insuplc;
        return c;
    }

    private static void assertGateway(HttpResponse<byte[]> r, String message) throws IOException {
        assertEquals(401, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(401, body.path("code").asInt());
        assertEquals(message, body.path("message").asText());
    }

    private static ObjectNode registration(String psnNo, String insutype, String certType, String certNo) {
        return data("psn_no", psnNo, "insutype", insutype, "begntime", "2026-12-07 09:00:00", "mdtrt_cert_type",
                certType, "mdtrt_cert_no", certNo, "ipt_otp_no", "OTP-" + System.nanoTime(), "atddr_no", "D001",
                "dr_name", "李医生", "dept_code", "A03", "dept_name", "内科", "caty", "A03");
    }

    private static final Map<String, String> OUTPATIENT_NUMBERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String register(RawPlatformClient c, String psnNo, String insutype, String certType, String certNo)
            throws Exception {
        ObjectNode in = registration(psnNo, insutype, certType, certNo);
        JsonNode out = c.ok("2201", in).path("data");
        String mdtrtId = out.path("mdtrt_id").asText();
        assertFalse(mdtrtId.isEmpty());
        assertEquals(psnNo, out.path("psn_no").asText());
        OUTPATIENT_NUMBERS.put(mdtrtId, in.at("/data/ipt_otp_no").asText());
        assertEquals(OUTPATIENT_NUMBERS.get(mdtrtId), out.path("ipt_otp_no").asText());
        return mdtrtId;
    }

    private static ObjectNode visitInfo(String mdtrtId, String psnNo) {
        ObjectNode in = JSON.createObjectNode();
        RawPlatformClient.put(in.putObject("mdtrtinfo"), "mdtrt_id", mdtrtId, "psn_no", psnNo, "med_type", "11",
                "begntime", "2026-12-07 09:00:00", "main_cond_dscr", "", "dise_codg", "J06.900", "dise_name",
                "急性上呼吸道感染", "birctrl_type", "", "birctrl_matn_date", "");
        ArrayNode d = in.putArray("diseinfo");
        RawPlatformClient.put(d.addObject(), "diag_type", "1", "diag_srt_no", "1", "diag_code", "J06.900",
                "diag_name", "急性上呼吸道感染", "diag_dept", "内科", "dise_dor_no", "D001", "dise_dor_name", "李医生",
                "diag_time", "2026-12-07 09:10:00", "vali_flag", "1");
        return in;
    }

    private record FeeLine(String sn, String code, String pric, String cnt) {
    }

    private static FeeLine line(String sn, String code, String pric, String cnt) {
        return new FeeLine(sn, code, pric, cnt);
    }

    private static ObjectNode fees(String mdtrtId, String psnNo, String batch, FeeLine... lines) {
        ObjectNode in = JSON.createObjectNode();
        ArrayNode a = in.putArray("feedetail");
        for (FeeLine l : lines) {
            BigDecimal det = new BigDecimal(l.pric()).multiply(new BigDecimal(l.cnt())).setScale(2,
                    java.math.RoundingMode.HALF_UP);
            ObjectNode o = a.addObject();
            RawPlatformClient.put(o, "feedetl_sn", l.sn(), "mdtrt_id", mdtrtId, "psn_no", psnNo, "chrg_bchno", batch,
                    "dise_codg", "", "rxno", "", "rx_circ_flag", "0", "fee_ocur_time", "2026-12-07 09:20:00",
                    "med_list_codg", l.code(), "medins_list_codg", "H-" + l.code());
            o.put("det_item_fee_sumamt", det);
            o.put("cnt", new BigDecimal(l.cnt()));
            o.put("pric", new BigDecimal(l.pric()));
            RawPlatformClient.put(o, "sin_dos_dscr", "", "used_frqu_dscr", "", "prd_days", "0", "medc_way_dscr", "",
                    "bilg_dept_codg", "A03", "bilg_dept_name", "内科", "bilg_dr_codg", "D001", "bilg_dr_name",
                    "李医生", "hosp_appr_flag", "1");
        }
        return in;
    }

    private static ObjectNode settleInput(String mdtrtId, String psnNo, String medfee, String batch, String acctFlag,
            String certType, String certNo) {
        ObjectNode in = data("psn_no", psnNo, "mdtrt_cert_type", certType, "mdtrt_cert_no", certNo, "med_type", "11",
                "psn_setlway", "01", "mdtrt_id", mdtrtId, "chrg_bchno", batch, "acct_used_flag", acctFlag, "insutype",
                psnNo.equals(HOLDER) || psnNo.equals(CARD_HOLDER) ? "310" : "390", "invono", "",
                "fulamt_ownpay_amt", "", "overlmt_selfpay", "", "preselfpay_amt", "", "inscp_scp_amt", "");
        ((ObjectNode) in.get("data")).put("medfee_sumamt", new BigDecimal(medfee));
        return in;
    }

    private static ObjectNode statement(String insutype, String medfee, String fund, String acct, String count) {
        return statement(insutype, medfee, fund, acct, count, "0");
    }

    private static ObjectNode statement(String insutype, String medfee, String fund, String acct, String count,
            String refd) {
        return data("insutype", insutype, "clr_type", "11", "setl_optins", "110100", "stmt_begndate",
                TODAY.toString(), "stmt_enddate", TODAY.toString(), "medfee_sumamt", medfee, "fund_pay_sumamt", fund,
                "acct_pay", acct, "fixmedins_setl_cnt", count, "refd_setl_flag", refd);
    }

    private static ObjectNode dlOf(String fileNo, SettlementPlatformSimulator sim) {
        ObjectNode dl = JSON.createObjectNode();
        dl.putObject("fsDownloadIn").put("file_qury_no", fileNo).put("filename", "r.zip").put("fixmedins_code",
                sim.fixmedinsCode());
        return dl;
    }

    /** Uploads with 9101 in one of the three encodings the reference lists; returns the file_qury_no. */
    private static String upload(RawPlatformClient c, SettlementPlatformSimulator sim, String encoding, byte[] file)
            throws Exception {
        ObjectNode in = JSON.createObjectNode();
        ObjectNode up = in.putObject("fsUploadIn").put("filename", "stmt.zip").put("fixmedins_code",
                sim.fixmedinsCode());
        JsonNode answer;
        switch (encoding) {
            case "base64" -> {
                up.put("in", Base64.getEncoder().encodeToString(file));
                answer = c.call("9101", in);
            }
            case "bytes" -> {
                ArrayNode a = up.putArray("in");
                for (byte b : file) {
                    a.add(b); // signed, as a Java byte[] serialises element by element
                }
                answer = c.call("9101", in);
            }
            default -> {
                String boundary = "----yikatong" + System.nanoTime();
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                byte[] json = JSON.writeValueAsBytes(c.envelope("9101", RawPlatformClient.newMsgid(), in));
                body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jsonStr\"\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.writeBytes(json);
                body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                        + "filename=\"stmt.zip\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.writeBytes(file);
                body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
                answer = JSON.readTree(c.post(sim.endpoint("9101"), "multipart/form-data; boundary=" + boundary,
                        body.toByteArray(), c.gatewayHeaders("9101")).body());
            }
        }
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        assertEquals("stmt.zip", answer.at("/output/filename").asText());
        return answer.at("/output/file_qury_no").asText();
    }

    private static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(content);
        }
        return b.toByteArray();
    }

    private static List<String[]> unzipLines(byte[] zip) throws IOException {
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            assertTrue(z.getNextEntry() != null);
            String text = new String(z.readAllBytes(), StandardCharsets.UTF_8);
            List<String[]> out = new ArrayList<>();
            for (String l : text.split("\n")) {
                if (!l.isEmpty()) {
                    out.add(l.split("\t", -1));
                }
            }
            return out;
        }
    }

    /** The §3 identities, checked on the JSON answer independently of the simulator's own check. */
    private static void checkIdentitiesOf(JsonNode s, boolean reverse) {
        BigDecimal medfee = s.path("medfee_sumamt").decimalValue();
        BigDecimal fund = s.path("fund_pay_sumamt").decimalValue();
        BigDecimal psnPart = s.path("psn_part_amt").decimalValue();
        BigDecimal cash = s.path(reverse ? "pdn_cash_pay" : "psn_cash_pay").decimalValue();
        assertEquals(0, medfee.compareTo(fund.add(psnPart).add(s.path("hosp_part_amt").decimalValue())), s.toString());
        BigDecimal funds = BigDecimal.ZERO;
        for (String f : List.of("hifp_pay", "cvlserv_pay", "hifes_pay", "hifmi_pay", "hifob_pay", "maf_pay",
                "oth_pay")) {
            funds = funds.add(s.path(f).decimalValue());
        }
        assertEquals(0, fund.compareTo(funds), s.toString());
        assertEquals(0, psnPart.compareTo(s.path("acct_pay").decimalValue().add(cash)), s.toString());
        assertEquals(0, medfee.compareTo(s.path("fulamt_ownpay_amt").decimalValue()
                .add(s.path("overlmt_selfpay").decimalValue()).add(s.path("preselfpay_amt").decimalValue())
                .add(s.path("inscp_scp_amt").decimalValue())), s.toString());
    }
}
