package io.yikatong.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.core.Money;
import io.yikatong.testkit.payment.medicalinsurance.settlement.SettlementPlatformSimulator;
import io.yikatong.testkit.payment.medicalinsurance.settlement.SimulatedSettlement;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code yikatong yb …} against the testkit's platform simulator, with the shipped example fees file. */
class YbCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE_FEES = Path.of("examples", "fees.json");
    private static final String TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new YikatongCli().run(List.of(args), new Command.Io(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result yb(SettlementPlatformSimulator sim, String command, String... more) {
        List<String> a = new ArrayList<>(List.of("yb", command, "--gateway", sim.gatewayUri().toString(), "--profile",
                sim.profile().name(), "--journal", dir.resolve("journal").toString()));
        a.addAll(List.of(more));
        return cli(a.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"national", "guangdong", "hebei", "hunan", "jiangxi"})
    void theExampleFeesFileSettlesInEveryProfile(String profile) throws Exception {
        assertTrue(Files.isRegularFile(EXAMPLE_FEES), "the example ships next to the samples");
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder().profile(profile).start()) {
            Result r = yb(sim, "settle", "--cert-type", "02", "--cert-no", "11010519491231002X", "--fees",
                    EXAMPLE_FEES.toString());
            assertEquals(0, r.status(), r.out() + r.err());
            JsonNode o = JSON.readTree(r.out());
            assertEquals(1, r.out().strip().lines().count(), "one JSON object");
            assertEquals("settled", o.path("status").asText());
            assertEquals("240.00", o.path("medfeeSumamt").asText());
            assertEquals("129.50", o.path("fundPaySumamt").asText());
            assertEquals("60.50", o.path("acctPay").asText());
            assertEquals("50.00", o.path("psnCashPay").asText());
            assertEquals("counter", o.path("cash").path("channel").asText());
            SimulatedSettlement s = sim.settlement(o.path("setlId").asText()).orElseThrow();
            assertEquals(Money.ofFen(12_950), s.fundPaySumamt());
        }
    }

    @Test
    void settleWithACashCodeThenReconcileThenUndo() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            Result r = yb(sim, "settle", "--cert-type", "03", "--cert-no", "Y00000001", "--card-sn",
                    "110100D156000005594B545353430001", "--fees", EXAMPLE_FEES.toString(), "--cash-channel", "wechat",
                    "--cash-code", "134567890123456789");
            assertEquals(0, r.status(), r.out() + r.err());
            JsonNode o = JSON.readTree(r.out());
            assertEquals("paid", o.at("/cash/status").asText(), r.out());
            assertEquals("wechat", o.at("/cash/channel").asText());
            assertEquals("50.00", o.at("/cash/amount").asText());
            String setlId = o.path("setlId").asText();

            Result balanced = yb(sim, "reconcile", "--date", TODAY);
            assertEquals(0, balanced.status(), balanced.out() + balanced.err());
            assertEquals("balanced", JSON.readTree(balanced.out()).path("status").asText());

            SimulatedSettlement planted = sim.plantSettlement("11000000000000000002", Money.ofFen(1_200),
                    LocalDate.parse(TODAY));
            Result mismatch = yb(sim, "reconcile", "--date", TODAY);
            assertEquals(1, mismatch.status(), mismatch.out() + mismatch.err());
            JsonNode report = JSON.readTree(mismatch.out());
            assertEquals("mismatch", report.path("status").asText());
            assertEquals("center-only", report.at("/mismatches/0/kind").asText(), mismatch.out());
            assertEquals(planted.msgid(), report.at("/mismatches/0/msgid").asText());

            Result undo = yb(sim, "undo", "--setl-id", setlId);
            assertEquals(0, undo.status(), undo.out() + undo.err());
            assertEquals("undone", JSON.readTree(undo.out()).path("status").asText());
            assertEquals(SimulatedSettlement.State.CANCELLED, sim.settlement(setlId).orElseThrow().state());
            assertEquals(0, sim.activeVisits());
        }
    }

    @Test
    void badInputIsAUsageError() throws Exception {
        try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.start()) {
            Result noSn = yb(sim, "settle", "--cert-type", "03", "--cert-no", "Y00000001", "--fees",
                    EXAMPLE_FEES.toString());
            assertEquals(2, noSn.status());
            assertTrue(noSn.err().contains("--card-sn"), noSn.err());
            Files.writeString(dir.resolve("bad.json"), "{\"fees\": []}");
            Result empty = yb(sim, "settle", "--cert-type", "02", "--cert-no", "11010519491231002X", "--fees",
                    dir.resolve("bad.json").toString());
            assertEquals(2, empty.status());
            assertEquals(2, yb(sim, "reconcile", "--date", "07/12/2026").status());
            assertEquals(2, cli("yb", "simulator", "--profile", "shanghai").status());
            Result unknownPerson = yb(sim, "settle", "--cert-type", "02", "--cert-no", "110101199912319999", "--fees",
                    EXAMPLE_FEES.toString());
            assertEquals(1, unknownPerson.status(), unknownPerson.out() + unknownPerson.err());
            assertEquals("declined", JSON.readTree(unknownPerson.out()).path("status").asText());
        }
    }
}
