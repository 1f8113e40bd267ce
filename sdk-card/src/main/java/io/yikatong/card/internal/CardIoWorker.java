package io.yikatong.card.internal;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dedicated thread of one card connection: every call that may block in the card, the reader or its driver
 * (SCardConnect, SCardTransmit, SCardDisconnect, or any {@link io.yikatong.card.CardTransport}) runs on it, and the
 * caller waits at most the call's deadline. A caller that gives up gets a {@link CardLinkException} with
 * {@link CardErrorCode#TIMEOUT} at once, while the stuck call keeps the worker thread (a native call cannot be
 * interrupted). The connection is then <em>poisoned</em>: later calls fail at once, and a clean-up (disconnect with
 * reset, context release) is queued to run as soon as the stuck call returns, after which the thread ends.
 *
 * <p>Bounded threads: a worker lives from connect to close. A worker abandoned after a time-out is registered under
 * its reader name until its thread ends; {@link #start(String, Duration)} for a reader with an abandoned worker waits
 * up to the given time for it to end and otherwise refuses with {@link CardErrorCode#TIMEOUT} without starting a
 * thread.
 * So a card that keeps hanging costs at most as many threads as connections were open on its reader when it hung.
 *
 * <p>Thread-safe.
 */
public final class CardIoWorker {

    /** A call made on the worker thread. */
    @FunctionalInterface
    public interface Call<T> {
        /**
         * Runs on the worker thread.
         *
         * @return the result
         * @throws CardLinkException a link failure, passed on to the caller
         */
        T call() throws CardLinkException;
    }

    private static final Logger logger = LoggerFactory.getLogger(CardIoWorker.class);
    private static final ConcurrentMap<String, Set<CardIoWorker>> ABANDONED = new ConcurrentHashMap<>();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Runnable STOP = () -> { };

    private final String reader;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile String poisoned;

    private CardIoWorker(String reader) {
        this.reader = reader;
        this.thread = new Thread(this::run, "yikatong-card-io-" + SEQUENCE.incrementAndGet() + " " + reader);
        this.thread.setDaemon(true);
    }

    /**
     * Starts the worker of a new connection to {@code reader}.
     *
     * @param reader the reader name (the key under which abandoned workers are counted)
     * @param waitForAbandoned how long to wait for an abandoned worker of the same reader to end
     * @return the running worker
     * @throws CardLinkException with {@link CardErrorCode#TIMEOUT} if an abandoned call on this reader is still stuck
     */
    public static CardIoWorker start(String reader, Duration waitForAbandoned) throws CardLinkException {
        Set<CardIoWorker> stuck = ABANDONED.get(reader);
        if (stuck != null && !stuck.isEmpty()) {
            long deadline = System.nanoTime() + waitForAbandoned.toNanos();
            for (CardIoWorker w : List.copyOf(stuck)) {
                if (!w.awaitEnd(deadline - System.nanoTime())) {
                    throw new CardLinkException(CardErrorCode.TIMEOUT, "reader '" + reader
                            + "' is still blocked by an earlier card call that missed its deadline and has not returned"
                            + " since (remove and re-insert the card, or restart the reader or the PC/SC service)",
                            null);
                }
            }
        }
        CardIoWorker worker = new CardIoWorker(reader);
        worker.thread.start();
        return worker;
    }

    /**
     * Returns how many workers are abandoned and still stuck, for all readers (for tests and monitoring).
     *
     * @return the count
     */
    public static int abandonedCount() {
        return ABANDONED.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * Runs {@code call} on the worker thread and waits at most {@code deadline}.
     *
     * @param what what the call does, for the message (for example {@code "transmit to the card in reader 'X'"})
     * @param deadline how long to wait
     * @param call the call
     * @param onAbandon run on the worker thread after the stuck call returned, if the caller gave up (release what
     *     the connection holds); may be {@code null}
     * @param <T> the result type
     * @return the call's result
     * @throws CardLinkException the call's link failure; {@link CardErrorCode#TIMEOUT} if it missed its deadline or
     *     the connection is poisoned by an earlier time-out; {@link CardErrorCode#LINK_FAILED} if the waiting thread
     *     was interrupted (the interrupt status is kept, the connection is poisoned)
     */
    public <T> T call(String what, Duration deadline, Call<T> call, Runnable onAbandon) throws CardLinkException {
        String why = poisoned;
        if (why != null) {
            throw new CardLinkException(CardErrorCode.TIMEOUT, "could not " + what + ": " + why, null);
        }
        if (Thread.currentThread() == thread) {
            return call.call(); // a call made from a clean-up on the worker itself
        }
        FutureTask<T> task = new FutureTask<>(call::call);
        tasks.add(task);
        try {
            return task.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CardLinkException link) {
                throw link;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CardLinkException(CardErrorCode.LINK_FAILED, "could not " + what + ": "
                    + cause.getClass().getSimpleName(), cause);
        } catch (TimeoutException e) {
            if (!task.cancel(false) && task.isDone()) {
                return resultOf(task, what); // finished just as the deadline passed
            }
            String reason = "no answer within " + deadline.toMillis() + " ms";
            abandon(reason, onAbandon);
            throw new CardLinkException(CardErrorCode.TIMEOUT, "could not " + what + ": " + reason
                    + "; the session is closed and the card is released once the stuck call returns", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(false);
            abandon("interrupted while waiting", onAbandon);
            throw new CardLinkException(CardErrorCode.LINK_FAILED, "could not " + what
                    + ": interrupted while waiting for the card; the session is closed", e);
        }
    }

    /**
     * Tells whether a time-out poisoned this connection.
     *
     * @return {@code true} after a call was abandoned
     */
    public boolean isPoisoned() {
        return poisoned != null;
    }

    /** Ends the worker thread after the queued calls (a normal close). Does not wait. */
    public void shutdown() {
        tasks.add(STOP);
    }

    /**
     * Waits for the worker thread to end.
     *
     * @param nanos how long at most
     * @return {@code true} if it ended
     */
    public boolean awaitEnd(long nanos) {
        try {
            return ended.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "CardIoWorker[" + thread.getName() + (poisoned != null ? ", poisoned" : "") + "]";
    }

    private static <T> T resultOf(FutureTask<T> task, String what) throws CardLinkException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardLinkException(CardErrorCode.LINK_FAILED, "could not " + what + ": interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CardLinkException link) {
                throw link;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new CardLinkException(CardErrorCode.LINK_FAILED, "could not " + what, e.getCause());
        }
    }

    private synchronized void abandon(String reason, Runnable onAbandon) {
        if (poisoned != null) {
            return;
        }
        poisoned = "an earlier call on reader '" + reader + "' got " + reason + "; open a new session";
        ABANDONED.computeIfAbsent(reader, r -> ConcurrentHashMap.newKeySet()).add(this);
        // debug only: the caller gets the failure as an exception (the library never logs and throws the same failure)
        logger.debug("card call on reader '{}' abandoned ({}); releasing the card when the call returns", reader,
                reason);
        if (onAbandon != null) {
            tasks.add(() -> {
                try {
                    onAbandon.run();
                } catch (RuntimeException e) {
                    logger.warn("releasing the card in reader '{}' after a time-out failed", reader, e);
                }
            });
        }
        tasks.add(STOP);
    }

    private void run() {
        try {
            while (true) {
                Runnable task = tasks.take();
                if (task == STOP) {
                    return;
                }
                task.run();
            }
        } catch (InterruptedException e) {
            logger.debug("card worker {} interrupted; ending", thread.getName());
        } finally {
            Set<CardIoWorker> stuck = ABANDONED.get(reader);
            if (stuck != null && stuck.remove(this) && poisoned != null) {
                logger.info("the stuck card call on reader '{}' returned; the reader is free again", reader);
            }
            ended.countDown();
        }
    }
}
