package io.yikatong.payment.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Recovery claims: one holder at a time, across journal instances; renewed by the holder; lapsing after the lease. */
class JournalClaimTest {

    private static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");

    @TempDir
    Path dir;

    static List<String> kinds() {
        return Databases.kinds().toList();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void oneHolderAtATimeUntilReleasedOrLapsed(String kind) throws Exception {
        try (Databases db = Databases.ownSchema(kind, dir)) {
            MutableClock clock = new MutableClock(T0);
            JdbcPaymentJournal a = db.journal(clock, "node-a");
            JdbcPaymentJournal b = db.journal(clock, "node-b");
            Duration lease = Duration.ofMinutes(10);
            assertTrue(a.claim("ORDER1", "loop-a", lease));
            assertFalse(b.claim("ORDER1", "loop-b", lease), "held by loop-a");
            assertTrue(a.claim("ORDER1", "loop-a", lease), "the holder renews its claim");
            assertTrue(b.claim("ORDER2", "loop-b", lease), "another key is free");
            b.release("ORDER1", "loop-b"); // not its claim: nothing happens
            assertFalse(b.claim("ORDER1", "loop-b", lease));
            a.release("ORDER1", "loop-a");
            assertTrue(b.claim("ORDER1", "loop-b", lease), "free after release");
            assertFalse(a.claim("ORDER1", "loop-a", lease));
            clock.advance(Duration.ofMinutes(10)); // loop-b died holding it
            assertTrue(a.claim("ORDER1", "loop-a", lease), "a lapsed claim is taken over");
            assertFalse(b.claim("ORDER1", "loop-b", lease));
            assertThrows(InvalidInputException.class, () -> a.claim("ORDER1", "loop-a", Duration.ZERO));
            assertThrows(InvalidInputException.class, () -> a.claim("bad key!", "loop-a", lease));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void ofRacingClaimantsExactlyOneWins(String kind) throws Exception {
        try (Databases db = Databases.ownSchema(kind, dir)) {
            MutableClock clock = new MutableClock(T0);
            int n = 6;
            List<JdbcPaymentJournal> journals = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                journals.add(db.journal(clock, "node-" + i));
            }
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                for (int round = 0; round < 20; round++) {
                    String key = "RACE" + round;
                    CyclicBarrier barrier = new CyclicBarrier(n);
                    List<Future<Boolean>> results = new java.util.ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        JdbcPaymentJournal j = journals.get(i);
                        String owner = "loop-" + i;
                        Callable<Boolean> claim = () -> {
                            barrier.await(30, TimeUnit.SECONDS);
                            return j.claim(key, owner, Duration.ofMinutes(1));
                        };
                        results.add(pool.submit(claim));
                    }
                    int winners = 0;
                    for (Future<Boolean> f : results) {
                        winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
                    }
                    assertEquals(1, winners, key);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
