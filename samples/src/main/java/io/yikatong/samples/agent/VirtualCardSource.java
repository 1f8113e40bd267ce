package io.yikatong.samples.agent;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTransport;
import io.yikatong.testkit.card.VirtualCard;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.core.Bytes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * An in-process virtual card in a virtual reader that can be "pulled" and "inserted" ({@link #setPresent}), so the
 * agent runs with no hardware. It counts overlapping card sessions ({@link #maxConcurrentSessions()}), which proves
 * the agent's per-reader serialisation in tests.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class VirtualCardSource implements CardSource {

    /** The reader name reported for the virtual reader. */
    public static final String READER_NAME = "Yikatong virtual reader 0";

    private final VirtualCard card;
    private final List<BiConsumer<String, Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile boolean present = true;

    /**
     * Creates a virtual reader holding a card.
     *
     * @param card the card, inserted at the start
     */
    public VirtualCardSource(VirtualCard card) {
        this.card = card;
    }

    @Override
    public String readerName() {
        return READER_NAME;
    }

    @Override
    public String mode() {
        return "virtual";
    }

    @Override
    public List<String> readerNames() {
        return List.of(READER_NAME);
    }

    @Override
    public boolean cardPresent(String reader) {
        return READER_NAME.equals(reader) && present;
    }

    /**
     * Inserts or pulls the virtual card; listeners hear of a change.
     *
     * @param inserted {@code true} to insert, {@code false} to pull
     */
    public void setPresent(boolean inserted) {
        boolean changed;
        synchronized (this) {
            changed = present != inserted;
            present = inserted;
        }
        if (changed) {
            for (BiConsumer<String, Boolean> l : listeners) {
                l.accept(READER_NAME, inserted);
            }
        }
    }

    /**
     * Returns the most card sessions that were ever open at the same time.
     *
     * @return 1 if every session was serialised
     */
    public int maxConcurrentSessions() {
        return maxOpen.get();
    }

    /**
     * Returns how many card sessions were opened.
     *
     * @return the count
     */
    public int sessionCount() {
        return sessions.get();
    }

    @Override
    public CardTransport connect(String reader) throws CardLinkException {
        if (!READER_NAME.equals(reader)) {
            throw new CardLinkException(CardErrorCode.READER_UNAVAILABLE, "no reader '" + reader + "'", null);
        }
        if (!present) {
            throw new CardLinkException(CardErrorCode.NO_CARD, "no card in '" + READER_NAME + "'", null);
        }
        VirtualCardTransport inner = new VirtualCardTransport(card);
        sessions.incrementAndGet();
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        return new CardTransport() {
            private boolean closed;

            @Override
            public byte[] transmit(byte[] commandApdu) throws CardLinkException {
                if (!present) {
                    throw new CardLinkException(CardErrorCode.CARD_REMOVED, "the card was removed", null);
                }
                return inner.transmit(commandApdu);
            }

            @Override
            public Bytes atr() {
                return inner.atr();
            }

            @Override
            public boolean supportsExtendedLength() {
                return inner.supportsExtendedLength();
            }

            @Override
            public void reset() {
                inner.reset();
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    open.decrementAndGet();
                    inner.close();
                }
            }
        };
    }

    @Override
    public void watch(BiConsumer<String, Boolean> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
