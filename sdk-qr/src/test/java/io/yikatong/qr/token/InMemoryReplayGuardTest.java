package io.yikatong.qr.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryReplayGuardTest {

    private static final Instant T = TokenFixtures.T0;

    @Test
    void expiredEntriesAreEvictedFirstAndUnexpiredNeverForgotten() throws Exception {
        InMemoryReplayGuard g = InMemoryReplayGuard.withMaxEntries(3);
        assertTrue(g.recordFirstUse("A", 1, T.plusSeconds(10), T));
        assertTrue(g.recordFirstUse("A", 2, T.plusSeconds(100), T));
        assertTrue(g.recordFirstUse("A", 3, T.plusSeconds(100), T));
        assertEquals(ReplayGuardException.Kind.CAPACITY_EXHAUSTED,
                assertThrows(ReplayGuardException.class, () -> g.recordFirstUse("A", 4, T.plusSeconds(100),
                        T.plusSeconds(9))).kind());
        assertFalse(g.recordFirstUse("A", 1, T.plusSeconds(10), T.plusSeconds(9)));
        // at t+10 entry 1 may go: room for one more, 2 and 3 are still remembered
        assertTrue(g.recordFirstUse("A", 4, T.plusSeconds(100), T.plusSeconds(10)));
        assertFalse(g.recordFirstUse("A", 2, T.plusSeconds(100), T.plusSeconds(10)));
        assertFalse(g.recordFirstUse("A", 3, T.plusSeconds(100), T.plusSeconds(99)));
        assertEquals(3, g.size());
        assertTrue(g.recordFirstUse("A", 5, T.plusSeconds(200), T.plusSeconds(100)));
        assertEquals(1, g.size());
        assertTrue(g.recordFirstUse("B", 5, T.plusSeconds(200), T.plusSeconds(100)));
    }

    @Test
    void concurrentCallsAcceptEachNonceOnce() throws Exception {
        InMemoryReplayGuard g = InMemoryReplayGuard.withDefaults();
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                for (int i = 0; i < 5000; i++) {
                    if (g.recordFirstUse("A", i, T.plusSeconds(60), T)) {
                        accepted.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(5000, accepted.get());
        assertEquals(5000, g.size());
    }

    @Test
    void capacityMustBePositive() {
        assertEquals("maxEntries", assertThrows(InvalidInputException.class,
                () -> InMemoryReplayGuard.withMaxEntries(0)).field());
        assertEquals(InMemoryReplayGuard.DEFAULT_MAX_ENTRIES, InMemoryReplayGuard.withDefaults().maxEntries());
    }
}
