package io.yikatong.payment;

import io.yikatong.core.InvalidInputException;
import java.time.Duration;

/**
 * How a barcode payment resolves itself when the channel answers "user paying" or nothing (WeChat's prescribed
 * pattern, payment-protocols.md §3.2): wait {@code firstQueryDelay}, query; wait, growing the interval by half each
 * time up to {@code maxQueryInterval}; stop querying at {@code deadline} after the payment was sent; then reverse,
 * retrying a reverse that answers "user paying", asks for a recall or gets no answer, up to {@code reverseAttempts}
 * times {@code reverseInterval} apart. Defaults (5 s, 5 s, 10 s, 30 s, 10, 5 s) follow the WeChat demo (about 5 s,
 * up to about 30 s); they are [M] community facts, so each is configurable. WeChat v2 also advises not to reverse
 * within about 15 s of the pay call, which the default deadline respects.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param firstQueryDelay the wait before the first query
 * @param queryInterval the wait between the first and second query
 * @param maxQueryInterval the longest wait between queries
 * @param deadline how long after sending the payment to keep querying before reversing
 * @param reverseAttempts how many reverse calls to make at most, at least 1
 * @param reverseInterval the wait between reverse calls
 * @since 0.1
 */
public record BarcodePolicy(Duration firstQueryDelay, Duration queryInterval, Duration maxQueryInterval,
        Duration deadline, int reverseAttempts, Duration reverseInterval) {

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if a duration is missing or negative, an interval is zero, or reverseAttempts is
     *     below 1
     */
    public BarcodePolicy {
        check("firstQueryDelay", firstQueryDelay, false);
        check("queryInterval", queryInterval, true);
        check("maxQueryInterval", maxQueryInterval, true);
        check("deadline", deadline, false);
        check("reverseInterval", reverseInterval, false);
        if (reverseAttempts < 1) {
            throw new InvalidInputException("reverseAttempts", "must be at least 1");
        }
    }

    private static void check(String field, Duration d, boolean positive) {
        if (d == null || d.isNegative() || (positive && d.isZero())) {
            throw new InvalidInputException(field, positive ? "must be positive" : "must not be negative");
        }
    }

    /**
     * Returns the defaults: first query after 5 s, then every 5 s growing to 10 s, deadline 30 s, up to 10 reverse
     * calls 5 s apart.
     *
     * @return the default policy
     */
    public static BarcodePolicy defaults() {
        return new BarcodePolicy(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30), 10, Duration.ofSeconds(5));
    }

    /**
     * Returns a copy with another deadline.
     *
     * @param deadline the deadline
     * @return the copy
     * @throws InvalidInputException if the deadline is missing or negative
     */
    public BarcodePolicy withDeadline(Duration deadline) {
        return new BarcodePolicy(firstQueryDelay, queryInterval, maxQueryInterval, deadline, reverseAttempts,
                reverseInterval);
    }
}
