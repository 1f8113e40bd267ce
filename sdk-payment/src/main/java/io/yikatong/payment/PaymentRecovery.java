package io.yikatong.payment;

import io.yikatong.core.InvalidInputException;
import io.yikatong.payment.journal.PaymentEntry;
import io.yikatong.payment.journal.PaymentJournal;
import io.yikatong.payment.journal.RefundEntry;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceCheckout;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceCheckoutResult;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recovery loop: settles, on a schedule, every payment and refund a crash, a killed process or a lost answer left
 * unresolved in the journal, with the semantics of {@link PaymentClient#resumePending()}: each is queried; a barcode
 * payment past the {@link BarcodePolicy#deadline() deadline} is reversed (撤销); a QR order a minute past its expiry is
 * closed; a refund is queried (and re-sent under its number if the channel never saw it). Start it with the client,
 * as part of the set-up:
 *
 * <pre>{@code
 * PaymentRecovery recovery = client.startRecovery(Duration.ofMinutes(1));
 * // on shutdown:
 * recovery.close();
 * }</pre>
 *
 * <p><b>Bounded.</b> One run looks at no more than {@link Builder#batchSize(int) batch size} entries, oldest first, and
 * starts no new entry once its {@link Builder#runTimeLimit(Duration) time limit} has passed; every channel call is
 * bounded by the wire client's connect and request timeouts. Runs never overlap: a single daemon thread runs them with
 * a fixed pause between the end of one and the start of the next, and {@link #runOnce()} waits for a scheduled run in
 * progress.
 *
 * <p><b>Several processes on one journal.</b> Before it acts on an entry a run claims it in the journal
 * ({@link PaymentJournal#claim}, a lease of {@link Builder#claimLease(Duration)}, released when the entry is done, or
 * lapsing if the process dies): of several processes recovering one journal at once, exactly one queries, reverses or
 * closes each entry; the others skip it ({@link RecoveryRun#claimedElsewhere()}). The journal's compare-and-set state
 * changes remain the last guard: a state change is recorded once whatever happens.
 *
 * <p><b>Observable.</b> Each run returns (from {@link #runOnce()}) or hands to the {@link Builder#listener listener} a
 * {@link RecoveryRun} with the outcome of every entry it looked at, and logs one summary line (INFO when something
 * was settled or failed, else DEBUG) through slf4j: order numbers, statuses and counts only, never payer data or keys.
 * A failing run (a journal that cannot be reached, a misconfigured channel) is logged and recorded, and the loop goes
 * on.
 *
 * <p><b>Medical insurance.</b> Orders of {@link MedicalInsuranceCheckout#CHANNEL} are settled by the checkout, not by
 * the {@link PaymentClient}: give it with {@link Builder#checkout} and the loop resumes them through
 * {@link MedicalInsuranceCheckout#resume(String)} (query 6301; undo 6401 past the deadline) under the same claims.
 * Without it they are skipped.
 *
 * <p>Time comes from the client's clock (and the claims' leases from the journal's). Thread-safe.
 *
 * @since 0.2
 */
public final class PaymentRecovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentRecovery.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PaymentClient client;
    private final MedicalInsuranceCheckout checkout;
    private final PaymentJournal journal;
    private final Clock clock;
    private final Duration period;
    private final Duration initialDelay;
    private final int batchSize;
    private final Duration runTimeLimit;
    private final Duration claimLease;
    private final String owner;
    private final Consumer<RecoveryRun> listener;
    private final java.util.Set<String> only;
    private final ReentrantLock running = new ReentrantLock();
    private volatile ScheduledExecutorService scheduler;

    private PaymentRecovery(Builder b) {
        this.client = b.client;
        this.checkout = b.checkout;
        this.journal = b.client.journal();
        this.clock = b.client.clock();
        this.period = b.period;
        this.initialDelay = b.initialDelay;
        this.batchSize = b.batchSize;
        this.runTimeLimit = b.runTimeLimit;
        this.claimLease = b.claimLease;
        this.owner = b.owner != null ? b.owner : "recovery-" + HexFormat.of().formatHex(seed());
        this.listener = b.listener;
        this.only = b.only;
    }

    private static byte[] seed() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * Starts a builder for a loop over {@code client}'s journal and channels.
     *
     * @param client the payment client whose journal and channels recover
     * @return a builder: period 1 minute, initial delay 5 seconds, batch 100, run time limit 5 minutes, claim lease 10
     *     minutes, no listener, no medical-insurance checkout
     * @throws InvalidInputException if the client is null
     */
    public static Builder builder(PaymentClient client) {
        if (client == null) {
            throw new InvalidInputException("client", "must not be null");
        }
        return new Builder(client);
    }

    /**
     * Runs one recovery pass now, in the calling thread (after a scheduled run in progress, never alongside it). Works
     * whether or not the loop was started, and after {@link #close()}.
     *
     * @return what the run did
     */
    public RecoveryRun runOnce() {
        running.lock();
        try {
            return pass();
        } finally {
            running.unlock();
        }
    }

    /**
     * Returns this loop's name in the journal's claims.
     *
     * @return for example {@code recovery-1f2e3d4c5b6a7988}
     */
    public String owner() {
        return owner;
    }

    /**
     * Stops the schedule and waits (up to a minute) for a run in progress to end; the claims it holds are released as
     * each entry ends, and any left lapse after the lease. Idempotent.
     */
    @Override
    public void close() {
        ScheduledExecutorService s = scheduler;
        if (s == null) {
            return;
        }
        s.shutdown();
        try {
            if (!s.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("payment recovery {}: a run did not end within a minute of close; interrupting it", owner);
                s.shutdownNow();
            }
        } catch (InterruptedException e) {
            s.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private PaymentRecovery schedule() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "yikatong-payment-recovery");
            t.setDaemon(true);
            return t;
        });
        this.scheduler = s;
        s.scheduleWithFixedDelay(this::scheduledRun, initialDelay.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    private void scheduledRun() {
        try {
            runOnce();
        } catch (RuntimeException | Error e) {
            // never let one failure cancel the schedule (a ScheduledExecutorService stops a task that throws)
            LOG.error("payment recovery {}: run failed: {}", owner, e.toString());
            if (e instanceof Error err) {
                throw err;
            }
        }
    }

    private RecoveryRun pass() {
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        long limitNanos = runTimeLimit.toNanos();
        List<RecoveryRun.Entry> entries = new ArrayList<>();
        int claimedElsewhere = 0;
        boolean incomplete = false;
        String failure = null;
        try {
            for (PaymentEntry e : journal.unresolved()) {
                if (only != null && !only.contains(e.channel())) {
                    continue;
                }
                boolean mine = client.configures(e.channel());
                boolean insurance = !mine && checkout != null && MedicalInsuranceCheckout.CHANNEL.equals(e.channel());
                if (!mine && !insurance) {
                    continue; // another component's channel
                }
                if (entries.size() >= batchSize || System.nanoTime() - startNanos >= limitNanos) {
                    incomplete = true;
                    break;
                }
                String no = e.merchantOrderNo();
                if (!journal.claim(no, owner, claimLease)) {
                    claimedElsewhere++;
                    continue;
                }
                try {
                    entries.add(insurance ? checkoutEntry(checkout.resume(no))
                            : RecoveryRun.Entry.of(client.resumeEntry(no)));
                } catch (RuntimeException ex) {
                    LOG.warn("payment recovery {}: {} failed: {}", owner, no, ex.getMessage());
                    entries.add(RecoveryRun.Entry.failed(no, null, ex));
                } finally {
                    journal.release(no, owner);
                }
            }
            if (!incomplete) {
                for (RefundEntry r : journal.unresolvedRefunds()) {
                    PaymentEntry payment = journal.find(r.merchantOrderNo()).orElse(null);
                    if (payment == null || !client.configures(payment.channel())
                            || only != null && !only.contains(payment.channel())) {
                        continue; // medical-insurance refunds are settled by the checkout's refund calls
                    }
                    if (entries.size() >= batchSize || System.nanoTime() - startNanos >= limitNanos) {
                        incomplete = true;
                        break;
                    }
                    String no = r.merchantRefundNo();
                    if (!journal.claim(no, owner, claimLease)) {
                        claimedElsewhere++;
                        continue;
                    }
                    try {
                        entries.add(RecoveryRun.Entry.ofRefund(no, client.refundQuery(no)));
                    } catch (RuntimeException ex) {
                        LOG.warn("payment recovery {}: refund {} failed: {}", owner, no, ex.getMessage());
                        entries.add(RecoveryRun.Entry.failed(r.merchantOrderNo(), no, ex));
                    } finally {
                        journal.release(no, owner);
                    }
                }
            }
        } catch (RuntimeException ex) {
            // the journal cannot be listed or a claim cannot be written: this run ends, the next one tries again
            failure = ex.getClass().getSimpleName() + ": " + ex.getMessage();
            LOG.warn("payment recovery {}: run stopped: {}", owner, failure);
        }
        RecoveryRun run = new RecoveryRun(started, clock.instant(), entries, claimedElsewhere, incomplete, failure);
        log(run);
        if (listener != null) {
            try {
                listener.accept(run);
            } catch (RuntimeException ex) {
                LOG.warn("payment recovery {}: the listener failed: {}", owner, ex.toString());
            }
        }
        return run;
    }

    private static RecoveryRun.Entry checkoutEntry(MedicalInsuranceCheckoutResult r) {
        String status = r.complete() ? "paid" : switch (r.state()) {
            case DECLINED -> "declined";
            case CLOSED, REVERSED -> "closed";
            default -> "pending";
        };
        return new RecoveryRun.Entry(r.medOrgOrd(), null, status, null, r, null);
    }

    private void log(RecoveryRun run) {
        long settled = run.entries().stream().filter(RecoveryRun.Entry::settled).count();
        long failed = run.entries().stream().filter(e -> e.failure() != null).count();
        if (settled > 0 || failed > 0 || run.failure() != null) {
            LOG.info("payment recovery {}: {} looked at, {} settled, {} failed, {} claimed by another process{}{}",
                    owner, run.entries().size(), settled, failed, run.claimedElsewhere(),
                    run.incomplete() ? ", more left for the next run" : "",
                    run.failure() != null ? "; stopped: " + run.failure() : "");
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("payment recovery {}: {} looked at, nothing settled, {} claimed by another process", owner,
                    run.entries().size(), run.claimedElsewhere());
        }
        for (RecoveryRun.Entry e : run.entries()) {
            LOG.debug("payment recovery {}: {}{} -> {}", owner, e.merchantOrderNo(),
                    e.merchantRefundNo() == null ? "" : " refund " + e.merchantRefundNo(), e.status());
        }
    }

    /** Returns the owner name and schedule; never keys. */
    @Override
    public String toString() {
        return "PaymentRecovery[" + owner + ", every " + period + ", batch " + batchSize + "]";
    }

    /**
     * Builds a {@link PaymentRecovery}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.2
     */
    public static final class Builder {

        private final PaymentClient client;
        private MedicalInsuranceCheckout checkout;
        private Duration period = Duration.ofMinutes(1);
        private Duration initialDelay = Duration.ofSeconds(5);
        private int batchSize = 100;
        private Duration runTimeLimit = Duration.ofMinutes(5);
        private Duration claimLease = Duration.ofMinutes(10);
        private String owner;
        private Consumer<RecoveryRun> listener;
        private java.util.Set<String> only;

        private Builder(PaymentClient client) {
            this.client = client;
        }

        /**
         * Sets the pause between the end of one run and the start of the next (default 1 minute).
         *
         * @param period 1 second to 1 day
         * @return this builder
         * @throws InvalidInputException if it is null or out of range
         */
        public Builder period(Duration period) {
            this.period = within("period", period, Duration.ofSeconds(1), Duration.ofDays(1));
            return this;
        }

        /**
         * Sets the wait before the first run after {@link #start()} (default 5 seconds; zero runs at once).
         *
         * @param delay 0 to 1 day
         * @return this builder
         * @throws InvalidInputException if it is null or out of range
         */
        public Builder initialDelay(Duration delay) {
            this.initialDelay = within("initialDelay", delay, Duration.ZERO, Duration.ofDays(1));
            return this;
        }

        /**
         * Sets how many entries (payments and refunds) one run looks at, at most (default 100); the rest wait for the
         * next run.
         *
         * @param size 1 to 10000
         * @return this builder
         * @throws InvalidInputException if it is out of range
         */
        public Builder batchSize(int size) {
            if (size < 1 || size > 10_000) {
                throw new InvalidInputException("batchSize", "must be 1 to 10000");
            }
            this.batchSize = size;
            return this;
        }

        /**
         * Sets how long one run may start new entries (default 5 minutes): an entry in progress is finished (each of
         * its channel calls bounded by the wire client's timeouts, a reverse by the {@link BarcodePolicy}'s attempts).
         *
         * @param limit 1 second to 1 day
         * @return this builder
         * @throws InvalidInputException if it is null or out of range
         */
        public Builder runTimeLimit(Duration limit) {
            this.runTimeLimit = within("runTimeLimit", limit, Duration.ofSeconds(1), Duration.ofDays(1));
            return this;
        }

        /**
         * Sets how long a claim on an entry lasts if its process dies before releasing it (default 10 minutes). Make
         * it longer than one entry can take: its channel calls' timeouts plus the {@link BarcodePolicy}'s reverse
         * attempts and intervals.
         *
         * @param lease 1 second to 1 day
         * @return this builder
         * @throws InvalidInputException if it is null or out of range
         */
        public Builder claimLease(Duration lease) {
            this.claimLease = within("claimLease", lease, Duration.ofSeconds(1), Duration.ofDays(1));
            return this;
        }

        /**
         * Sets this loop's name in the journal's claims (default {@code recovery-} and 16 random hex digits). Two
         * loops must never share a name.
         *
         * @param name 1 to 64 letters, digits and {@code _-|*@.}
         * @return this builder
         * @throws InvalidInputException if it is null or malformed
         */
        public Builder owner(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_\\-|*@.]{1,64}")) {
                throw new InvalidInputException("owner", "must be 1 to 64 letters, digits and _-|*@.");
            }
            this.owner = name;
            return this;
        }

        /**
         * Sets a listener told of every run's result, on the loop's thread (or the thread of {@link #runOnce()});
         * keep it short. What it throws is logged, not propagated.
         *
         * @param listener the listener
         * @return this builder
         * @throws InvalidInputException if it is null
         */
        public Builder listener(Consumer<RecoveryRun> listener) {
            if (listener == null) {
                throw new InvalidInputException("listener", "must not be null");
            }
            this.listener = listener;
            return this;
        }

        /**
         * Restricts the loop to the entries of these channels (default: every channel the client configures, and
         * {@link MedicalInsuranceCheckout#CHANNEL} with a {@link #checkout}); for a process that recovers only some
         * of a shared journal's channels.
         *
         * @param channelIds the channel identifiers, for example {@code wechat}
         * @return this builder
         * @throws InvalidInputException if none is given or one is null
         */
        public Builder channels(String... channelIds) {
            if (channelIds == null || channelIds.length == 0) {
                throw new InvalidInputException("channelIds", "must name at least one channel");
            }
            java.util.Set<String> set = new java.util.HashSet<>();
            for (String id : channelIds) {
                if (id == null) {
                    throw new InvalidInputException("channelIds", "must not contain null");
                }
                set.add(id);
            }
            this.only = java.util.Set.copyOf(set);
            return this;
        }

        /**
         * Resumes the medical-insurance orders ({@link MedicalInsuranceCheckout#CHANNEL}) of the journal through this
         * checkout (it must use the same journal); without it the loop skips them.
         *
         * @param checkout the checkout
         * @return this builder
         * @throws InvalidInputException if it is null
         */
        public Builder checkout(MedicalInsuranceCheckout checkout) {
            if (checkout == null) {
                throw new InvalidInputException("checkout", "must not be null");
            }
            this.checkout = checkout;
            return this;
        }

        /**
         * Builds the loop without starting it: {@link PaymentRecovery#runOnce()} runs a pass on demand (a command-line
         * tool, a test).
         *
         * @return the loop, not scheduled
         */
        public PaymentRecovery build() {
            return new PaymentRecovery(this);
        }

        /**
         * Builds the loop and starts its schedule on a daemon thread.
         *
         * @return the running loop; close it on shutdown
         */
        public PaymentRecovery start() {
            return build().schedule();
        }

        private static Duration within(String field, Duration d, Duration min, Duration max) {
            if (d == null) {
                throw new InvalidInputException(field, "must not be null");
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new InvalidInputException(field, "must be " + min + " to " + max);
            }
            return d;
        }
    }
}
