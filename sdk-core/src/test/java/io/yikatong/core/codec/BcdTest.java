package io.yikatong.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BcdTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void cnKnownAnswersFromSpecLayouts() throws Exception {
        // 发卡机构代码: 11-byte CN; 应用城市代码: 3-byte CN, 6 digits; 民族: 1-byte CN "01" = 0x01
        assertArrayEquals(hex("123fffff"), Bcd.encodeCn("123", 4));
        assertArrayEquals(hex("110105"), Bcd.encodeCn("110105", 3));
        assertArrayEquals(hex("01"), Bcd.encodeCn("01", 1));
        assertArrayEquals(hex("ffff"), Bcd.encodeCn("", 2));
        assertEquals("123", Bcd.decodeCn(hex("123fffff"), "x"));
        assertEquals("01", Bcd.decodeCn(hex("01"), "民族"));
        assertEquals("", Bcd.decodeCn(hex("ffff"), "x"));
        assertEquals("1", Bcd.decodeCn(hex("1f"), "x"));
    }

    @Test
    void cnRejects() {
        assertThrows(InvalidInputException.class, () -> Bcd.encodeCn("12345", 2));
        assertThrows(InvalidInputException.class, () -> Bcd.encodeCn("12a", 2));
        assertThrows(InvalidInputException.class, () -> Bcd.encodeCn("1", 0));
        MalformedDataException nibble = assertThrows(MalformedDataException.class,
                () -> Bcd.decodeCn(hex("0012a4"), "发卡机构代码"));
        assertEquals(2, nibble.offset());
        assertEquals("发卡机构代码", nibble.element());
        MalformedDataException afterPad = assertThrows(MalformedDataException.class,
                () -> Bcd.decodeCn(hex("12f3ff"), "x"));
        assertEquals(1, afterPad.offset());
        MalformedDataException late = assertThrows(MalformedDataException.class,
                () -> Bcd.decodeCn(hex("1fff0f"), "x"));
        assertEquals(2, late.offset());
    }

    @Test
    void nKnownAnswers() throws Exception {
        assertArrayEquals(hex("000000001234"), Bcd.encodeN("1234", 6));
        assertArrayEquals(hex("0123"), Bcd.encodeN("123", 2));
        assertEquals("000000001234", Bcd.decodeN(hex("000000001234"), "amount"));
        assertEquals(4, assertThrows(MalformedDataException.class,
                () -> Bcd.decodeN(hex("000000001f34"), "amount")).offset());
        assertThrows(InvalidInputException.class, () -> Bcd.encodeN("123", 1));
    }

    @Test
    void dates() throws Exception {
        assertArrayEquals(hex("20250131"), Bcd.encodeDate(LocalDate.of(2025, 1, 31)));
        assertEquals(LocalDate.of(2025, 1, 31), Bcd.decodeDate(hex("20250131"), "卡有效期"));
        assertEquals(LocalDate.of(2024, 2, 29), Bcd.decodeDate(hex("20240229"), "x"));
        assertEquals(3, assertThrows(MalformedDataException.class,
                () -> Bcd.decodeDate(hex("20250230"), "x")).offset());
        assertEquals(3, assertThrows(MalformedDataException.class,
                () -> Bcd.decodeDate(hex("20230229"), "x")).offset());
        assertEquals(2, assertThrows(MalformedDataException.class,
                () -> Bcd.decodeDate(hex("20251301"), "x")).offset());
        assertThrows(MalformedDataException.class, () -> Bcd.decodeDate(hex("20250100"), "x"));
        assertThrows(MalformedDataException.class, () -> Bcd.decodeDate(hex("00000101"), "x"));
        assertThrows(MalformedDataException.class, () -> Bcd.decodeDate(hex("202501ff"), "x"));
        assertThrows(MalformedDataException.class, () -> Bcd.decodeDate(hex("2025013101"), "x"));
        assertThrows(MalformedDataException.class, () -> Bcd.decodeDate(hex("ffffffff"), "x"));
        assertEquals(Optional.empty(), Bcd.decodeOptionalDate(hex("ffffffff"), "x"));
        assertEquals(Optional.of(LocalDate.of(1949, 12, 31)), Bcd.decodeOptionalDate(hex("19491231"), "x"));
        assertThrows(InvalidInputException.class, () -> Bcd.encodeDate(LocalDate.of(10000, 1, 1)));
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> Bcd.decodeDate(hex("19490230"), "出生日期"));
        assertFalse(e.getMessage().contains("1949"), "message must not echo a birth date: " + e.getMessage());
    }

    @Test
    void dateTimes() throws Exception {
        LocalDateTime t = LocalDateTime.of(2025, 1, 31, 23, 59, 58);
        assertArrayEquals(hex("20250131235958"), Bcd.encodeDateTime(t));
        assertEquals(t, Bcd.decodeDateTime(hex("20250131235958"), "x"));
        assertEquals(4, assertThrows(MalformedDataException.class,
                () -> Bcd.decodeDateTime(hex("20250131245958"), "x")).offset());
        assertThrows(MalformedDataException.class, () -> Bcd.decodeDateTime(hex("20250131236058"), "x"));
        assertThrows(MalformedDataException.class, () -> Bcd.decodeDateTime(hex("20250131235960"), "x"));
    }

    /** Independent model of the vendor DLL's rule: hex string cut at the first F, the rest all F, no A-E. */
    private static String reference(byte[] data) {
        String h = HexFormat.of().withUpperCase().formatHex(data);
        int f = h.indexOf('F');
        String digits = f < 0 ? h : h.substring(0, f);
        String rest = f < 0 ? "" : h.substring(f);
        if (!digits.chars().allMatch(Character::isDigit) || !rest.chars().allMatch(c -> c == 'F')) {
            return null;
        }
        return digits;
    }

    @Test
    void cnDifferentialAndRoundTrip() throws Exception {
        long seed = 0xBCDL;
        Random rnd = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            int len = 1 + rnd.nextInt(12);
            // round trip
            StringBuilder digits = new StringBuilder();
            int n = rnd.nextInt(2 * len + 1);
            for (int j = 0; j < n; j++) {
                digits.append((char) ('0' + rnd.nextInt(10)));
            }
            byte[] enc = Bcd.encodeCn(digits.toString(), len);
            assertEquals(len, enc.length);
            assertEquals(digits.toString(), Bcd.decodeCn(enc, "x"), "seed " + seed + " case " + i);
            assertEquals(digits.toString(), reference(enc), "seed " + seed + " case " + i);
            byte[] encN = Bcd.encodeN(digits.toString(), len);
            String decN = Bcd.decodeN(encN, "x");
            assertEquals("0".repeat(2 * len - n) + digits, decN, "seed " + seed + " case " + i);
            // differential on arbitrary bytes, biased to nibbles 9..F
            byte[] random = new byte[len];
            for (int j = 0; j < len; j++) {
                random[j] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : 0x99 + rnd.nextInt(0x67));
            }
            String ref = reference(random);
            try {
                assertEquals(ref, Bcd.decodeCn(random, "x"), "seed " + seed + " case " + i);
            } catch (MalformedDataException e) {
                assertEquals(null, ref, "seed " + seed + " case " + i + " rejected valid CN");
            }
        }
    }

    @Test
    void dateRoundTrip() throws Exception {
        long seed = 42L;
        Random rnd = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            LocalDate d = LocalDate.ofEpochDay(rnd.nextInt(2_900_000) - 700_000);
            assertEquals(d, Bcd.decodeDate(Bcd.encodeDate(d), "x"), "seed " + seed + " case " + i);
            LocalDateTime t = d.atTime(rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60));
            assertEquals(t, Bcd.decodeDateTime(Bcd.encodeDateTime(t), "x"), "seed " + seed + " case " + i);
        }
        assertTrue(true);
    }

    @Test
    void fuzz() {
        List<byte[]> valid = List.of(hex("20250131"), hex("123fffff"), hex("20250131235958"));
        Fuzz.run("decodeCn", 1L, 10_000, valid, b -> Bcd.decodeCn(b, "x"));
        Fuzz.run("decodeN", 2L, 10_000, valid, b -> Bcd.decodeN(b, "x"));
        Fuzz.run("decodeDate", 3L, 10_000, valid, b -> Bcd.decodeDate(b, "x"));
        Fuzz.run("decodeOptionalDate", 4L, 10_000, valid, b -> Bcd.decodeOptionalDate(b, "x"));
        Fuzz.run("decodeDateTime", 5L, 10_000, valid, b -> Bcd.decodeDateTime(b, "x"));
        // dense fuzz of the date decoders with digit-only bytes, where the calendar checks matter
        Random rnd = new Random(6L);
        Fuzz.run("decodeDate digits", 6L, 10_000, List.of(), b -> {
            byte[] d = new byte[4];
            for (int j = 0; j < 4; j++) {
                d[j] = (byte) ((rnd.nextInt(10) << 4) | rnd.nextInt(10));
            }
            Bcd.decodeDate(d, "x");
        });
    }
}
