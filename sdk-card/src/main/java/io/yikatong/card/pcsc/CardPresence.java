package io.yikatong.card.pcsc;

/**
 * The card state to wait for in {@link PcscReaders#waitForCard(String, CardPresence, java.time.Duration)}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum CardPresence {
    /** A card is in the reader (插卡). */
    PRESENT,
    /** The reader is empty (拔卡). */
    ABSENT
}
