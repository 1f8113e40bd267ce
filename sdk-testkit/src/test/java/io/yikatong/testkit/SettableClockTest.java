package io.yikatong.testkit;

import io.yikatong.core.time.ChinaTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettableClockTest {

    private static final Instant START = Instant.parse("2025-01-31T16:30:00Z");

    @Test
    void setAndAdvance() {
        SettableClock clock = SettableClock.of(START);
        assertEquals(ChinaTime.ZONE, clock.getZone());
        assertEquals(START, clock.instant());
        assertEquals(START.toEpochMilli(), clock.millis());
        // 16:30 UTC is 00:30 next day in Beijing: card dates roll over at Beijing midnight
        assertEquals(LocalDate.of(2025, 2, 1), LocalDate.now(clock));
        assertEquals(START.plusSeconds(90), clock.advance(Duration.ofSeconds(90)));
        assertEquals(START.plusSeconds(90), Instant.now(clock));
        clock.set(START.minusSeconds(5));
        assertEquals(START.minusSeconds(5), clock.instant());
        assertThrows(InvalidInputException.class, () -> clock.advance(Duration.ofMillis(-1)));
        assertEquals(START.minusSeconds(5), clock.instant());
    }

    @Test
    void zoneViewsShareTime() {
        SettableClock clock = SettableClock.of(START, ZoneOffset.UTC);
        assertSame(clock, clock.withZone(ZoneOffset.UTC));
        SettableClock beijing = clock.withZone(ZoneId.of("Asia/Shanghai"));
        assertEquals(LocalDateTime.of(2025, 2, 1, 0, 30), LocalDateTime.now(beijing));
        beijing.advance(Duration.ofHours(1));
        assertEquals(START.plusSeconds(3600), clock.instant());
        clock.set(START);
        assertEquals(START, beijing.instant());
    }

    @Test
    void concurrentAdvancesAreNotLost() throws Exception {
        SettableClock clock = SettableClock.of(START);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    clock.advance(Duration.ofMillis(1));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(START.plusMillis(40_000), clock.instant());
    }

    @Test
    void chinaTime() {
        assertEquals(ZoneId.of("Asia/Shanghai"), ChinaTime.ZONE);
        assertEquals(ChinaTime.ZONE, ChinaTime.systemClock().getZone());
        assertEquals(ZoneOffset.ofHours(8), ChinaTime.ZONE.getRules().getOffset(Instant.parse("2025-07-01T00:00:00Z")));
    }
}
