package io.yikatong.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.MalformedDataException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CanonicalBase64Test {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static void rejected(String text) {
        assertThrows(MalformedDataException.class, () -> CanonicalBase64.decode(text, "sig"), text);
        assertThrows(MalformedDataException.class, () -> CanonicalBase64.decodeLines(text, "sig"), text);
    }

    @Test
    void knownAnswers() throws Exception {
        // RFC 4648 §10
        String[][] vectors = {{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="},
            {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
        for (String[] v : vectors) {
            byte[] raw = v[0].getBytes(StandardCharsets.US_ASCII);
            assertEquals(v[1], CanonicalBase64.encode(raw));
            assertArrayEquals(raw, CanonicalBase64.decode(v[1], "x"));
            assertArrayEquals(raw, CanonicalBase64.decodeLines(v[1], "x"));
        }
        assertArrayEquals(new byte[] {(byte) 0xFB, (byte) 0xFF}, CanonicalBase64.decode("+/8=", "x"));
    }

    @Test
    void aNonCanonicalLastCharacterIsRejectedTheCanonicalOneAccepted() throws Exception {
        // 0x85 is hQ==; the JDK decoder maps hR..hf (low 4 bits set) to the same byte
        assertArrayEquals(new byte[] {(byte) 0x85}, Base64.getDecoder().decode("hY=="));
        assertArrayEquals(new byte[] {(byte) 0x85}, CanonicalBase64.decode("hQ==", "sig"));
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> CanonicalBase64.decode("hY==", "sig"));
        assertEquals("sig", e.element());
        assertEquals(1, e.offset());
        assertFalse(e.getMessage().contains("hY"), "never echoes the text");
        // one '=': the low 2 bits of the third character
        assertArrayEquals(new byte[] {0, 1}, CanonicalBase64.decode("AAE=", "sig"));
        rejected("AAF=");
        rejected("AAG=");
        rejected("AAH=");
        // a longer signature ending the same way
        String sig = "a".repeat(340) + "hQ==";
        CanonicalBase64.decode(sig, "sig");
        rejected("a".repeat(340) + "hY==");
    }

    @Test
    void everyTwoAndThreeCharacterTailIsAcceptedExactlyWhenCanonical() throws Exception {
        int accepted2 = 0;
        int accepted3 = 0;
        for (char a : ALPHABET.toCharArray()) {
            for (char b : ALPHABET.toCharArray()) {
                String two = "" + a + b + "==";
                boolean canonical = (ALPHABET.indexOf(b) & 0x0F) == 0;
                assertEquals(canonical, accepts(two), two);
                if (canonical) {
                    accepted2++;
                    assertArrayEquals(Base64.getDecoder().decode(two), CanonicalBase64.decode(two, "x"));
                }
                for (char c : new char[] {'A', 'B', 'C', 'D', 'E', '/', '+', 'z'}) {
                    String three = "" + a + b + c + "=";
                    boolean canon3 = (ALPHABET.indexOf(c) & 0x03) == 0;
                    assertEquals(canon3, accepts(three), three);
                    if (canon3) {
                        accepted3++;
                    }
                }
            }
        }
        assertEquals(256, accepted2, "one spelling per byte");
        assertEquals(64 * 64 * 2, accepted3, "of A B C D E / + z only A (0) and E (4) have the low 2 bits zero");
    }

    private static boolean accepts(String text) {
        try {
            CanonicalBase64.decode(text, "x");
            return true;
        } catch (MalformedDataException e) {
            return false;
        }
    }

    @Test
    void paddingRules() {
        rejected("hQ"); // missing padding
        rejected("hQ=");
        rejected("Zm8"); // missing padding
        rejected("hQ==="); // extra padding
        rejected("Zm9v="); // padding after a full group
        rejected("Zm9v====");
        rejected("hQ==hQ=="); // padding in the middle
        rejected("Z=9v");
        rejected("=");
        rejected("==");
        rejected("====");
        rejected("A===");
        rejected("Zm9vY");
    }

    @Test
    void whitespaceAndOtherAlphabetsAreRejected() throws Exception {
        rejected(" Zm9v");
        rejected("Zm9v ");
        rejected("Zm 9v");
        rejected("Zm\t9v");
        rejected("Zm-_"); // URL-safe
        rejected("Zm9v\u00e9AAA");
        rejected("Zm9v\u0000AAA");
        assertThrows(MalformedDataException.class, () -> CanonicalBase64.decode("Zm9v\r\nYmFy", "x"));
        assertThrows(MalformedDataException.class, () -> CanonicalBase64.decode("Zm9vYmFy\n", "x"));
    }

    @Test
    void decodeLinesIgnoresCrAndLfOnly() throws Exception {
        byte[] foobar = "foobar".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(foobar, CanonicalBase64.decodeLines("Zm9v\r\nYmFy", "x"));
        assertArrayEquals(foobar, CanonicalBase64.decodeLines("\nZm9vYmFy\n", "x"));
        assertArrayEquals(foobar, CanonicalBase64.decodeLines("Z\rm\n9vYm\r\nFy", "x"));
        assertArrayEquals(new byte[] {(byte) 0x85}, CanonicalBase64.decodeLines("hQ\r\n==", "x"));
        assertArrayEquals(new byte[0], CanonicalBase64.decodeLines("\r\n", "x"));
        assertThrows(MalformedDataException.class, () -> CanonicalBase64.decodeLines("Zm9v YmFy", "x"));
        assertThrows(MalformedDataException.class, () -> CanonicalBase64.decodeLines("hY\r\n==", "x"));
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> CanonicalBase64.decodeLines("Zm9v\r\nYm Fy", "x"));
        assertEquals(8, e.offset(), "the index in the text as given");
    }

    /**
     * The whole contract against the JDK as an oracle: a text is accepted exactly when the JDK decodes it (after
     * removing line breaks where they are allowed) and its JDK encoding spells it the same way; then the bytes agree.
     */
    @Test
    void acceptsExactlyTheJdkEncoderOutput() {
        Random r = new Random(4648);
        String chars = ALPHABET + "==== \r\n-_\t";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (i % 2 == 0) {
                byte[] raw = new byte[r.nextInt(12)];
                r.nextBytes(raw);
                sb.append(Base64.getEncoder().encodeToString(raw));
                if (sb.length() > 0) {
                    sb.setCharAt(r.nextInt(sb.length()), chars.charAt(r.nextInt(chars.length())));
                }
            } else {
                for (int k = r.nextInt(14); k > 0; k--) {
                    sb.append(chars.charAt(r.nextInt(chars.length())));
                }
            }
            String text = sb.toString();
            for (boolean lines : new boolean[] {false, true}) {
                String significant = lines ? text.replace("\r", "").replace("\n", "") : text;
                byte[] jdk;
                try {
                    jdk = Base64.getDecoder().decode(significant);
                } catch (IllegalArgumentException e) {
                    jdk = null;
                }
                boolean canonical = jdk != null && Base64.getEncoder().encodeToString(jdk).equals(significant);
                byte[] ours;
                try {
                    ours = lines ? CanonicalBase64.decodeLines(text, "x") : CanonicalBase64.decode(text, "x");
                } catch (MalformedDataException e) {
                    ours = null;
                }
                assertEquals(canonical, ours != null, () -> (lines ? "lines: " : "") + Arrays.toString(
                        text.chars().toArray()));
                if (canonical) {
                    assertArrayEquals(jdk, ours);
                }
            }
        }
    }

    @Test
    void roundTrips() throws Exception {
        Random r = new Random(1);
        for (int n = 0; n < 300; n++) {
            byte[] raw = new byte[n];
            r.nextBytes(raw);
            String text = CanonicalBase64.encode(raw);
            assertArrayEquals(raw, CanonicalBase64.decode(text, "x"));
            String mime = Base64.getMimeEncoder(64, new byte[] {'\r', '\n'}).encodeToString(raw);
            assertArrayEquals(raw, CanonicalBase64.decodeLines(mime, "x"));
            assertTrue(text.indexOf('\n') < 0);
        }
    }
}
