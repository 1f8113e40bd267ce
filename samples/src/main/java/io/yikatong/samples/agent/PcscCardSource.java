package io.yikatong.samples.agent;

import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTransport;
import io.yikatong.card.pcsc.CardPresence;
import io.yikatong.card.pcsc.PcscReader;
import io.yikatong.card.pcsc.PcscReaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * All PC/SC readers of the service except the security-module reader. Card insertions and removals are watched per
 * reader on daemon threads with {@link PcscReaders#waitForCard} (one-second waits, so closing stops them promptly);
 * readers plugged in later are picked up within two seconds.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class PcscCardSource implements CardSource {

    private final PcscReaders readers;
    private final String preferred;
    private final Set<String> excluded;
    private final Map<String, Thread> watchers = new ConcurrentHashMap<>();
    private volatile Thread supervisor;
    private volatile boolean closed;

    /**
     * Serves the readers of a PC/SC service.
     *
     * @param readers the PC/SC service
     * @param preferred the preferred reader's exact name, or {@code null} for the first
     * @param excluded reader names not served (the PSAM's reader)
     */
    public PcscCardSource(PcscReaders readers, String preferred, Set<String> excluded) {
        this.readers = Objects.requireNonNull(readers, "readers");
        this.preferred = preferred;
        this.excluded = Set.copyOf(excluded);
    }

    /**
     * Serves one preferred reader (all others are listed too).
     *
     * @param readers the PC/SC service
     * @param readerName the exact reader name
     */
    public PcscCardSource(PcscReaders readers, String readerName) {
        this(readers, readerName, Set.of());
    }

    @Override
    public String readerName() {
        if (preferred != null) {
            return preferred;
        }
        try {
            List<String> all = readerNames();
            return all.isEmpty() ? "" : all.get(0);
        } catch (CardLinkException e) {
            return "";
        }
    }

    @Override
    public String mode() {
        return "pcsc";
    }

    @Override
    public List<String> readerNames() throws CardLinkException {
        List<String> out = new ArrayList<>();
        if (preferred != null) {
            out.add(preferred);
        }
        for (PcscReader r : readers.list()) {
            if (!excluded.contains(r.name()) && !r.name().equals(preferred)) {
                out.add(r.name());
            }
        }
        return out;
    }

    @Override
    public boolean cardPresent(String reader) throws CardLinkException {
        for (PcscReader r : readers.list()) {
            if (r.name().equals(reader)) {
                return r.cardPresent();
            }
        }
        return false;
    }

    @Override
    public CardTransport connect(String reader) throws CardLinkException {
        return readers.connect(reader);
    }

    @Override
    public synchronized void watch(BiConsumer<String, Boolean> listener) {
        // the readers present now are watched from a state observed before this returns: a card inserted right after
        // the agent started is an insertion, not the watcher's first observation (which reports nothing)
        try {
            for (String name : readerNames()) {
                boolean present = cardPresent(name);
                watchers.computeIfAbsent(name, n -> startWatcher(n, listener, present));
            }
        } catch (CardLinkException | RuntimeException e) {
            // the service is restarting: the supervisor below finds the readers when it is back
        }
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    for (String name : readerNames()) {
                        watchers.computeIfAbsent(name, n -> startWatcher(n, listener, null));
                    }
                } catch (CardLinkException | RuntimeException e) {
                    // the service is restarting: try again
                }
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "yikatong-agent-pcsc-readers");
        t.setDaemon(true);
        supervisor = t;
        t.start();
    }

    private Thread startWatcher(String reader, BiConsumer<String, Boolean> listener, Boolean initial) {
        Thread t = new Thread(() -> {
            Boolean last = initial;
            while (!closed) {
                try {
                    boolean now = cardPresent(reader);
                    if (last != null && now != last) {
                        listener.accept(reader, now);
                    }
                    last = now;
                    readers.waitForCard(reader, now ? CardPresence.ABSENT : CardPresence.PRESENT,
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
        t.start();
        return t;
    }

    @Override
    public void close() {
        closed = true;
        Thread s = supervisor;
        if (s != null) {
            s.interrupt();
        }
        watchers.values().forEach(Thread::interrupt);
    }
}
