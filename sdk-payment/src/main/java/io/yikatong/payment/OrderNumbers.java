package io.yikatong.payment;

import io.yikatong.core.InvalidInputException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Generates merchant order and refund numbers that satisfy every supported channel's rules: 8 to 30 characters of
 * {@code [0-9A-Za-z]}, the intersection of WeChat's {@code out_trade_no} (6 to 32 of {@code [0-9A-Za-z_-|*@]}),
 * Alipay's (≤ 64), UnionPay's {@code orderId} (8 to 40 alphanumerics) and the medical-insurance {@code medOrgOrd}
 * (≤ 30). A number is an optional prefix, the local date and time {@code yyyyMMddHHmmss} from the injected clock, and
 * 10 random base-62 characters (about 59 bits per second), so numbers sort by time and never repeat in practice. A number must never be reused for a new attempt, even after close or
 * reverse.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class OrderNumbers {

    private static final Pattern VALID = Pattern.compile("[0-9A-Za-z]{8,30}");
    private static final Pattern PREFIX = Pattern.compile("[0-9A-Za-z]{0,6}");
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final int RANDOM_CHARS = 10;

    private final Clock clock;
    private final String prefix;
    private final SecureRandom random = new SecureRandom();

    private OrderNumbers(Clock clock, String prefix) {
        this.clock = clock;
        this.prefix = prefix;
    }

    /**
     * Creates a generator.
     *
     * @param clock the clock whose zone gives the date prefix (use {@code ChinaTime.systemClock()} in production)
     * @param prefix 0 to 6 characters of {@code [0-9A-Za-z]}, for example a site code
     * @return the generator
     * @throws InvalidInputException if the clock is missing or the prefix breaks the rule
     */
    public static OrderNumbers create(Clock clock, String prefix) {
        if (clock == null) {
            throw new InvalidInputException("clock", "must not be null");
        }
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new InvalidInputException("prefix", "must be 0 to 6 characters of [0-9A-Za-z]");
        }
        return new OrderNumbers(clock, prefix);
    }

    /**
     * Returns a new number.
     *
     * @return prefix + {@code yyyyMMddHHmmss} + 10 random characters (24 to 30 characters)
     */
    public String next() {
        StringBuilder b = new StringBuilder(32).append(prefix).append(STAMP.format(LocalDateTime.now(clock)));
        for (int i = 0; i < RANDOM_CHARS; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /**
     * Checks a merchant order or refund number supplied by the caller against the common rule: 8 to 30 characters of
     * {@code [0-9A-Za-z]}.
     *
     * @param field the field name for the error
     * @param value the number
     * @return the number
     * @throws InvalidInputException if it breaks the rule
     */
    public static String check(String field, String value) {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new InvalidInputException(field, "must be 8 to 30 characters of [0-9A-Za-z]"
                    + (value == null ? ", was null" : ", was " + value.length() + " characters"));
        }
        return value;
    }

    @Override
    public String toString() {
        return "OrderNumbers[prefix " + prefix + "]";
    }
}
