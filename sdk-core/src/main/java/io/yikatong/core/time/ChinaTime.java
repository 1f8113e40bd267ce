package io.yikatong.core.time;

import java.time.Clock;
import java.time.ZoneId;

/**
 * China Standard Time (北京时间): the zone in which card dates, hospital records and payment timestamps are written.
 *
 * <p>The class holds no state; all members are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ChinaTime {

    /** The zone {@code Asia/Shanghai} (UTC+08:00, no daylight saving since 1991). */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private ChinaTime() {
    }

    /**
     * Returns the system clock in China Standard Time, for production code that needs a {@link Clock}.
     *
     * @return {@code Clock.system(ZONE)}
     */
    public static Clock systemClock() {
        return Clock.system(ZONE);
    }
}
