package io.yikatong.qr.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.MalformedDataException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base45Test {

    /** The examples of RFC 9285 section 4.3 and 4.4. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"AB|BB8", "Hello!!|%69 VD92EX0", "base-45|UJCLQE7W581", "ietf!|QED8WEX0"})
    void rfc9285Examples(String plain, String encoded) throws MalformedDataException {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        assertEquals(encoded, Base45.encode(bytes));
        assertArrayEquals(bytes, Base45.decode(encoded));
    }

    @Test
    void emptyAndLengths() throws MalformedDataException {
        assertEquals("", Base45.encode(new byte[0]));
        assertArrayEquals(new byte[0], Base45.decode(""));
        for (int n = 0; n < 10; n++) {
            assertEquals(Base45.encodedLength(n), Base45.encode(new byte[n]).length());
        }
        assertEquals("00", Base45.encode(new byte[] {0}));
        assertEquals("FGW", Base45.encode(new byte[] {(byte) 0xFF, (byte) 0xFF}));
        assertEquals("U5", Base45.encode(new byte[] {(byte) 0xFF}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GGW", "GGWGGW", "V5", "::", "A", "ABCD", "bb8", "BB8\n", "BB\u00e98", "AB#"})
    void invalidTextIsRejectedWithTypedException(String text) {
        assertThrows(MalformedDataException.class, () -> Base45.decode(text));
    }

    @Test
    void offsetNamesTheBadCharacterNotTheText() {
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Base45.decode("BB8QE#"));
        assertEquals(5, e.offset());
        assertEquals(-1, e.getMessage().indexOf("BB8QE"));
    }

    @Test
    void decodeRange() throws MalformedDataException {
        assertArrayEquals("AB".getBytes(StandardCharsets.US_ASCII), Base45.decode("xxBB8yy", 2, 5));
    }

    @Test
    void randomRoundTrips() throws MalformedDataException {
        Random r = new Random(45);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            assertArrayEquals(b, Base45.decode(Base45.encode(b)));
        }
    }

    @Test
    void fuzzOnlyTypedExceptions() {
        Random r = new Random(4545);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:abc#\u0000\u00ff\u4e2d";
        int accepted = 0;
        for (int i = 0; i < 20000; i++) {
            char[] c = new char[r.nextInt(20)];
            for (int j = 0; j < c.length; j++) {
                c[j] = alphabet.charAt(r.nextInt(alphabet.length()));
            }
            try {
                byte[] out = Base45.decode(new String(c));
                assertEquals(new String(c), Base45.encode(out), "decoding must be canonical");
                accepted++;
            } catch (MalformedDataException expected) {
                // typed rejection
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(accepted > 100, "fuzz must also reach the accepting path");
    }
}
