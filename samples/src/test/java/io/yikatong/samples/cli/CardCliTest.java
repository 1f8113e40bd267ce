package io.yikatong.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.pcsc.CardPresence;
import io.yikatong.card.pcsc.PcscReaders;
import io.yikatong.testkit.card.VpcdCardBridge;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.testkit.card.VirtualSocialSecurityCardProfile;
import io.yikatong.testkit.card.VirtualSocialSecurityCards;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code yikatong card …} against virtual cards served to the real pcscd through vpcd (needs
 * {@code bash sdk-testkit/src/test/scripts/pcscd-stack.sh start}; skipped without it, failed without it when CI=true),
 * plus the argument checks that need no reader.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CardCliTest {

    private static final String SLOT0 = "Virtual PCD 00 00";

    private record Result(int status, String out, String err) {
    }

    private static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new YikatongCli().run(List.of(args), new Command.Io(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static PcscReaders stack() {
        String problem;
        try {
            PcscReaders readers = PcscReaders.open();
            if (readers.list().stream().anyMatch(r -> r.name().equals(SLOT0))) {
                return readers;
            }
            problem = "pcscd runs without the vpcd reader";
        } catch (CardLinkException e) {
            problem = "pcscd is not reachable: " + e.getMessage();
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and the PC/SC stack is required: " + problem);
        }
        assumeTrue(false, problem);
        return null;
    }

    @Test
    void readsAHealthCardAsJsonThroughPcscd() throws Exception {
        PcscReaders readers = stack();
        try (VpcdCardBridge bridge = VpcdCardBridge.start(
                VirtualHealthCards.transport(VirtualHealthCards.example()), VpcdCardBridge.DEFAULT_PORT)) {
            assertTrue(bridge.awaitConnected(10_000));
            assertTrue(readers.waitForCard(SLOT0, CardPresence.PRESENT, Duration.ofSeconds(10)));
            Result r = cli("card", "read", "--reader", SLOT0, "--dev-sam", "development", "--json", "--full");
            assertEquals(0, r.status(), r.err());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals("residentHealthCard", doc.get("cardType").asText());
            assertEquals("11010519491231002X", doc.at("/holder/idNumber").asText());
            assertTrue(doc.at("/masked").isMissingNode(), "--full is not masked");
            assertEquals("张晓虹", doc.at("/holder/name").asText());
            assertEquals("2", doc.at("/holder/gender").asText());
            assertEquals("01", doc.at("/holder/nation").asText());
            assertEquals("1949-12-31", doc.at("/holder/birthDate").asText());
            assertEquals("110105", doc.at("/issuer/cityCode").asText());
            assertEquals("2031-03-15", doc.at("/contact/expiryDate").asText());
            assertEquals("07", doc.at("/contact/paymentMethods/1").asText());
            assertEquals("jpeg", doc.at("/photo/format").asText());
            // without --full: the masking policy, so that the ID number cannot be rebuilt from the birth date
            Result masked = cli("card", "read", "--reader", SLOT0, "--dev-sam", "development", "--json");
            assertEquals(0, masked.status(), masked.err());
            JsonNode m = new ObjectMapper().readTree(masked.out());
            assertTrue(m.get("masked").asBoolean());
            assertEquals("张*", m.at("/holder/name").asText());
            assertEquals("110105********002*", m.at("/holder/idNumber").asText());
            assertEquals("110105********002*", m.at("/issuer/cardNumber").asText());
            assertEquals("1949-**-**", m.at("/holder/birthDate").asText());
            Result text = cli("card", "read", "--reader", SLOT0, "--dev-sam", "development", "--all");
            assertEquals(0, text.status(), text.err());
            for (Result out : List.of(masked, text)) {
                for (String hidden : List.of("11010519491231002X", "19491231", "1949-12-31", "1949/12/31", "491231",
                        "1231", "12-31", "晓虹", "55550100", "虚拟胡同")) {
                    assertFalse(out.out().contains(hidden), hidden + " in\n" + out.out());
                }
            }
            assertTrue(text.out().contains("born 1949-**-**, ID 110105********002*"), text.out());
            Result noSam = cli("card", "read", "--reader", SLOT0);
            assertEquals(0, noSam.status(), noSam.err());
            assertTrue(noSam.out().contains("needs a security module"), noSam.out());
        }
        assertTrue(readers.waitForCard(SLOT0, CardPresence.ABSENT, Duration.ofSeconds(10)));
        Result empty = cli("card", "read", "--reader", SLOT0);
        assertEquals(CardCommands.NO_CARD, empty.status(), empty.err());
        Result missing = cli("card", "read", "--reader", "No Such Reader.*");
        assertEquals(CardCommands.NO_READER, missing.status(), missing.err());
    }

    @Test
    void readsASocialSecurityCardAsJsonThroughPcscd() throws Exception {
        PcscReaders readers = stack();
        try (VpcdCardBridge bridge = VpcdCardBridge.start(VirtualSocialSecurityCards.transport(
                VirtualSocialSecurityCards.example()), VpcdCardBridge.DEFAULT_PORT)) {
            assertTrue(bridge.awaitConnected(10_000));
            assertTrue(readers.waitForCard(SLOT0, CardPresence.PRESENT, Duration.ofSeconds(10)));
            Result r = cli("card", "read", "--reader", SLOT0, "--dev-sam", "development", "--json", "--full");
            assertEquals(0, r.status(), r.err());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals("socialSecurityCard", doc.get("cardType").asText());
            assertEquals("3.00", doc.at("/card/specVersion").asText());
            assertEquals("11010519491231002X", doc.at("/holder/socialSecurityNumber").asText());
            String bas = doc.get("iReadCardBas").asText();
            assertEquals(11, bas.split("\\|", -1).length - 1, bas);
            assertTrue(bas.startsWith("110100|11010519491231002X|Y00000001|"), bas);
            // masked (no --full): JSON and text, the iReadCardBas string masked field by field
            Result masked = cli("card", "read", "--reader", SLOT0, "--dev-sam", "development", "--json");
            assertEquals(0, masked.status(), masked.err());
            JsonNode m = new ObjectMapper().readTree(masked.out());
            assertTrue(m.get("iReadCardBas").asText().startsWith("110100|110105********002*|*******01|110100*"),
                    m.get("iReadCardBas").asText());
            assertEquals("1949-**-**", m.at("/holder/birthDate").asText());
            Result text = cli("card", "read", "--reader", SLOT0, "--dev-sam", "development");
            assertEquals(0, text.status(), text.err());
            for (Result out : List.of(masked, text)) {
                for (String hidden : List.of("11010519491231002X", "Y00000001", "19491231", "1949-12-31", "1231",
                        "古丽娜尔", "阿不都")) {
                    assertFalse(out.out().contains(hidden), hidden + " in\n" + out.out());
                }
            }
        }
        assertTrue(readers.waitForCard(SLOT0, CardPresence.ABSENT, Duration.ofSeconds(10)));
    }

    private static void awaitNoCardWorker(String reader) throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("yikatong-card-io-") && t.getName().endsWith(" " + reader)) {
                t.join(10_000);
                assertFalse(t.isAlive(), "card worker still stuck: " + t.getName());
            }
        }
    }

    @Test
    void cardReadOfAFrozenCardEndsPromptlyWithOneLine() throws Exception {
        PcscReaders readers = stack();
        try (VpcdCardBridge bridge = VpcdCardBridge.start(
                VirtualHealthCards.transport(VirtualHealthCards.example()), VpcdCardBridge.DEFAULT_PORT)) {
            assertTrue(bridge.awaitConnected(10_000));
            assertTrue(readers.waitForCard(SLOT0, CardPresence.PRESENT, Duration.ofSeconds(10)));
            bridge.freeze(); // the card stops answering, as a card process stopped with SIGSTOP
            long start = System.nanoTime();
            Result r = cli("card", "read", "--reader", SLOT0, "--dev-sam", "development", "--all", "--json",
                    "--card-timeout", "2");
            long took = System.nanoTime() - start;
            assertEquals(Command.FAILED, r.status(), r.err());
            assertEquals("", r.out());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("yikatong: card timeout: ") && r.err().contains("2000 ms")
                    && r.err().contains(SLOT0), r.err());
            assertTrue(took < Duration.ofSeconds(10).toNanos(), "took " + Duration.ofNanos(took));
            assertTrue(bridge.isHoldingMessage(), "the command reached the frozen card");

            bridge.unfreeze();
            awaitNoCardWorker(SLOT0);
            Result again = cli("card", "read", "--reader", SLOT0, "--dev-sam", "development", "--all", "--json",
                    "--full", "--card-timeout", "2");
            assertEquals(0, again.status(), again.err());
            assertEquals("张晓虹", new ObjectMapper().readTree(again.out()).at("/holder/name").asText());
        }
        assertTrue(readers.waitForCard(SLOT0, CardPresence.ABSENT, Duration.ofSeconds(10)));
    }

    @Test
    void readsASocialSecurityCardWithoutSecurityModuleOnlyWhenAskedAndMarksItUnverified() throws Exception {
        PcscReaders readers = stack();
        VirtualSocialSecurityCardProfile third = VirtualSocialSecurityCards.example();
        try (VpcdCardBridge bridge = VpcdCardBridge.start(VirtualSocialSecurityCards.transport(third),
                VpcdCardBridge.DEFAULT_PORT)) {
            assertTrue(bridge.awaitConnected(10_000));
            assertTrue(readers.waitForCard(SLOT0, CardPresence.PRESENT, Duration.ofSeconds(10)));
            Result refused = cli("card", "read", "--reader", SLOT0, "--json");
            assertEquals(Command.USAGE, refused.status(), refused.err());
            assertTrue(refused.err().contains("--unauthenticated"), refused.err());
            assertEquals("", refused.out());

            Result r = cli("card", "read", "--reader", SLOT0, "--unauthenticated", "--json", "--full");
            assertEquals(0, r.status(), r.err());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals("socialSecurityCard", doc.get("cardType").asText());
            assertTrue(doc.get("verified").isBoolean() && !doc.get("verified").asBoolean(), r.out());
            assertTrue(doc.get("note").asText().contains("NOT verified genuine"), r.out());
            assertTrue(doc.get("note").asText().contains("RKSSSE"), r.out());
            assertEquals("3.00", doc.at("/card/specVersion").asText());
            assertEquals(third.cardNumber(), doc.at("/card/cardNumber").asText());
            assertTrue(doc.at("/holder").isMissingNode(), "a 3.0 card's holder file needs RKSSSE: " + r.out());

            Result text = cli("card", "read", "--reader", SLOT0, "--unauthenticated");
            assertEquals(0, text.status(), text.err());
            assertTrue(text.out().contains("NOT verified genuine"), text.out());
            // masked unless --full, like every card read
            Result masked = cli("card", "read", "--reader", SLOT0, "--unauthenticated", "--json");
            assertEquals(0, masked.status(), masked.err());
            assertTrue(new ObjectMapper().readTree(masked.out()).get("masked").asBoolean(), masked.out());
            for (String out : List.of(masked.out(), text.out())) {
                assertFalse(out.contains(third.cardNumber()), "the card number is masked: " + out);
            }
        }
        assertTrue(readers.waitForCard(SLOT0, CardPresence.ABSENT, Duration.ofSeconds(10)));

        VirtualSocialSecurityCardProfile second = new VirtualSocialSecurityCardProfile(third.historicalBytes(),
                third.algorithmId(), third.regionCode(), third.uniqueValue(), third.category(), "2.00",
                third.issuerOrgCode(), third.issueDate(), third.expiryDate(), third.cardNumber(),
                third.socialSecurityNumber(), third.name(), third.nameExtensionRecord(), third.gender(), third.nation(),
                third.birthPlace(), third.birthDate());
        try (VpcdCardBridge bridge = VpcdCardBridge.start(VirtualSocialSecurityCards.transport(second),
                VpcdCardBridge.DEFAULT_PORT)) {
            assertTrue(bridge.awaitConnected(10_000));
            assertTrue(readers.waitForCard(SLOT0, CardPresence.PRESENT, Duration.ofSeconds(10)));
            Result r = cli("card", "read", "--reader", SLOT0, "--unauthenticated", "--json", "--full");
            assertEquals(0, r.status(), r.err());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertFalse(doc.get("verified").asBoolean(), r.out());
            assertEquals("2.00", doc.at("/card/specVersion").asText());
            assertEquals("11010519491231002X", doc.at("/holder/socialSecurityNumber").asText());
            assertTrue(doc.get("note").asText().contains("NOT verified genuine"), r.out());
            assertFalse(doc.get("note").asText().contains("RKSSSE"), r.out());
        }
        assertTrue(readers.waitForCard(SLOT0, CardPresence.ABSENT, Duration.ofSeconds(10)));
    }

    @Test
    void argumentErrorsAreUsageErrors() {
        assertEquals(Command.USAGE, cli("card", "serve").status());
        assertEquals(Command.USAGE, cli("card", "serve", "--example", "nope").status());
        assertEquals(Command.USAGE, cli("card", "serve", "--example", "health", "--reader-port", "99999").status());
        assertEquals(Command.USAGE, cli("card", "read", "--dev-sam", "x").status());
        assertEquals(Command.USAGE, cli("card", "read", "--dev-sam", "development", "--sam-reader", "y").status());
        assertEquals(Command.USAGE, cli("card", "read", "--unauthenticated", "--dev-sam", "development").status());
        for (String bad : List.of("0", "-1", "abc", "601", "0.0001")) {
            Result r = cli("card", "read", "--card-timeout", bad);
            assertEquals(Command.USAGE, r.status(), bad + ": " + r.err());
            assertTrue(r.err().contains("--card-timeout"), r.err());
        }
    }
}
