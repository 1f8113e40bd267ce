package io.yikatong.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HexTest {

    @Test
    void knownAnswers() throws Exception {
        byte[] data = {0x00, 0x7F, (byte) 0x80, (byte) 0xAB, (byte) 0xFF};
        assertEquals("007f80abff", Hex.encode(data));
        assertEquals("007F80ABFF", Hex.encodeUpper(data));
        assertArrayEquals(data, Hex.parse("007f80ABff", "x"));
        assertArrayEquals(data, Hex.decode("007F80abFF", "x"));
        assertEquals("", Hex.encode(new byte[0]));
        assertArrayEquals(new byte[0], Hex.parse("", "x"));
    }

    @Test
    void parseRejectsWithField() {
        InvalidInputException odd = assertThrows(InvalidInputException.class, () -> Hex.parse("abc", "iv"));
        assertEquals("iv", odd.field());
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> Hex.parse("0g", "key"));
        assertEquals("key", bad.field());
        assertEquals("key: character at index 1 is not a hex digit", bad.getMessage());
        assertThrows(InvalidInputException.class, () -> Hex.parse("0 ", "iv"));
        assertThrows(InvalidInputException.class, () -> Hex.parse("+1", "iv"));
    }

    @Test
    void decodeRejectsWithOffset() {
        MalformedDataException odd = assertThrows(MalformedDataException.class, () -> Hex.decode("abc", "cid"));
        assertEquals(3, odd.offset());
        MalformedDataException bad = assertThrows(MalformedDataException.class, () -> Hex.decode("00zz", "cid"));
        assertEquals(2, bad.offset());
        assertEquals("cid", bad.element());
    }

    @Test
    void differentialAgainstJdkHexFormat() throws Exception {
        long seed = 20251123L;
        Random rnd = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            byte[] data = new byte[rnd.nextInt(64)];
            rnd.nextBytes(data);
            String lower = HexFormat.of().formatHex(data);
            assertEquals(lower, Hex.encode(data), "seed " + seed + " case " + i);
            assertEquals(HexFormat.of().withUpperCase().formatHex(data), Hex.encodeUpper(data), "seed " + seed);
            assertArrayEquals(data, Hex.parse(Hex.encodeUpper(data), "x"), "seed " + seed + " case " + i);
            assertArrayEquals(data, Hex.decode(lower, "x"), "seed " + seed + " case " + i);
        }
    }

    @Test
    void fuzzDecode() {
        Fuzz.run("Hex.decode", 7L, 10_000, List.of("00ff".getBytes()),
                b -> Hex.decode(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1), "x"));
    }
}
