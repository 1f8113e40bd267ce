package io.yikatong.testkit.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardLinkException;
import io.yikatong.card.health.security.HealthCardKey;
import io.yikatong.card.health.security.InsecureSoftwareSecurityModule;
import io.yikatong.card.health.security.internal.HealthCardCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.crypto.InsecureKeyAccess;
import io.yikatong.core.crypto.Sm2Digest;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4Mac;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The virtual SAM over raw APDUs (health-card-spec §1.8 "SAM (PSAM) files and commands"). */
class VirtualSamTest {

    private final SamProfile profile = VirtualSam.example();
    private final VirtualCardTransport t = new VirtualCardTransport(VirtualSam.card(profile, new SplittableRandom(7)));

    private byte[] send(String hex) throws CardLinkException {
        return t.transmit(Hex.parse(hex, "command"));
    }

    private String sw(String hex) throws CardLinkException {
        byte[] r = send(hex);
        return Hex.encode(Arrays.copyOfRange(r, r.length - 2, r.length));
    }

    /** Sends a command answered 61xx and fetches the data with GET RESPONSE. */
    private byte[] viaGetResponse(String hex, int expectedLength) throws CardLinkException {
        assertEquals(String.format("61%02x", expectedLength & 0xFF), sw(hex));
        byte[] r = send(String.format("00C00000%02X", expectedLength & 0xFF));
        assertEquals("9000", Hex.encode(Arrays.copyOfRange(r, r.length - 2, r.length)));
        return Arrays.copyOf(r, r.length - 2);
    }

    private void openApplication() throws CardLinkException {
        assertEquals("9000", sw("00A4000002DF01"));
        assertEquals("9000", sw("0020000003123456"));
    }

    private static Sm4Key session(HealthCardKey key, byte[] factors, byte[] challenge) {
        Sm4Key master = InsecureSoftwareSecurityModule.developmentMasterKey(
                InsecureSoftwareSecurityModule.DEVELOPMENT_SEED, key);
        return HealthCardCrypto.sessionKey(HealthCardCrypto.cardKey(master, Bytes.copyOf(factors)),
                Bytes.copyOf(challenge));
    }

    @Test
    void publicFilesAreReadableAndApplicationFilesNeedThePin() throws Exception {
        assertEquals("9000", sw("00A40000020015"));
        byte[] info = send("00B000000E");
        assertEquals(16, info.length);
        assertEquals(profile.samSerial(), Bytes.copyOf(info, 0, 10));
        assertEquals(profile.samVersion(), info[10] & 0xFF);
        assertEquals(profile.keyCardType(), info[11] & 0xFF);
        assertEquals(profile.commandSetVersion(), info[12] & 0xFF);
        assertEquals(profile.fciByte(), info[13] & 0xFF);
        assertEquals("9000", Hex.encode(Arrays.copyOfRange(info, 14, 16)));
        assertEquals("9000", sw("00A40000020016"));
        assertEquals(profile.terminalNumber().toHex() + "9000", Hex.encode(send("00B0000006")));
        assertEquals("6982", sw("00D6000001" + "00"), "no file can be updated");
        assertEquals("9000", sw("00A4000002DF01"));
        for (String fid : new String[] {"001A", "001B", "001C"}) {
            assertEquals("9000", sw("00A4000002" + fid));
            assertEquals("6982", sw("00B0000001"), fid + " before the PIN");
        }
        assertEquals("9000", sw("0020000003123456"));
        assertEquals("9000", sw("00A4000002001A"));
        byte[] app = send("00B0000019");
        assertEquals(profile.keyIndex(), app[0] & 0xFF);
        assertEquals(profile.applicationIssuerId(), Bytes.copyOf(app, 1, 8));
        assertEquals(profile.applicationReceiverId(), Bytes.copyOf(app, 9, 8));
        assertEquals(profile.startDate(), Bcd.decodeDate(Arrays.copyOfRange(app, 17, 21), "start"));
        assertEquals(profile.expiryDate(), Bcd.decodeDate(Arrays.copyOfRange(app, 21, 25), "expiry"));
        assertEquals("9000", sw("00A4000002001B"));
        assertEquals(profile.issuerCertificate().toHex() + "9000", Hex.encode(send("00B00000B4")));
        assertEquals("9000", sw("00A4000002001C"));
        assertEquals(profile.organisationCertificate().toHex() + "9000", Hex.encode(send("00B00000BE")));
    }

    @Test
    void wrongPinsCountDownBlockAndSurvivePowerOff() throws Exception {
        assertEquals("9000", sw("00A4000002DF01"));
        assertEquals("63c3", sw("00200000"), "VERIFY without data reports the tries left");
        assertEquals("63c2", sw("0020000003654321"));
        assertEquals("63c1", sw("0020000003123457"));
        assertEquals("9000", sw("0020000003123456"), "the right PIN resets the counter");
        assertEquals("63c3", sw("00200000"));
        assertEquals("63c2", sw("0020000002" + "1234"));
        assertEquals("63c1", sw("0020000004" + "12345600"));
        assertEquals("63c0", sw("0020000003000000"));
        assertEquals("6983", sw("0020000003123456"), "blocked: even the right PIN fails");
        assertEquals("6983", sw("805E010007123456FF654321"), "change PIN is blocked too");
        t.close();
        VirtualCardTransport again = new VirtualCardTransport(t.card());
        again.transmit(Hex.parse("00A4000002DF01", "c"));
        assertEquals("6983", Hex.encode(again.transmit(Hex.parse("0020000003123456", "c"))));
    }

    @Test
    void verifyNeedsDf01AndItsStateIsLostWhenDf01IsLeft() throws Exception {
        assertEquals("6a88", sw("0020000003123456"), "the PIN lives in DF01");
        assertEquals("6a86", sw("0020000103123456"));
        assertEquals("6a86", sw("0020010003123456"));
        openApplication();
        assertEquals("6700", sw("0020000009" + "11".repeat(9)));
        String derive = "80DE4731" + "18" + "00".repeat(24);
        assertEquals("9000", sw(derive));
        assertEquals("9000", sw("00A40000023F00"));
        assertEquals("9000", sw("00A4000002DF01"));
        assertEquals("6982", sw(derive), "leaving DF01 drops the verified PIN");
        assertEquals("9000", sw("0020000003123456"));
        assertEquals("9000", sw(derive));
        assertEquals("9000", sw("00A4000002001B"), "selecting an EF in DF01 keeps the PIN");
        assertEquals("9000", sw(derive));
    }

    @Test
    void changePin() throws Exception {
        assertEquals("6a88", sw("805E010007123456FF654321"), "the PIN lives in DF01");
        assertEquals("9000", sw("00A4000002DF01"));
        assertEquals("6a86", sw("805E000007123456FF654321"));
        assertEquals("6a80", sw("805E010006123456654321"), "no FF separator");
        assertEquals("6a80", sw("805E010007123456FF6543AB"), "new PIN not BCD");
        assertEquals("6a80", sw("805E010005123456FF12"), "new PIN too short");
        assertEquals("6700", sw("805E010003123456"));
        assertEquals("63c2", sw("805E010007999999FF654321"), "wrong old PIN costs a try");
        assertEquals("9000", sw("805E010008123456FF1234567F"), "odd digit count, F padded");
        assertEquals("63c2", sw("0020000003123456"));
        assertEquals("9000", sw("0020000004" + "1234567F"));
        assertEquals("63c3", sw("00200000"));
        assertEquals("9000", sw("80DE473118" + "00".repeat(24)),
                "change PIN leaves the PIN verified");
    }

    @Test
    void keyDerivationChecksP1P2LengthAndPin() throws Exception {
        String d16 = "10" + "00".repeat(16);
        String d24 = "18" + "00".repeat(24);
        assertEquals("9000", sw("00A4000002DF01"));
        assertEquals("6982", sw("80DE4731" + d24), "PIN not verified");
        assertEquals("9000", sw("0020000003123456"));
        assertEquals("6a86", sw("80DE9931" + d24), "P1 no derivation mode");
        assertEquals("6a86", sw("80DE2731" + d16), "RK_DDF1 is a two-level key");
        assertEquals("6a86", sw("80DE4831" + d24), "RK_DDF1 is not a line-protection key");
        assertEquals("6a86", sw("80DE4702" + d24), "STK_DDF1 needs P1 28");
        assertEquals("6a88", sw("80DE4777" + d24), "unknown key number");
        assertEquals("6700", sw("80DE4731" + d16), "two levels need 24 bytes");
        assertEquals("6700", sw("80DE272A" + d24), "one level needs 16 bytes");
        assertEquals("9000", sw("80DE272A" + d16));
        assertEquals("9000", sw("80DE2802" + d16));
        assertEquals("9000", sw("80DE4804" + d24));
        assertEquals("6a86", sw("80DE9931" + d24));
        assertEquals("6985", sw("80FA000010" + "00".repeat(16)), "a failed derivation drops the session key");
    }

    @Test
    void encryptionAndMacUseTheDerivedSessionKey() throws Exception {
        openApplication();
        assertEquals("6985", sw("80FA000010" + "00".repeat(16)), "no derived key");
        SplittableRandom rnd = new SplittableRandom(11);
        for (HealthCardKey key : HealthCardKey.values()) {
            byte[] factors = new byte[8 * key.diversificationLevels()];
            byte[] challenge = new byte[8];
            rnd.nextBytes(factors);
            rnd.nextBytes(challenge);
            assertEquals("9000", sw(String.format("80DE%02X%02X%02X", key.samDeriveP1(), key.samKeyNumber(),
                    factors.length + 8) + Hex.encode(factors) + Hex.encode(challenge)));
            Sm4Key session = session(key, factors, challenge);
            byte[] plain = new byte[16 * (1 + rnd.nextInt(14))];
            rnd.nextBytes(plain);
            byte[] cipher = viaGetResponse(String.format("80FA0000%02X", plain.length) + Hex.encode(plain),
                    plain.length);
            assertArrayEquals(HealthCardCrypto.encrypt(session, plain), cipher, key.name());
            byte[] iv = new byte[16];
            rnd.nextBytes(iv);
            byte[] mac = viaGetResponse(String.format("80FA0500%02X", 16 + plain.length) + Hex.encode(iv)
                    + Hex.encode(plain), 16);
            assertArrayEquals(Sm4Mac.of(session, Sm4Mac.Padding.NONE).computeFullBlock(iv, plain), mac, key.name());
        }
        assertEquals("6700", sw("80FA00000F" + "00".repeat(15)));
        assertEquals("6700", sw("80FA050010" + "00".repeat(16)), "MAC needs IV and at least one block");
        assertEquals("6a86", sw("80FA030010" + "00".repeat(16)));
        assertEquals("6a86", sw("80FA000110" + "00".repeat(16)));
        assertEquals("6985", sw("00C0000010"), "no pending response");
    }

    @Test
    void macIsTheHostSideSecureMessagingMac() throws Exception {
        openApplication();
        byte[] factors = Hex.parse("594B540000000001", "f");
        byte[] challenge = Hex.parse("0102030405060708", "c");
        sw("80DE280210" + Hex.encode(factors) + Hex.encode(challenge));
        byte[] cipher = new byte[32];
        new SplittableRandom(3).nextBytes(cipher);
        byte[] header = Hex.parse("04DC020424", "h");
        byte[] padded = new byte[48];
        System.arraycopy(header, 0, padded, 0, 5);
        System.arraycopy(cipher, 0, padded, 5, 32);
        padded[37] = (byte) 0x80;
        byte[] mac = viaGetResponse("80FA050040" + "00".repeat(16) + Hex.encode(padded), 16);
        assertArrayEquals(HealthCardCrypto.mac(session(HealthCardKey.STK_DDF1, factors, challenge), header, cipher),
                Arrays.copyOf(mac, 4));
    }

    @Test
    void signsTheDigestAfterThePin() throws Exception {
        Sm2KeyPair pair = Sm2KeyPair.generate(new SecureRandom());
        SamProfile p = profile.withSigningIdentity(pair.privateKey(), profile.issuerCertificate(),
                profile.organisationCertificate());
        VirtualCardTransport sam = new VirtualCardTransport(VirtualSam.card(p));
        byte[] message = "DF03 record".getBytes(StandardCharsets.UTF_8);
        byte[] e = Sm2Digest.of(pair.publicKey(), "1234567812345678").digest(message);
        sam.transmit(Hex.parse("00A4000002DF01", "c"));
        assertEquals("6982", Hex.encode(sam.transmit(Hex.parse("802A000020" + Hex.encode(e) + "40", "c"))));
        sam.transmit(Hex.parse("0020000003123456", "c"));
        assertEquals("6700", Hex.encode(sam.transmit(Hex.parse("802A00001F" + Hex.encode(e).substring(2) + "40", "c"))));
        assertEquals("6700", Hex.encode(sam.transmit(Hex.parse("802A000020" + Hex.encode(e) + "20", "c"))));
        assertEquals("6a86", Hex.encode(sam.transmit(Hex.parse("802A010020" + Hex.encode(e) + "40", "c"))));
        assertEquals("6140", Hex.encode(sam.transmit(Hex.parse("802A000020" + Hex.encode(e) + "40", "c"))));
        byte[] r = sam.transmit(Hex.parse("00C0000040", "c"));
        assertEquals(66, r.length);
        byte[] sig = Arrays.copyOf(r, 64);
        Sm2Verifier.builder(pair.publicKey()).format(Sm2SignatureFormat.RAW).build().verify(message, sig);
        sig[5] ^= 1;
        byte[] bad = sig;
        assertThrows(io.yikatong.core.crypto.SignatureVerificationException.class, () ->
                Sm2Verifier.builder(pair.publicKey()).format(Sm2SignatureFormat.RAW).build().verify(message, bad));
    }

    @Test
    void exampleProfileAndJsonErrorsNameTheField() throws Exception {
        assertEquals("123456", profile.pin());
        assertEquals(3, profile.pinTries());
        assertEquals(InsecureSoftwareSecurityModule.DEVELOPMENT_SEED, profile.masterKeySeed());
        assertEquals(SamProfile.DEFAULT_SIGN_COMMAND_HEADER, profile.signCommandHeader());
        assertFalse(profile.toString().contains("123456"), "toString hides the PIN");
        assertFalse(profile.toString().contains(InsecureSoftwareSecurityModule.DEVELOPMENT_SEED));
        String base = new String(VirtualSam.class.getResourceAsStream("example-sam.json").readAllBytes(),
                StandardCharsets.UTF_8);
        assertField(base.replace("\"fciByte\"", "\"fciBite\""), "fciBite");
        assertField(base.replace("\"keyIndex\": 1", "\"keyIndex\": 1, \"extra\": 2"), "application.extra");
        assertField(base.replace("\"pin\": \"123456\"", "\"pin\": \"12a456\""), "pin");
        assertField(base.replace("\"pinTries\": 3", "\"pinTries\": 0"), "pinTries");
        assertField(base.replace("\"samVersion\": 1", "\"samVersion\": 256"), "samVersion");
        assertField(base.replace("\"samVersion\": 1", "\"samVersion\": \"1\""), "samVersion");
        assertField(base.replace("110101000001", "1101010000"), "terminalNumber");
        assertField(base.replace("2031-12-31", "2020-12-31"), "expiryDate");
        assertField(base.replace("2031-12-31", "31.12.2031"), "application.expiryDate");
        assertField(base.replace("\"masterKeySeed\": \"yikatong-development\"",
                "\"masterKeySeed\": \"x\", \"signingKey\": \"not a key\""), "signingKey");
        assertField(base.replace("\"masterKeySeed\": \"yikatong-development\"",
                "\"masterKeySeed\": \"x\", \"signCommandHeader\": \"002A0000\""), "signCommandHeader");
        assertField(base.replace("\"masterKeySeed\": \"yikatong-development\"",
                "\"masterKeySeed\": \"x\", \"issuerCertificate\": \"00\""), "issuerCertificate");
        assertThrows(MalformedDataException.class, () -> fromJson("{"));
        assertThrows(MalformedDataException.class, () -> fromJson("[]"));
        MalformedDataException pinError = assertThrows(MalformedDataException.class,
                () -> fromJson(base.replace("\"pin\": \"123456\"", "\"pin\": \"987\"")));
        assertFalse(pinError.getMessage().contains("987"), "the PIN is not in the message");
    }

    @Test
    void jsonSigningKeyIsUsed() throws Exception {
        Sm2KeyPair pair = Sm2KeyPair.generate(new SecureRandom());
        String pem = pair.privateKey().toPkcs8Pem(InsecureKeyAccess.get()).replace("\n", "\\n").replace("\r", "");
        String base = new String(VirtualSam.class.getResourceAsStream("example-sam.json").readAllBytes(),
                StandardCharsets.UTF_8);
        SamProfile p = fromJson(base.replace("\"pinTries\": 3", "\"pinTries\": 5, \"signingKey\": \"" + pem + "\""));
        assertEquals(pair.publicKey(), p.signingKey().publicKey());
        assertEquals(5, p.pinTries());
    }

    @Test
    void seededFuzzOfTheSamCommandsNeverThrows() throws Exception {
        SplittableRandom rnd = new SplittableRandom(20240607);
        int[] ins = {0x20, 0x5E, 0xDE, 0xFA, 0x2A, 0xC0, 0xA4, 0xB0};
        VirtualCard card = t.card();
        for (int i = 0; i < 20_000; i++) {
            if (i % 500 == 0) {
                t.transmit(Hex.parse("00A4000002DF01", "c"));
                t.transmit(Hex.parse("0020000003123456", "c"));
            }
            int lc = rnd.nextInt(0, 40);
            byte[] cmd = new byte[5 + lc + (rnd.nextBoolean() ? 1 : 0)];
            cmd[0] = (byte) (rnd.nextBoolean() ? 0x80 : 0x00);
            cmd[1] = (byte) ins[rnd.nextInt(ins.length)];
            cmd[2] = (byte) (rnd.nextBoolean() ? new int[] {0x00, 0x05, 0x27, 0x47, 0x28, 0x48, 0x01}[rnd.nextInt(7)]
                    : rnd.nextInt(256));
            cmd[3] = (byte) (rnd.nextBoolean() ? new int[] {0x00, 0x31, 0x02, 0x2F, 0x04}[rnd.nextInt(5)]
                    : rnd.nextInt(256));
            cmd[4] = (byte) lc;
            for (int j = 5; j < cmd.length; j++) {
                cmd[j] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextInt(10) == 0) {
                cmd = Arrays.copyOf(cmd, rnd.nextInt(cmd.length + 1));
            }
            byte[] r = card.process(cmd);
            assertTrue(r.length >= 2, "every command gets a status word");
        }
        assertEquals("9000", sw("00A40000023F00"), "fuzz leaves the card answering");
    }

    private static SamProfile fromJson(String json) throws Exception {
        return VirtualSam.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertField(String json, String field) {
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> fromJson(json), field);
        assertTrue(e.element().endsWith(field), () -> "expected field " + field + " in " + e.element());
    }
}
