package io.yikatong.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    @ParameterizedTest
    @CsvSource({"12.30,1230", "12.3,1230", "0.01,1", ".5,50", "-0.05,-5", "100,10000", "+7.00,700",
            "92233720368547758.07,9223372036854775807"})
    void parsesYuanExactly(String yuan, long fen) {
        assertEquals(fen, Money.parseYuan(yuan).fen());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1.234", "0.001", "1e3", "abc", "1,00", "NaN", "92233720368547758.08", "¥1"})
    void rejectsInexactOrMalformedYuan(String yuan) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Money.parseYuan(yuan));
        assertEquals("yuan", e.field());
    }

    @Test
    void formatsTwoDecimals() {
        assertEquals("12.30", Money.ofFen(1230).toYuanString());
        assertEquals("0.05", Money.ofFen(5).toYuanString());
        assertEquals("-0.05", Money.ofFen(-5).toYuanString());
        assertEquals("¥0.00", Money.ZERO.toString());
    }

    @Test
    void arithmeticIsExactAndOverflowChecked() {
        assertEquals(Money.ofFen(300), Money.ofFen(100).plus(Money.ofFen(200)));
        assertEquals(Money.ofFen(-100), Money.ofFen(100).minus(Money.ofFen(200)));
        assertThrows(ArithmeticException.class, () -> Money.ofFen(Long.MAX_VALUE).plus(Money.ofFen(1)));
        assertThrows(InvalidInputException.class, () -> Money.ZERO.requirePositive("amount"));
    }

    @Test
    void bytesAreImmutableValues() {
        byte[] raw = {1, 2, 3};
        Bytes b = Bytes.copyOf(raw);
        raw[0] = 9;
        assertEquals("010203", b.toHex());
        b.toByteArray()[1] = 9;
        assertEquals(Bytes.fromHex("010203"), b);
        assertThrows(InvalidInputException.class, () -> Bytes.fromHex("0g"));
        assertThrows(InvalidInputException.class, () -> Bytes.fromHex("012"));
    }
}
