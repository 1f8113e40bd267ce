package io.yikatong.card.health.security;

import io.yikatong.testkit.card.FaultyCardTransport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.AuthenticationFailedException;
import io.yikatong.card.CardException;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CardTransport;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.StatusWord;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.codec.SimpleTlv;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.testkit.card.HealthCardProfile;
import io.yikatong.testkit.card.SamProfile;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.testkit.card.VirtualSam;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The PSAM host side over the virtual SAM: byte-for-byte the software module, and every SAM refusal mapped. */
class PsamSecurityModuleTest {

    private static final String PIN = "123456";

    private final InsecureSoftwareSecurityModule software = InsecureSoftwareSecurityModule.development();
    private final Sm2KeyPair signer = Sm2KeyPair.generate(new SecureRandom());
    private final SamProfile samProfile = VirtualSam.example().withSigningIdentity(signer.privateKey(),
            random(180, 1), random(190, 2));
    private final VirtualCardTransport samTransport = VirtualSam.transport(samProfile);
    private final PsamOptions options = PsamOptions.builder().readerName("Virtual SAM 0")
            .signerPublicKey(signer.publicKey()).build();

    private static Bytes random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return Bytes.copyOf(b);
    }

    private static CardFactors randomFactors(SplittableRandom rnd) {
        byte[] card = new byte[8];
        rnd.nextBytes(card);
        String city = String.format("%06d", rnd.nextInt(1_000_000));
        return CardFactors.of(Bytes.copyOf(card), CardFactors.cityFactor(city));
    }

    private static Bytes bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return Bytes.copyOf(b);
    }

    @Test
    void cryptogramsAreByteForByteTheSoftwareModules() throws Exception {
        SplittableRandom rnd = new SplittableRandom(1);
        try (PsamSecurityModule psam = PsamSecurityModule.open(samTransport, PIN, options)) {
            List<HealthCardKey> authKeys = new ArrayList<>();
            for (HealthCardKey k : HealthCardKey.values()) {
                if (k.kind() != HealthCardKey.Kind.LINE_PROTECTION) {
                    authKeys.add(k);
                }
            }
            for (int i = 0; i < 150; i++) {
                HealthCardKey key = authKeys.get(rnd.nextInt(authKeys.size()));
                CardFactors f = randomFactors(rnd);
                Bytes challenge = bytes(rnd, 8);
                Bytes input = i % 3 == 0 ? HealthCardKey.READ_AUTHENTICATION_INPUT : bytes(rnd, 8);
                assertEquals(software.authenticationCryptogram(key, f, challenge, input),
                        psam.authenticationCryptogram(key, f, challenge, input), key + " #" + i);
            }
        }
    }

    @Test
    void protectedRecordsAreByteForByteTheSoftwareModules() throws Exception {
        SplittableRandom rnd = new SplittableRandom(2);
        HealthCardKey[] stks = {HealthCardKey.STK_DDF1, HealthCardKey.STK_DF01, HealthCardKey.STK_DF02,
            HealthCardKey.STK_DF03};
        try (PsamSecurityModule psam = PsamSecurityModule.open(samTransport, PIN, options)) {
            for (int i = 0; i < 120; i++) {
                HealthCardKey key = stks[rnd.nextInt(stks.length)];
                CardFactors f = randomFactors(rnd);
                Bytes challenge = bytes(rnd, 8);
                Bytes header = Bytes.fromHex(String.format("04DC%02X04", 1 + rnd.nextInt(20)));
                int length = i < 4 ? new int[] {0, 254, 238, 239}[i] : rnd.nextInt(255);
                Bytes record = bytes(rnd, length);
                assertEquals(software.protectRecordUpdate(key, f, challenge, header, record),
                        psam.protectRecordUpdate(key, f, challenge, header, record), key + " record of " + length);
            }
        }
    }

    @Test
    void aHealthCardAuthenticatedThroughThePsamReadsItsHolderData() throws Exception {
        HealthCardProfile profile = VirtualHealthCards.example();
        VirtualCardTransport cardTransport = VirtualHealthCards.transport(profile);
        try (PsamSecurityModule psam = PsamSecurityModule.open(samTransport, PIN, options);
                CardSession card = CardSession.open(cardTransport)) {
            card.send(CommandApdu.of(0x00, 0xA4, 0x00, 0x00, Hex.parse("DDF1", "fid")), "select DDF1");
            card.send(CommandApdu.of(0x00, 0xA4, 0x00, 0x00, Hex.parse("EF06", "fid")), "select EF06");
            CardRefusedException before = assertThrows(CardRefusedException.class,
                    () -> card.send(CommandApdu.withNe(0x00, 0xB2, 0x01, 0x04, 256), "read XM"));
            assertEquals(StatusWord.SECURITY_STATUS_NOT_SATISFIED, before.statusWord());
            CardFactors factors = CardFactors.fromCard(cardTransport.atr(), CardFactors.AtrFactorRule.BYTES_5_TO_12,
                    profile.cityCode());
            long samBefore = samTransport.card().commandCount();
            int cardBefore = card.apduCount();
            Bytes challenge = Bytes.copyOf(card.send(CommandApdu.withNe(0x00, 0x84, 0x00, 0x00, 8), "challenge"));
            Bytes a = psam.authenticationCryptogram(HealthCardKey.RK_DDF1, factors, challenge,
                    HealthCardKey.READ_AUTHENTICATION_INPUT);
            byte[] data = Hex.parse(a.toHex() + HealthCardKey.READ_AUTHENTICATION_INPUT.toHex() + "01", "data");
            card.send(CommandApdu.of(0x00, 0x82, 0x00, HealthCardKey.RK_DDF1.cardKeyReference(), data),
                    "external authenticate");
            assertEquals(3, samTransport.card().commandCount() - samBefore, "80DE, 80FA, GET RESPONSE");
            assertEquals(2, card.apduCount() - cardBefore, "GET CHALLENGE, EXTERNAL AUTHENTICATE");
            byte[] name = card.send(CommandApdu.withNe(0x00, 0xB2, 0x01, 0x04, 256), "read XM");
            assertEquals(0x0B, name[0], "tag of XM");
            assertEquals(profile.name(), io.yikatong.core.codec.GbText.decode(
                    SimpleTlv.decode(name).value().toByteArray(), "XM"));
        }
    }

    @Test
    void aSecureMessagingWriteProtectedByThePsamIsAcceptedByTheCard() throws Exception {
        HealthCardProfile profile = VirtualHealthCards.example();
        VirtualCardTransport cardTransport = VirtualHealthCards.transport(profile);
        CardFactors factors = CardFactors.fromCard(cardTransport.atr(), CardFactors.AtrFactorRule.BYTES_5_TO_12,
                profile.cityCode());
        try (PsamSecurityModule psam = PsamSecurityModule.open(samTransport, PIN, options);
                CardSession card = CardSession.open(cardTransport)) {
            card.send(CommandApdu.of(0x00, 0xA4, 0x00, 0x00, Hex.parse("DDF1", "fid")), "select DDF1");
            card.send(CommandApdu.of(0x00, 0xA4, 0x00, 0x00, Hex.parse("EF08", "fid")), "select EF08");
            Bytes r1 = Bytes.copyOf(card.send(CommandApdu.withNe(0x00, 0x84, 0x00, 0x00, 8), "challenge"));
            Bytes r2 = Bytes.copyOf(card.send(CommandApdu.withNe(0x00, 0x84, 0x00, 0x00, 8), "challenge"));
            Bytes a = psam.authenticationCryptogram(HealthCardKey.UK_DDF1, factors, r2, r1);
            card.send(CommandApdu.of(0x00, 0x82, 0x00, 0x05, Hex.parse(a.toHex() + r1.toHex() + "01", "d")), "UK");
            Bytes c = Bytes.copyOf(card.send(CommandApdu.withNe(0x00, 0x84, 0x00, 0x00, 8), "challenge"));
            Bytes record = Bytes.fromHex("1014" + Hex.encode("13900000000".getBytes(StandardCharsets.US_ASCII))
                    + "00".repeat(9));
            Bytes p = psam.protectRecordUpdate(HealthCardKey.STK_DDF1, factors, c, Bytes.fromHex("04DC0204"), record);
            card.send(CommandApdu.of(0x04, 0xDC, 0x02, 0x04, p.toByteArray()), "write BRDH1");
            Bytes rk = Bytes.copyOf(card.send(CommandApdu.withNe(0x00, 0x84, 0x00, 0x00, 8), "challenge"));
            Bytes ra = psam.authenticationCryptogram(HealthCardKey.RK_DDF1, factors, rk,
                    HealthCardKey.READ_AUTHENTICATION_INPUT);
            card.send(CommandApdu.of(0x00, 0x82, 0x00, 0x04,
                    Hex.parse(ra.toHex() + HealthCardKey.READ_AUTHENTICATION_INPUT.toHex() + "01", "d")), "RK");
            assertEquals(record, Bytes.copyOf(card.send(CommandApdu.withNe(0x00, 0xB2, 0x02, 0x04, 256), "read")));
        }
    }

    @Test
    void wrongPinReportsRetriesLeftAndClosesTheTransport() throws Exception {
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                () -> PsamSecurityModule.open(samTransport, "654321", options));
        assertEquals(2, e.retriesLeft());
        assertFalse(e.getMessage().contains("654321"), "the PIN is not in the message");
        assertThrows(CardLinkException.class, () -> samTransport.transmit(Hex.parse("00A40000023F00", "c")),
                "a failed open closes the SAM transport");
        VirtualCardTransport again = new VirtualCardTransport(samTransport.card());
        AuthenticationFailedException e2 = assertThrows(AuthenticationFailedException.class,
                () -> PsamSecurityModule.open(again, "111111", options));
        assertEquals(1, e2.retriesLeft(), "the counter survives the power cycle");
        try (PsamSecurityModule ok = PsamSecurityModule.open(new VirtualCardTransport(samTransport.card()), PIN,
                options)) {
            assertEquals("PSAM in 'Virtual SAM 0'", ok.description());
            assertFalse(ok.toString().contains(PIN));
        }
    }

    @Test
    void blockedPinIsAnAuthenticationFailureWithNoRetries() throws Exception {
        for (int i = 2; i >= 0; i--) {
            AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                    () -> PsamSecurityModule.open(new VirtualCardTransport(samTransport.card()), "000000", options));
            assertEquals(i, e.retriesLeft());
        }
        AuthenticationFailedException blocked = assertThrows(AuthenticationFailedException.class,
                () -> PsamSecurityModule.open(new VirtualCardTransport(samTransport.card()), PIN, options));
        assertEquals(0, blocked.retriesLeft());
        assertEquals(StatusWord.AUTHENTICATION_BLOCKED, blocked.statusWord());
    }

    @Test
    void badPinFormatIsRefusedBeforeAnyCommand() {
        for (String pin : new String[] {"", "123", "1234567890123", "12a456", " 123456"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> PsamSecurityModule.open(samTransport, pin, options));
            assertEquals("pin", e.field());
            assertFalse(!pin.isEmpty() && e.getMessage().contains(pin));
        }
        assertEquals(0, samTransport.card().commandCount());
    }

    @Test
    void everySamStatusWordIsMapped() throws Exception {
        CardFactors f = randomFactors(new SplittableRandom(5));
        Bytes c = Bytes.fromHex("0102030405060708");
        String[] sws = {"6982", "6985", "6A86", "6A88", "6700", "6A82", "6D00", "6E00", "6F00", "6581", "9302"};
        for (String sw : sws) {
            for (String target : new String[] {"80DE", "80FA", "802A", "00A4", "00B0"}) {
                FaultyCardTransport t = faulty(VirtualSam.transport(samProfile), target, sw, 1);
                PsamSecurityModule psam = PsamSecurityModule.open(t, PIN, options);
                CardRefusedException e = assertThrows(CardRefusedException.class, () -> {
                    switch (target) {
                        case "80DE", "80FA" -> psam.authenticationCryptogram(HealthCardKey.RK_DF02, f, c, c);
                        case "802A" -> psam.sign(Bytes.fromHex("00"));
                        case "00A4" -> psam.organisationCertificate();
                        default -> psam.issuerCertificate();
                    }
                }, sw + " on " + target);
                assertEquals(StatusWord.of(Integer.parseInt(sw.substring(0, 2), 16), Integer.parseInt(sw.substring(2), 16)), e.statusWord(), target);
                assertEquals(Integer.parseInt(target.substring(0, 2), 16), e.cla(), target);
                assertEquals(Integer.parseInt(target.substring(2, 4), 16), e.ins(), target);
                assertFalse(e instanceof AuthenticationFailedException);
                psam.close();
            }
        }
        FaultyCardTransport t = faulty(VirtualSam.transport(samProfile), "80FA", "63C1", 3); // the first protect sends two 80FA
        PsamSecurityModule psam = PsamSecurityModule.open(t, PIN, options);
        psam.protectRecordUpdate(HealthCardKey.STK_DF02, f, c, Bytes.fromHex("04DC0104"), Bytes.fromHex("2901"))
                .length();
        assertEquals(1, assertThrows(AuthenticationFailedException.class,
                () -> psam.protectRecordUpdate(HealthCardKey.STK_DF02, f, c, Bytes.fromHex("04DC0104"),
                        Bytes.fromHex("2901"))).retriesLeft());
        FaultyCardTransport select = faulty(VirtualSam.transport(samProfile), "00A4000002DF01", "6A82",
                1);
        CardRefusedException e = assertThrows(CardRefusedException.class,
                () -> PsamSecurityModule.open(select, PIN, options));
        assertEquals(StatusWord.FILE_NOT_FOUND, e.statusWord());
    }

    @Test
    void malformedSamAnswersAreTypedErrors() throws Exception {
        CardFactors f = randomFactors(new SplittableRandom(6));
        Bytes c = Bytes.fromHex("0102030405060708");
        FaultyCardTransport shortCipher = faulty(VirtualSam.transport(samProfile), "80FA", "00112233449000", 1);
        try (PsamSecurityModule psam = PsamSecurityModule.open(shortCipher, PIN, options)) {
            MalformedCardResponseException e = assertThrows(MalformedCardResponseException.class,
                    () -> psam.authenticationCryptogram(HealthCardKey.RK_DDF1, f, c, c));
            assertTrue(e.getMessage().contains("PSAM encryption"), e.getMessage());
            assertFalse(e.getMessage().contains("0011223344"), "no bytes in the message");
        }
        FaultyCardTransport shortMac = faulty(VirtualSam.transport(samProfile), "80FA05", "00119000", 1);
        try (PsamSecurityModule psam = PsamSecurityModule.open(shortMac, PIN, options)) {
            assertThrows(MalformedCardResponseException.class, () -> psam.protectRecordUpdate(HealthCardKey.STK_DDF1,
                    f, c, Bytes.fromHex("04DC0104"), Bytes.fromHex("0101")));
        }
        FaultyCardTransport shortSig = faulty(VirtualSam.transport(samProfile), "802A", "00".repeat(63)
                + "9000", 1);
        try (PsamSecurityModule psam = PsamSecurityModule.open(shortSig, PIN, options)) {
            assertThrows(MalformedCardResponseException.class, () -> psam.sign(Bytes.fromHex("00")));
        }
        FaultyCardTransport mute = faulty(VirtualSam.transport(samProfile), "80DE", "90", 1);
        try (PsamSecurityModule psam = PsamSecurityModule.open(mute, PIN, options)) {
            assertThrows(MalformedCardResponseException.class,
                    () -> psam.authenticationCryptogram(HealthCardKey.RK_DDF1, f, c, c));
        }
    }

    @Test
    void signaturesVerifyWithSdkCore() throws Exception {
        Sm2Verifier verifier = Sm2Verifier.builder(signer.publicKey()).format(Sm2SignatureFormat.RAW).build();
        SplittableRandom rnd = new SplittableRandom(9);
        try (PsamSecurityModule psam = PsamSecurityModule.open(samTransport, PIN, options)) {
            for (int i = 0; i < 10; i++) {
                Bytes message = bytes(rnd, rnd.nextInt(2000));
                Bytes sig = psam.sign(message);
                assertEquals(64, sig.length());
                verifier.verify(message.toByteArray(), sig.toByteArray());
                byte[] other = message.isEmpty() ? new byte[] {1} : message.toByteArray();
                other[0] ^= 1;
                assertThrows(SignatureVerificationException.class, () -> verifier.verify(other, sig.toByteArray()));
            }
            assertEquals(samProfile.organisationCertificate(), psam.organisationCertificate());
            assertEquals(samProfile.issuerCertificate(), psam.issuerCertificate());
            long count = samTransport.card().commandCount();
            assertEquals(samProfile.organisationCertificate(), psam.organisationCertificate());
            assertEquals(samProfile.issuerCertificate(), psam.issuerCertificate());
            assertEquals(count, samTransport.card().commandCount(), "certificates are read once");
        }
    }

    @Test
    void signCommandHeaderAndUserIdComeFromTheOptions() throws Exception {
        SamProfile custom = new SamProfile(samProfile.samSerial(), 1, 1, 1, 0, samProfile.terminalNumber(), 1,
                samProfile.applicationIssuerId(), samProfile.applicationReceiverId(), samProfile.startDate(),
                samProfile.expiryDate(), PIN, 3, samProfile.masterKeySeed(), signer.privateKey(),
                samProfile.issuerCertificate(), samProfile.organisationCertificate(), Bytes.fromHex("80AA0001"));
        PsamOptions o = PsamOptions.builder().signerPublicKey(signer.publicKey())
                .signCommandHeader(Bytes.fromHex("80AA0001")).signerUserId("hospital-42").build();
        Bytes message = Bytes.fromHex("0102");
        try (PsamSecurityModule psam = PsamSecurityModule.open(VirtualSam.transport(custom), PIN, o)) {
            Sm2Verifier.builder(signer.publicKey()).format(Sm2SignatureFormat.RAW).userId("hospital-42").build()
                    .verify(message.toByteArray(), psam.sign(message).toByteArray());
        }
        try (PsamSecurityModule psam = PsamSecurityModule.open(VirtualSam.transport(custom), PIN, options)) {
            CardRefusedException e = assertThrows(CardRefusedException.class, () -> psam.sign(message),
                    "the default header is not this SAM's command");
            assertEquals(0x2A, e.ins());
        }
        try (PsamSecurityModule psam = PsamSecurityModule.open(VirtualSam.transport(VirtualSam.example()), PIN,
                PsamOptions.defaults())) {
            // without an explicit key the module takes the signer's key from the organisation certificate
            Sm2PublicKey fromCert = io.yikatong.card.health.security.CardCertificate.decode(psam.organisationCertificate())
                    .publicKey();
            Sm2Verifier.builder(fromCert).format(Sm2SignatureFormat.RAW).build()
                    .verify(message.toByteArray(), psam.sign(message).toByteArray());
        }
        SamProfile zeroCert = new SamProfile(samProfile.samSerial(), 1, 1, 1, 0, samProfile.terminalNumber(), 1,
                samProfile.applicationIssuerId(), samProfile.applicationReceiverId(), samProfile.startDate(),
                samProfile.expiryDate(), PIN, 3, samProfile.masterKeySeed(), signer.privateKey(),
                samProfile.issuerCertificate(), Bytes.copyOf(new byte[190]), samProfile.signCommandHeader());
        try (PsamSecurityModule psam = PsamSecurityModule.open(VirtualSam.transport(zeroCert), PIN,
                PsamOptions.defaults())) {
            CardException e = assertThrows(CardException.class, () -> psam.sign(message));
            assertFalse(e instanceof CardRefusedException);
            assertTrue(e.getMessage().contains("signerPublicKey"), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> PsamOptions.builder().signCommandHeader(Bytes.fromHex("00")));
        assertThrows(InvalidInputException.class,
                () -> PsamOptions.builder().signCommandHeader(Bytes.fromHex("002A0000")));
        assertThrows(InvalidInputException.class, () -> PsamOptions.builder().readerName(" "));
        assertThrows(InvalidInputException.class, () -> PsamOptions.builder().signerUserId(""));
    }

    @Test
    void callerErrorsAndClose() throws Exception {
        CardFactors f = randomFactors(new SplittableRandom(8));
        Bytes c = Bytes.fromHex("0102030405060708");
        PsamSecurityModule psam = PsamSecurityModule.open(samTransport, PIN, options);
        assertEquals("key", assertThrows(InvalidInputException.class,
                () -> psam.authenticationCryptogram(HealthCardKey.STK_DDF1, f, c, c)).field());
        assertEquals("challenge", assertThrows(InvalidInputException.class,
                () -> psam.authenticationCryptogram(HealthCardKey.RK_DDF1, f, Bytes.fromHex("01"), c)).field());
        assertEquals("input", assertThrows(InvalidInputException.class,
                () -> psam.authenticationCryptogram(HealthCardKey.RK_DDF1, f, c, Bytes.fromHex("01"))).field());
        assertEquals("lineKey", assertThrows(InvalidInputException.class, () -> psam.protectRecordUpdate(
                HealthCardKey.UK_DDF1, f, c, Bytes.fromHex("04DC0104"), Bytes.fromHex("01"))).field());
        assertEquals("header", assertThrows(InvalidInputException.class, () -> psam.protectRecordUpdate(
                HealthCardKey.STK_DDF1, f, c, Bytes.fromHex("04DC01"), Bytes.fromHex("01"))).field());
        assertEquals("data", assertThrows(InvalidInputException.class, () -> psam.protectRecordUpdate(
                HealthCardKey.STK_DDF1, f, c, Bytes.fromHex("04DC0104"), Bytes.copyOf(new byte[255]))).field());
        long before = samTransport.card().commandCount();
        psam.close();
        psam.close();
        assertThrows(CardLinkException.class, () -> psam.authenticationCryptogram(HealthCardKey.RK_DDF1, f, c, c));
        assertThrows(CardLinkException.class, psam::organisationCertificate);
        assertThrows(CardLinkException.class, () -> psam.sign(c));
        assertEquals(before, samTransport.card().commandCount(), "caller errors send nothing");
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (PsamSecurityModule psam = PsamSecurityModule.open(samTransport, PIN, options)) {
            List<Future<?>> results = new ArrayList<>();
            for (int th = 0; th < 4; th++) {
                long seed = th;
                results.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(100 + seed);
                    for (int i = 0; i < 25; i++) {
                        CardFactors f = randomFactors(rnd);
                        Bytes ch = bytes(rnd, 8);
                        Bytes rec = bytes(rnd, rnd.nextInt(60));
                        assertEquals(software.authenticationCryptogram(HealthCardKey.RK_DF03, f, ch, ch),
                                psam.authenticationCryptogram(HealthCardKey.RK_DF03, f, ch, ch));
                        assertEquals(software.protectRecordUpdate(HealthCardKey.STK_DF03, f, ch,
                                Bytes.fromHex("04DC0104"), rec), psam.protectRecordUpdate(HealthCardKey.STK_DF03, f,
                                ch, Bytes.fromHex("04DC0104"), rec));
                    }
                    return null;
                }));
            }
            for (Future<?> r : results) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Serves a SAM but answers a fixed response to the n-th command whose header starts with a prefix. */

    @Test
    void faultyTransportIsAnHonestDouble() throws Exception {
        FaultyCardTransport t = faulty(VirtualSam.transport(samProfile), "00B0", "6F00", 2);
        assertEquals("9000", Hex.encode(t.transmit(Hex.parse("00A40000020015", "c"))));
        assertEquals(16, t.transmit(Hex.parse("00B000000E", "c")).length);
        assertEquals("6f00", Hex.encode(t.transmit(Hex.parse("00B000000E", "c"))));
        assertEquals(16, t.transmit(Hex.parse("00B000000E", "c")).length);
        assertInstanceOf(CardTransport.class, t);
    }

    /**
     * Answers the {@code nth} command starting with {@code prefix} with {@code answerHex} instead of the SAM; the
     * SELECT of DF01 done while opening never counts for a two-byte ("00A4") prefix, which means a file SELECT.
     */
    private static FaultyCardTransport faulty(VirtualCardTransport inner, String prefix, String answerHex, int nth) {
        String p = prefix.toLowerCase(java.util.Locale.ROOT);
        return FaultyCardTransport.wrap(inner).answerInstead(apdu -> {
            String hex = Hex.encode(apdu);
            boolean openSelect = hex.startsWith("00a4000002df01") && p.length() == 4;
            return hex.startsWith(p) && !openSelect;
        }, answerHex, nth);
    }
}
