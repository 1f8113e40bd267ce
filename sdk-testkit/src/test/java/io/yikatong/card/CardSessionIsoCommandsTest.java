package io.yikatong.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.codec.Hex;
import io.yikatong.testkit.card.ScriptedCardTransport;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The ISO/IEC 7816-4 helpers of {@link CardSession}: the exact bytes each one puts on the wire (the same the card
 * applications sent when they built these commands by hand), what they return, and what they refuse before sending
 * anything.
 */
class CardSessionIsoCommandsTest {

    private static final Bytes SSSE = Bytes.fromHex("7378312E73682EC9E7BBE1B1A3D5CF");
    private static final Bytes DF04 = Bytes.fromHex("D15600000503");

    private static void assertField(String field, Executable e) {
        InvalidInputException x = assertThrows(InvalidInputException.class, e);
        assertEquals(field, x.field(), x.getMessage());
    }

    private static String repeat(String hexByte, int n) {
        return hexByte.repeat(n);
    }

    @Test
    void selectsByFileIdentifierAndEfUnderTheCurrentDf() throws Exception {
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("00a4000002ddf1", "9000")
                .expect("00a4000002df01", "9000")
                .expect("00a40000023f00", "9000")
                .expect("00a4000002ef09", "6a82")
                .expect("00a4020002ef05", "9000");
        CardSession s = CardSession.open(t);
        assertEquals(0, s.selectFile(0xDDF1, "select DDF1").length);
        s.selectFile(0xDF01, "select the PSAM health application DF01");
        s.selectFile(0x3F00, "select MF");
        CardRefusedException notFound = assertThrows(CardRefusedException.class, () -> s.selectFile(0xEF09, "select EF09"));
        assertEquals(StatusWord.FILE_NOT_FOUND, notFound.statusWord());
        assertEquals("select EF09 (00A4) refused: 6A82 (file not found)", notFound.getMessage());
        s.selectEf(0xEF05, "select EF05");
        t.assertConsumed();
        int sent = t.commandsSent();
        assertField("fid", () -> s.selectFile(-1, "x"));
        assertField("fid", () -> s.selectFile(0x10000, "x"));
        assertField("fid", () -> s.selectEf(0x1_0000, "x"));
        assertEquals(sent, t.commandsSent(), "nothing is sent for a bad identifier");
    }

    @Test
    void selectsByNameWithAndWithoutLe() throws Exception {
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("00a404000f7378312e73682ec9e7bbe1b1a3d5cf00", "6f07840573782e3168" + "9000")
                .expect("00a4040006d15600000503", "9000")
                // T=0: the FCI comes through GET RESPONSE
                .expect("00a404000f7378312e73682ec9e7bbe1b1a3d5cf00", "6104")
                .expect("00c0000004", "6f0284009000")
                .expect("00a4040006d15600000503", "6a82");
        CardSession s = CardSession.open(t);
        assertEquals("6f07840573782e3168", Hex.encode(s.selectByName(SSSE, 256, "select SSSE")));
        assertEquals(0, s.selectByName(DF04, "select DF04 (medical insurance)").length);
        assertEquals("6f028400", Hex.encode(s.selectByName(SSSE, 256, "select SSSE")));
        CardRefusedException e = assertThrows(CardRefusedException.class, () -> s.selectByName(DF04, "select DF04"));
        assertEquals(0xA4, e.ins());
        t.assertConsumed();
        assertField("dfName", () -> s.selectByName(Bytes.empty(), "x"));
        assertField("dfName", () -> s.selectByName(Bytes.copyOf(new byte[17]), "x"));
        assertField("ne", () -> s.selectByName(DF04, 257, "x"));
        assertField("ne", () -> s.selectByName(DF04, -1, "x"));
        assertThrows(NullPointerException.class, () -> s.selectByName(null, "x"));
        assertEquals(5, t.commandsSent());
    }

    @Test
    void readsRecordsByNumberAndByIdentifier() throws Exception {
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("00b2010400", "2d03414243" + "9000")
                .expect("00b20f0400", "6a83")
                .expect("00b2390005", "3903110105" + "9000")
                .expect("00b2080012", "0810" + repeat("31", 16) + "9000")
                // a card that wants another Le says so; the session re-sends once
                .expect("00b2390003", "6c05")
                .expect("00b2390005", "3903110105" + "9000");
        CardSession s = CardSession.open(t);
        assertEquals("2d03414243", Hex.encode(s.readRecord(1, "read DDF1/EF06 record 1")));
        CardRefusedException missing = assertThrows(CardRefusedException.class,
                () -> s.readRecord(15, "read DF02/EF05 record 15"));
        assertEquals(StatusWord.RECORD_NOT_FOUND, missing.statusWord());
        assertEquals("3903110105", Hex.encode(s.readRecordByIdentifier(0x39, 5, "read DDF1/EF05 city code")));
        assertEquals(18, s.readRecordByIdentifier(0x08, 0x12, "read EF05 record 08").length);
        assertEquals("3903110105", Hex.encode(s.readRecordByIdentifier(0x39, 3, "read with a short Le")));
        t.assertConsumed();
        assertField("number", () -> s.readRecord(0, "x"));
        assertField("number", () -> s.readRecord(255, "x"));
        assertField("identifier", () -> s.readRecordByIdentifier(0, 5, "x"));
        assertField("identifier", () -> s.readRecordByIdentifier(0xFF, 5, "x"));
        assertField("ne", () -> s.readRecordByIdentifier(0x39, 0, "x"));
        assertField("ne", () -> s.readRecordByIdentifier(0x39, 257, "x"));
        assertEquals(6, t.commandsSent());
    }

    @Test
    void readsBinaryFromAnOffsetInChunks() throws Exception {
        byte[] file = new byte[0x190];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) i;
        }
        String part1 = Hex.encode(Arrays.copyOfRange(file, 0x10, 0x90));
        String part2 = Hex.encode(Arrays.copyOfRange(file, 0x90, 0x110));
        String part3 = Hex.encode(Arrays.copyOfRange(file, 0x110, 0x120));
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("00b0001080", part1 + "9000")
                .expect("00b0009080", part2 + "9000")
                .expect("00b0011010", part3 + "9000")
                .expect("00b07ff001", "aa9000");
        CardSession s = CardSession.open(t);
        assertArrayEquals(Arrays.copyOfRange(file, 0x10, 0x120), s.readBinary(0x10, 0x110, "DF03/ED01"));
        assertEquals("aa", Hex.encode(s.readBinary(0x7FF0, 1, "DF03/ED01")));
        t.assertConsumed();
        assertField("offset/length", () -> s.readBinary(0x7FFF, 2, "x"));
        assertField("offset/length", () -> s.readBinary(-1, 1, "x"));
    }

    @Test
    void getsAChallengeOfTheRequestedLength() throws Exception {
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("0084000008", "0102030405060708" + "9000")
                .expect("0084000004", "a1a2a3a4" + "9000")
                .expect("0084000008", "01020304" + "9000")
                .expect("0084000008", "6985");
        CardSession s = CardSession.open(t);
        assertEquals("0102030405060708", Hex.encode(s.getChallenge(8)));
        assertEquals("a1a2a3a4", Hex.encode(s.getChallenge(4)));
        MalformedCardResponseException shortAnswer = assertThrows(MalformedCardResponseException.class,
                () -> s.getChallenge(8));
        assertTrue(shortAnswer.getMessage().contains("expected 8 bytes, card returned 4"), shortAnswer.getMessage());
        CardRefusedException refused = assertThrows(CardRefusedException.class, () -> s.getChallenge(8));
        assertEquals(0x84, refused.ins());
        assertTrue(refused.getMessage().startsWith("get challenge"), refused.getMessage());
        t.assertConsumed();
        assertField("length", () -> s.getChallenge(0));
        assertField("length", () -> s.getChallenge(257));
    }

    @Test
    void updatesBinaryInChunksFromAnOffset() throws Exception {
        byte[] data = new byte[0x1F3];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("00d60010f0" + Hex.encode(Arrays.copyOfRange(data, 0, 0xF0)), "9000")
                .expect("00d60100f0" + Hex.encode(Arrays.copyOfRange(data, 0xF0, 0x1E0)), "9000")
                .expect("00d601f013" + Hex.encode(Arrays.copyOfRange(data, 0x1E0, 0x1F3)), "9000")
                .expect("00d60bc504c1c2c3c4", "6581");
        CardSession s = CardSession.open(t);
        assertEquals(0xF0, s.writeChunk(), "the size DF03 records were always written in");
        s.updateBinary(0x10, data, "DF03/ED01");
        CardRefusedException e = assertThrows(CardRefusedException.class,
                () -> s.updateBinary(0xBC5, Hex.parse("c1c2c3c4", "d"), "DF03/EE02"));
        assertEquals("write DF03/EE02 (00D6) refused: 6581 (memory failure)", e.getMessage());
        s.updateBinary(0, new byte[0], "nothing");
        t.assertConsumed();
        assertField("offset/length", () -> s.updateBinary(0x7FFF, new byte[2], "x"));
        assertField("offset/length", () -> s.updateBinary(-1, new byte[1], "x"));

        ScriptedCardTransport small = new ScriptedCardTransport()
                .expect("00d6000002aabb", "9000")
                .expect("00d6000201cc", "9000");
        CardSession.builder(small).writeChunk(2).build().updateBinary(0, Hex.parse("aabbcc", "d"), "EF");
        small.assertConsumed();
        assertField("writeChunk", () -> CardSession.builder(small).writeChunk(0));
        assertField("writeChunk", () -> CardSession.builder(small).writeChunk(256));
    }

    @Test
    void updatesRecordsPlainWithSecureMessagingAndCyclically() throws Exception {
        String sm = repeat("5a", 16) + "0a0b0c0d";
        String allergy = repeat("41", 120);
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("00dc030403aabbcc", "9000")
                .expect("04dc010414" + sm, "9000")
                .expect("04dc0f0414" + sm, "6988")
                .expect("00dc000378" + allergy, "9000");
        CardSession s = CardSession.open(t);
        s.updateRecord(3, Hex.parse("aabbcc", "d"), "write EF record 3");
        assertEquals("04dc0104", CardSession.updateRecordSecuredHeader(1).toHex());
        assertEquals(CardSession.CLA_SECURE_MESSAGING, CardSession.updateRecordSecuredHeader(1).get(0));
        s.updateRecordSecured(1, Hex.parse(sm, "d"), "write DDF1/EF08 record 1");
        CardRefusedException badMac = assertThrows(CardRefusedException.class,
                () -> s.updateRecordSecured(15, Hex.parse(sm, "d"), "write DF02/EF05 record 15"));
        assertEquals(0x04, badMac.cla());
        assertEquals(0xDC, badMac.ins());
        s.appendCyclicRecord(Hex.parse(allergy, "d"), "append to DF02/EF07");
        t.assertConsumed();
        assertField("number", () -> s.updateRecord(0, new byte[1], "x"));
        assertField("number", () -> s.updateRecordSecured(255, new byte[1], "x"));
        assertField("number", () -> CardSession.updateRecordSecuredHeader(0));
        assertEquals(4, t.commandsSent());
    }
}
