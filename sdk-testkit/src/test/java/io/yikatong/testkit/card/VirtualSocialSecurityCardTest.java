package io.yikatong.testkit.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.social.InsecureSoftwareSocialSecurityModule;
import io.yikatong.card.social.SocialSecurityKey;
import io.yikatong.card.social.internal.SocialSecurityCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.codec.SimpleTlv;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The virtual social security card at the APDU level (health-card-spec §3.2–3.5), and its JSON profiles. */
class VirtualSocialSecurityCardTest {

    private static final String SELECT_SSSE = "00A404000F7378312E73682EC9E7BBE1B1A3D5CF";

    private static String run(VirtualCard card, String command) {
        return Hex.encodeUpper(card.process(Hex.parse(command, "test")));
    }

    private static VirtualCard example() {
        VirtualCard card = VirtualSocialSecurityCards.card(VirtualSocialSecurityCards.example(), new Random(1));
        new VirtualCardTransport(card); // power-on
        return card;
    }

    @Test
    void selectByNameAnswers61xxThenTheFciWithTheAlgorithm() throws Exception {
        VirtualCard card = example();
        String sw = run(card, SELECT_SSSE);
        assertTrue(sw.startsWith("61"), sw);
        int n = Integer.parseInt(sw.substring(2), 16);
        String fci = run(card, String.format("00C00000%02X", n));
        assertTrue(fci.endsWith("9000"));
        assertEquals(n * 2 + 4, fci.length());
        assertTrue(fci.startsWith("6F"));
        assertTrue(fci.contains("84" + "0F" + SELECT_SSSE.substring(10)), "DF name in the FCI");
        assertTrue(fci.contains("9F0C03860103"), "algorithm 03 in the FCI");
        assertEquals("9000", run(card, SELECT_SSSE.substring(0, 6) + "0C" + SELECT_SSSE.substring(8)),
                "P2 0C: no FCI");
        assertEquals("6A82", run(card, "00A404000F7378312E73682EC9E7BBE1B1A3D5CE"));
    }

    @Test
    void recordsByIdentifierByNumberAndByShortFileIdentifier() {
        VirtualSocialSecurityCardProfile p = VirtualSocialSecurityCards.example();
        VirtualCard card = example();
        run(card, SELECT_SSSE);
        assertEquals("9000", run(card, "00A4020002EF05"));
        String id = "0110" + p.identificationCode().toHex().toUpperCase();
        assertEquals(id + "9000", run(card, "00B2010012"));
        assertEquals(id + "9000", run(card, "00B2010412"), "record 1 by number");
        assertEquals("0304332E30309000", run(card, "00B2030006"), "规范版本 3.00");
        String number = Hex.encodeUpper(SimpleTlv.of(0x07, p.cardNumber().getBytes(StandardCharsets.US_ASCII)).encode());
        assertEquals(number + "9000", run(card, "00B2072C0B"), "SFI 5, record 7");
        assertEquals(number + "9000", run(card, "00B2070400"), "Le 00: up to 256");
        assertEquals("6C0B", run(card, "00B2070005"), "record longer than Le");
        assertEquals("6A83", run(card, "00B2080012"), "no tag 08 in EF05");
        assertEquals("6982", run(card, "00B2083014"), "SFI 6: EF06 of a 3.0 card needs RKSSSE");
        assertEquals("6A82", run(card, "00B2013C03"), "SFI 7: no EF07");
    }

    @Test
    void secondGenerationHolderFileIsOpenAndHasNo4E() throws Exception {
        VirtualSocialSecurityCardProfile p;
        try (InputStream in = getClass().getResourceAsStream("/virtual/social-security-2.0.json")) {
            p = VirtualSocialSecurityCards.fromJson(in);
        }
        VirtualCard card = VirtualSocialSecurityCards.card(p, new Random(1));
        run(card, SELECT_SSSE);
        assertEquals("9000", run(card, "00A4020002EF06"));
        assertTrue(run(card, "00B2080014").startsWith("0812" + Hex.encodeUpper(p.socialSecurityNumber().getBytes(
                StandardCharsets.US_ASCII))));
        assertEquals("6A83", run(card, "00B24E0016"));
        assertEquals("6A83", run(card, "00B24E3016"));
        assertEquals("0A01319000", run(card, "00B2030400"), "record 3 is 性别 when there is no 4E");
        assertEquals("6A88", run(card, "0082000A10" + "00".repeat(16)), "no RKSSSE on a 2.0 card");
    }

    @Test
    void internalAuthenticateAnswersWithTheDiversifiedKey() {
        VirtualSocialSecurityCardProfile p = VirtualSocialSecurityCards.example();
        VirtualCard card = example();
        run(card, SELECT_SSSE);
        String data = "0102030405060708" + "1112131415161718";
        String expected = SocialSecurityCrypto.response(
                SocialSecurityCrypto.cardKey(InsecureSoftwareSocialSecurityModule.developmentMasterKey(
                        InsecureSoftwareSocialSecurityModule.DEVELOPMENT_SEED, SocialSecurityKey.INTERNAL_AUTHENTICATION),
                        p.identificationCode()),
                Bytes.fromHex("0102030405060708"), Bytes.fromHex("1112131415161718")).toHex().toUpperCase();
        assertEquals(expected + "9000", run(card, "0088000010" + data + "08"));
        assertEquals("6108", run(card, "0088000010" + data), "no Le: T=0 style");
        assertEquals(expected + "9000", run(card, "00C0000008"));
        assertEquals("6C08", run(card, "0088000010" + data + "04"));
        assertEquals("6A86", run(card, "0088000110" + data + "08"));
        assertEquals("6700", run(card, "008800000F" + data.substring(2) + "08"));
        assertEquals("9000", run(card, "00A40000023F00"));
        assertEquals("6A88", run(card, "0088000010" + data + "08"), "the MF holds no internal-authentication key");
        assertArrayEquals(Hex.parse("3B6E0000", "t"), card.atr().slice(0, 4).toByteArray(), "14 historical bytes");
    }

    @Test
    void jsonProfileErrorsNameTheField() throws Exception {
        MalformedDataException e;
        try (InputStream in = getClass().getResourceAsStream("/virtual/social-security-unknown-field.json")) {
            e = assertThrows(MalformedDataException.class, () -> VirtualSocialSecurityCards.fromJson(in));
        }
        assertEquals("profile JSON: holder.nickname", e.element());
        String example = new String(getClass().getResourceAsStream("example-social-security-card.json").readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals("profile JSON: card.regionCode", parse(example.replace("\"110100\"", "\"11010X\"")).element());
        assertEquals("profile JSON: card.issueDate",
                parse(example.replace("2021-12-03", "2021-13-03")).element());
        assertEquals("profile JSON: holder.name", parse(example.replace("\"nameExtensionRecord\": true",
                "\"nameExtensionRecord\": false")).element(), "a long name needs 4E");
        assertEquals("profile JSON: card.cardNumber", parse(example.replace("Y00000001", "Y000000012")).element());
        assertEquals("profile JSON: algorithmId", parse(example.replace("\"03\"", "\"3\"")).element());
        assertEquals("profile JSON: card.uniqueValue", parse(example.replace("594B545353430001", "59")).element());
        assertEquals("profile JSON: card.uniqueValue", parse(example.replace("594B545353430001", "5")).element());
        assertEquals("profile JSON: holder.birthPlace", parse(example.replace("\"110105\"", "\"1101\"")).element());
        assertEquals("profile JSON: holder.name", parse(example.replace("买买提艾力", "买买提艾力买买提艾力买买提艾力"))
                .element(), "name longer than 姓名 + 姓名扩展");
        assertEquals("profile JSON", parse("[1]").element());
    }

    private static MalformedDataException parse(String json) {
        return assertThrows(MalformedDataException.class, () -> VirtualSocialSecurityCards.fromJson(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }
}
