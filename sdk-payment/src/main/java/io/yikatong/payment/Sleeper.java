package io.yikatong.payment;

import java.time.Duration;

/**
 * Waits between the queries and reverse calls of a barcode payment; tests inject one that advances a test clock.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * The sleeper backed by {@link Thread#sleep(long)}.
     */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    /**
     * Waits.
     *
     * @param duration how long
     * @throws InterruptedException if the thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;
}
