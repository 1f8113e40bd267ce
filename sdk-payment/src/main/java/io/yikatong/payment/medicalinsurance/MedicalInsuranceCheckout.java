package io.yikatong.payment.medicalinsurance;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.BarcodePolicy;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.QrPayment;
import io.yikatong.payment.RefundRequest;
import io.yikatong.payment.Sleeper;
import io.yikatong.payment.journal.Decline;
import io.yikatong.payment.journal.EventSource;
import io.yikatong.payment.journal.JournalConflictException;
import io.yikatong.payment.journal.JournalErrorCode;
import io.yikatong.payment.journal.NewPayment;
import io.yikatong.payment.journal.NewRefund;
import io.yikatong.payment.journal.PaymentEntry;
import io.yikatong.payment.journal.PaymentJournal;
import io.yikatong.payment.journal.PaymentKind;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.journal.RefundEntry;
import io.yikatong.payment.journal.RefundState;
import io.yikatong.payment.journal.StateChange;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelRefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hospital's medical-insurance checkout (医保移动支付) end to end, journalled: upload the fees (6201), place the
 * order (6202), poll the settlement (6301) with backoff to a deadline, then collect the patient's self-pay share
 * ({@code ownPayAmt}) through the caller's {@link PaymentClient}; undo (6401) before settlement; refund (6203 plus the
 * self-pay refund) after.
 *
 * <pre>{@code
 * MedicalInsuranceCheckout checkout = MedicalInsuranceCheckout.builder().insurance(medicalInsuranceClient).journal(journal)
 *         .payments(paymentClient).build();
 * MedicalInsuranceCheckoutResult r = checkout.checkout(new MedicalInsuranceCheckoutRequest(fees, "门诊缴费",
 *         SelfPay.barcode("wechat", scannedCode)));
 * // at start-up, and periodically:
 * checkout.resumePending();
 * }</pre>
 *
 * <p><b>Journal mapping</b>:
 * <ul>
 *   <li>The insurance order is a payment of channel {@value #CHANNEL} and kind
 *       {@link PaymentKind#MEDICAL_INSURANCE} keyed by {@code medOrgOrd}, written {@code CREATED} with its
 *       {@code chrgBchno} as {@linkplain PaymentEntry#chargeBatchNo() charge batch} <em>before</em> 6201. Its amount
 *       is the fee total {@code medfeeSumamt}, because the insurance share is known only from the 6202 answer and a
 *       journal entry's amount cannot change.</li>
 *   <li>6201 answered: {@code SENT} with {@code payOrdId} as the channel trade number (with the batch, needed to undo
 *       after a restart); 6201 unanswered: the entry stays {@code CREATED} until a 6301 answer reports the order with
 *       its {@code payOrdId}. 6202 or 6301 non-terminal, or 6202 unanswered: {@code PENDING}.
 *       Settled: {@code PAID} with the {@linkplain PaymentEntry#split() split}, which is where the refund reads the
 *       insurance share from. Settlement failed or the platform refused: {@code DECLINED} with the
 *       {@linkplain PaymentEntry#decline() decline} (the platform's code and message). Undone: {@code CLOSED}.</li>
 *   <li>The self-pay share is a separate payment journalled by the {@link PaymentClient} (give it the same journal)
 *       under {@link #selfPayOrderNo(String)}; its refund under {@link #selfPayRefundNo(String)}.</li>
 *   <li>The insurance refund is a journal refund of the insurance order with the insurance share as its amount.</li>
 * </ul>
 *
 * <p>Polling reuses {@link BarcodePolicy} (first delay, interval growing by half to the maximum, deadline; the reverse
 * settings are unused). A timeout is {@code PENDING}, never failed: {@link #resume(String)} queries 6301 again, and
 * after the deadline undoes (6401) an order that is still not settled, which the platform accepts only before
 * settlement.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class MedicalInsuranceCheckout {

    /** The journal channel identifier of insurance orders. */
    public static final String CHANNEL = "medical-insurance";

    private static final Logger LOG = LoggerFactory.getLogger(MedicalInsuranceCheckout.class);

    private final MedicalInsurancePaymentClient insurance;
    private final PaymentJournal journal;
    private final PaymentClient payments;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BarcodePolicy policy;

    private MedicalInsuranceCheckout(Builder b) {
        this.insurance = b.insurance;
        this.journal = b.journal;
        this.payments = b.payments;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.policy = b.policy;
    }

    /**
     * Starts a builder.
     *
     * @return a builder with the system UTC clock, {@link Sleeper#SYSTEM} and a 2 s / 3 s / 5 s / 60 s poll policy
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the merchant order number of the self-pay payment of an insurance order.
     *
     * @param medOrgOrd the hospital order number (6 to 30 characters)
     * @return {@code medOrgOrd + "SP"}
     */
    public static String selfPayOrderNo(String medOrgOrd) {
        return medOrgOrd + "SP";
    }

    /**
     * Returns the merchant refund number of the self-pay refund.
     *
     * @param refundNo the refund number (6 to 30 characters)
     * @return {@code refundNo + "SP"}
     */
    public static String selfPayRefundNo(String refundNo) {
        return refundNo + "SP";
    }

    /**
     * Runs a checkout: journal, 6201, 6202, poll 6301 until settled or the deadline, then the self-pay share. A known
     * {@code medOrgOrd} is never uploaded again: its state is resumed instead.
     *
     * @param request the checkout
     * @return the result; {@code PENDING} (or {@code SENT}) if the outcome is not known by the deadline
     * @throws InvalidInputException if the request is null, or its {@code medOrgOrd} is known for another channel
     *     or another total
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public MedicalInsuranceCheckoutResult checkout(MedicalInsuranceCheckoutRequest request) {
        if (request == null) {
            throw new InvalidInputException("request", "must not be null");
        }
        FeeUpload fees = request.fees();
        String no = fees.medOrgOrd();
        try {
            journal.create(NewPayment.of(no, CHANNEL, fees.total(), request.description())
                    .withKind(PaymentKind.MEDICAL_INSURANCE).withChargeBatchNo(fees.chrgBchno()));
        } catch (JournalConflictException e) {
            if (e.errorCode() != JournalErrorCode.DUPLICATE_ORDER) {
                throw new IllegalStateException("journal", e);
            }
            if (!entry(no).amount().equals(fees.total())) {
                throw new InvalidInputException("medOrgOrd", "already used with another total");
            }
            MedicalInsuranceCheckoutResult known = resume(no);
            return known.state() == PaymentState.PAID ? collectSelfPay(no, request.description(), request.selfPay())
                    : known;
        }
        Instant sentAt = clock.instant();
        FeeUploadResult up;
        try {
            up = insurance.uploadFees(fees);
        } catch (ChannelRefusedException e) {
            apply(no, declined(EventSource.RESPONSE, e));
            return result(no, null, refusal(e));
        } catch (ChannelException e) {
            LOG.warn("6201 for {}: outcome unknown ({})", no, e.getMessage());
            // stays CREATED: the first 6301 answer moves it to PENDING and records payOrdId (the journal keeps a
            // trade number only on an applied change)
            return finish(no, request, poll(no, sentAt));
        }
        apply(no, new StateChange(PaymentState.SENT, EventSource.SUBMIT, tradeNo(up.payOrdId()), null));
        MedicalInsuranceCheckoutResult r;
        try {
            r = record(insurance.placeOrder(no, up, fees.payAuthNo()), EventSource.RESPONSE);
        } catch (ChannelRefusedException e) {
            tryUndo(no, up.payOrdId(), fees.chrgBchno());
            apply(no, declined(EventSource.RESPONSE, e));
            return result(no, null, refusal(e));
        } catch (ChannelException e) {
            LOG.warn("6202 for {}: outcome unknown ({})", no, e.getMessage());
            apply(no, new StateChange(PaymentState.PENDING, EventSource.RESPONSE, null, "6202 unanswered"));
            r = result(no, null, "");
        }
        if (r.state().isUnresolved()) {
            r = poll(no, sentAt);
        }
        return finish(no, request, r);
    }

    private MedicalInsuranceCheckoutResult finish(String no, MedicalInsuranceCheckoutRequest request, MedicalInsuranceCheckoutResult r) {
        return r.state() == PaymentState.PAID ? collectSelfPay(no, request.description(), request.selfPay()) : r;
    }

    /**
     * Collects the self-pay share of a settled order through the {@link PaymentClient} under
     * {@link #selfPayOrderNo(String)}; if that payment is already journalled, its recorded outcome is returned (the
     * payment client never sends a known order number twice). Use it after a restart, or after a declined self-pay
     * (with another order number the caller must then manage itself).
     *
     * @param medOrgOrd the hospital order number
     * @param description the description of the self-pay payment, 1 to 127 characters
     * @param selfPay how to collect
     * @return the result with the self-pay outcome ({@code null} if the share is zero)
     * @throws InvalidInputException if the order is unknown, not of this channel or not settled
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public MedicalInsuranceCheckoutResult collectSelfPay(String medOrgOrd, String description, SelfPay selfPay) {
        PaymentEntry e = entry(medOrgOrd);
        if (e.state() != PaymentState.PAID) {
            throw new InvalidInputException("medOrgOrd", "is not settled");
        }
        if (selfPay == null) {
            throw new InvalidInputException("selfPay", "must not be null");
        }
        MedicalInsuranceSplit split = split(medOrgOrd);
        PaymentOutcome outcome = null;
        if (split.selfPay().isPositive()) {
            String spNo = selfPayOrderNo(medOrgOrd);
            outcome = selfPay.authCode() != null
                    ? payments.barcodePay(new BarcodePayment(selfPay.channel(), spNo, split.selfPay(), description,
                            selfPay.authCode()))
                    : payments.qrPay(new QrPayment(selfPay.channel(), spNo, split.selfPay(), description));
        }
        return new MedicalInsuranceCheckoutResult(medOrgOrd, e.channelTradeNo(), e.state(), split, outcome, "");
    }

    /**
     * Resumes an insurance order: queries 6301 if its state is not known; after the poll deadline, an order still not
     * settled is undone (6401), and an order whose 6201 was never answered and that the platform refuses to report is
     * read as never received and closed [?]. The self-pay share is not collected here (no payment code after a
     * restart): call {@link #collectSelfPay}.
     *
     * @param medOrgOrd the hospital order number
     * @return the result; the self-pay outcome is the {@link PaymentClient}'s for {@link #selfPayOrderNo(String)} if
     *     that payment is journalled
     * @throws InvalidInputException if the order is unknown or not of this channel
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public MedicalInsuranceCheckoutResult resume(String medOrgOrd) {
        PaymentEntry e = entry(medOrgOrd);
        if (e.state().isUnresolved()) {
            boolean expired = !clock.instant().isBefore(e.createdAt().plus(policy.deadline()));
            try {
                MedicalInsuranceOrder answer = insurance.query(medOrgOrd, e.channelTradeNo());
                MedicalInsuranceCheckoutResult r = record(answer, EventSource.RECOVERY);
                if (r.state().isUnresolved() && expired) {
                    PaymentEntry now = entry(medOrgOrd);
                    String payOrdId = now.channelTradeNo() != null ? now.channelTradeNo() : r.payOrdId();
                    Optional<String> batch = Optional.ofNullable(now.chargeBatchNo());
                    if (payOrdId != null && batch.isPresent()) {
                        tryUndo(medOrgOrd, payOrdId, batch.get());
                    }
                }
            } catch (ChannelRefusedException ex) {
                if (expired && e.channelTradeNo() == null) {
                    apply(medOrgOrd, new StateChange(PaymentState.CLOSED, EventSource.RECOVERY, null,
                            "not at platform: " + refusal(ex)));
                }
            } catch (ChannelException ex) {
                LOG.warn("6301 for {} failed: {}", medOrgOrd, ex.getMessage());
            }
        }
        return withSelfPay(result(medOrgOrd, null, ""));
    }

    /**
     * Resumes every unresolved insurance order in the journal, oldest first.
     *
     * @return their results
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public List<MedicalInsuranceCheckoutResult> resumePending() {
        List<MedicalInsuranceCheckoutResult> out = new ArrayList<>();
        for (PaymentEntry e : journal.unresolved()) {
            if (CHANNEL.equals(e.channel())) {
                out.add(resume(e.merchantOrderNo()));
            }
        }
        return out;
    }

    /**
     * Undoes the fee upload of an order that is not settled (6401) and closes it in the journal. If the platform
     * refuses because the order settled meanwhile, the order is queried and its settled state returned.
     *
     * @param medOrgOrd the hospital order number
     * @return the result: {@code CLOSED} when undone, else the state learned
     * @throws InvalidInputException if the order is unknown, not of this channel, or already settled (refund it)
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public MedicalInsuranceCheckoutResult undo(String medOrgOrd) {
        PaymentEntry e = entry(medOrgOrd);
        if (e.state() == PaymentState.PAID) {
            throw new InvalidInputException("medOrgOrd", "is settled: refund it instead");
        }
        if (!e.state().isUnresolved()) {
            return result(medOrgOrd, null, "");
        }
        String payOrdId = e.channelTradeNo();
        Optional<String> batch = Optional.ofNullable(e.chargeBatchNo());
        if (payOrdId == null || batch.isEmpty()) {
            return resume(medOrgOrd);
        }
        tryUndo(medOrgOrd, payOrdId, batch.get());
        return result(medOrgOrd, null, "");
    }

    /**
     * Refunds a settled checkout in full: the insurance share through 6203 (journalled as a refund of the insurance
     * order, at most the share), then, once that succeeded, the self-pay share through the {@link PaymentClient}. The
     * refund number is the idempotency key: calling again with the same number resends 6203 (refunded once) and
     * returns the recorded self-pay refund.
     *
     * @param medOrgOrd the hospital order number
     * @param refundNo the refund number, 6 to 30 characters of {@code [0-9A-Za-z]}
     * @param reason the reason, or {@code null}
     * @return the result
     * @throws InvalidInputException if the order is unknown, not of this channel, not settled, or already refunded
     *     under another number
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public MedicalInsuranceRefundResult refund(String medOrgOrd, String refundNo, String reason) {
        if (refundNo == null || !refundNo.matches("[0-9A-Za-z]{6,30}")) {
            throw new InvalidInputException("refundNo", "must be 6 to 30 characters of [0-9A-Za-z]");
        }
        PaymentEntry e = entry(medOrgOrd);
        if (e.state() != PaymentState.PAID) {
            throw new InvalidInputException("medOrgOrd", "is not settled");
        }
        MedicalInsuranceSplit split = split(medOrgOrd);
        Money share = split.insuranceShare();
        RefundState insuranceState = null;
        if (share.isPositive()) {
            RefundEntry refund;
            try {
                refund = journal.requestRefund(new NewRefund(refundNo, medOrgOrd, share, reason));
            } catch (JournalConflictException ex) {
                if (ex.errorCode() != JournalErrorCode.DUPLICATE_REFUND) {
                    throw new InvalidInputException("refundNo", "the insurance share cannot be refunded: "
                            + ex.errorCode());
                }
                refund = journal.findRefund(refundNo).orElseThrow(() -> new IllegalStateException("journal", ex));
                if (!refund.merchantOrderNo().equals(medOrgOrd)) {
                    throw new InvalidInputException("refundNo", "already used for another order");
                }
            }
            insuranceState = refund.state();
            if (!insuranceState.isTerminal()) {
                insuranceState = sendRefund(medOrgOrd, e.channelTradeNo(), refundNo, share, reason);
            }
        }
        PaymentOutcome selfPay = null;
        if (split.selfPay().isPositive() && (insuranceState == null || insuranceState == RefundState.SUCCEEDED)) {
            Optional<PaymentEntry> sp = journal.find(selfPayOrderNo(medOrgOrd));
            if (sp.isPresent() && (sp.get().state() == PaymentState.PAID
                    || journal.findRefund(selfPayRefundNo(refundNo)).isPresent())) {
                selfPay = payments.refund(new RefundRequest(selfPayOrderNo(medOrgOrd), selfPayRefundNo(refundNo),
                        split.selfPay(), reason));
            }
        }
        return new MedicalInsuranceRefundResult(refundNo, share, insuranceState, selfPay);
    }

    private RefundState sendRefund(String no, String payOrdId, String refundNo, Money share, String reason) {
        try {
            MedicalInsuranceRefund r = insurance.refund(no, payOrdId, refundNo, share, reason);
            if (!r.amount().equals(share)) {
                LOG.warn("6203 for {} refunded {} instead of {}: left pending for an operator", no, r.amount(),
                        share);
                return transitionRefund(refundNo, RefundState.PENDING).state();
            }
            return transitionRefund(refundNo, RefundState.SUCCEEDED).state();
        } catch (ChannelRefusedException ex) {
            LOG.warn("6203 for {} refused: {}", no, ex.getMessage());
            return transitionRefund(refundNo, RefundState.FAILED).state();
        } catch (ChannelException ex) {
            LOG.warn("6203 for {}: outcome unknown ({})", no, ex.getMessage());
            return transitionRefund(refundNo, RefundState.PENDING).state();
        }
    }

    private RefundEntry transitionRefund(String refundNo, RefundState target) {
        try {
            return journal.transitionRefund(refundNo, target, EventSource.RESPONSE, null).entry();
        } catch (JournalConflictException e) {
            throw new IllegalStateException("journal", e);
        }
    }

    // ---------------------------------------------------------------- internals

    private MedicalInsuranceCheckoutResult poll(String no, Instant sentAt) {
        Instant deadline = sentAt.plus(policy.deadline());
        Duration delay = policy.firstQueryDelay();
        Duration next = policy.queryInterval();
        while (!clock.instant().plus(delay).isAfter(deadline)) {
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            PaymentEntry e = entry(no);
            if (!e.state().isUnresolved()) {
                break;
            }
            try {
                if (!record(insurance.query(no, e.channelTradeNo()), EventSource.QUERY).state().isUnresolved()) {
                    break;
                }
            } catch (ChannelException ex) {
                LOG.debug("6301 for {}: {}", no, ex.getMessage());
            }
            delay = next;
            Duration grown = next.plus(next.dividedBy(2));
            next = grown.compareTo(policy.maxQueryInterval()) > 0 ? policy.maxQueryInterval() : grown;
        }
        return result(no, null, "");
    }

    private void tryUndo(String no, String payOrdId, String batch) {
        try {
            insurance.undo(no, payOrdId, batch);
            apply(no, new StateChange(PaymentState.CLOSED, EventSource.CLOSE, null, "6401 undone"));
        } catch (ChannelRefusedException e) {
            LOG.info("6401 for {} refused ({}); querying", no, e.channelCode());
            try {
                record(insurance.query(no, payOrdId), EventSource.QUERY);
            } catch (ChannelException q) {
                LOG.warn("6301 for {} failed: {}", no, q.getMessage());
            }
        } catch (ChannelException e) {
            LOG.warn("6401 for {}: outcome unknown ({})", no, e.getMessage());
        }
    }

    private MedicalInsuranceCheckoutResult record(MedicalInsuranceOrder o, EventSource source) {
        String no = o.medOrgOrd();
        String payOrdId = o.payOrdId().isEmpty() ? null : tradeNo(o.payOrdId());
        String status = "ordStas=" + o.ordStas();
        StateChange change = switch (o.state()) {
            case SETTLED, REFUNDED -> new StateChange(PaymentState.PAID, source, payOrdId, status)
                    .withSplit(o.split());
            case FAILED -> new StateChange(PaymentState.DECLINED, source, payOrdId, status)
                    .withDecline(Decline.of(DeclineReason.PAYMENT_FAILED, o.ordStas(), ""));
            case UNDONE -> new StateChange(PaymentState.CLOSED, source, payOrdId, status);
            case PROCESSING -> new StateChange(PaymentState.PENDING, source, payOrdId, status);
        };
        apply(no, change);
        return result(no, o.split(), "");
    }

    /** A refusal by the platform: the raw code and message as the decline, the whole refusal as note. */
    private static StateChange declined(EventSource source, ChannelRefusedException e) {
        return new StateChange(PaymentState.DECLINED, source, null, refusal(e))
                .withDecline(Decline.of(DeclineReason.OTHER, e.channelCode(), e.channelMessage()));
    }

    private static String tradeNo(String payOrdId) {
        return payOrdId != null && payOrdId.matches("[A-Za-z0-9_\\-|*@.]{1,64}") ? payOrdId : null;
    }

    private static String refusal(ChannelRefusedException e) {
        String m = e.operation() + " code " + e.channelCode() + ": " + e.channelMessage();
        return m.length() > 200 ? m.substring(0, 200) : m;
    }

    private void apply(String no, StateChange change) {
        try {
            journal.apply(no, change);
        } catch (JournalConflictException e) {
            throw new IllegalStateException("journal lost " + no, e);
        }
    }

    private PaymentEntry entry(String medOrgOrd) {
        if (medOrgOrd == null) {
            throw new InvalidInputException("medOrgOrd", "must not be null");
        }
        PaymentEntry e = journal.find(medOrgOrd)
                .orElseThrow(() -> new InvalidInputException("medOrgOrd", "is not in the journal"));
        if (!CHANNEL.equals(e.channel())) {
            throw new InvalidInputException("medOrgOrd", "belongs to channel " + e.channel());
        }
        return e;
    }

    private MedicalInsuranceCheckoutResult result(String no, MedicalInsuranceSplit known, String detail) {
        PaymentEntry e = entry(no);
        MedicalInsuranceSplit split = e.state() == PaymentState.PAID ? (known != null ? known : split(no)) : null;
        return new MedicalInsuranceCheckoutResult(no, e.channelTradeNo(), e.state(), split, null, detail);
    }

    private MedicalInsuranceCheckoutResult withSelfPay(MedicalInsuranceCheckoutResult r) {
        if (r.state() != PaymentState.PAID || journal.find(selfPayOrderNo(r.medOrgOrd())).isEmpty()) {
            return r;
        }
        return new MedicalInsuranceCheckoutResult(r.medOrgOrd(), r.payOrdId(), r.state(), r.split(),
                payments.query(selfPayOrderNo(r.medOrgOrd())), r.detail());
    }

    private MedicalInsuranceSplit split(String no) {
        MedicalInsuranceSplit split = entry(no).split();
        if (split == null) {
            throw new IllegalStateException("journal: settled order " + no + " has no recorded split");
        }
        return split;
    }

    @Override
    public String toString() {
        return "MedicalInsuranceCheckout[" + insurance + "]";
    }

    /**
     * Builds a {@link MedicalInsuranceCheckout}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private MedicalInsurancePaymentClient insurance;
        private PaymentJournal journal;
        private PaymentClient payments;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private BarcodePolicy policy = new BarcodePolicy(Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(5), Duration.ofSeconds(60), 1, Duration.ZERO);

        private Builder() {
        }

        /**
         * Sets the medical-insurance client.
         *
         * @param client the client
         * @return this builder
         */
        public Builder insurance(MedicalInsurancePaymentClient client) {
            this.insurance = client;
            return this;
        }

        /**
         * Sets the journal; give the {@link PaymentClient} the same one so that both payments are in one journal.
         *
         * @param journal the journal
         * @return this builder
         */
        public Builder journal(PaymentJournal journal) {
            this.journal = journal;
            return this;
        }

        /**
         * Sets the payment client that collects and refunds the self-pay share.
         *
         * @param payments the client
         * @return this builder
         */
        public Builder payments(PaymentClient payments) {
            this.payments = payments;
            return this;
        }

        /**
         * Sets the clock of the poll deadline; share it with the journal.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the sleeper between 6301 queries.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /**
         * Sets the poll policy (first delay, interval, maximum interval, deadline; the reverse settings are unused).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder pollPolicy(BarcodePolicy policy) {
            this.policy = policy;
            return this;
        }

        /**
         * Builds the checkout.
         *
         * @return the checkout
         * @throws InvalidInputException if a setting is missing
         */
        public MedicalInsuranceCheckout build() {
            if (insurance == null || journal == null || payments == null) {
                throw new InvalidInputException("insurance", "insurance, journal and payments must be set");
            }
            if (clock == null || sleeper == null || policy == null) {
                throw new InvalidInputException("clock", "clock, sleeper and policy must not be null");
            }
            return new MedicalInsuranceCheckout(this);
        }
    }
}
