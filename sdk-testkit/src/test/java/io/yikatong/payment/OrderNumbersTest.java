package io.yikatong.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.time.ChinaTime;
import io.yikatong.testkit.SettableClock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderNumbersTest {

    @Test
    void numbersCarryTheLocalDateAndAreUniqueAndValid() {
        SettableClock clock = SettableClock.of(Instant.parse("2026-03-01T16:30:05Z"), ChinaTime.ZONE);
        OrderNumbers numbers = OrderNumbers.create(clock, "H01");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String n = numbers.next();
            assertTrue(n.startsWith("H0120260302003005"), n); // 16:30:05 UTC is 00:30:05 next day in Beijing
            assertEquals(27, n.length());
            assertEquals(n, OrderNumbers.check("no", n));
            assertTrue(seen.add(n), "repeated " + n);
        }
        assertEquals(24, OrderNumbers.create(clock, "").next().length());
        assertEquals(30, OrderNumbers.create(clock, "ABCDEF").next().length());
    }

    @Test
    void checkRejectsWhatSomeChannelRefuses() {
        // 8..30: UnionPay's orderId needs 8, the medical-insurance medOrgOrd allows 30
        for (String bad : new String[] {null, "", "12345", "1234567", "1234567890123456789012345678901", "ABC_123456",
                "ABC-123456", "ABC*123456", "订单123456", "ABC 123456"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> OrderNumbers.check("no", bad));
            assertEquals("no", e.field());
        }
        assertEquals("12345678", OrderNumbers.check("no", "12345678"));
        assertEquals("123456789012345678901234567890", OrderNumbers.check("no", "123456789012345678901234567890"));
        assertThrows(InvalidInputException.class, () -> OrderNumbers.create(null, ""));
        assertThrows(InvalidInputException.class, () -> OrderNumbers.create(ChinaTime.systemClock(), "TOOLONG"));
        assertThrows(InvalidInputException.class, () -> OrderNumbers.create(ChinaTime.systemClock(), "H-1"));
    }

    @Test
    void checkNeverThrowsAnythingButInvalidInputOnRandomText() {
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            char[] c = new char[r.nextInt(40)];
            for (int j = 0; j < c.length; j++) {
                c[j] = (char) r.nextInt(r.nextBoolean() ? 128 : 0x10000);
            }
            String s = new String(c);
            try {
                assertEquals(s, OrderNumbers.check("no", s));
                assertTrue(s.matches("[0-9A-Za-z]{8,30}"));
            } catch (InvalidInputException e) {
                assertEquals("no", e.field());
            }
        }
    }
}
