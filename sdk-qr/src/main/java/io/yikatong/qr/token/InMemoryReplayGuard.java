package io.yikatong.qr.token;

import io.yikatong.core.InvalidInputException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A {@link ReplayGuard} in memory for one process, with bounded memory.
 *
 * <p>Each accepted one-time token takes one entry (about 150 bytes) until it can no longer be verified anyway (its
 * expiry plus the verifier's skew). Expired entries are dropped first, on every call. If the guard holds
 * {@code maxEntries} entries that have <em>not</em> expired, it refuses the new token with
 * {@link ReplayGuardException} ({@link ReplayGuardException.Kind#CAPACITY_EXHAUSTED}) instead of forgetting an old
 * one: forgetting an unexpired entry would silently let that code be used a second time, whereas a refusal is visible
 * and fails closed. Size {@code maxEntries} for the peak number of one-time codes accepted within one time-to-live
 * (for example 2,000 scans per hour with 10-minute codes need about 350 entries; the default is
 * {@value #DEFAULT_MAX_ENTRIES}).
 *
 * <p>State lives only in this object: a restart forgets everything, and another server does not see it. Use
 * {@link JdbcReplayGuard} for a cluster.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class InMemoryReplayGuard implements ReplayGuard {

    /** The default capacity. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final int maxEntries;
    private final Map<Key, Long> entries = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>();

    private InMemoryReplayGuard(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /**
     * Creates a guard with the default capacity {@value #DEFAULT_MAX_ENTRIES}.
     *
     * @return a new guard
     */
    public static InMemoryReplayGuard withDefaults() {
        return new InMemoryReplayGuard(DEFAULT_MAX_ENTRIES);
    }

    /**
     * Creates a guard.
     *
     * @param maxEntries the largest number of unexpired entries held, at least 1
     * @return a new guard
     * @throws InvalidInputException naming {@code maxEntries} if below 1
     */
    public static InMemoryReplayGuard withMaxEntries(int maxEntries) {
        if (maxEntries < 1) {
            throw new InvalidInputException("maxEntries", "must be at least 1, was " + maxEntries);
        }
        return new InMemoryReplayGuard(maxEntries);
    }

    @Override
    public synchronized boolean recordFirstUse(String issuer, long nonce, Instant forgetAfter, Instant now)
            throws ReplayGuardException {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(forgetAfter, "forgetAfter");
        Objects.requireNonNull(now, "now");
        long nowMillis = now.toEpochMilli();
        while (!byExpiry.isEmpty() && byExpiry.peek().forgetAfter <= nowMillis) {
            Entry e = byExpiry.poll();
            entries.remove(e.key, e.forgetAfter);
        }
        Key key = new Key(issuer, nonce);
        if (entries.containsKey(key)) {
            return false;
        }
        if (entries.size() >= maxEntries) {
            throw new ReplayGuardException(ReplayGuardException.Kind.CAPACITY_EXHAUSTED, "replay guard holds "
                    + maxEntries + " unexpired one-time tokens; refusing rather than forgetting one", null);
        }
        long forget = forgetAfter.toEpochMilli();
        entries.put(key, forget);
        byExpiry.add(new Entry(key, forget));
        return true;
    }

    /**
     * Returns the number of entries held (expired ones may still count until the next call).
     *
     * @return the size
     */
    public synchronized int size() {
        return entries.size();
    }

    /**
     * Returns the capacity.
     *
     * @return the largest number of entries
     */
    public int maxEntries() {
        return maxEntries;
    }

    @Override
    public String toString() {
        return "InMemoryReplayGuard[max=" + maxEntries + "]";
    }

    private static final class Key {
        final String issuer;
        final long nonce;

        Key(String issuer, long nonce) {
            this.issuer = issuer;
            this.nonce = nonce;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).nonce == nonce && ((Key) o).issuer.equals(issuer);
        }

        @Override
        public int hashCode() {
            return issuer.hashCode() * 31 + Long.hashCode(nonce);
        }
    }

    private static final class Entry implements Comparable<Entry> {
        final Key key;
        final long forgetAfter;

        Entry(Key key, long forgetAfter) {
            this.key = key;
            this.forgetAfter = forgetAfter;
        }

        @Override
        public int compareTo(Entry o) {
            return Long.compare(forgetAfter, o.forgetAfter);
        }
    }
}
