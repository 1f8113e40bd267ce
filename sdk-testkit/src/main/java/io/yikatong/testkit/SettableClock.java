package io.yikatong.testkit;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.time.ChinaTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} whose time only changes when told to: {@link #set(Instant)} and {@link #advance(Duration)}. For tests,
 * card and gateway simulators and demos that must show expiry or replay windows without waiting.
 *
 * <p>Views made with {@link #withZone(ZoneId)} share the time with the clock they came from: setting or advancing
 * either moves both. Time may be set backwards with {@link #set(Instant)}; {@link #advance(Duration)} only moves
 * forwards. Do not use it in production code; there use {@link ChinaTime#systemClock()} or another system clock.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class SettableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private SettableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Creates a clock showing a given instant, in China Standard Time.
     *
     * @param start the initial instant
     * @return a new clock
     */
    public static SettableClock of(Instant start) {
        return of(start, ChinaTime.ZONE);
    }

    /**
     * Creates a clock showing a given instant in a given zone.
     *
     * @param start the initial instant
     * @param zone the zone the clock reports
     * @return a new clock
     */
    public static SettableClock of(Instant start, ZoneId zone) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(zone, "zone");
        return new SettableClock(new AtomicReference<>(start), zone);
    }

    /**
     * Sets the current instant (forwards or backwards).
     *
     * @param instant the new current instant
     */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        now.set(instant);
    }

    /**
     * Moves the clock forwards.
     *
     * @param amount how far, zero or positive
     * @return the new current instant
     * @throws InvalidInputException if {@code amount} is negative
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new InvalidInputException("amount", "must not be negative; use set(Instant) to go back");
        }
        return now.updateAndGet(t -> t.plus(amount));
    }

    /**
     * Returns the zone this clock reports.
     *
     * @return the zone
     */
    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * Returns a view of this clock in another zone that shares its time (setting either moves both).
     *
     * @param zone the zone of the view
     * @return this clock if the zone is the same, else a view
     */
    @Override
    public SettableClock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return zone.equals(this.zone) ? this : new SettableClock(now, zone);
    }

    /**
     * Returns the current instant as last set or advanced.
     *
     * @return the instant
     */
    @Override
    public Instant instant() {
        return now.get();
    }

    /**
     * Returns the current instant in milliseconds since the epoch.
     *
     * @return the milliseconds
     */
    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    /**
     * Returns the current instant and zone; the time is not personal or secret.
     *
     * @return for example {@code SettableClock[2025-01-31T02:00:00Z, Asia/Shanghai]}
     */
    @Override
    public String toString() {
        return "SettableClock[" + now.get() + ", " + zone + "]";
    }
}
