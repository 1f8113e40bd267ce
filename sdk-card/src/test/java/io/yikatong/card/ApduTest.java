package io.yikatong.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Hex;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ApduTest {

    private static byte[] hex(String s) {
        return Hex.parse(s, "test");
    }

    @Test
    void encodesTheHealthCardCommandsOfTheReference() {
        // health-card-spec §1.2/§1.3: SELECT DDF1 by FID, READ RECORD by tag with Le, GET CHALLENGE
        assertEquals("00a4000002ddf1", Hex.encode(CommandApdu.of(0x00, 0xA4, 0x00, 0x00, hex("DDF1")).encode()));
        assertEquals("00b2010003", Hex.encode(CommandApdu.withNe(0x00, 0xB2, 0x01, 0x00, 3).encode()));
        assertEquals("0084000008", Hex.encode(CommandApdu.withNe(0x00, 0x84, 0x00, 0x00, 8).encode()));
        assertEquals("00b2010400", Hex.encode(CommandApdu.withNe(0x00, 0xB2, 0x01, 0x04, 256).encode()));
        assertEquals("00c00000", Hex.encode(CommandApdu.of(0x00, 0xC0, 0x00, 0x00).encode()));
    }

    @Test
    void encodesExtendedFormsOnlyWhenNeeded() {
        byte[] big = new byte[300];
        CommandApdu c3 = CommandApdu.of(0x00, 0xD6, 0x00, 0x00, big);
        assertTrue(c3.isExtended());
        byte[] enc = c3.encode();
        assertEquals(7 + 300, enc.length);
        assertEquals("00d60000" + "00012c", Hex.encode(enc).substring(0, 14));
        assertEquals("00b0000000" + "0400", Hex.encode(CommandApdu.withNe(0x00, 0xB0, 0, 0, 1024).encode()));
        assertEquals("00b00000000000", Hex.encode(CommandApdu.withNe(0x00, 0xB0, 0, 0, 65536).encode()));
        CommandApdu c4 = CommandApdu.of(0x00, 0x2A, 0x9E, 0x9A, big, 65536);
        byte[] e4 = c4.encode();
        assertEquals(4 + 3 + 300 + 2, e4.length);
        assertEquals(0, e4[e4.length - 1]);
        assertEquals(0, e4[e4.length - 2]);
        assertFalse(CommandApdu.of(0, 0xA4, 0, 0, new byte[255], 256).isExtended());
    }

    @Test
    void rejectsOutOfRangeFieldsByName() {
        assertEquals("cla", assertThrows(InvalidInputException.class, () -> CommandApdu.of(256, 0, 0, 0)).field());
        assertEquals("ins", assertThrows(InvalidInputException.class, () -> CommandApdu.of(0, -1, 0, 0)).field());
        assertEquals("p2", assertThrows(InvalidInputException.class, () -> CommandApdu.of(0, 0, 0, 300)).field());
        assertEquals("ne", assertThrows(InvalidInputException.class,
                () -> CommandApdu.withNe(0, 0xB0, 0, 0, 65537)).field());
        assertEquals("data", assertThrows(InvalidInputException.class,
                () -> CommandApdu.of(0, 0xD6, 0, 0, new byte[65536])).field());
    }

    @Test
    void copiesDataInAndOutAndHidesItInToString() {
        byte[] pin = hex("123456");
        CommandApdu verify = CommandApdu.of(0x00, 0x20, 0x00, 0x00, pin);
        pin[0] = 0;
        assertEquals("123456", Hex.encode(verify.data()));
        verify.data()[0] = 0;
        assertEquals("123456", Hex.encode(verify.data()));
        assertTrue(verify.isSensitive(), "VERIFY is sensitive by instruction");
        assertFalse(verify.toString().contains("123456"));
        assertTrue(CommandApdu.of(0x80, 0xFA, 0, 0, new byte[16]).asSensitive().isSensitive());
        assertEquals("CommandApdu[00A40000 Lc=2 Le=-]", CommandApdu.of(0, 0xA4, 0, 0, hex("DDF1")).toString());
    }

    @Test
    void randomCommandsRoundTripThroughEncodeAndDecode() throws Exception {
        long seed = 0xA9D0L;
        Random rnd = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            int nc = switch (rnd.nextInt(4)) {
                case 0 -> 0;
                case 1 -> 1 + rnd.nextInt(255);
                case 2 -> 250 + rnd.nextInt(20);
                default -> 1 + rnd.nextInt(2000);
            };
            int ne = switch (rnd.nextInt(4)) {
                case 0 -> 0;
                case 1 -> 1 + rnd.nextInt(256);
                case 2 -> 250 + rnd.nextInt(20);
                default -> 1 + rnd.nextInt(65536);
            };
            byte[] data = new byte[nc];
            rnd.nextBytes(data);
            CommandApdu c = CommandApdu.of(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256),
                    data, ne);
            CommandApdu back = CommandApdu.decode(c.encode());
            assertEquals(c, back, "seed " + seed + " case " + i);
            assertArrayEquals(c.encode(), back.encode());
        }
    }

    @Test
    void decodingArbitraryBytesGivesACommandOrMalformedDataOnly() {
        long seed = 0xF022L;
        Random rnd = new Random(seed);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            int valid = 0;
            for (int i = 0; i < 50_000; i++) {
                byte[] b = new byte[rnd.nextInt(i % 10 == 0 ? 600 : 12)];
                rnd.nextBytes(b);
                try {
                    CommandApdu c = CommandApdu.decode(b);
                    assertArrayEquals(b, c.encode(), "a decoded command re-encodes to its input, seed " + seed);
                    valid++;
                } catch (MalformedDataException expected) {
                    assertTrue(expected.getMessage().startsWith("command APDU"));
                }
            }
            assertTrue(valid > 100, "the fuzz loop also reached valid commands");
        });
    }

    @Test
    void responsesSplitDataAndStatus() throws Exception {
        ResponseApdu r = ResponseApdu.decode(hex("0b1ed5c5c8fd9000"));
        assertEquals(StatusWord.SUCCESS, r.statusWord());
        assertEquals("0b1ed5c5c8fd", Hex.encode(r.data()));
        assertEquals("ResponseApdu[6 bytes, 9000 (success)]", r.toString());
        assertArrayEquals(hex("0b1ed5c5c8fd9000"), r.encode());
        assertEquals(StatusWord.FILE_NOT_FOUND, ResponseApdu.decode(hex("6a82")).statusWord());
        // a vanished card: PC/SC providers may return an empty response
        assertThrows(MalformedDataException.class, () -> ResponseApdu.decode(new byte[0]));
        assertThrows(MalformedDataException.class, () -> ResponseApdu.decode(new byte[1]));
    }

    @Test
    void statusWordsAreUnsignedAndExplainThemselves() {
        StatusWord ok = StatusWord.of((byte) 0x90, (byte) 0x00);
        assertEquals(0x9000, ok.value());
        assertTrue(ok.isSuccess());
        assertEquals("9000 (success)", ok.toString());
        assertEquals("6A82 (file not found)", StatusWord.FILE_NOT_FOUND.toString());
        StatusWord retries = new StatusWord(0x63C2);
        assertEquals(2, retries.retriesLeft());
        assertTrue(retries.isWarning());
        assertEquals("63C2 (verification failed, 2 retries left)", retries.toString());
        assertEquals(-1, StatusWord.SUCCESS.retriesLeft());
        assertTrue(new StatusWord(0x6110).isMoreDataAvailable());
        assertEquals(0x10, new StatusWord(0x6110).sw2());
        assertTrue(new StatusWord(0x6C08).isWrongLe());
        assertEquals("9401 (insufficient balance)", StatusWord.INSUFFICIENT_BALANCE.toString());
        assertEquals("1234 (unknown status)", new StatusWord(0x1234).toString());
        assertThrows(InvalidInputException.class, () -> new StatusWord(0x10000));
        assertThrows(InvalidInputException.class, () -> new StatusWord(-28672)); // 0x9000 as a signed short
    }
}
