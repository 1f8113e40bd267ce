package io.yikatong.testkit.internal;

import io.yikatong.core.InvalidInputException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fault menu the Alipay and UnionPay gateway simulators share: answers that fail with an HTTP status, are dropped
 * or come late, and notifications that are duplicated, delayed, held and released (in order or reversed), or badly
 * signed. The simulators keep their wire formats and signing; this class only keeps the pending faults and schedules
 * the deliveries. Not API.
 *
 * <p>Thread-safe: every method synchronises on this instance; deliveries run on the given scheduler, never inline.
 */
public final class SimulatorFaults {

    /**
     * What to do with the next answer.
     *
     * @param status an HTTP status to answer instead of processing the request, or {@code null}
     * @param drop whether to process the request but close the connection without an answer
     */
    public record Answer(Integer status, boolean drop) {
    }

    private final ScheduledExecutorService scheduler;
    private final Deque<Integer> statusFaults = new ArrayDeque<>();
    private final Deque<Duration> answerDelays = new ArrayDeque<>();
    private final List<Runnable> held = new ArrayList<>();
    private int drops;
    private int copies = 1;
    private Duration notificationDelay = Duration.ZERO;
    private boolean holding;
    private int badSignatures;

    /**
     * Creates an empty fault menu.
     *
     * @param scheduler where notifications are delivered
     */
    public SimulatorFaults(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Answers the next {@code count} requests with {@code status} without processing them.
     *
     * @param count how many requests
     * @param status the HTTP status
     */
    public synchronized void failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            statusFaults.add(status);
        }
    }

    /**
     * Processes the next {@code count} requests but drops their answers.
     *
     * @param count how many answers
     */
    public synchronized void dropNext(int count) {
        drops += count;
    }

    /**
     * Delays the next {@code count} answers.
     *
     * @param count at least 1
     * @param delay positive
     * @throws InvalidInputException if {@code count} is below 1 or {@code delay} is not positive
     */
    public void delayNext(int count, Duration delay) {
        if (count < 1) {
            throw new InvalidInputException("count", "must be at least 1");
        }
        if (delay == null || delay.isNegative() || delay.isZero()) {
            throw new InvalidInputException("delay", "must be positive");
        }
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                answerDelays.add(delay);
            }
        }
    }

    /**
     * Takes the fault for the next answer: a status fault first, else a drop.
     *
     * @return the fault; both empty when the request is answered normally
     */
    public synchronized Answer nextAnswer() {
        Integer status = statusFaults.poll();
        boolean drop = status == null && drops > 0;
        if (drop) {
            drops--;
        }
        return new Answer(status, drop);
    }

    /**
     * Takes the delay of the next processed answer.
     *
     * @return the delay, or {@code null} for none
     */
    public synchronized Duration nextAnswerDelay() {
        return answerDelays.poll();
    }

    /**
     * Sets how many times each following notification is sent.
     *
     * @param copies 1 or more (smaller values mean 1)
     */
    public synchronized void duplicate(int copies) {
        this.copies = Math.max(1, copies);
    }

    /**
     * Returns how many copies each notification gets.
     *
     * @return 1 or more
     */
    public synchronized int copies() {
        return copies;
    }

    /**
     * Delays every following notification.
     *
     * @param delay zero or positive
     * @throws InvalidInputException if {@code delay} is null or negative
     */
    public void delayNotifications(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new InvalidInputException("delay", "must be zero or positive");
        }
        synchronized (this) {
            notificationDelay = delay;
        }
    }

    /** Holds every following notification until {@link #release(boolean)}. */
    public synchronized void hold() {
        holding = true;
    }

    /**
     * Stops holding and sends the held notifications one after the other, in order or reversed; the notification
     * delay does not apply to them.
     *
     * @param reversed {@code true} to send the newest first
     */
    public void release(boolean reversed) {
        List<Runnable> out;
        synchronized (this) {
            holding = false;
            out = new ArrayList<>(held);
            held.clear();
        }
        if (reversed) {
            Collections.reverse(out);
        }
        for (Runnable r : out) {
            scheduler.execute(r);
        }
    }

    /** Spoils the signature of the next notification (its first copy). */
    public synchronized void badNextSignature() {
        badSignatures++;
    }

    /**
     * Takes one pending bad signature.
     *
     * @return whether the notification being made must be badly signed
     */
    public synchronized boolean takeBadSignature() {
        if (badSignatures > 0) {
            badSignatures--;
            return true;
        }
        return false;
    }

    /**
     * Sends (or holds) one notification delivery.
     *
     * @param delivery the delivery
     */
    public synchronized void send(Runnable delivery) {
        if (holding) {
            held.add(delivery);
        } else {
            scheduler.schedule(delivery, notificationDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
