package io.yikatong.payment.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The other spellings of a padded Base64 text that {@link java.util.Base64#getDecoder()} maps to the same bytes: the
 * last character before the padding with some of its unused low bits set ({@code hQ==} → {@code hR==} … {@code hf==}).
 * Built from the alphabet, not from the SDK's decoder. Shared with sdk-testkit through the test-jar.
 */
public final class Base64Spellings {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private Base64Spellings() {
    }

    /**
     * Returns the non-canonical spellings of a canonical padded text (15 with {@code ==}, 3 with {@code =}).
     *
     * @param canonical an encoder's output ending in {@code =}
     * @return the other spellings, each checked to decode to the same bytes with the JDK decoder
     * @throws IllegalArgumentException if the text has no padding (then it has no other spelling)
     */
    public static List<String> nonCanonical(String canonical) {
        int pad = canonical.endsWith("==") ? 2 : canonical.endsWith("=") ? 1 : 0;
        if (pad == 0) {
            throw new IllegalArgumentException("no padding: the only spelling");
        }
        int at = canonical.length() - pad - 1;
        int value = ALPHABET.indexOf(canonical.charAt(at));
        int unused = pad == 2 ? 0x0F : 0x03;
        byte[] bytes = Base64.getDecoder().decode(canonical);
        List<String> out = new ArrayList<>();
        for (int low = 1; low <= unused; low++) {
            String other = canonical.substring(0, at) + ALPHABET.charAt(value | low) + canonical.substring(at + 1);
            assertArrayEquals(bytes, Base64.getDecoder().decode(other), "the JDK decoder maps it to the same bytes");
            out.add(other);
        }
        return out;
    }
}
