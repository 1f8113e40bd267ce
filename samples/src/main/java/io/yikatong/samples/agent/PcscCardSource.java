package io.yikatong.samples.agent;

import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTransport;
import io.yikatong.card.pcsc.CardPresence;
import io.yikatong.card.pcsc.PcscReader;
import io.yikatong.card.pcsc.PcscReaders;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One PC/SC reader. Card insertions and removals are watched on a daemon thread with
 * {@link PcscReaders#waitForCard} (one-second waits, so closing stops it promptly).
 *
 * <p>Thread-safe; create one and share it.
 */
public final class PcscCardSource implements CardSource {

    private final PcscReaders readers;
    private final String readerName;
    private volatile Thread watcher;
    private volatile boolean closed;

    /**
     * Serves a reader.
     *
     * @param readers the PC/SC service
     * @param readerName the exact reader name
     */
    public PcscCardSource(PcscReaders readers, String readerName) {
        this.readers = readers;
        this.readerName = readerName;
    }

    @Override
    public String readerName() {
        return readerName;
    }

    @Override
    public String mode() {
        return "pcsc";
    }

    @Override
    public boolean cardPresent() throws CardLinkException {
        for (PcscReader r : readers.list()) {
            if (r.name().equals(readerName)) {
                return r.cardPresent();
            }
        }
        return false;
    }

    @Override
    public CardTransport connect() throws CardLinkException {
        return readers.connect(readerName);
    }

    @Override
    public synchronized void watch(Consumer<Boolean> listener) {
        Thread t = new Thread(() -> {
            Boolean last = null;
            while (!closed) {
                try {
                    boolean now = cardPresent();
                    if (last != null && now != last) {
                        listener.accept(now);
                    }
                    last = now;
                    readers.waitForCard(readerName, now ? CardPresence.ABSENT : CardPresence.PRESENT,
                            Duration.ofSeconds(1));
                } catch (CardLinkException | RuntimeException e) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }, "yikatong-agent-pcsc-watch");
        t.setDaemon(true);
        watcher = t;
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        Thread t = watcher;
        if (t != null) {
            t.interrupt();
        }
    }
}
