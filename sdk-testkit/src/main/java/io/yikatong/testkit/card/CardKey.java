package io.yikatong.testkit.card;

import io.yikatong.core.crypto.Sm4Key;

/**
 * A key stored in a virtual card's DF, with its retry counter. The counter survives resets (it is non-volatile on a
 * real card). Package-private; not API.
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class CardKey {
    final int reference;
    final KeyUsage usage;
    final Sm4Key key;
    final int maxTries;
    int triesLeft;

    CardKey(int reference, KeyUsage usage, Sm4Key key, int maxTries) {
        this.reference = reference;
        this.usage = usage;
        this.key = key;
        this.maxTries = maxTries;
        this.triesLeft = maxTries;
    }

    boolean blocked() {
        return maxTries > 0 && triesLeft == 0;
    }
}
