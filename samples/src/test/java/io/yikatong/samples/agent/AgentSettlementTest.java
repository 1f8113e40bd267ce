package io.yikatong.samples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.Money;
import io.yikatong.core.PersonalField;
import io.yikatong.samples.cli.AgentCommand;
import io.yikatong.testkit.payment.medicalinsurance.settlement.SettlementPlatformSimulator;
import io.yikatong.testkit.payment.medicalinsurance.settlement.SimulatedSettlement;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent's medical-insurance settlement endpoints ({@code /v1/yb/…}) against the testkit's platform simulator: the
 * national profile and a signed one (Hunan, TIF), the agent's in-process virtual health card and WeChat Pay simulator.
 */
class AgentSettlementTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE_FEES = Path.of("examples", "fees.json");
    /** The virtual card's holder, person 11000000000000000001 of the simulator's default people. */
    private static final String ID_NUMBER = "11010519491231002X";
    private static final String PAYING_CODE = "134567890123456789";
    private static final String TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    private URI base;
    private String token;

    private AgentServer agent(SettlementPlatformSimulator sim, String recoverySeconds) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--token-file", dir.resolve("token").toString(),
                "--journal", dir.resolve("journal").toString(), "--recovery-period", recoverySeconds));
        if (sim != null) {
            args.addAll(List.of("--yb-gateway", sim.gatewayUri().toString(), "--yb-profile", sim.profile().name()));
        }
        AgentServer agent = AgentCommand.start(args, log::add);
        token = Files.readString(dir.resolve("token")).strip();
        base = URI.create("http://127.0.0.1:" + agent.port());
        return agent;
    }

    private static ObjectNode fees() throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(EXAMPLE_FEES));
    }

    private static ObjectNode byIdNumber(String idNumber) throws Exception {
        ObjectNode body = fees();
        body.putObject("credential").put("certType", "02").put("certNo", idNumber);
        return body;
    }

    private HttpResponse<String> post(String path, JsonNode body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString(
                        StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** The split's identities on the answer and on the platform's record; returns the record. */
    private static SimulatedSettlement checkSplit(SettlementPlatformSimulator sim, JsonNode o) {
        long medfee = Money.parseYuan(o.path("medfeeSumamt").asText()).fen();
        long fund = Money.parseYuan(o.path("fundPaySumamt").asText()).fen();
        long acct = Money.parseYuan(o.path("acctPay").asText()).fen();
        long cash = Money.parseYuan(o.path("psnCashPay").asText()).fen();
        assertEquals(medfee, fund + acct + cash, "medfee = fund + account + cash: " + o);
        SimulatedSettlement s = sim.settlement(o.path("setlId").asText()).orElseThrow();
        SettlementPlatformSimulator.checkIdentities(s);
        assertEquals(SimulatedSettlement.State.SETTLED, s.state());
        assertEquals(medfee, s.medfeeSumamt().fen());
        assertEquals(fund, s.fundPaySumamt().fen());
        assertEquals(acct, s.acctPay().fen());
        assertEquals(cash, s.psnCashPay().fen());
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"national", "hunan"})
    void settlesByIdNumberAndFromTheCardThenReconcilesAndUndoes(String profile) throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder().profile(profile).start();
                AgentServer agent = agent(sim, "3600")) {
            // by ID number, cash at the counter
            HttpResponse<String> byId = post("/v1/yb/settle", byIdNumber(ID_NUMBER));
            assertEquals(200, byId.statusCode(), byId.body());
            JsonNode o = json(byId);
            assertEquals("settled", o.path("status").asText(), byId.body());
            assertEquals("240.00", o.path("medfeeSumamt").asText());
            assertEquals("129.50", o.path("fundPaySumamt").asText());
            assertEquals("60.50", o.path("acctPay").asText());
            assertEquals("50.00", o.path("psnCashPay").asText());
            assertEquals("counter", o.at("/cash/channel").asText());
            assertEquals("paid", o.at("/cash/status").asText());
            assertEquals("02", o.at("/credential/certType").asText());
            assertEquals(PersonalField.ID_NUMBER.mask(ID_NUMBER), o.at("/credential/certNo").asText());
            assertFalse(o.at("/credential/fromCard").asBoolean());
            assertTrue(o.path("masked").asBoolean());
            assertFalse(byId.body().contains(ID_NUMBER), "the ID number in the masked answer: " + byId.body());
            SimulatedSettlement first = checkSplit(sim, o);
            assertEquals("11000000000000000001", first.psnNo());

            // from the card in the (named) reader, the cash share by payment code through the agent's payment client
            String reader = json(get("/v1/readers")).path("default").asText();
            ObjectNode fromCard = fees().put("fromCard", true).put("cashChannel", "wechat").put("cashCode",
                    PAYING_CODE);
            HttpResponse<String> card = post("/v1/yb/settle?full=true&reader=" + URLEncoder.encode(reader,
                    StandardCharsets.UTF_8), fromCard);
            assertEquals(200, card.statusCode(), card.body());
            JsonNode c = json(card);
            assertEquals("settled", c.path("status").asText(), card.body());
            assertEquals(ID_NUMBER, c.at("/credential/certNo").asText(), "full=true: the card holder's ID number");
            assertTrue(c.at("/credential/fromCard").asBoolean());
            assertFalse(c.has("masked"));
            assertEquals("wechat", c.at("/cash/channel").asText());
            assertEquals("paid", c.at("/cash/status").asText(), card.body());
            assertEquals(c.path("psnCashPay").asText(), c.at("/cash/amount").asText());
            SimulatedSettlement second = checkSplit(sim, c);
            assertEquals(first.psnNo(), second.psnNo(), "the card's holder is the person settled");
            assertNotEquals(o.path("visitNo").asText(), c.path("visitNo").asText());
            // the cash share is an order of the agent's payment journal
            JsonNode paid = json(get("/v1/payments/" + c.at("/cash/orderNo").asText()));
            assertEquals("paid", paid.path("status").asText(), paid.toString());
            assertEquals(404, post("/v1/yb/settle?reader=no-such-reader", fromCard).statusCode());

            // the same visit number again: its outcome, nothing sent again
            int before = sim.settlements().size();
            ObjectNode again = byIdNumber(ID_NUMBER).put("visitNo", o.path("visitNo").asText());
            JsonNode repeated = json(post("/v1/yb/settle", again));
            assertEquals(o.path("setlId").asText(), repeated.path("setlId").asText(), repeated.toString());
            assertEquals(before, sim.settlements().size());

            HttpResponse<String> balanced = get("/v1/yb/reconcile?date=" + TODAY);
            assertEquals(200, balanced.statusCode(), balanced.body());
            JsonNode report = json(balanced);
            assertEquals("balanced", report.path("status").asText(), balanced.body());
            assertEquals(0, report.path("mismatches").size());
            assertTrue(report.path("groups").size() >= 1, balanced.body());

            HttpResponse<String> undo = post("/v1/yb/settlements/" + o.path("setlId").asText() + "/undo", null);
            assertEquals(200, undo.statusCode(), undo.body());
            assertEquals("undone", json(undo).path("status").asText(), undo.body());
            assertEquals(SimulatedSettlement.State.CANCELLED, sim.settlement(o.path("setlId").asText()).orElseThrow()
                    .state());
            HttpResponse<String> twice = post("/v1/yb/settlements/" + o.path("setlId").asText() + "/undo", null);
            assertEquals(409, twice.statusCode(), twice.body());
            assertEquals("not_settled", json(twice).at("/error/code").asText());
            HttpResponse<String> unknown = post("/v1/yb/settlements/NO-SUCH-SETTLEMENT/undo", null);
            assertEquals(404, unknown.statusCode(), unknown.body());
            assertEquals("unknown_settlement", json(unknown).at("/error/code").asText());
            assertEquals(SimulatedSettlement.State.SETTLED, sim.settlement(c.path("setlId").asText()).orElseThrow()
                    .state(), "the other visit stays settled");

            // a settlement the hospital does not know (中心多) is listed, with 200
            SimulatedSettlement planted = sim.plantSettlement("11000000000000000003", Money.ofFen(1_200),
                    LocalDate.parse(TODAY));
            HttpResponse<String> mismatch = get("/v1/yb/reconcile?date=" + TODAY);
            assertEquals(200, mismatch.statusCode(), mismatch.body());
            JsonNode m = json(mismatch);
            assertEquals("mismatch", m.path("status").asText(), mismatch.body());
            assertEquals("center-only", m.at("/mismatches/0/kind").asText(), mismatch.body());
            assertEquals(planted.msgid(), m.at("/mismatches/0/msgid").asText());
            assertEquals(1, m.path("mismatches").size(), mismatch.body());
        }
    }

    @Test
    void refusalsAndFailuresMapToStableCodes() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start();
                AgentServer agent = agent(sim, "3600")) {
            // nobody with this ID number: 1101 refused
            String stranger = "110101199912319999";
            HttpResponse<String> nobody = post("/v1/yb/settle", byIdNumber(stranger));
            assertEquals(422, nobody.statusCode(), nobody.body());
            JsonNode e = json(nobody).path("error");
            assertEquals("platform_refused", e.path("code").asText());
            assertEquals("1101", e.path("step").asText());
            assertFalse(nobody.body().contains(stranger), nobody.body());

            // the settlement itself refused: undone, nothing left at the platform
            sim.refuseNext("2207", "基金支付校验失败");
            HttpResponse<String> refused = post("/v1/yb/settle", byIdNumber(ID_NUMBER));
            assertEquals(422, refused.statusCode(), refused.body());
            e = json(refused).path("error");
            assertEquals("platform_refused", e.path("code").asText());
            assertEquals("2207", e.path("step").asText());
            assertEquals("-1", e.path("platformCode").asText());
            assertTrue(e.path("message").asText().contains("基金支付校验失败"), refused.body());
            assertEquals(0, sim.activeVisits());
            // its visit number is spent
            HttpResponse<String> spent = post("/v1/yb/settle", byIdNumber(ID_NUMBER).put("visitNo",
                    e.path("visitNo").asText()));
            assertEquals(409, spent.statusCode(), spent.body());
            assertEquals("visit_closed", json(spent).at("/error/code").asText());

            // the platform unreachable (HTTP 503 twice: the 1101 and its one repetition)
            sim.failNext(2, 503);
            HttpResponse<String> down = post("/v1/yb/settle", byIdNumber(ID_NUMBER));
            assertEquals(502, down.statusCode(), down.body());
            assertEquals("platform_unavailable", json(down).at("/error/code").asText());

            // the cash share declined (the WeChat Pay simulator declines codes starting 1399): the settlement undone
            HttpResponse<String> noCash = post("/v1/yb/settle", byIdNumber(ID_NUMBER).put("cashChannel", "wechat")
                    .put("cashCode", "139912345678901234"));
            assertEquals(422, noCash.statusCode(), noCash.body());
            assertEquals("cash_declined", json(noCash).at("/error/code").asText());
            assertEquals("cash", json(noCash).at("/error/step").asText());
            assertEquals(0, sim.activeVisits());
            assertTrue(sim.settlements().stream().noneMatch(s -> s.originalSetlId() == null
                    && s.state() == SimulatedSettlement.State.SETTLED), "no settlement left in force");

            // bad input names the field; nothing is sent
            int sent = sim.infnosReceived().size();
            assertField("credential.certType", post("/v1/yb/settle", fees().set("credential", JSON.createObjectNode()
                    .put("certType", "04").put("certNo", "X"))));
            assertField("credential.cardSn", post("/v1/yb/settle", fees().set("credential", JSON.createObjectNode()
                    .put("certType", "03").put("certNo", "Y00000001"))));
            assertField("credential.certNo", post("/v1/yb/settle", byIdNumber("12345")));
            assertField("credential", post("/v1/yb/settle", fees()));
            assertField("credential", post("/v1/yb/settle", byIdNumber(ID_NUMBER).put("fromCard", true)));
            ObjectNode badPrice = byIdNumber(ID_NUMBER);
            ((ObjectNode) badPrice.path("fees").get(1)).put("price", "abc");
            assertField("fees[1].price", post("/v1/yb/settle", badPrice));
            ObjectNode noFees = byIdNumber(ID_NUMBER);
            noFees.putArray("fees");
            assertField("fees", post("/v1/yb/settle", noFees));
            assertField("cashChannel", post("/v1/yb/settle", byIdNumber(ID_NUMBER).put("cashChannel", "alipay")
                    .put("cashCode", PAYING_CODE)));
            assertField("cashCode", post("/v1/yb/settle", byIdNumber(ID_NUMBER).put("cashChannel", "wechat")));
            assertField("date", get("/v1/yb/reconcile?date=07/12/2026"));
            assertField("date", get("/v1/yb/reconcile"));
            assertEquals(sent, sim.infnosReceived().size(), "nothing sent for bad input");
        }
    }

    private static void assertField(String field, HttpResponse<String> r) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("invalid_input", json(r).at("/error/code").asText(), r.body());
        assertEquals(field, json(r).at("/error/field").asText(), r.body());
    }

    @Test
    void theResumeLoopFinishesAVisitWhoseSettlementAnswerWasLost() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder().profile("hunan").start();
                AgentServer agent = agent(sim, "1")) {
            // 2207 committed but its answer lost, then the 2601 that reverses it too: the visit is left reversing
            sim.dropAnswersAfterCommit("2207", 1);
            sim.dropAnswersAfterCommit("2601", 1);
            HttpResponse<String> lost = post("/v1/yb/settle", byIdNumber(ID_NUMBER));
            assertEquals(200, lost.statusCode(), lost.body());
            JsonNode o = json(lost);
            assertEquals("pending", o.path("status").asText(), lost.body());
            assertEquals("reversing", o.path("state").asText(), lost.body());
            // the agent's loop (every second) repeats the 2601 and undoes the visit: exactly one reversal
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sim.activeVisits() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50); // polling a condition with a bounded deadline, not a sleep as synchronisation
            }
            assertEquals(0, sim.activeVisits(), "the loop undid the visit");
            assertEquals(1, sim.reversalsApplied());
            HttpResponse<String> after = post("/v1/yb/settle", byIdNumber(ID_NUMBER).put("visitNo",
                    o.path("visitNo").asText()));
            assertEquals(409, after.statusCode(), after.body());
            assertEquals("visit_closed", json(after).at("/error/code").asText());
            assertNotNull(agent.settlementResume());
            assertTrue(agent.settlementResume().runOnce().isEmpty(), "nothing left to resume");
        }
    }

    @Test
    void withoutYbGatewayTheRoutesAre404AndTheOptionsGoTogether() throws Exception {
        try (AgentServer agent = agent(null, "3600")) {
            for (HttpResponse<String> r : List.of(post("/v1/yb/settle", byIdNumber(ID_NUMBER)),
                    post("/v1/yb/settlements/S1/undo", null), get("/v1/yb/reconcile?date=" + TODAY))) {
                assertEquals(404, r.statusCode(), r.body());
                assertEquals("not_found", json(r).at("/error/code").asText());
            }
            assertEquals(null, agent.settlementResume());
        }
        Exception e = assertThrows(Exception.class, () -> AgentCommand.start(List.of("--port", "0", "--token-file",
                dir.resolve("token").toString(), "--journal", dir.resolve("journal").toString(), "--yb-gateway",
                "http://127.0.0.1:9/"), l -> { }));
        assertTrue(e.getMessage().contains("--yb-profile"), e.getMessage());
    }
}
