package io.yikatong.samples.cli;

import io.yikatong.card.CardException;
import io.yikatong.card.CardTransport;
import io.yikatong.card.pcsc.CardPresence;
import io.yikatong.card.pcsc.PcscReader;
import io.yikatong.card.pcsc.PcscReaders;
import io.yikatong.testkit.card.VpcdCardBridge;
import io.yikatong.testkit.card.VirtualCard;
import io.yikatong.testkit.card.VirtualCardTransport;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's virtual card inserted into the real PC/SC stack: when pcscd runs with the vpcd driver and its first
 * virtual reader is empty, the card is served to it through {@link VpcdCardBridge} and every later connection goes
 * through pcscd, as with a physical reader. Any problem (no pcscd, no vpcd reader, a reader in use, a native call that
 * does not return within a few seconds) means "not available": the demo then uses the card in-process. Every native
 * call runs on a daemon thread with a timeout, so the demo never hangs on a broken PC/SC stack.
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class DemoPcsc implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoPcsc.class);
    private static final String READER_PREFIX = "Virtual PCD";
    private static final long CALL_SECONDS = 5;

    private final ExecutorService pcsc = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "yikatong-demo-pcsc");
        t.setDaemon(true);
        return t;
    });
    private final PcscReaders readers;
    private final String reader;
    private final VpcdCardBridge bridge;

    private DemoPcsc(PcscReaders readers, String reader, VpcdCardBridge bridge) {
        this.readers = readers;
        this.reader = reader;
        this.bridge = bridge;
    }

    /**
     * Serves {@code card} to pcscd's first vpcd reader if possible.
     *
     * @return the inserted card, or {@code null} if the PC/SC stack is not available
     */
    static DemoPcsc insert(VirtualCard card) {
        ExecutorService probe = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "yikatong-demo-pcsc-probe");
            t.setDaemon(true);
            return t;
        });
        VpcdCardBridge bridge = null;
        try {
            PcscReaders readers = call(probe, PcscReaders::open);
            String reader = null;
            for (PcscReader r : call(probe, readers::list)) {
                if (r.name().startsWith(READER_PREFIX) && r.name().endsWith(" 00")) {
                    if (r.cardPresent()) {
                        LOG.debug("vpcd reader '{}' already holds a card: demo card stays in-process", r.name());
                        return null;
                    }
                    reader = r.name();
                }
            }
            if (reader == null) {
                return null;
            }
            bridge = VpcdCardBridge.start(new VirtualCardTransport(card), VpcdCardBridge.DEFAULT_PORT);
            if (!bridge.awaitConnected(3_000)) {
                bridge.close();
                return null;
            }
            String name = reader;
            if (!call(probe, () -> readers.waitForCard(name, CardPresence.PRESENT, Duration.ofSeconds(3)))) {
                bridge.close();
                return null;
            }
            DemoPcsc inserted = new DemoPcsc(readers, reader, bridge);
            inserted.connect().close(); // prove a connection works before the demo relies on it
            return inserted;
        } catch (Exception e) {
            LOG.debug("PC/SC stack not available ({}): demo card stays in-process", e.toString());
            if (bridge != null) {
                bridge.close();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        } finally {
            probe.shutdownNow();
        }
    }

    /** The reader name the card is in. */
    String reader() {
        return reader;
    }

    /**
     * Connects to the card through pcscd.
     *
     * @return a new transport
     * @throws CardException if the connection fails or does not complete in time
     */
    CardTransport connect() throws CardException {
        try {
            return call(pcsc, () -> readers.connect(reader));
        } catch (CardException e) {
            throw e;
        } catch (Exception e) {
            throw new io.yikatong.card.CardLinkException(io.yikatong.card.CardErrorCode.LINK_FAILED,
                    "connecting through pcscd did not complete: " + e, e);
        }
    }

    private static <T> T call(ExecutorService on, Callable<T> task) throws Exception {
        Future<T> f = on.submit(task);
        try {
            return f.get(CALL_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    @Override
    public void close() {
        bridge.close();
        pcsc.shutdownNow();
    }
}
