package io.yikatong.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResidentIdNumberTest {

    /** Independent formulation of ISO 7064 MOD 11-2: weights 2^(n-1) mod 11, check = (12 - sum mod 11) mod 11. */
    private static char referenceCheck(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int weight = (int) (Math.pow(2, 17 - i) % 11);
            sum += (first17.charAt(i) - '0') * weight;
        }
        int c = (12 - sum % 11) % 11;
        return c == 10 ? 'X' : (char) ('0' + c);
    }

    @Test
    void gb11643Example() throws Exception {
        ResidentIdNumber id = ResidentIdNumber.parse("11010519491231002X");
        assertEquals("11010519491231002X", id.value());
        assertEquals("110105", id.regionCode());
        assertEquals(LocalDate.of(1949, 12, 31), id.birthDate());
        assertEquals("002", id.sequenceCode());
        assertEquals('X', id.checkCharacter());
        assertEquals(Gender.FEMALE, id.gender());
        assertEquals("110105********002*", id.masked());
        assertEquals("110105********002*", id.toString());
        assertEquals(id, ResidentIdNumber.decode("11010519491231002x"));
        assertEquals("11010519491231002X", ResidentIdNumber.parse("11010519491231002x").value());
        // second example of the standard: 440524188001010014
        ResidentIdNumber old = ResidentIdNumber.parse("440524188001010014");
        assertEquals(LocalDate.of(1880, 1, 1), old.birthDate());
        assertEquals(Gender.MALE, old.gender());
    }

    @Test
    void upgrade15() {
        assertEquals("11010519491231002X", ResidentIdNumber.upgrade15("110105491231002").value());
        assertThrows(InvalidInputException.class, () -> ResidentIdNumber.upgrade15("11010549123100"));
        assertThrows(InvalidInputException.class, () -> ResidentIdNumber.upgrade15("11010549123100A"));
        assertThrows(InvalidInputException.class, () -> ResidentIdNumber.upgrade15("110105490230002"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "110105194912310021", // wrong check digit
        "11010519491231002Y", // bad check character
        "11010519491231002",  // 17 characters
        "11010519491231002X1",
        "110105202502300027", // 2025-02-30
        "110105179912310025", // before 1800
        "011010194912310020", // address code starting with 0
        "1101051949123A002X",
        ""
    })
    void rejected(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ResidentIdNumber.parse(text));
        assertEquals("residentIdNumber", e.field());
        MalformedDataException m = assertThrows(MalformedDataException.class, () -> ResidentIdNumber.decode(text));
        if (text.length() >= 6) {
            assertFalse(e.getMessage().contains(text.substring(6)), "message leaks the number: " + e.getMessage());
            assertFalse(m.getMessage().contains(text.substring(6)), "message leaks the number: " + m.getMessage());
        }
    }

    @Test
    void offsets() {
        assertEquals(17, assertThrows(MalformedDataException.class,
                () -> ResidentIdNumber.decode("110105194912310021")).offset());
        assertEquals(6, assertThrows(MalformedDataException.class,
                () -> ResidentIdNumber.decode("110105202502300027")).offset());
        assertEquals(13, assertThrows(MalformedDataException.class,
                () -> ResidentIdNumber.decode("1101051949123A002X")).offset());
        assertEquals(-1, assertThrows(MalformedDataException.class, () -> ResidentIdNumber.decode("1")).offset());
    }

    @Test
    void randomValidNumbersAndSingleDigitErrors() throws Exception {
        long seed = 11643L;
        Random rnd = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            LocalDate birth = LocalDate.ofEpochDay(rnd.nextInt(80_000) - 40_000);
            String first17 = String.format("%d%05d%04d%02d%02d%03d", 1 + rnd.nextInt(9), rnd.nextInt(100_000),
                    birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth(), rnd.nextInt(1000));
            char check = referenceCheck(first17);
            assertEquals(check, ResidentIdNumber.checkCharacter(first17), "seed " + seed + " case " + i);
            ResidentIdNumber id = ResidentIdNumber.parse(first17 + check);
            assertEquals(birth, id.birthDate(), "seed " + seed + " case " + i);
            assertEquals((first17.charAt(16) - '0') % 2 == 1 ? Gender.MALE : Gender.FEMALE, id.gender());
            // MOD 11-2 detects every single-digit substitution in the first 17 digits
            int pos = 14 + rnd.nextInt(3);
            char other = (char) ('0' + (first17.charAt(pos) - '0' + 1 + rnd.nextInt(9)) % 10);
            String wrong = first17.substring(0, pos) + other + first17.substring(pos + 1) + check;
            assertThrows(MalformedDataException.class, () -> ResidentIdNumber.decode(wrong),
                    "seed " + seed + " case " + i);
        }
    }

    @Test
    void fuzzDecode() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            long seed = 99L;
            Random rnd = new Random(seed);
            String alphabet = "0123456789Xx \u0000\u4E00-";
            for (int i = 0; i < 20_000; i++) {
                int len = rnd.nextInt(10) == 0 ? rnd.nextInt(40) : 18;
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < len; j++) {
                    sb.append(rnd.nextInt(4) == 0 ? alphabet.charAt(rnd.nextInt(alphabet.length()))
                            : (char) ('0' + rnd.nextInt(10)));
                }
                try {
                    ResidentIdNumber.decode(sb.toString());
                } catch (MalformedDataException expected) {
                    // fine
                } catch (Throwable t) {
                    fail("seed " + seed + " case " + i + " threw " + t, t);
                }
            }
        });
    }
}
