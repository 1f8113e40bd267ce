package io.yikatong.card.social;

import io.yikatong.testkit.card.FaultyCardTransport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.ApduExchange;
import io.yikatong.card.AuthenticationFailedException;
import io.yikatong.card.CardException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.StatusWord;
import io.yikatong.card.social.internal.MedicalAccountCodec;
import io.yikatong.testkit.card.VirtualCard;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualSocialSecurityCardProfile;
import io.yikatong.testkit.card.VirtualSocialSecurityCards;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.codec.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The basic-medical-insurance personal account (health-card-spec §4.2): {@link SocialSecurityCardReader#readMedicalAccount}
 * against the virtual social security card, its PIN and GET BALANCE status words, malformed answers and error codes.
 */
class MedicalAccountReaderTest {

    private static final SocialSecurityCardReader READER = SocialSecurityCardReader.builder().build();
    private static final MedicalAccount ACCOUNT = new MedicalAccount(Money.ofFen(152_380), Money.ofFen(31_250),
            Money.ofFen(487_600), 2026);

    private final VirtualSocialSecurityCardProfile example = VirtualSocialSecurityCards.example();

    private static CardSession session(VirtualCard card, List<ApduExchange> log) {
        return CardSession.builder(new VirtualCardTransport(card)).listener(log::add).build();
    }

    private static CardSession session(VirtualCard card) {
        return CardSession.open(new VirtualCardTransport(card));
    }

    private static VirtualCard card(VirtualSocialSecurityCardProfile p) {
        return VirtualSocialSecurityCards.card(p, new Random(5));
    }

    private static StatusWord sw(CardSession s, CommandApdu c) throws CardException {
        return s.transmit(c).statusWord();
    }

    private static String raw(CardSession s, CommandApdu c) throws CardException {
        return Hex.encodeUpper(s.transport().transmit(c.encode()));
    }

    private static CommandApdu verify(String hexPin) {
        return CommandApdu.of(0x00, 0x20, 0x00, 0x00, Bytes.fromHex(hexPin).toByteArray());
    }

    private static final CommandApdu SELECT_SSSE = CommandApdu.of(0x00, 0xA4, 0x04, 0x00,
            SocialSecurityCardReader.SSSE_NAME.toByteArray(), 256);
    private static final CommandApdu SELECT_DF04 = CommandApdu.of(0x00, 0xA4, 0x04, 0x00,
            Bytes.fromHex("D15600000503").toByteArray());

    private static CommandApdu getBalance(int p2, int le) {
        return CommandApdu.withNe(0xB0, 0x26, 0x00, p2, le);
    }

    @Test
    void readsTheExampleAccountWithSevenApdusAndThePinNeverInTheTrace() throws Exception {
        assertEquals(ACCOUNT, example.medicalAccount(), "the shipped example's account");
        List<ApduExchange> log = new ArrayList<>();
        MedicalAccount a = READER.readMedicalAccount(session(card(example), log), "123456");
        assertEquals(ACCOUNT, a);
        assertEquals(Money.ofFen(152_380), a.balance());
        List<String> commands = new ArrayList<>();
        for (ApduExchange e : log) {
            commands.add(Hex.encodeUpper(e.command().encode()));
        }
        assertEquals(7, commands.size(), commands::toString);
        assertEquals("00A404000F7378312E73682EC9E7BBE1B1A3D5CF00", commands.get(0));
        assertTrue(commands.get(1).startsWith("00C00000"), commands.get(1));
        assertEquals(List.of("0020000003123456", "00A4040006D15600000503", "B026000104", "B026000206",
                "B026000306"), commands.subList(2, 7));
        for (ApduExchange e : log) {
            assertFalse(e.trace(true).contains("123456"), e.trace(true));
            assertFalse(e.toString().contains("123456"), e::toString);
        }
        assertTrue(log.get(2).command().isSensitive());
        assertFalse(a.toString().contains("1523"), a.toString());
        assertFalse(a.toString().contains("487"), a.toString());
    }

    @Test
    void binaryYearsAndOddLengthPinsAreConfigurable() throws Exception {
        MedicalAccount account = new MedicalAccount(Money.ofFen(0xFFFF_FFFFL), Money.ZERO, Money.ofFen(1), 1999);
        VirtualSocialSecurityCardProfile p = example.withPin("24680").withMedicalAccount(account,
                MedicalAccountYearEncoding.BINARY);
        SocialSecurityCardReader binary = SocialSecurityCardReader.builder()
                .medicalAccountYearEncoding(MedicalAccountYearEncoding.BINARY).build();
        List<ApduExchange> log = new ArrayList<>();
        assertEquals(account, binary.readMedicalAccount(session(card(p), log), "24680"));
        assertEquals("0020000003" + "24680F", Hex.encodeUpper(log.get(2).command().encode()));
        // the same card read as BCD: 2026 binary (07 EA) has no BCD reading -> typed, naming the answer
        VirtualSocialSecurityCardProfile p2026 = example.withMedicalAccount(ACCOUNT, MedicalAccountYearEncoding.BINARY);
        MalformedCardResponseException e = assertThrows(MalformedCardResponseException.class,
                () -> READER.readMedicalAccount(session(card(p2026)), "123456"));
        assertEquals(MedicalAccountCodec.FILE, e.file());
        assertEquals(2, e.record());
        assertEquals(5, e.offset());
        // 1999 binary is 07 CF: also not BCD
        assertThrows(MalformedCardResponseException.class, () -> READER.readMedicalAccount(session(card(p)), "24680"));
        // the year of a BCD card read as binary is a number but not the year: the encoding really is configurable
        MedicalAccount misread = binary.readMedicalAccount(session(card(example)), "123456");
        assertEquals(0x2026, misread.year());
    }

    @Test
    void wrongPinCountsDownLocksAndMapsToTheReaderCodes() throws Exception {
        VirtualCard card = card(example);
        AuthenticationFailedException first = assertThrows(AuthenticationFailedException.class,
                () -> READER.readMedicalAccount(session(card), "654321"));
        assertEquals(2, first.retriesLeft());
        assertEquals(0x20, first.ins());
        assertEquals(StatusWord.of(0x63, 0xC2), first.statusWord());
        assertFalse(first.getMessage().contains("654321"), first.getMessage());
        assertEquals(SocialSecurityErrorCodes.PIN_VERIFY_FAILED, SocialSecurityErrorCodes.of(first));
        // the right PIN resets the counter
        assertEquals(ACCOUNT, READER.readMedicalAccount(session(card), "123456"));
        assertEquals(2, assertThrows(AuthenticationFailedException.class,
                () -> READER.readMedicalAccount(session(card), "000000")).retriesLeft());
        // the counter survives the power-on of a re-insertion
        assertEquals(1, assertThrows(AuthenticationFailedException.class,
                () -> READER.readMedicalAccount(session(card), "000000")).retriesLeft());
        AuthenticationFailedException last = assertThrows(AuthenticationFailedException.class,
                () -> READER.readMedicalAccount(session(card), "000000"));
        assertEquals(0, last.retriesLeft());
        assertEquals(SocialSecurityErrorCodes.PIN_LOCKED, SocialSecurityErrorCodes.of(last));
        AuthenticationFailedException blocked = assertThrows(AuthenticationFailedException.class,
                () -> READER.readMedicalAccount(session(card), "123456"));
        assertEquals(StatusWord.AUTHENTICATION_BLOCKED, blocked.statusWord());
        assertEquals(0, blocked.retriesLeft());
        assertEquals(SocialSecurityErrorCodes.PIN_LOCKED, SocialSecurityErrorCodes.of(blocked));
    }

    @Test
    void otherAuthenticationFailuresKeepTheStatusWordCode() {
        AuthenticationFailedException rksse = new AuthenticationFailedException(
                CommandApdu.of(0x00, 0x82, 0x00, 0x0A, new byte[16]), StatusWord.of(0x63, 0xC2), "external authenticate");
        assertEquals(-0x63C2, SocialSecurityErrorCodes.of(rksse));
    }

    @Test
    void badPinInputIsRejectedBeforeAnyApduWithoutEchoingIt() {
        for (String pin : new String[] {null, "", "123", "1234567890123", "12345a", "１２３４５６", "12 456"}) {
            List<ApduExchange> log = new ArrayList<>();
            CardSession s = session(card(example), log);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> READER.readMedicalAccount(s, pin));
            assertEquals("pin", e.field());
            if (pin != null && !pin.isEmpty()) {
                assertFalse(e.getMessage().contains(pin), e.getMessage());
            }
            assertEquals(0, log.size());
        }
    }

    @Test
    void aCardWithoutTheMedicalApplicationIsRefusedWithFileNotFound() throws Exception {
        VirtualSocialSecurityCardProfile old = SocialSecurityCardReaderTest.secondGeneration();
        assertNull(old.medicalAccount());
        assertEquals(VirtualSocialSecurityCardProfile.DEFAULT_PIN, old.pin());
        CardRefusedException e = assertThrows(CardRefusedException.class,
                () -> READER.readMedicalAccount(session(card(old)), "123456"));
        assertEquals(StatusWord.FILE_NOT_FOUND, e.statusWord());
        assertEquals(0xA4, e.ins());
    }

    @Test
    void getBalanceStatusWordsOfTheVirtualCard() throws Exception {
        CardSession s = session(card(example));
        assertEquals(StatusWord.CONDITIONS_NOT_SATISFIED, sw(s, getBalance(1, 4)), "MF selected, not DF04");
        assertEquals(StatusWord.REFERENCED_DATA_NOT_FOUND, sw(s, verify("123456")), "PIN lives in SSSE");
        s.send(SELECT_SSSE, "select SSSE");
        assertEquals(StatusWord.of(0x63, 0xC3), sw(s, CommandApdu.of(0x00, 0x20, 0x00, 0x00)), "tries left");
        assertEquals(StatusWord.INCORRECT_P1_P2, sw(s, CommandApdu.of(0x00, 0x20, 0x00, 0x01, Bytes.fromHex("123456").toByteArray())));
        s.send(SELECT_DF04, "select DF04");
        assertEquals(StatusWord.SECURITY_STATUS_NOT_SATISFIED, sw(s, getBalance(1, 4)), "no PIN yet");
        assertEquals(StatusWord.SUCCESS, sw(s, verify("123456")), "VERIFY from DF04, under SSSE");
        assertEquals(StatusWord.SUCCESS, sw(s, CommandApdu.of(0x00, 0x20, 0x00, 0x00)), "verified");
        assertEquals("0002533C", Hex.encodeUpper(s.send(getBalance(1, 4), "balance")));
        assertEquals("00007A12" + "2026", Hex.encodeUpper(s.send(getBalance(2, 6), "self-pay")));
        assertEquals("000770B0" + "2026", Hex.encodeUpper(s.send(getBalance(3, 0), "pooled fund, no Le")));
        assertEquals("6C04", raw(s, getBalance(1, 2)), "the raw answer (the session itself re-sends on 6Cxx)");
        assertEquals("6C06", raw(s, getBalance(2, 4)));
        assertEquals(StatusWord.INCORRECT_P1_P2, sw(s, getBalance(0, 4)));
        assertEquals(StatusWord.INCORRECT_P1_P2, sw(s, getBalance(4, 4)));
        assertEquals(StatusWord.INCORRECT_P1_P2, sw(s, CommandApdu.withNe(0xB0, 0x26, 0x01, 0x01, 4)));
        assertEquals(StatusWord.WRONG_LENGTH, sw(s, CommandApdu.of(0xB0, 0x26, 0x00, 0x01, new byte[] {1}, 4)));
        assertEquals(StatusWord.INS_NOT_SUPPORTED, sw(s, CommandApdu.withNe(0xB0, 0x28, 0x00, 0x01, 16)));
        // leaving SSSE drops the PIN; so does a reset
        s.send(CommandApdu.of(0x00, 0xA4, 0x00, 0x00, new byte[] {0x3F, 0x00}), "select MF");
        s.send(SELECT_DF04, "select DF04 again");
        assertEquals(StatusWord.SECURITY_STATUS_NOT_SATISFIED, sw(s, getBalance(1, 4)));
        assertEquals(StatusWord.SUCCESS, sw(s, verify("123456")));
        assertEquals(StatusWord.SUCCESS, sw(s, getBalance(1, 4)));
        s.transport().reset();
        s.send(SELECT_DF04, "select DF04 after reset");
        assertEquals(StatusWord.SECURITY_STATUS_NOT_SATISFIED, sw(s, getBalance(1, 4)));
    }

    @Test
    void malformedAnswersAreTypedAndNameTheAnswer() {
        record Case(int p2, UnaryOperator<byte[]> change, int offset) {
        }
        List<Case> cases = List.of(
                new Case(1, r -> Bytes.fromHex("0102039000").toByteArray(), 3), // 3 bytes
                new Case(1, r -> Bytes.fromHex("01020304059000").toByteArray(), 4), // 5 bytes
                new Case(2, r -> Bytes.fromHex("00009000").toByteArray(), 2), // 2 bytes
                new Case(2, r -> Bytes.fromHex("000000012A269000").toByteArray(), 4), // year 2A26 is not BCD
                new Case(3, r -> Bytes.fromHex("0000000120259000").toByteArray(), 4), // year differs from the self-pay year
                new Case(3, r -> Bytes.fromHex("00000001202600009000").toByteArray(), 6)); // 8 bytes
        for (Case c : cases) {
            CardSession s = CardSession.open(tampering(card(example), c.p2, c.change));
            MalformedCardResponseException e = assertThrows(MalformedCardResponseException.class,
                    () -> READER.readMedicalAccount(s, "123456"), "P2 " + c.p2);
            assertEquals(MedicalAccountCodec.FILE, e.file());
            assertEquals(c.p2, e.record(), e.getMessage());
            assertEquals(c.offset, e.offset(), e.getMessage());
            assertFalse(e.getMessage().contains("2A26"), e.getMessage());
            assertEquals(SocialSecurityErrorCodes.WRONG_CARD_TYPE, SocialSecurityErrorCodes.of(e));
        }
    }

    @Test
    void fuzzedGetBalanceAnswersGiveTypedExceptionsOnly() {
        Random r = new Random(20261123L);
        int malformed = 0;
        int read = 0;
        for (int i = 0; i < 3_000; i++) {
            int p2 = 1 + r.nextInt(3);
            byte[] data = new byte[r.nextInt(9)];
            r.nextBytes(data);
            if (r.nextBoolean() && data.length >= 6) { // plausible BCD years
                data[4] = 0x20;
                data[5] = 0x26;
            }
            byte[] status = r.nextInt(5) == 0 ? new byte[] {(byte) r.nextInt(256), (byte) r.nextInt(256)}
                    : new byte[] {(byte) 0x90, 0x00};
            byte[] answer = java.util.Arrays.copyOf(data, data.length + 2);
            answer[data.length] = status[0];
            answer[data.length + 1] = status[1];
            CardSession s = CardSession.open(tampering(card(example), p2, x -> answer));
            try {
                MedicalAccount a = READER.readMedicalAccount(s, "123456");
                assertTrue(a.balance().fen() >= 0 && a.year() >= 0 && a.year() <= 9999);
                read++;
            } catch (MalformedCardResponseException e) {
                assertEquals(MedicalAccountCodec.FILE, e.file());
                malformed++;
            } catch (CardException e) {
                assertTrue(e instanceof CardRefusedException, e::toString);
            }
        }
        assertTrue(malformed > 1_000 && read > 100, "malformed " + malformed + ", read " + read);
    }

    @Test
    void codecFuzzThrowsOnlyMalformed() {
        Random r = new Random(42L);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(10)];
            r.nextBytes(b);
            MedicalAccountYearEncoding enc = MedicalAccountYearEncoding.values()[r.nextInt(2)];
            try {
                assertTrue(MedicalAccountCodec.balance(b) >= 0);
                assertEquals(4, b.length);
            } catch (MalformedCardResponseException e) {
                assertEquals(1, e.record());
            }
            try {
                MedicalAccountCodec.YearToDate y = MedicalAccountCodec.yearToDate(b, 2, enc);
                assertEquals(6, b.length);
                assertTrue(y.fen() >= 0 && y.year() >= 0 && y.year() <= 9999);
            } catch (MalformedCardResponseException e) {
                assertEquals(2, e.record());
            }
        }
    }

    @Test
    void medicalAccountValidatesAndMasks() {
        assertEquals("year", assertThrows(InvalidInputException.class,
                () -> new MedicalAccount(Money.ZERO, Money.ZERO, Money.ZERO, 10_000)).field());
        assertEquals("balance", assertThrows(InvalidInputException.class,
                () -> new MedicalAccount(Money.ofFen(-1), Money.ZERO, Money.ZERO, 2026)).field());
        assertEquals("yearToDatePooledFund", assertThrows(InvalidInputException.class,
                () -> new MedicalAccount(Money.ZERO, Money.ZERO, null, 2026)).field());
        assertEquals("MedicalAccount[year=2026, amounts=****]", ACCOUNT.toString());
        assertEquals("medicalAccount.balance", assertThrows(InvalidInputException.class,
                () -> example.withMedicalAccount(new MedicalAccount(Money.ofFen(0x1_0000_0000L), Money.ZERO,
                        Money.ZERO, 2026), MedicalAccountYearEncoding.BCD)).field());
        assertEquals("pin", assertThrows(InvalidInputException.class, () -> example.withPin("12ab")).field());
        assertFalse(example.toString().contains("123456"));
    }

    /** Forwards to a card and replaces the answer to GET BALANCE with the given P2. */

    /** Alters the answers to READ BINARY of SFI 06 at offset {@code p2}. */
    private static FaultyCardTransport tampering(VirtualCard card, int p2, UnaryOperator<byte[]> change) {
        return FaultyCardTransport.wrap(new VirtualCardTransport(card)).tamperResponse(
                apdu -> (apdu[0] & 0xFF) == 0xB0 && apdu[1] == 0x26 && apdu[3] == p2, change);
    }
}
