package io.yikatong.card;

import io.yikatong.testkit.card.ScriptedCardTransport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.codec.Hex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CardSessionTest {

    private static byte[] hex(String s) {
        return Hex.parse(s, "test");
    }

    @Test
    void fetchesRemainingBytesWithGetResponseAsTheSamDoes() throws Exception {
        // health-card-spec §1.8: SAM 80FA 0000 10 <data> -> 6110; 00C0000010 -> 16 bytes 9000
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("80fa000010" + "11223344556677880000000000000000", "6110")
                .expect("00c0000010", "00112233445566778899aabbccddeeff9000");
        List<ApduExchange> seen = new ArrayList<>();
        try (CardSession s = CardSession.builder(t).listener(seen::add).build()) {
            byte[] e = s.send(CommandApdu.of(0x80, 0xFA, 0, 0, hex("11223344556677880000000000000000")), "SAM encrypt");
            assertEquals("00112233445566778899aabbccddeeff", Hex.encode(e));
            assertEquals(2, s.apduCount());
        }
        t.assertConsumed();
        assertTrue(t.isClosed(), "closing the session closes the transport");
        assertEquals(2, seen.size());
        assertEquals(1, seen.get(0).sequence());
        assertEquals(StatusWord.SUCCESS, seen.get(1).response().statusWord());
    }

    @Test
    void concatenatesSeveralGetResponseRounds() throws Exception {
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("00b2010400", "aaaa6102")
                .expect("00c0000002", "bbbb6101")
                .expect("00c0000001", "cc9000");
        CardSession s = CardSession.open(t);
        ResponseApdu r = s.transmit(CommandApdu.withNe(0, 0xB2, 1, 4, 256));
        assertEquals("aaaabbbbcc", Hex.encode(r.data()));
        assertEquals(StatusWord.SUCCESS, r.statusWord());
        t.assertConsumed();
    }

    @Test
    void resendsWithTheLeTheCardAsksFor() throws Exception {
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("00b2010003", "6c05")
                .expect("00b2010005", "01033132339000");
        byte[] data = CardSession.open(t).send(CommandApdu.withNe(0, 0xB2, 1, 0, 3), "read EF05 tag 01");
        assertEquals("0103313233", Hex.encode(data));
        t.assertConsumed();
    }

    @Test
    void mapsStatusWordsToTypedExceptions() {
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("00a4000002ef09", "6a82")
                .expect("0082000411" + "0102030405060708" + "1122334455667788" + "01", "63c2")
                .expect("0020000003123456", "6983");
        CardSession s = CardSession.open(t);
        CardRefusedException notFound = assertThrows(CardRefusedException.class,
                () -> s.send(CommandApdu.of(0, 0xA4, 0, 0, hex("EF09")), "select EF09"));
        assertEquals(StatusWord.FILE_NOT_FOUND, notFound.statusWord());
        assertEquals(ErrorCategory.REFUSED, notFound.category());
        assertEquals("select EF09 (00A4) refused: 6A82 (file not found)", notFound.getMessage());

        AuthenticationFailedException auth = assertThrows(AuthenticationFailedException.class,
                () -> s.send(CommandApdu.of(0, 0x82, 0, 0x04, hex("0102030405060708112233445566778801")),
                        "external authentication RK_DDF1"));
        assertEquals(2, auth.retriesLeft());
        assertEquals(CardErrorCode.AUTHENTICATION_FAILED, auth.errorCode());

        AuthenticationFailedException blocked = assertThrows(AuthenticationFailedException.class,
                () -> s.send(CommandApdu.of(0, 0x20, 0, 0, hex("123456")), "SAM PIN"));
        assertEquals(0, blocked.retriesLeft());
        assertFalse(blocked.getMessage().contains("123456"), "the PIN never reaches a message");
        t.assertConsumed();
    }

    @Test
    void aVanishedCardIsAMalformedResponseAndALinkFailurePropagates() {
        CardLinkException removed = new CardLinkException(CardErrorCode.CARD_REMOVED, "card removed", null);
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("00b0000080", "")
                .expectFailure("00b0000080", removed);
        CardSession s = CardSession.open(t);
        MalformedCardResponseException e = assertThrows(MalformedCardResponseException.class,
                () -> s.readBinary(0, 0x80, "DDF1/EF07"));
        assertEquals(CardErrorCode.MALFORMED_RESPONSE, e.errorCode());
        assertSame(removed, assertThrows(CardLinkException.class, () -> s.readBinary(0, 0x80, "DDF1/EF07")));
        assertEquals(ErrorCategory.LINK_FAILED, removed.category());
        assertThrows(IllegalArgumentException.class,
                () -> new CardLinkException(CardErrorCode.CARD_REFUSED, "not a link failure", null));
        t.assertConsumed();
    }

    @Test
    void readsTransparentFilesInChunksAndChecksTheirLength() throws Exception {
        // a 300-byte photo file read in 0x80-byte chunks, as the vendor reads DDF1/EF07 (health-card-spec §1.4)
        byte[] photo = new byte[300];
        for (int i = 0; i < photo.length; i++) {
            photo[i] = (byte) i;
        }
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("00b0000080", Hex.encode(java.util.Arrays.copyOfRange(photo, 0, 128)) + "9000")
                .expect("00b0008080", Hex.encode(java.util.Arrays.copyOfRange(photo, 128, 256)) + "9000")
                .expect("00b001002c", Hex.encode(java.util.Arrays.copyOfRange(photo, 256, 300)) + "9000");
        CardSession s = CardSession.open(t);
        assertArrayEquals(photo, s.readBinary(0, 300, "DDF1/EF07"));
        assertEquals(3, s.apduCount());
        t.assertConsumed();

        ScriptedCardTransport shortRead = new ScriptedCardTransport().expect("00b0000010", "01029000");
        MalformedCardResponseException e = assertThrows(MalformedCardResponseException.class,
                () -> CardSession.open(shortRead).readBinary(0, 16, "DDF1/EF07"));
        assertEquals("DDF1/EF07", e.file());
        assertEquals(0, e.offset());
    }

    @Test
    void tracesAreRedactedByDefault() throws Exception {
        ScriptedCardTransport t = new ScriptedCardTransport()
                .expect("0020000003123456", "9000")
                .expect("00b20b0400", "0b1ed5c5c8fd9000");
        List<ApduExchange> seen = new ArrayList<>();
        CardSession s = CardSession.builder(t).listener(seen::add).build();
        s.send(CommandApdu.of(0, 0x20, 0, 0, hex("123456")), "SAM PIN");
        s.send(CommandApdu.withNe(0, 0xB2, 0x0B, 0x04, 256), "read name");
        String pinTrace = seen.get(0).trace(true);
        assertFalse(pinTrace.contains("123456"), pinTrace);
        assertTrue(pinTrace.contains("[3 bytes redacted]"), pinTrace);
        String nameTrace = seen.get(1).toString();
        assertFalse(nameTrace.contains("d5c5"), "holder name not in the default trace: " + nameTrace);
        assertTrue(nameTrace.contains("-> 6 bytes 9000 (success)"), nameTrace);
        assertTrue(seen.get(1).trace(true).contains("0b1ed5c5c8fd"), "explicitly enabled data tracing shows it");
    }

    @Test
    void aCardStuckOnMoreDataDoesNotHang() {
        ScriptedCardTransport t = new ScriptedCardTransport().expect("00ca000001", "0161ff");
        for (int i = 0; i < CardSession.MAX_GET_RESPONSE_ROUNDS; i++) {
            t.expect("00c00000ff", "0161ff");
        }
        assertThrows(MalformedCardResponseException.class,
                () -> CardSession.open(t).transmit(CommandApdu.withNe(0, 0xCA, 0, 0, 1)));
    }
}
