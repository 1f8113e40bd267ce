package io.yikatong.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimpleTlvTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void healthCardNameRecord() throws Exception {
        // DDF1/EF06 record 1: tag 0B (姓名), Len 30 (0x1E), AN value padded with 00 (spec §1.3, §1.4)
        byte[] record = new byte[32];
        record[0] = 0x0B;
        record[1] = 0x1E;
        System.arraycopy(hex("d5c5c8fd"), 0, record, 2, 4);
        SimpleTlv tlv = SimpleTlv.decode(record, 0x0B);
        assertEquals(30, tlv.value().length());
        assertEquals("张三", GbText.decode(tlv.value().toByteArray(), "姓名"));
        assertArrayEquals(record, SimpleTlv.of(0x0B, GbText.encode("张三", 30)).encode());
        assertEquals("SimpleTlv[0B, 30 bytes]", tlv.toString());
    }

    @Test
    void healthCardCnRecordsAndLongLengthByte() throws Exception {
        // DDF1/EF05 tag 39 应用城市代码: 3 bytes CN (read with 00B2390005); tag 06 发卡时间: 4 bytes CN
        assertEquals("110100", Bcd.decodeCn(SimpleTlv.decode(hex("39 03 110100"), 0x39).value().toByteArray(), "x"));
        assertEquals(java.time.LocalDate.of(2025, 1, 31),
                Bcd.decodeDate(SimpleTlv.decode(hex("06 04 20250131")).value().toByteArray(), "发卡时间"));
        // tag 05 发卡机构证书: 180 bytes, length byte B4 is plain unsigned (00B20500B6), not BER
        byte[] cert = new byte[182];
        cert[0] = 0x05;
        cert[1] = (byte) 0xB4;
        assertEquals(180, SimpleTlv.decode(cert, 0x05).value().length());
        assertArrayEquals(cert, SimpleTlv.of(0x05, new byte[180]).encode());
    }

    @Test
    void threeByteLengthAndPadding() throws Exception {
        byte[] big = SimpleTlv.of(0x10, new byte[300]).encode();
        assertArrayEquals(hex("10 FF 012C"), Arrays.copyOf(big, 4));
        assertEquals(300, SimpleTlv.decode(big).value().length());
        assertArrayEquals(hex("10 FE"), Arrays.copyOf(SimpleTlv.of(0x10, new byte[254]).encode(), 2));
        assertArrayEquals(hex("10 FF 00FF"), Arrays.copyOf(SimpleTlv.of(0x10, new byte[255]).encode(), 4));
        assertEquals(1, assertThrows(MalformedDataException.class,
                () -> SimpleTlv.decode(hex("10 FF 0005 0102030405"))).offset()); // non-minimal
        assertEquals(1, SimpleTlv.decode(hex("0101AA 00FF00")).value().length());
        assertEquals(2, SimpleTlv.decodeList(hex("0101AA 0200 FFFF")).size());
        assertEquals(List.of(), SimpleTlv.decodeList(hex("FFFF")));
        assertEquals(4, assertThrows(MalformedDataException.class,
                () -> SimpleTlv.decodeList(hex("0101AA 00 01"))).offset());
        assertThrows(MalformedDataException.class, () -> SimpleTlv.decode(hex("FFFF")));
        assertThrows(MalformedDataException.class, () -> SimpleTlv.decode(hex("")));
        assertEquals(3, assertThrows(MalformedDataException.class,
                () -> SimpleTlv.decode(hex("0101AA 0200"))).offset());
        assertThrows(MalformedDataException.class, () -> SimpleTlv.decode(hex("0101AA"), 0x02));
        assertEquals(2, assertThrows(MalformedDataException.class,
                () -> SimpleTlv.decode(hex("0B1E d5c5"))).offset());
        assertEquals(1, assertThrows(MalformedDataException.class, () -> SimpleTlv.decode(hex("0B"))).offset());
        assertEquals(1, assertThrows(MalformedDataException.class, () -> SimpleTlv.decode(hex("0BFF01"))).offset());
    }

    @Test
    void buildRejects() {
        assertThrows(InvalidInputException.class, () -> SimpleTlv.of(0x00, new byte[0]));
        assertThrows(InvalidInputException.class, () -> SimpleTlv.of(0xFF, new byte[0]));
        assertThrows(InvalidInputException.class, () -> SimpleTlv.of(0x100, new byte[0]));
        assertThrows(InvalidInputException.class, () -> SimpleTlv.of(0x01, new byte[65_536]));
    }

    @Test
    void roundTripProperty() throws Exception {
        long seed = 7816L;
        Random rnd = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            List<SimpleTlv> list = new ArrayList<>();
            int n = rnd.nextInt(4);
            for (int j = 0; j < n; j++) {
                byte[] v = new byte[rnd.nextInt(10) == 0 ? rnd.nextInt(600) : rnd.nextInt(40)];
                rnd.nextBytes(v);
                list.add(SimpleTlv.of(1 + rnd.nextInt(254), v));
            }
            byte[] enc = SimpleTlv.encode(list);
            byte[] padded = Arrays.copyOf(enc, enc.length + rnd.nextInt(5));
            if (rnd.nextBoolean()) {
                Arrays.fill(padded, enc.length, padded.length, (byte) 0xFF);
            }
            assertEquals(list, SimpleTlv.decodeList(padded), "seed " + seed + " case " + i);
            if (n == 1) {
                assertEquals(list.get(0), SimpleTlv.decode(padded), "seed " + seed + " case " + i);
            }
        }
    }

    @Test
    void fuzz() {
        List<byte[]> valid = List.of(hex("0B1Ed5c5c8fd" + "00".repeat(26)), hex("39 03 110100"),
                SimpleTlv.of(0x10, new byte[300]).encode(), hex("0101AA 0200 FFFF"));
        Fuzz.run("SimpleTlv.decodeList", 21L, 20_000, valid, SimpleTlv::decodeList);
        Fuzz.run("SimpleTlv.decode", 22L, 20_000, valid, SimpleTlv::decode);
        Fuzz.run("SimpleTlv.decode(tag)", 23L, 20_000, valid, b -> SimpleTlv.decode(b, 0x0B));
    }
}
