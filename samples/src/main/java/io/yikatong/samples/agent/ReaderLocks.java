package io.yikatong.samples.agent;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One fair lock per reader: card sessions on a reader are serialised in arrival order; a caller waits at most the
 * lock time-out, then gets 409 {@code busy}. The lock is released however the session ends (a link failure, a card
 * time-out, a malformed answer).
 *
 * <p>Thread-safe; one per agent.
 */
final class ReaderLocks {

    /** Work done while holding a reader. */
    @FunctionalInterface
    interface Session<T> {
        T run() throws ApiException;
    }

    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Duration timeout;

    ReaderLocks(Duration timeout) {
        this.timeout = timeout;
    }

    <T> T with(String reader, Session<T> work) throws ApiException {
        ReentrantLock lock = locks.computeIfAbsent(reader, k -> new ReentrantLock(true));
        try {
            if (!lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ApiException(409, "busy", "another caller is using reader '" + reader + "'; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "stopping", "the agent is stopping");
        }
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a reader's lock is free now (for tests and {@code GET /v1/readers}). */
    boolean isFree(String reader) {
        ReentrantLock lock = locks.get(reader);
        return lock == null || !lock.isLocked();
    }
}
