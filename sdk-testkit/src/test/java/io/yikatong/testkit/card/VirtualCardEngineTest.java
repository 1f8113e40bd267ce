package io.yikatong.testkit.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.ResponseApdu;
import io.yikatong.card.StatusWord;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.codec.Hex;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Status words and state rules of the card engine (ISO/IEC 7816-4), on the example health card. */
class VirtualCardEngineTest {

    private static byte[] hex(String s) {
        return Hex.parse(s, "test");
    }

    private static VirtualCardTransport card() {
        return VirtualHealthCards.transport(VirtualHealthCards.example());
    }

    /** Sends raw bytes and returns the status word as 4 hex digits. */
    private static String sw(VirtualCardTransport t, String command) throws CardLinkException {
        byte[] r = t.transmit(hex(command));
        return Hex.encode(Arrays.copyOfRange(r, r.length - 2, r.length));
    }

    private static byte[] data(VirtualCardTransport t, String command) throws CardLinkException {
        byte[] r = t.transmit(hex(command));
        assertEquals("9000", Hex.encode(Arrays.copyOfRange(r, r.length - 2, r.length)), command);
        return Arrays.copyOf(r, r.length - 2);
    }

    @Test
    void wrongFileIdentifierIsFileNotFound() throws Exception {
        VirtualCardTransport t = card();
        try (CardSession s = CardSession.open(t)) {
            CardRefusedException e = assertThrows(CardRefusedException.class,
                    () -> s.send(CommandApdu.of(0, 0xA4, 0, 0, hex("DDF2")), "select DDF2"));
            assertEquals(StatusWord.FILE_NOT_FOUND, e.statusWord());
        }
        VirtualCardTransport u = card();
        assertEquals("6a82", sw(u, "00A4000002EF05"), "EF05 is in DDF1, not reachable from the MF");
        assertEquals("9000", sw(u, "00A4000002DDF1"));
        assertEquals("9000", sw(u, "00A4000002DF01"));
        assertEquals("6a82", sw(u, "00A4000002EE01"), "EFs of a sibling DF are not reachable from DF01");
        assertEquals("9000", sw(u, "00A4000002EF06"), "DF01's own EF06");
        assertEquals("9000", sw(u, "00A4000002DF02"), "sibling DF");
        assertEquals("9000", sw(u, "00A4000002EF07"));
        assertEquals("9000", sw(u, "00A4000002DDF1"), "parent DF");
        assertEquals("9000", sw(u, "00A40000023F00"), "MF");
        assertEquals("6a82", sw(u, "00A4040007A0000000031010"), "select by name: no DF has a name");
        assertEquals("6700", sw(u, "00A4000001DD"));
        assertEquals("6a86", sw(u, "00A4000102DDF1"));
        assertEquals("9000", sw(u, "00A40000"), "empty SELECT selects the MF");
    }

    @Test
    void readRecordStatusWords() throws Exception {
        VirtualCardTransport t = card();
        assertEquals("6986", sw(t, "00B2010400"), "no current EF");
        data(t, "00A4000002DDF1");
        assertEquals("6986", sw(t, "00B2010400"), "a DF is selected, no EF");
        data(t, "00A4000002EF05");
        assertEquals("6a83", sw(t, "00B20B0400"), "EF05 has 10 records");
        assertEquals("6a83", sw(t, "00B2000400"), "no current record yet");
        assertEquals("6a83", sw(t, "00B2070003"), "tag 07 lives in EF08, not EF05");
        assertEquals("6c03", sw(t, "00B2010001"), "Le shorter than the record: 6C + record length");
        assertEquals("6282", sw(t, "00B2010010"), "Le longer than the record");
        assertEquals("9000", sw(t, "00B2010400"), "Le 00 means up to 256");
        assertEquals("0101319000", Hex.encode(t.transmit(hex("00B2000400"))), "P1 00 = current record");
        assertEquals("6a81", sw(t, "00B2010C00"), "short EF identifiers are not supported");
        assertEquals("6a86", sw(t, "00B2010500"));
        assertEquals("6700", sw(t, "00B20104"), "no Le");
        assertEquals("6981", sw(t, "00B0000010"), "READ BINARY on a record file");
        // by identifier: last / next / previous occurrence
        assertEquals("39", Hex.encode(Arrays.copyOf(data(t, "00B2390100"), 1)));
        try (CardSession s = CardSession.open(t)) {
            // the session re-sends with the length the card asks for (6Cxx)
            assertEquals("0204312e3030", Hex.encode(s.send(CommandApdu.withNe(0, 0xB2, 2, 0, 1), "read tag 02")));
        }
    }

    @Test
    void readBinaryStatusWords() throws Exception {
        VirtualCardTransport t = card();
        t.card().grantReadRight(0xDDF1);
        data(t, "00A4000002DDF1");
        data(t, "00A4000002EF07");
        assertEquals("6b00", sw(t, "00B00C0001"), "offset 3072 is the end of the 3072-byte file");
        assertEquals("6b00", sw(t, "00B07FFF01"));
        byte[] r = t.transmit(hex("00B00BFE04"));
        assertEquals("6282", Hex.encode(Arrays.copyOfRange(r, r.length - 2, r.length)), "2 bytes left, 4 asked");
        assertEquals(4, r.length);
        assertEquals(72, data(t, "00B00BB800").length, "Le 00: up to 256, no warning");
        assertEquals(0x80, data(t, "00B0000080").length);
        assertEquals("6a81", sw(t, "00B0870010"), "short EF identifier in P1");
        assertEquals("6981", sw(t, "00B2010400"), "READ RECORD on a transparent file");
        assertEquals("6700", sw(t, "00B00000"), "no Le");
    }

    @Test
    void protectedFilesNeedTheDfRightWhichIsLostWhenTheDfIsLeft() throws Exception {
        VirtualCardTransport t = card();
        data(t, "00A4000002DDF1");
        data(t, "00A4000002EF06");
        assertEquals("6982", sw(t, "00B2010400"));
        data(t, "00A4000002EF07");
        assertEquals("6982", sw(t, "00B0000002"));
        data(t, "00A4000002EF05");
        assertEquals("9000", sw(t, "00B2010400"), "EF05 is free to read");
        assertEquals("6982", sw(t, "00DC010403010132"), "EF05 update needs the update right");

        t.card().grantReadRight(0xDDF1);
        data(t, "00A4000002EF06");
        assertEquals("9000", sw(t, "00B2010400"));
        data(t, "00A4000002DF01");
        data(t, "00A4000002DDF1");
        data(t, "00A4000002EF06");
        assertEquals("9000", sw(t, "00B2010400"), "DF01 is inside DDF1: DDF1's right is kept");
        data(t, "00A40000023F00");
        data(t, "00A4000002DDF1");
        data(t, "00A4000002EF06");
        assertEquals("6982", sw(t, "00B2010400"), "selecting the MF left DDF1: right lost");
        assertThrows(InvalidInputException.class, () -> t.card().grantReadRight(0x1234));
    }

    @Test
    void updatesAreReadBack() throws Exception {
        VirtualCardTransport t = new VirtualCardTransport(VirtualCard.builder()
                .mf(mf -> mf.df(0xDDF1, d -> d
                        .records(0xEF08, RecordStructure.LINEAR_VARIABLE, 22, 6,
                                List.of(Bytes.fromHex("070420310315")), AccessCondition.READ_RIGHT,
                                AccessCondition.UPDATE_RIGHT)
                        .transparent(0xEF07, Bytes.copyOf(new byte[3072]), AccessCondition.READ_RIGHT,
                                AccessCondition.UPDATE_RIGHT)))
                .build());
        t.card().grantReadRight(0xDDF1);
        t.card().grantUpdateRight(0xDDF1);
        data(t, "00A4000002DDF1");
        data(t, "00A4000002EF08");
        String phone = "1014" + "3133393030303030303030" + "00".repeat(9); // tag 10, len 20, "13900000000"
        assertEquals("9000", sw(t, "00E20000" + "16" + phone));
        assertEquals("9000", sw(t, "00DC020416" + phone));
        assertEquals(phone + "9000", Hex.encode(t.transmit(hex("00B2020400"))));
        assertEquals("6700", sw(t, "00DC020417" + phone + "00"), "longer than the 22-byte maximum");
        assertEquals("6a83", sw(t, "00DC070403070101"));
        for (int i = 3; i <= 6; i++) {
            assertEquals("9000", sw(t, "00E2000003120101"));
        }
        assertEquals("6a84", sw(t, "00E2000003120101"), "linear file full (6 of 6)");
        data(t, "00A4000002EF07");
        assertEquals("9000", sw(t, "00D60BFE02ABCD"));
        assertEquals("abcd", Hex.encode(data(t, "00B00BFE00")));
        assertEquals("6a84", sw(t, "00D60BFF02ABCD"), "write past the end");
        assertEquals("6b00", sw(t, "00D60C0001AB"));
    }

    @Test
    void healthCardTlvWritesNeedSecureMessaging() throws Exception {
        VirtualCardTransport t = card();
        t.card().grantReadRight(0xDDF1);
        t.card().grantUpdateRight(0xDDF1);
        data(t, "00A4000002DDF1");
        data(t, "00A4000002EF08");
        String phone = "1014" + "3133393030303030303030" + "00".repeat(9);
        assertEquals("6982", sw(t, "00DC020416" + phone), "plain UPDATE RECORD refused");
        assertEquals("6982", sw(t, "00E2000016" + phone), "plain APPEND RECORD refused");
        assertEquals("6987", sw(t, "04DC020414" + "00".repeat(16) + "01020304"), "no challenge: no session key");
        data(t, "0084000008");
        assertEquals("6988", sw(t, "04DC020414" + "00".repeat(16) + "01020304"), "wrong MAC");
    }

    @Test
    void cyclicFileAppendsAsRecordOneAndDropsTheOldest() throws Exception {
        VirtualCardTransport t = card();
        VirtualCard c = t.card();
        c.grantReadRight(0xDF02);
        c.grantUpdateRight(0xDF02);
        data(t, "00A4000002DDF1");
        data(t, "00A4000002DF02");
        data(t, "00A4000002EF07"); // allergies: 3 records x 120 bytes
        assertEquals("6a83", sw(t, "00B2010400"), "empty");
        for (int i = 1; i <= 4; i++) {
            assertEquals("9000", sw(t, "00E2000078" + String.format("%02x", i).repeat(120)), "append " + i);
        }
        assertEquals("04".repeat(120), Hex.encode(data(t, "00B2010400")), "newest is record 1");
        assertEquals("03".repeat(120), Hex.encode(data(t, "00B2020400")));
        assertEquals("02".repeat(120), Hex.encode(data(t, "00B2030400")));
        assertEquals("6a83", sw(t, "00B2040400"), "the first record was dropped");
        // the vendor write (spec §1.5): 00DC 00 03 78 <120 bytes> = a new record 1
        assertEquals("9000", sw(t, "00DC000378" + "05".repeat(120)));
        assertEquals("05".repeat(120), Hex.encode(data(t, "00B2010400")));
        assertEquals("03".repeat(120), Hex.encode(data(t, "00B2030400")));
        assertEquals("6700", sw(t, "00E2000077" + "00".repeat(119)), "fixed-length records");
        data(t, "00A4000002EF08"); // immunisations: 10 x 24 bytes
        for (int i = 1; i <= 12; i++) {
            assertEquals("9000", sw(t, "00E2000018" + String.format("%02x", i).repeat(24)));
        }
        for (int rec = 1; rec <= 10; rec++) {
            assertEquals(String.format("%02x", 13 - rec).repeat(24),
                    Hex.encode(data(t, String.format("00B2%02x0400", rec))), "record " + rec);
        }
        assertEquals("6a83", sw(t, "00B20B0400"));
    }

    @Test
    void getChallengeDrawsFromTheInjectedGenerator() throws Exception {
        VirtualCard a = VirtualCard.builder().random(new SplittableRandom(42)).build();
        VirtualCard b = VirtualCard.builder().random(new SplittableRandom(42)).build();
        byte[] ra = a.process(hex("0084000008"));
        byte[] rb = b.process(hex("0084000008"));
        assertEquals(10, ra.length);
        assertArrayEquals(ra, rb, "same seed, same challenge");
        byte[] expected = new byte[8];
        new SplittableRandom(42).nextBytes(expected);
        assertEquals(Hex.encode(expected) + "9000", Hex.encode(ra));
        assertNotEquals(Hex.encode(ra), Hex.encode(a.process(hex("0084000008"))), "a fresh challenge each time");
        assertEquals(Bytes.copyOf(Arrays.copyOf(a.process(hex("0084000004")), 4)), a.lastChallenge());
        assertEquals("6700", Hex.encode(a.process(hex("0084000005"))));
        assertEquals("6a86", Hex.encode(a.process(hex("0084010008"))));
    }

    @Test
    void classAndInstructionErrors() throws Exception {
        VirtualCardTransport t = card();
        assertEquals("6d00", sw(t, "00CA9F7F00"));
        assertEquals("6e00", sw(t, "80A4000002DDF1"), "proprietary class");
        assertEquals("6986", sw(t, "04DC010403010132"), "secure messaging write without a current EF");
        assertEquals("6882", sw(t, "0CB0000000"), "secure messaging on other commands");
        assertEquals("6700", sw(t, "00A4000005DDF1"), "Lc does not match");
        assertEquals("6700", sw(t, "00A4"), "shorter than a header");
        assertEquals("6985", sw(t, "00C0000010"), "no response pending");
    }

    @Test
    void atrCarriesTheDiversificationFactorAndCloseRemovesTheCard() throws Exception {
        VirtualCardTransport t = card();
        assertEquals("594b540000000001", t.atr().slice(5, 13).toHex(), "ATR bytes 5..12 (spec §1.8)");
        assertEquals("3b6c000080594b5400000000019000" + "00", t.atr().toHex());
        assertEquals(false, t.supportsExtendedLength());
        long before = t.card().commandCount();
        sw(t, "00A4000002DDF1");
        sw(t, "FFFF");
        assertEquals(before + 2, t.card().commandCount(), "malformed commands count too");
        List<Bytes> log = t.card().recentCommands();
        assertEquals(List.of(Bytes.fromHex("00A4000002DDF1"), Bytes.fromHex("FFFF")), log.subList(log.size() - 2, log.size()));
        for (int i = 0; i < VirtualCard.COMMAND_LOG_SIZE + 5; i++) {
            sw(t, "00840000" + "08");
        }
        assertEquals(VirtualCard.COMMAND_LOG_SIZE, t.card().recentCommands().size(), "the log is bounded");
        t.close();
        CardLinkException e = assertThrows(CardLinkException.class, () -> t.transmit(hex("00A4000002DDF1")));
        assertEquals(CardErrorCode.CARD_REMOVED, e.errorCode());
        t.close();
        assertThrows(InvalidInputException.class,
                () -> VirtualCard.atrWithDiversificationFactor(Bytes.fromHex("0102")));
    }

    @Test
    void builderRejectsBadFiles() {
        assertThrows(InvalidInputException.class, () -> VirtualCard.builder().mf(mf -> mf.df(0x3F00, d -> { })));
        assertThrows(InvalidInputException.class, () -> VirtualCard.builder().mf(mf -> mf
                .df(0xDF01, d -> { }).df(0xDF01, d -> { })));
        assertThrows(InvalidInputException.class, () -> VirtualCard.builder().mf(mf -> mf
                .records(0xEF01, RecordStructure.LINEAR_FIXED, 4, 2, List.of(Bytes.fromHex("010203")),
                        AccessCondition.ALWAYS, AccessCondition.NEVER)));
        assertThrows(InvalidInputException.class, () -> VirtualCard.builder().mf(mf -> mf
                .transparent(0xEF01, Bytes.empty(), AccessCondition.ALWAYS, AccessCondition.NEVER)));
        VirtualCard.Builder b = VirtualCard.builder();
        b.build();
        assertThrows(InvalidInputException.class, b::build);
    }

    @Test
    void neverAccessBlocksEvenWithRights() throws Exception {
        VirtualCard c = VirtualCard.builder().mf(mf -> mf
                .records(0xEF01, RecordStructure.LINEAR_FIXED, 2, 2, List.of(Bytes.fromHex("0102")),
                        AccessCondition.ALWAYS, AccessCondition.NEVER)).build();
        VirtualCardTransport t = new VirtualCardTransport(c);
        c.grantUpdateRight(VirtualCard.MF);
        data(t, "00A4000002EF01");
        assertEquals("01029000", Hex.encode(t.transmit(hex("00B2010400"))));
        assertEquals("6982", sw(t, "00DC0104020304"));
        assertEquals("6982", sw(t, "00E20000020304"));
        ResponseApdu r = CardSession.open(t).transmit(CommandApdu.withNe(0, 0xB2, 1, 4, 256));
        assertEquals(StatusWord.SUCCESS, r.statusWord());
        assertTrue(r.dataLength() == 2);
    }
}
