package io.yikatong.card.social;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.ApduExchange;
import io.yikatong.card.AuthenticationFailedException;
import io.yikatong.card.CardSession;
import io.yikatong.card.StatusWord;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualSocialSecurityCardProfile;
import io.yikatong.testkit.card.VirtualSocialSecurityCards;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reads virtual social security cards in-process with {@link SocialSecurityCardReader} (health-card-spec §3). */
class SocialSecurityCardReaderTest {

    /** The 3.0 read, command by command: full hex for the reads (exact Le), the header for the others. */
    private static final List<String> THIRD_GENERATION_READ = List.of(
            "00A40400", "00C00000", "00A40200",
            "00B2010012", "00B2020003", "00B2030006", "00B204000E", "00B2050006", "00B2060006", "00B207000B",
            "00880000", "00840000", "0082000A", "00A40200",
            "00B2080014", "00B2090020", "00B24E0016", "00B20A0003", "00B20B0003", "00B20C0005", "00B20D0006");

    static VirtualSocialSecurityCardProfile secondGeneration() throws Exception {
        try (InputStream in = SocialSecurityCardReaderTest.class.getResourceAsStream("/virtual/social-security-2.0.json")) {
            return VirtualSocialSecurityCards.fromJson(in);
        }
    }

    static VirtualSocialSecurityCardProfile withAlgorithm(VirtualSocialSecurityCardProfile p, int alg) {
        return new VirtualSocialSecurityCardProfile(p.historicalBytes(), alg, p.regionCode(), p.uniqueValue(),
                p.category(), p.specVersion(), p.issuerOrgCode(), p.issueDate(), p.expiryDate(), p.cardNumber(),
                p.socialSecurityNumber(), p.name(), p.nameExtensionRecord(), p.gender(), p.nation(), p.birthPlace(),
                p.birthDate());
    }

    private static CardSession session(VirtualSocialSecurityCardProfile p, List<ApduExchange> log) {
        VirtualCardTransport t = new VirtualCardTransport(VirtualSocialSecurityCards.card(p, new Random(7)));
        return CardSession.builder(t).listener(log::add).build();
    }

    private static List<String> commands(List<ApduExchange> log) {
        List<String> out = new ArrayList<>();
        for (ApduExchange e : log) {
            out.add(Hex.encodeUpper(e.command().encode()));
        }
        return out;
    }

    private static void assertCommands(List<String> expected, List<ApduExchange> log) {
        List<String> actual = commands(log);
        assertEquals(expected.size(), actual.size(), "APDU count: " + actual);
        for (int i = 0; i < expected.size(); i++) {
            String e = expected.get(i);
            String a = actual.get(i);
            if (e.length() == 10) {
                assertEquals(e, a, "command " + i);
            } else {
                assertTrue(a.startsWith(e), "command " + i + " is " + a.substring(0, 8) + ", expected " + e);
            }
        }
    }

    @Test
    void readsTheExampleThirdGenerationCardWithTheMinimumCommands() throws Exception {
        VirtualSocialSecurityCardProfile p = VirtualSocialSecurityCards.example();
        List<ApduExchange> log = new ArrayList<>();
        SocialSecurityCard c;
        try (CardSession s = session(p, log)) {
            c = SocialSecurityCardReader.of(InsecureSoftwareSocialSecurityModule.development()).read(s);
            assertEquals(THIRD_GENERATION_READ.size(), s.apduCount());
        }
        assertCommands(THIRD_GENERATION_READ, log);
        assertEquals(0x61, log.get(0).response().statusWord().sw1(), "SELECT SSSE answers 61xx like a T=0 card");

        assertEquals(p.identificationCode().toHex().toUpperCase(), c.card().identificationCode());
        assertEquals(p.regionCode(), c.card().regionCode());
        assertEquals(p.category(), c.card().category());
        assertEquals(p.specVersion(), c.card().specVersion());
        assertTrue(c.card().isThirdGeneration());
        assertEquals(p.issuerOrgCode().toHex().toUpperCase(), c.card().issuerOrgCode());
        assertEquals(p.issueDate(), c.card().issueDate());
        assertEquals(p.expiryDate(), c.card().expiryDate());
        assertEquals(p.cardNumber(), c.card().cardNumber());
        assertEquals(p.socialSecurityNumber(), c.holder().socialSecurityNumber());
        assertEquals(p.name(), c.holder().name(), "姓名 and 姓名扩展 joined");
        assertTrue(c.ef06Records().containsKey(0x4E), "the example exercises 4E");
        assertEquals(Gender.FEMALE, c.holder().gender());
        assertEquals(Nation.UYGUR, c.holder().nation());
        assertEquals(p.birthPlace(), c.holder().birthPlace());
        assertEquals(p.birthDate(), c.holder().birthDate());
        assertEquals(0x03, c.algorithmId());
        assertTrue(c.genuinenessVerified());
        assertEquals(p.historicalBytes(), c.historicalBytes());
        assertEquals(7, c.ef05Records().size());
        assertArrayEquals(Hex.parse("0709", "t"), c.ef05Records().get(0x07).slice(0, 2).toByteArray());
    }

    @Test
    void iReadCardBasIsTheStringOfSection36() throws Exception {
        VirtualSocialSecurityCardProfile p = VirtualSocialSecurityCards.example();
        SocialSecurityCard c;
        try (CardSession s = session(p, new ArrayList<>())) {
            c = SocialSecurityCardReader.of(InsecureSoftwareSocialSecurityModule.developmentBuilder()
                    .terminal("110100000001", "YKT-DEV-01").build()).read(s);
        }
        // written out by hand from example-social-security-card.json
        assertEquals("110100|11010519491231002X|Y00000001|110100D156000005594B545353430001|"
                + "古丽娜尔·阿不都热合曼·买买提艾力|0059544B53534333000000000001|3.00|20211203|20311202|"
                + "110100000001|YKT-DEV-01|", c.iReadCardBas());
    }

    @Test
    void toStringShowsNoPersonalData() throws Exception {
        VirtualSocialSecurityCardProfile p = VirtualSocialSecurityCards.example();
        SocialSecurityCard c;
        try (CardSession s = session(p, new ArrayList<>())) {
            c = SocialSecurityCardReader.of(InsecureSoftwareSocialSecurityModule.development()).read(s);
        }
        for (String text : List.of(c.toString(), c.card().toString(), c.holder().toString(), p.toString())) {
            assertFalse(text.contains("古丽"), text);
            assertFalse(text.contains("19491231"), text);
            assertFalse(text.contains("Y00000001"), text);
            assertFalse(text.contains("594B545353430001"), text);
        }
    }

    @Test
    void readsASecondGenerationCardWithoutNameExtension() throws Exception {
        VirtualSocialSecurityCardProfile p = secondGeneration();
        List<ApduExchange> log = new ArrayList<>();
        SocialSecurityCard c;
        try (CardSession s = session(p, log)) {
            c = SocialSecurityCardReader.of(InsecureSoftwareSocialSecurityModule.development()).read(s);
        }
        List<String> expected = new ArrayList<>(THIRD_GENERATION_READ);
        expected.removeAll(List.of("00840000", "0082000A")); // no RKSSSE on a 2.0 card
        assertCommands(expected, log);
        ApduExchange nameExtension = log.get(expected.indexOf("00B24E0016"));
        assertEquals(StatusWord.RECORD_NOT_FOUND, nameExtension.response().statusWord());
        assertEquals("王建国", c.holder().name());
        assertFalse(c.ef06Records().containsKey(0x4E));
        assertEquals(Gender.MALE, c.holder().gender());
        assertEquals(LocalDate.of(1980, 1, 1), c.holder().birthDate());
        assertFalse(c.card().isThirdGeneration());
        assertTrue(c.genuinenessVerified());
    }

    @Test
    void secondGenerationCardWithoutAuthenticatorOnlyWhenInternalAuthenticationIsSkipped() throws Exception {
        VirtualSocialSecurityCardProfile p = secondGeneration();
        try (CardSession s = session(p, new ArrayList<>())) {
            SocialSecurityAuthenticatorException e = assertThrows(SocialSecurityAuthenticatorException.class,
                    () -> SocialSecurityCardReader.builder().build().read(s));
            assertEquals(SocialSecurityAuthenticatorException.Reason.NO_AUTHENTICATOR, e.reason());
            assertEquals(0, s.apduCount(), "refused before touching the card");
            SocialSecurityCard c = SocialSecurityCardReader.builder().skipInternalAuthentication().build().read(s);
            assertFalse(c.genuinenessVerified());
            assertEquals("王建国", c.holder().name());
        }
    }

    @Test
    void thirdGenerationCardWithoutAuthenticatorIsATypedError() throws Exception {
        VirtualSocialSecurityCardProfile p = VirtualSocialSecurityCards.example();
        List<ApduExchange> log = new ArrayList<>();
        try (CardSession s = session(p, log)) {
            SocialSecurityAuthenticatorException e = assertThrows(SocialSecurityAuthenticatorException.class,
                    () -> SocialSecurityCardReader.builder().skipInternalAuthentication().build().read(s));
            assertEquals(SocialSecurityAuthenticatorException.Reason.NO_AUTHENTICATOR, e.reason());
            assertEquals(-2201, SocialSecurityErrorCodes.of(e));
        }
        assertFalse(commands(log).stream().anyMatch(c -> c.startsWith("00B208")), "EF06 never read");
    }

    @Test
    void readUnverifiedGivesWhatTheCardAllowsAndSaysItIsNotVerified() throws Exception {
        List<ApduExchange> log = new ArrayList<>();
        UnverifiedSocialSecurityCard third;
        try (CardSession s = session(VirtualSocialSecurityCards.example(), log)) {
            third = SocialSecurityCardReader.builder().build().readUnverified(s);
        }
        assertFalse(third.genuinenessVerified());
        assertEquals(VirtualSocialSecurityCards.example().specVersion(), third.card().specVersion());
        assertTrue(third.card().isThirdGeneration());
        assertTrue(third.holder().isEmpty(), "a 3.0 card's EF06 needs RKSSSE");
        assertTrue(third.read().isEmpty());
        assertTrue(third.limitation().orElseThrow().contains("RKSSSE"), third.limitation().toString());
        assertFalse(commands(log).stream().anyMatch(c -> c.startsWith("0088") || c.startsWith("0082")
                || c.startsWith("00B208")), "no authentication, EF06 untouched: " + commands(log));
        assertFalse(third.toString().contains(third.card().cardNumber()), third.toString());

        UnverifiedSocialSecurityCard second;
        try (CardSession s = session(secondGeneration(), new ArrayList<>())) {
            second = SocialSecurityCardReader.of(InsecureSoftwareSocialSecurityModule.development()).readUnverified(s);
        }
        assertFalse(second.genuinenessVerified());
        assertEquals("王建国", second.holder().orElseThrow().name());
        assertFalse(second.read().orElseThrow().genuinenessVerified());
        assertTrue(second.limitation().isEmpty());
    }

    @Test
    void holderFileOfAThirdGenerationCardIsProtected() throws Exception {
        try (CardSession s = session(VirtualSocialSecurityCards.example(), new ArrayList<>())) {
            s.send(io.yikatong.card.CommandApdu.of(0, 0xA4, 4, 0, SocialSecurityCardReader.SSSE_NAME.toByteArray(),
                    256), "select");
            s.send(io.yikatong.card.CommandApdu.of(0, 0xA4, 2, 0, new byte[] {(byte) 0xEF, 0x06}), "select EF06");
            assertEquals(StatusWord.SECURITY_STATUS_NOT_SATISFIED, s.transmit(
                    io.yikatong.card.CommandApdu.withNe(0, 0xB2, 0x08, 0x00, 0x14)).statusWord());
        }
    }

    @Test
    void wrongRksseKeyFailsWithRetriesUntilBlocked() throws Exception {
        InsecureSoftwareSocialSecurityModule wrong = InsecureSoftwareSocialSecurityModule.developmentBuilder()
                .masterKey(SocialSecurityKey.RKSSSE,
                        InsecureSoftwareSocialSecurityModule.developmentMasterKey("not-the-card-seed", SocialSecurityKey.RKSSSE))
                .build();
        try (CardSession s = session(VirtualSocialSecurityCards.example(), new ArrayList<>())) {
            SocialSecurityCardReader reader = SocialSecurityCardReader.of(wrong);
            for (int left = VirtualSocialSecurityCards.KEY_TRIES - 1; left >= 0; left--) {
                AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class, () -> reader.read(s));
                assertEquals(left, e.retriesLeft());
                assertEquals(StatusWord.of(0x63, 0xC0 | left), e.statusWord());
                assertEquals(-(0x63C0 | left), SocialSecurityErrorCodes.of(e));
            }
            AuthenticationFailedException blocked = assertThrows(AuthenticationFailedException.class,
                    () -> reader.read(s));
            assertEquals(StatusWord.AUTHENTICATION_BLOCKED, blocked.statusWord());
            assertEquals(-27011, SocialSecurityErrorCodes.of(blocked));
            // the right key no longer helps: the card's RKSSSE is blocked
            assertThrows(AuthenticationFailedException.class,
                    () -> SocialSecurityCardReader.of(InsecureSoftwareSocialSecurityModule.development()).read(s));
        }
    }

    @Test
    void wrongInternalKeyMeansCardNotGenuineAndNothingPersonalIsRead() throws Exception {
        InsecureSoftwareSocialSecurityModule wrong = InsecureSoftwareSocialSecurityModule.developmentBuilder()
                .masterKey(SocialSecurityKey.INTERNAL_AUTHENTICATION, InsecureSoftwareSocialSecurityModule
                        .developmentMasterKey("not-the-card-seed", SocialSecurityKey.INTERNAL_AUTHENTICATION))
                .build();
        List<ApduExchange> log = new ArrayList<>();
        try (CardSession s = session(VirtualSocialSecurityCards.example(), log)) {
            CardNotGenuineException e = assertThrows(CardNotGenuineException.class,
                    () -> SocialSecurityCardReader.of(wrong).read(s));
            assertEquals(-21, SocialSecurityErrorCodes.of(e));
            assertTrue(e.getMessage().contains("card not genuine"));
        }
        assertCommands(THIRD_GENERATION_READ.subList(0, 12), log);
    }

    @Test
    void hardwareSecurityModuleTwoStepRoundTrip() throws Exception {
        VirtualSocialSecurityCardProfile p = VirtualSocialSecurityCards.example();
        List<ApduExchange> log = new ArrayList<>();
        SocialSecurityCard twoStep;
        try (CardSession s = session(p, log)) {
            SocialSecurityCardReader reader = SocialSecurityCardReader.builder().random(new Random(99))
                    .terminal("110100000001", "").build();
            PendingSocialSecurityRead pending = reader.begin(s);
            SocialSecurityAuthRequest request = pending.request();
            assertEquals(12, log.size(), "step 1 stops after GET CHALLENGE");
            // the factors are what the card saw: INTERNAL AUTHENTICATE data and the GET CHALLENGE answer
            byte[] internalData = log.get(10).command().data();
            assertArrayEquals(internalData, concat(request.internalProcessFactor(), request.internalSource()));
            assertArrayEquals(log.get(11).response().data(), request.externalProcessFactor().toByteArray());
            String pipe = request.toPipeString();
            assertEquals("110100|0059544B53534333000000000001|03|110100D156000005594B545353430001|"
                    + Hex.encodeUpper(internalData).substring(0, 16) + "|" + Hex.encodeUpper(internalData).substring(16)
                    + "|" + Hex.encodeUpper(log.get(11).response().data()) + "|"
                    + request.externalSource().toHex().toUpperCase() + "|110100000001|", pipe);

            // the HSM side: parses the pipe string and answers with its own pipe string
            String answer = InsecureSoftwareSocialSecurityModule.development()
                    .authenticate(SocialSecurityAuthRequest.parse(pipe)).toPipeString();
            assertTrue(answer.matches("[0-9A-F]{16}\\|[0-9A-F]{16}\\|"), "answer layout");
            twoStep = pending.finish(SocialSecurityAuthResponse.parse(answer));
            assertThrows(IllegalStateException.class, () -> pending.finish(SocialSecurityAuthResponse.parse(answer)));
        }
        assertCommands(THIRD_GENERATION_READ, log);
        SocialSecurityCard oneCall;
        try (CardSession s = session(p, new ArrayList<>())) {
            oneCall = SocialSecurityCardReader.of(InsecureSoftwareSocialSecurityModule.development()).read(s);
        }
        assertEquals(oneCall.card(), twoStep.card());
        assertEquals(oneCall.holder(), twoStep.holder());
        assertEquals("110100000001", twoStep.terminalNumber());
    }

    @Test
    void twoStepAnswerMustFitTheCard() throws Exception {
        try (CardSession s = session(VirtualSocialSecurityCards.example(), new ArrayList<>())) {
            PendingSocialSecurityRead pending = SocialSecurityCardReader.builder().build().begin(s);
            SocialSecurityAuthResponse full = InsecureSoftwareSocialSecurityModule.development()
                    .authenticate(pending.request());
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> pending.finish(
                    SocialSecurityAuthResponse.of(full.internalAuthenticationResult(), Bytes.empty())));
            assertEquals("externalCryptogram", e.field());
        }
        try (CardSession s = session(secondGeneration(), new ArrayList<>())) {
            PendingSocialSecurityRead pending = SocialSecurityCardReader.builder().build().begin(s);
            assertFalse(pending.request().needsExternalAuthentication());
            assertTrue(pending.request().toPipeString().endsWith("|||"), "empty external fields and terminal");
            SocialSecurityAuthResponse internal = InsecureSoftwareSocialSecurityModule.development()
                    .authenticate(pending.request());
            SocialSecurityAuthenticatorException e = assertThrows(SocialSecurityAuthenticatorException.class,
                    () -> pending.finish(SocialSecurityAuthResponse.of(internal.internalAuthenticationResult(),
                            Bytes.fromHex("0102030405060708"))));
            assertEquals(-2204, SocialSecurityErrorCodes.of(e));
        }
    }

    @Test
    void moduleWithoutRksseOrWithoutTheCardsAlgorithmRefuses() throws Exception {
        InsecureSoftwareSocialSecurityModule noRk = InsecureSoftwareSocialSecurityModule.developmentBuilder()
                .withoutKey(SocialSecurityKey.RKSSSE).build();
        try (CardSession s = session(VirtualSocialSecurityCards.example(), new ArrayList<>())) {
            SocialSecurityAuthenticatorException e = assertThrows(SocialSecurityAuthenticatorException.class,
                    () -> SocialSecurityCardReader.of(noRk).read(s));
            assertEquals(SocialSecurityAuthenticatorException.Reason.NO_RKSSSE_KEY, e.reason());
            assertEquals(-2203, SocialSecurityErrorCodes.of(e));
        }
        try (CardSession s = session(secondGeneration(), new ArrayList<>())) {
            assertEquals("王建国", SocialSecurityCardReader.of(noRk).read(s).holder().name(), "2.0 needs no RKSSSE");
        }
        try (CardSession s = session(withAlgorithm(secondGeneration(), -1), new ArrayList<>())) {
            SocialSecurityAuthenticatorException e = assertThrows(SocialSecurityAuthenticatorException.class,
                    () -> SocialSecurityCardReader.of(InsecureSoftwareSocialSecurityModule.development()).read(s));
            assertEquals(SocialSecurityAuthenticatorException.Reason.ALGORITHM_UNSUPPORTED, e.reason(),
                    "an FCI without 9F0C means algorithm 01");
            assertEquals(-2202, SocialSecurityErrorCodes.of(e));
        }
    }

    @Test
    void cardWithoutSsseIsRefused() throws Exception {
        VirtualCardTransport t = io.yikatong.testkit.card.VirtualHealthCards.transport(
                io.yikatong.testkit.card.VirtualHealthCards.example());
        try (CardSession s = CardSession.open(t)) {
            io.yikatong.card.CardRefusedException e = assertThrows(io.yikatong.card.CardRefusedException.class,
                    () -> SocialSecurityCardReader.of(InsecureSoftwareSocialSecurityModule.development()).read(s));
            assertEquals(StatusWord.FILE_NOT_FOUND, e.statusWord());
            assertEquals(-27266, SocialSecurityErrorCodes.of(e));
        }
    }

    private static byte[] concat(Bytes a, Bytes b) {
        byte[] out = new byte[a.length() + b.length()];
        System.arraycopy(a.toByteArray(), 0, out, 0, a.length());
        System.arraycopy(b.toByteArray(), 0, out, a.length(), b.length());
        return out;
    }
}
