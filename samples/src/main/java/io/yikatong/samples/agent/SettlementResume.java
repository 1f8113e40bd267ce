package io.yikatong.samples.agent;

import io.yikatong.payment.medicalinsurance.settlement.OutpatientSettlement;
import io.yikatong.payment.medicalinsurance.settlement.VisitOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The agent's settlement resume loop: {@link OutpatientSettlement#resume()} on a schedule, so a visit a crash or a lost
 * answer left unresolved in the journal (a 2207 whose answer was lost, a cash share in progress, an undo cut short) is
 * finished exactly once, as the payment recovery loop does for payments. One daemon thread runs it with a fixed pause
 * between the end of one run and the start of the next, so runs never overlap; {@link #runOnce()} waits for a run in
 * progress. A failing run is logged (its class name only) and the loop goes on. {@link #close()} stops it and waits for
 * a run in progress, so the agent closes it before the journal.
 *
 * <p>The log line names visit numbers and counts only, never personal data.
 *
 * <p>Thread-safe.
 */
final class SettlementResume implements AutoCloseable {

    private final OutpatientSettlement visits;
    private final Consumer<String> log;
    private final ReentrantLock running = new ReentrantLock();
    private final ScheduledExecutorService scheduler;

    private SettlementResume(OutpatientSettlement visits, Duration period, Consumer<String> log) {
        this.visits = visits;
        this.log = log;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "yikatong-agent-settlement-resume");
            t.setDaemon(true);
            return t;
        });
        long first = Math.min(period.toMillis(), Duration.ofSeconds(5).toMillis());
        scheduler.scheduleWithFixedDelay(this::scheduledRun, first, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the loop.
     *
     * @param visits the orchestration whose journal is resumed
     * @param period the pause between runs (the first run starts after at most 5 seconds)
     * @param log where the summary of a run that resolved something goes
     * @return the running loop; close it before the journal
     */
    static SettlementResume start(OutpatientSettlement visits, Duration period, Consumer<String> log) {
        return new SettlementResume(visits, period, log);
    }

    /**
     * Runs one pass now, after a scheduled one in progress.
     *
     * @return the outcome of each visit the pass resolved or tried
     */
    List<VisitOutcome> runOnce() {
        running.lock();
        try {
            List<VisitOutcome> out = visits.resume();
            if (!out.isEmpty()) {
                long settled = out.stream().filter(o -> o instanceof VisitOutcome.Settled).count();
                long declined = out.stream().filter(o -> o instanceof VisitOutcome.Declined).count();
                log.accept("agent: settlement resume: " + out.size() + " visit(s): " + settled + " settled, "
                        + declined + " undone or reversed, " + (out.size() - settled - declined) + " pending "
                        + out.stream().map(VisitOutcome::visitNo).toList());
            }
            return out;
        } finally {
            running.unlock();
        }
    }

    private void scheduledRun() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // never let one failure cancel the schedule (a ScheduledExecutorService stops a task that throws)
            log.accept("agent: settlement resume failed: " + e.getClass().getName());
        }
    }

    /** Stops the loop and waits (up to a minute, then interrupts) for a run in progress. Idempotent. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(1, TimeUnit.MINUTES)) {
                log.accept("agent: settlement resume did not end within a minute of close; interrupting it");
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
