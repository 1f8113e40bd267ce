package io.yikatong.core.crypto.internal;

import io.yikatong.core.Bytes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, thread-safe least-recently-used cache from an encoded SM2 public point to its decoded
 * {@link Sm2KeyState}, so that integrations that decode the same public key on every call pay for point decoding,
 * validation and verification precomputation only once. Only public data is cached. Internal: not API.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class Sm2KeyCache {

    /** Maximum number of cached keys. */
    public static final int CAPACITY = 64;

    private static final Map<Bytes, Sm2KeyState> CACHE = new LinkedHashMap<>(CAPACITY * 2, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes, Sm2KeyState> eldest) {
            return size() > CAPACITY;
        }
    };

    private Sm2KeyCache() {
    }

    /**
     * Looks up an encoded point.
     *
     * @param encoded the encoded point exactly as given
     * @return the cached state, or {@code null}
     */
    public static Sm2KeyState get(Bytes encoded) {
        synchronized (CACHE) {
            return CACHE.get(encoded);
        }
    }

    /**
     * Stores a decoded point.
     *
     * @param encoded the encoded point exactly as given
     * @param state its decoded state
     */
    public static void put(Bytes encoded, Sm2KeyState state) {
        synchronized (CACHE) {
            CACHE.put(encoded, state);
        }
    }

    /**
     * Returns the number of cached entries (for tests).
     *
     * @return the size
     */
    public static int size() {
        synchronized (CACHE) {
            return CACHE.size();
        }
    }
}
