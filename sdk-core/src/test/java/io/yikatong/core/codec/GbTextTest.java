package io.yikatong.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GbTextTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void nameZhangSanPaddedTo30Bytes() throws Exception {
        // GB 2312: 张 = D5C5, 三 = C8FD; the health card's 姓名 is 30 bytes AN padded with 00
        byte[] expected = Arrays.copyOf(hex("d5c5c8fd"), 30);
        assertArrayEquals(expected, GbText.encode("张三", 30));
        assertEquals("张三", GbText.decode(expected, "姓名"));
        // the same bytes are GBK: an independent decoder agrees
        assertEquals("张三", new String(hex("d5c5c8fd"), Charset.forName("GBK")));
    }

    @Test
    void fourByteCharactersRoundTrip() throws Exception {
        // U+20000 (CJK Ext. B) is 95 32 82 36 in GB18030; U+0080, the first four-byte BMP code point, is 81 30 81 30
        String s = "\uD840\uDC00\u0080";
        byte[] enc = GbText.encode(s, 10);
        assertArrayEquals(hex("9532823681308130" + "0000"), enc);
        assertEquals(s, GbText.decode(enc, "x"));
    }

    @Test
    void paddingSet() throws Exception {
        assertEquals("AB", GbText.decode(hex("4142000000"), "x"));
        assertEquals("AB", GbText.decode(hex("4142ffffff"), "x"));
        assertEquals("AB", GbText.decode(hex("41422020"), "x"));
        assertEquals("AB", GbText.decode(hex("41422000ff20"), "x"));
        assertEquals(" A B", GbText.decode(hex("2041204200"), "x"));
        assertEquals("", GbText.decode(hex("000000"), "x"));
        assertEquals("", GbText.decode(new byte[0], "x"));
        MalformedDataException hidden = assertThrows(MalformedDataException.class,
                () -> GbText.decode(hex("4142004300"), "姓名"));
        assertEquals(3, hidden.offset());
        assertEquals("姓名", hidden.element());
    }

    @Test
    void malformedSequencesReportOffset() {
        assertEquals(2, assertThrows(MalformedDataException.class,
                () -> GbText.decode(hex("41428120"), "x")).offset());
        assertEquals(0, assertThrows(MalformedDataException.class,
                () -> GbText.decode(hex("80"), "x")).offset());
        // truncated double-byte character before padding
        assertEquals(2, assertThrows(MalformedDataException.class,
                () -> GbText.decode(hex("d5c5c80000"), "x")).offset());
        // truncated four-byte sequence
        assertEquals(0, assertThrows(MalformedDataException.class,
                () -> GbText.decode(hex("953282"), "x")).offset());
    }

    @Test
    void encodeNeverCuts() {
        assertThrows(InvalidInputException.class, () -> GbText.encode("张三", 3));
        assertArrayEquals(hex("d5c5c8fd"), GbText.encode("张三", 4));
        assertThrows(InvalidInputException.class, () -> GbText.encode("\uD840", 10));
        assertThrows(InvalidInputException.class, () -> GbText.encode("a\u0000b"));
        assertThrows(InvalidInputException.class, () -> GbText.encode("a", 0));
    }

    private static String randomText(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(20);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(5)) {
                case 0 -> sb.append((char) (0x21 + rnd.nextInt(0x5E)));           // printable ASCII, no space
                case 1 -> sb.append((char) (0x4E00 + rnd.nextInt(0x9FA5 - 0x4E00))); // CJK unified
                case 2 -> sb.appendCodePoint(0x20000 + rnd.nextInt(0xA6D6));        // CJK ext. B (4-byte)
                case 3 -> sb.append((char) (0x80 + rnd.nextInt(0x3000)));           // 2/4-byte BMP mix
                default -> sb.append(" ");
            }
        }
        String s = sb.toString();
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    @Test
    void roundTripProperty() throws Exception {
        long seed = 18030L;
        Random rnd = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            String s = randomText(rnd);
            byte[] var = GbText.encode(s);
            assertEquals(s, GbText.decode(var, "x"), "seed " + seed + " case " + i);
            assertArrayEquals(s.getBytes(GbText.GB18030), var, "seed " + seed + " case " + i);
            byte[] fixed = GbText.encode(s, var.length + rnd.nextInt(8) + 1);
            assertEquals(s, GbText.decode(fixed, "x"), "seed " + seed + " case " + i);
        }
    }

    @Test
    void fuzz() {
        List<byte[]> valid = List.of(Arrays.copyOf(hex("d5c5c8fd"), 30), hex("9532823681308130"),
                GbText.encode("北京市东城区 1号", 40));
        Fuzz.run("GbText.decode", 9L, 20_000, valid, b -> GbText.decode(b, "x"));
    }
}
