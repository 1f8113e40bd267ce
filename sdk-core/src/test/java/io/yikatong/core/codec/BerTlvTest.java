package io.yikatong.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BerTlvTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static final String FCI =
            "6F 1E 84 0E 315041592E5359532E4444463031 A5 0C 88 01 01 5F2D 02 7A68 9F11 01 01";

    @Test
    void fciKnownAnswer() throws Exception {
        // ISO 7816-4 / EMV FCI: 6F { 84 DF name, A5 { 88 SFI, 5F2D language, 9F11 code table } }
        Tlv built = Tlv.constructed(0x6F,
                Tlv.primitive(0x84, "1PAY.SYS.DDF01".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                Tlv.constructed(0xA5,
                        Tlv.primitive(0x88, hex("01")),
                        Tlv.primitive(0x5F2D, "zh".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                        Tlv.primitive(0x9F11, hex("01"))));
        assertArrayEquals(hex(FCI), built.encode());
        Tlv decoded = BerTlv.decodeOne(hex(FCI));
        assertEquals(built, decoded);
        assertTrue(decoded.isConstructed());
        assertEquals(List.of(0x84, 0xA5), decoded.children().stream().map(Tlv::tag).toList());
        assertEquals(Bytes.fromHex("7a68"), decoded.find(0x5F2D).orElseThrow().value());
        assertEquals(Bytes.fromHex("01"), BerTlv.find(List.of(decoded), 0x9F11).orElseThrow().value());
        assertFalse(decoded.find(0x6F).isPresent());
        assertEquals("Tlv[6F, 30 bytes, children=[84, A5]]", decoded.toString());
    }

    @Test
    void longLengthsAndThreeByteTags() throws Exception {
        byte[] v200 = new byte[200];
        Tlv t = Tlv.primitive(0xDF8101, v200);
        byte[] enc = t.encode();
        assertArrayEquals(hex("DF8101 81C8"), java.util.Arrays.copyOf(enc, 5));
        assertEquals(t, BerTlv.decodeOne(enc));
        byte[] v300 = new byte[300];
        assertArrayEquals(hex("04 82012C"), java.util.Arrays.copyOf(Tlv.primitive(0x04, v300).encode(), 4));
        assertEquals(300, BerTlv.decodeOne(Tlv.primitive(0x04, v300).encode()).value().length());
    }

    @Test
    void paddingBetweenObjectsIsSkipped() throws Exception {
        List<Tlv> list = BerTlv.decode(hex("00 5A0112 FFFF 5F2001 41 00"));
        assertEquals(2, list.size());
        assertEquals(0x5F20, list.get(1).tag());
        assertEquals(List.of(), BerTlv.decode(hex("0000FF")));
        Tlv padded = BerTlv.decodeOne(hex("70 05 00 5A0112 FF"));
        assertEquals(1, padded.children().size());
        assertThrows(MalformedDataException.class, () -> BerTlv.decodeOne(hex("5A0112 00")));
        assertThrows(MalformedDataException.class, () -> BerTlv.decodeOne(hex("00 5A0112")));
    }

    private static MalformedDataException bad(String hex) {
        return assertThrows(MalformedDataException.class, () -> BerTlv.decode(hex(hex)));
    }

    @Test
    void strictRejections() {
        assertEquals(1, bad("5A 80 0000").offset());                      // indefinite length
        assertEquals(1, bad("5A 85 0000000001 00").offset());             // 5-byte length field
        assertEquals(1, bad("5A 81 05 0102030405").offset());             // non-minimal
        assertEquals(1, bad("5A 82 0080" + "00".repeat(128)).offset());   // non-minimal 2-byte
        assertEquals(2, bad("5A 05 01020304").offset());                  // beyond buffer
        assertEquals(1, bad("9F").offset());                              // tag runs off the end
        assertEquals(2, bad("9F81").offset());
        assertEquals(0, bad("9F8181 01 00").offset());                    // tag longer than 3 bytes
        assertEquals(1, bad("1F80 01 00").offset());                      // leading zero in tag number
        assertEquals(1, bad("5A").offset());                              // length missing
        assertEquals(1, bad("5A 82 01").offset());                        // length field runs off
        assertEquals(4, bad("70 03 5A 05 00").offset());                  // child beyond parent's value
        assertEquals("BER-TLV value", bad("70 03 5A 05 00").element());
        assertEquals(3, assertThrows(MalformedDataException.class,
                () -> BerTlv.decodeOne(hex("5A 01 00 5A 01 00 5A"))).offset()); // trailing garbage
        assertThrows(MalformedDataException.class, () -> BerTlv.decodeOne(new byte[0]));
    }

    private static byte[] nested(int levels) {
        byte[] inner = hex("5A0100");
        for (int i = 1; i < levels; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x70);
            out.write(inner.length < 128 ? inner.length : 0x81);
            if (inner.length >= 128) {
                out.write(inner.length);
            }
            out.writeBytes(inner);
            inner = out.toByteArray();
        }
        return inner;
    }

    @Test
    void depthLimit() throws Exception {
        assertEquals(1, BerTlv.decode(nested(BerTlv.MAX_DEPTH)).size());
        MalformedDataException e = bad(HexFormat.of().formatHex(nested(BerTlv.MAX_DEPTH + 1)));
        assertEquals(2 * BerTlv.MAX_DEPTH, e.offset());
        // the same limit applies when building
        Tlv t = Tlv.primitive(0x5A, hex("00"));
        for (int i = 1; i < BerTlv.MAX_DEPTH; i++) {
            t = Tlv.constructed(0x70, t);
        }
        Tlv deepest = t;
        assertThrows(InvalidInputException.class, () -> Tlv.constructed(0x70, deepest));
        // a pathological input (thousands of nested headers) fails fast instead of overflowing the stack
        byte[] bomb = new byte[20_000];
        for (int i = 0; i < bomb.length; i += 2) {
            bomb[i] = 0x70;
            bomb[i + 1] = 0x7F;
        }
        assertThrows(MalformedDataException.class, () -> BerTlv.decode(bomb));
    }

    @Test
    void tagValidationOnBuild() {
        assertThrows(InvalidInputException.class, () -> Tlv.primitive(0x00, hex("")));
        assertThrows(InvalidInputException.class, () -> Tlv.primitive(0xFF, hex("")));
        assertThrows(InvalidInputException.class, () -> Tlv.primitive(0x1F, hex("")));
        assertThrows(InvalidInputException.class, () -> Tlv.primitive(0x9F80, hex("")));
        assertThrows(InvalidInputException.class, () -> Tlv.primitive(0x9F00, hex("")));
        assertThrows(InvalidInputException.class, () -> Tlv.primitive(0x9F0101, hex("")));
        assertThrows(InvalidInputException.class, () -> Tlv.primitive(0x5A5A, hex("")));
        assertThrows(InvalidInputException.class, () -> Tlv.primitive(0x1F818181, hex("")));
        assertThrows(InvalidInputException.class, () -> Tlv.primitive(0x70, hex("")));
        assertThrows(InvalidInputException.class, () -> Tlv.constructed(0x5A));
        Tlv.primitive(0x9F02, hex("000000001000"));
        Tlv.primitive(0x5F2D, hex(""));
        Tlv.constructed(0xBF0C);
        Tlv.primitive(0xDF8101, hex(""));
    }

    private static final int[] PRIMITIVE_TAGS = {0x5A, 0x84, 0x88, 0x9F02, 0x5F2D, 0x9F11, 0xDF8101, 0x04, 0x1F1E};
    private static final int[] CONSTRUCTED_TAGS = {0x6F, 0x70, 0xA5, 0xBF0C, 0x7F4E, 0x7F8101};

    static Tlv randomTlv(Random rnd, int depth) {
        if (depth < BerTlv.MAX_DEPTH && rnd.nextInt(3) == 0) {
            List<Tlv> children = new ArrayList<>();
            int n = rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                children.add(randomTlv(rnd, depth + 1));
            }
            return Tlv.constructed(CONSTRUCTED_TAGS[rnd.nextInt(CONSTRUCTED_TAGS.length)], children);
        }
        int len = rnd.nextInt(10) == 0 ? rnd.nextInt(400) : rnd.nextInt(20);
        byte[] v = new byte[len];
        rnd.nextBytes(v);
        return Tlv.primitive(PRIMITIVE_TAGS[rnd.nextInt(PRIMITIVE_TAGS.length)], v);
    }

    @Test
    void roundTripProperty() throws Exception {
        long seed = 88251L;
        Random rnd = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            List<Tlv> list = new ArrayList<>();
            int n = 1 + rnd.nextInt(3);
            for (int j = 0; j < n; j++) {
                list.add(randomTlv(rnd, 1));
            }
            byte[] enc = BerTlv.encode(list);
            assertEquals(list, BerTlv.decode(enc), "seed " + seed + " case " + i);
            assertArrayEquals(enc, BerTlv.encode(BerTlv.decode(enc)), "seed " + seed + " case " + i);
            assertEquals(list.get(0), BerTlv.decodeOne(list.get(0).encode()), "seed " + seed + " case " + i);
        }
    }

    @Test
    void fuzz() {
        Random rnd = new Random(5L);
        List<byte[]> valid = new ArrayList<>();
        valid.add(hex(FCI));
        valid.add(nested(BerTlv.MAX_DEPTH));
        for (int i = 0; i < 50; i++) {
            valid.add(randomTlv(rnd, 1).encode());
        }
        Fuzz.run("BerTlv.decode", 11L, 20_000, valid, BerTlv::decode);
        Fuzz.run("BerTlv.decodeOne", 12L, 20_000, valid, BerTlv::decodeOne);
    }
}
