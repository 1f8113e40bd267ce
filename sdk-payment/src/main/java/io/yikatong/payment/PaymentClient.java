package io.yikatong.payment;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.time.ChinaTime;
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
import io.yikatong.payment.journal.Transition;
import io.yikatong.payment.spi.ChannelNotification;
import io.yikatong.payment.spi.ChannelResult;
import io.yikatong.payment.spi.ChannelStatus;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.spi.NotificationRejectedException;
import io.yikatong.payment.spi.PaymentChannelAdapter;
import io.yikatong.payment.spi.PaymentException;
import io.yikatong.payment.spi.RefundResult;
import io.yikatong.payment.spi.ReverseResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unified payment API over the channels plugged in through {@link PaymentChannelAdapter}, with every step written
 * to a durable {@link PaymentJournal} first.
 *
 * <pre>{@code
 * PaymentClient client = PaymentClient.builder()
 *         .journal(JdbcPaymentJournal.embedded(dataDir))
 *         .channel(WechatPayChannel.create(wechatClient, notifyUrl))
 *         .build();
 * String no = orderNumbers.next();
 * // part of the set-up: settles what a crash, a kill or a lost answer left open, in every process
 * PaymentRecovery recovery = client.startRecovery(Duration.ofMinutes(1));
 * PaymentOutcome o = client.barcodePay(new BarcodePayment("wechat", no, Money.ofFen(1230), "挂号费", scannedCode));
 * // on shutdown: recovery.close(), then the journal
 * }</pre>
 *
 * <p>Guarantees:
 * <ul>
 *   <li><b>Journal first.</b> A payment is written {@code CREATED} before anything is sent, marked {@code SENT} just
 *       before the channel call, then updated with the outcome. A crash at any point leaves a record that
 *       {@link #resumePending()} resolves; {@link #startRecovery} runs it on a schedule.</li>
 *   <li><b>Never twice.</b> A merchant order number already in the journal is never sent again: the recorded outcome
 *       is returned (queried from the channel if still unknown).</li>
 *   <li><b>Outcomes are values.</b> A timeout, a dropped connection, a 5xx or an unverifiable answer is
 *       {@link PaymentOutcome.Pending}, never {@link PaymentOutcome.Declined}. Journal failures throw
 *       {@link io.yikatong.payment.journal.JournalStorageException}; misconfiguration throws {@link PaymentException}.
 *       </li>
 *   <li><b>No gateway, no waiting.</b> What the first answer to a new payment ({@link #barcodePay}, {@link #qrPay})
 *       proves decides: a gateway that cannot be reached (connection refused, connect timeout, unknown host:
 *       {@code payment.<channel>.unreachable}) was sent nothing, so the order certainly does not exist there: it is
 *       closed in the journal and the call throws {@link PaymentException} with
 *       {@link io.yikatong.payment.spi.PaymentErrorCode#CHANNEL_UNREACHABLE} at once. An answer that does not
 *       authenticate as the gateway's (an unsigned 404, a status its protocol never uses:
 *       {@code payment.<channel>.not_gateway}) proves nothing about the order, since anything between us and the
 *       gateway could have forwarded the request and sent it: the order stays pending for recovery, never declined,
 *       and the call throws the same exception at once instead of polling a gateway that cannot answer. Connect
 *       timeouts are the wire clients' ({@code connectTimeout}, 5 s by default).</li>
 *   <li><b>Barcode payments resolve themselves</b> within the call, following {@link BarcodePolicy}: query with
 *       backoff until the deadline, then reverse (retrying "user paying" and recall answers). The final journal state
 *       is {@code PAID}, {@code DECLINED} or {@code REVERSED} (or {@code CLOSED} if the channel never saw the order);
 *       only if every reverse attempt fails does the call return {@link PendingReason#UNKNOWN}, and
 *       {@link #resumePending()} continues later.</li>
 *   <li><b>Paid only if it is this payment.</b> A channel answer reporting another amount under the merchant number
 *       (a payment, a refund) is about another payment: two tills with separate journals that reused a number, say.
 *       It is recorded ({@link io.yikatong.payment.journal.PaymentJournal#recordMismatch}) and returned as
 *       {@link PaymentOutcome.Mismatch}, never applied as paid or refunded; the entry is settled as not paid, so it is
 *       never reversed or closed at the channel either.</li>
 *   <li><b>Exactly one state change</b> per fact, whatever the mix of responses, queries, duplicate or out-of-order
 *       notifications and concurrent clients: every change is a compare-and-set in the journal.</li>
 * </ul>
 *
 * <p>The journal and this client should share one clock: {@link #resumePending()} compares the journal's
 * {@code createdAt} with this client's clock to decide whether a barcode payment has expired.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class PaymentClient {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentClient.class);
    private static final Pattern JOURNAL_NO = Pattern.compile("[A-Za-z0-9_\\-|*@.]{1,64}");
    /** The default validity of a QR code: the expiry sent to the channel is this long after the order is created. */
    public static final Duration DEFAULT_QR_VALIDITY = Duration.ofMinutes(15);
    /** Past a QR order's expiry, how long recovery waits for the channel's clock before retiring the order. */
    private static final Duration QR_EXPIRY_GRACE = Duration.ofMinutes(1);
    /** How long a QR order journalled without an expiry (by an earlier version) is assumed payable [I]. */
    private static final Duration UNRECORDED_QR_VALIDITY = Duration.ofDays(1);

    private final PaymentJournal journal;
    private final Map<String, PaymentChannelAdapter> channels;
    private final Clock clock;
    private final BarcodePolicy policy;
    private final Sleeper sleeper;
    private final Duration qrValidity;
    private final LatePaymentPolicy latePolicy;
    private final java.util.Set<String> unresumableChannels = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private PaymentClient(Builder b) {
        this.journal = b.journal;
        this.channels = Collections.unmodifiableMap(new LinkedHashMap<>(b.channels));
        this.clock = b.clock;
        this.policy = b.policy;
        this.sleeper = b.sleeper;
        this.qrValidity = b.qrValidity;
        this.latePolicy = b.latePolicy;
    }

    /**
     * Starts a builder.
     *
     * @return a builder with the China system clock, {@link BarcodePolicy#defaults()} and {@link Sleeper#SYSTEM}
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- payments

    /**
     * Takes a barcode payment (付款码) and resolves it: returns when the outcome is final, or after the reverse at the
     * policy deadline. May block for up to the deadline plus the reverse attempts.
     *
     * @param payment the payment
     * @return {@link PaymentOutcome.Paid}, {@link PaymentOutcome.Declined}, {@link PaymentOutcome.Closed} (reversed,
     *     or never reached the channel), {@link PaymentOutcome.Mismatch} if the channel holds another payment under
     *     the number, or {@link PaymentOutcome.Pending} only if it could not be reversed yet or the thread was
     *     interrupted; for a known order number, its recorded outcome
     * @throws InvalidInputException if the payment is null, its channel is not configured, or its order number is
     *     known with another amount
     * @throws PaymentException if the channel is misconfigured
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public PaymentOutcome barcodePay(BarcodePayment payment) {
        notNull("payment", payment);
        PaymentChannelAdapter a = adapter(payment.channel());
        withinLimit(a, "amount", payment.amount());
        String no = payment.merchantOrderNo();
        Optional<PaymentOutcome> known = create(no, a.channelId(), payment.amount(), payment.description(),
                PaymentKind.BARCODE, null);
        if (known.isPresent()) {
            return known.get();
        }
        Instant sentAt = clock.instant();
        ChannelResult r = a.barcodePay(no, payment.amount(), payment.description(), payment.authCode());
        failFastIfNoGateway(a, no, r);
        return resolveBarcode(a, no, r, EventSource.RESPONSE, sentAt);
    }

    /**
     * Creates a QR payment (the payer scans; WeChat Native): the outcome is {@link PaymentOutcome.Pending} with
     * {@link PendingReason#USER_PAYING} and the code URL to show; learn the result from
     * {@link #handleNotification}, {@link #query} or {@link #resumePending()}. The order expires at the channel:
     * the expiry, {@link Builder#qrValidity(Duration) the QR validity} after now by this client's clock, is sent with
     * it (when the channel takes one, {@link PaymentChannelAdapter#sendsQrExpiry()}) and journalled
     * ({@link io.yikatong.payment.journal.PaymentEntry#expiresAt()}); after it the code cannot be paid, and
     * {@link #resumePending()} closes the order at the channel and in the journal.
     *
     * @param payment the payment
     * @return pending with a code URL; pending {@link PendingReason#UNKNOWN} without one if the channel did not answer
     *     (query, then close, before retrying with a new number); declined if the channel refused; for a known order
     *     number its recorded outcome (with the recorded code URL while pending)
     * @throws InvalidInputException if the payment is null, its channel is not configured, or its order number is
     *     known with another amount
     * @throws PaymentException if the channel is misconfigured
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public PaymentOutcome qrPay(QrPayment payment) {
        notNull("payment", payment);
        PaymentChannelAdapter a = adapter(payment.channel());
        withinLimit(a, "amount", payment.amount());
        String no = payment.merchantOrderNo();
        Instant expiresAt = a.sendsQrExpiry()
                ? clock.instant().plus(qrValidity).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : null;
        Optional<PaymentOutcome> known = create(no, a.channelId(), payment.amount(), payment.description(),
                PaymentKind.QR, expiresAt);
        if (known.isPresent()) {
            return known.get();
        }
        ChannelResult r = a.qrPay(no, payment.amount(), payment.description(), expiresAt);
        failFastIfNoGateway(a, no, r);
        return record(no, r, EventSource.RESPONSE);
    }

    /**
     * The rule for the first answer to a new payment that is not the gateway's (see the class comment): a request that
     * was never sent (connection refused, connect timeout) certainly created nothing, so the order is closed in the
     * journal and the call fails at once; an answer that does not authenticate as the gateway's proves nothing about
     * the order (the request may have been forwarded), so it stays pending for recovery, and the call fails at once
     * rather than polling a gateway that cannot answer.
     */
    private void failFastIfNoGateway(PaymentChannelAdapter a, String no, ChannelResult r) {
        if (r.status() != ChannelStatus.UNKNOWN) {
            return;
        }
        String unreachable = io.yikatong.payment.spi.ChannelErrorCode.of(a.channelId(),
                io.yikatong.payment.spi.ChannelErrorCode.Kind.UNREACHABLE).code();
        String notGateway = io.yikatong.payment.spi.ChannelErrorCode.of(a.channelId(),
                io.yikatong.payment.spi.ChannelErrorCode.Kind.NOT_GATEWAY).code();
        if (unreachable.equals(r.code())) {
            PaymentEntry e = apply(no, new StateChange(PaymentState.CLOSED, EventSource.RESPONSE, null,
                    "not sent: gateway unreachable")).entry();
            if (e.state() == PaymentState.CLOSED) {
                throw new PaymentException(io.yikatong.payment.spi.PaymentErrorCode.CHANNEL_UNREACHABLE,
                        "the " + a.channelId() + " gateway cannot be reached (" + r.code() + "): order " + no
                                + " was not sent and is closed in the journal; nothing was charged. Check the gateway"
                                + " URL and the network, then take the payment again under a new order number",
                        null);
            }
        } else if (notGateway.equals(r.code())) {
            LOG.warn("{}: the answer to order {} is not the gateway's ({}); left pending for recovery", a.channelId(),
                    no, r.code());
            throw new PaymentException(io.yikatong.payment.spi.PaymentErrorCode.CHANNEL_UNREACHABLE,
                    "the " + a.channelId() + " gateway's answer to order " + no + " did not authenticate as the"
                            + " gateway's (" + r.code() + "; a wrong gateway URL or a proxy?). It proves nothing about"
                            + " the order: it stays pending, and the recovery loop (resumePending) settles it once the"
                            + " gateway answers. Check the gateway URL", null);
        }
    }

    /**
     * Returns a payment's outcome, asking the channel if the journal does not know it yet, and also about a closed QR
     * order (a code shown before the close may have been paid after it: {@link PaymentOutcome.PaidAfterClose},
     * refunded if the {@link LatePaymentPolicy} says so).
     *
     * @param merchantOrderNo the merchant order number
     * @return the outcome
     * @throws InvalidInputException if the order is not in the journal or its channel is not configured
     * @throws PaymentException if the channel is misconfigured
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public PaymentOutcome query(String merchantOrderNo) {
        PaymentEntry e = entry(merchantOrderNo);
        if (e.state() == PaymentState.CLOSED && e.latePayment() != null) {
            return late(e, null, EventSource.QUERY).outcome();
        }
        if (e.state() == PaymentState.CLOSED && e.kind() == PaymentKind.QR && e.mismatch() == null) {
            // a code shown before the close may have been paid after it
            return record(e.merchantOrderNo(), adapter(e.channel()).query(e.merchantOrderNo()), EventSource.QUERY);
        }
        if (!e.state().isUnresolved()) {
            return outcomeOf(e, null);
        }
        return record(e.merchantOrderNo(), adapter(e.channel()).query(e.merchantOrderNo()), EventSource.QUERY);
    }

    /**
     * Closes an unpaid order (for example a QR order the payer abandoned): at the channel first, then in the journal.
     * The channel is queried before: a paid order is not closed (its {@link PaymentOutcome.Paid} is returned), nor is
     * another payment under the number ({@link PaymentOutcome.Mismatch}). A QR order sent with an expiry is also
     * closed in the journal when the channel does not know it (an unscanned Alipay precreate) or cannot close it
     * (UnionPay has no close): the channel refuses a payment after the expiry, and one made before it is a payment
     * after the close. A QR order sent without an expiry (journalled by an earlier version) stays pending then. A close
     * whose outcome is unknown leaves the order pending.
     *
     * @param merchantOrderNo the merchant order number
     * @return the outcome after the close
     * @throws InvalidInputException if the order is not in the journal or its channel is not configured
     * @throws PaymentException if the channel is misconfigured
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public PaymentOutcome close(String merchantOrderNo) {
        PaymentEntry e = entry(merchantOrderNo);
        if (!e.state().isUnresolved()) {
            return outcomeOf(e, null);
        }
        PaymentChannelAdapter a = adapter(e.channel());
        // first learn what the channel holds under the number: a payment (nothing to close), or another payment
        // (another till's, say), which must never be closed
        PaymentOutcome before = record(e.merchantOrderNo(), a.query(e.merchantOrderNo()), EventSource.QUERY);
        if (!(before instanceof PaymentOutcome.Pending)) {
            return before;
        }
        return closeWith(entry(e.merchantOrderNo()), a.close(e.merchantOrderNo()), EventSource.CLOSE, false);
    }

    /**
     * Records the channel's answer to a close. An order the channel does not know is closed in the journal, except a
     * QR order without an expiry sent (an unscanned Alipay precreate is "not found" and stays payable); a QR order the
     * channel could not close (UnionPay has no close) is closed in the journal if its expiry was sent: the channel
     * refuses it after that, and a payment before it is a payment after the close. {@code pastExpiry}: a QR order's
     * expiry (or, without one, a day) has passed.
     */
    private PaymentOutcome closeWith(PaymentEntry e, ChannelResult r, EventSource source, boolean pastExpiry) {
        String no = e.merchantOrderNo();
        boolean qr = e.kind() == PaymentKind.QR;
        boolean mayRetire = qr && (e.expiresAt() != null || pastExpiry);
        switch (r.status()) {
            case NOT_FOUND -> {
                if (!qr || mayRetire) {
                    return outcomeOf(apply(no, new StateChange(PaymentState.CLOSED, source, null,
                            "not at channel")).entry(), null);
                }
                LOG.warn("QR order {} is not at the channel and was sent without an expiry: not closed, it may still"
                        + " be scanned (resumePending retires it after a day)", no);
                return record(no, r, source);
            }
            case NOT_PAID, USER_PAYING -> {
                PaymentOutcome o = record(no, r, source);
                if (!(o instanceof PaymentOutcome.Pending) || !mayRetire) {
                    return o;
                }
                return outcomeOf(apply(no, new StateChange(PaymentState.CLOSED, source, null, pastExpiry
                        ? "expired" : "open at channel until its expiry")).entry(), null);
            }
            default -> {
                return record(no, r, source);
            }
        }
    }

    // ---------------------------------------------------------------- refunds

    /**
     * Refunds part or all of a paid payment. The journal reserves the amount first and refuses a refund that would
     * make the refunds exceed what was paid; a refund number already in the journal is not sent again (its outcome is
     * returned, queried if unknown).
     *
     * @param request the refund
     * @return {@link PaymentOutcome.Refunded}; {@link PaymentOutcome.Pending} ({@link PendingReason#PROCESSING} or
     *     {@link PendingReason#UNKNOWN}); {@link PaymentOutcome.Declined} with {@link DeclineReason#REFUND_EXCEEDS_PAID}
     *     or {@link DeclineReason#NOT_REFUNDABLE} (nothing sent) or {@link DeclineReason#REFUND_FAILED};
     *     {@link PaymentOutcome.Mismatch} if the channel holds another refund (another amount) under the number
     * @throws InvalidInputException if the request is null, the order is not in the journal, or the refund number is
     *     known for another order or amount
     * @throws PaymentException if the channel is misconfigured
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public PaymentOutcome refund(RefundRequest request) {
        notNull("request", request);
        return sendRefund(entry(request.merchantOrderNo()), new NewRefund(request.merchantRefundNo(),
                request.merchantOrderNo(), request.amount(), request.reason()));
    }

    /** Reserves a refund in the journal, then sends it; a known refund number is queried, not sent again. */
    private PaymentOutcome sendRefund(PaymentEntry payment, NewRefund request) {
        PaymentChannelAdapter a = adapter(payment.channel());
        RefundEntry refund;
        try {
            refund = journal.requestRefund(request);
        } catch (JournalConflictException e) {
            if (e.errorCode() == JournalErrorCode.DUPLICATE_REFUND) {
                RefundEntry known = journal.findRefund(request.merchantRefundNo()).orElseThrow(() -> defect(e));
                if (!known.merchantOrderNo().equals(request.merchantOrderNo())
                        || !known.amount().equals(request.amount())) {
                    throw new InvalidInputException("merchantRefundNo", "already used for another refund");
                }
                return refundQuery(request.merchantRefundNo());
            }
            if (e.errorCode() == JournalErrorCode.REFUND_EXCEEDS_PAID) {
                return new PaymentOutcome.Declined(request.merchantOrderNo(), DeclineReason.REFUND_EXCEEDS_PAID, "",
                        "refunds would exceed the amount paid");
            }
            if (e.errorCode() == JournalErrorCode.NOT_REFUNDABLE) {
                return new PaymentOutcome.Declined(request.merchantOrderNo(), DeclineReason.NOT_REFUNDABLE, "",
                        "the payment is not paid");
            }
            throw defect(e);
        }
        RefundResult r = a.refund(payment.merchantOrderNo(), refund.merchantRefundNo(), refund.amount(),
                payment.amount(), refund.reason());
        return recordRefund(refund, r, EventSource.RESPONSE);
    }

    /**
     * Returns the merchant refund number under which a payment after the close of {@code merchantOrderNo} is
     * refunded ({@link LatePaymentPolicy#REFUND}): the order number followed by {@code L}, so it is the same for every
     * report and client, and a letter-only suffix UnionPay accepts (a 30-character order number gives 31 characters,
     * within every channel's limit).
     *
     * @param merchantOrderNo the merchant order number
     * @return the refund number
     * @throws InvalidInputException if the number is null
     */
    public static String lateRefundNo(String merchantOrderNo) {
        notNull("merchantOrderNo", merchantOrderNo);
        return merchantOrderNo + "L";
    }

    /**
     * Returns a refund's outcome, asking the channel if it is not final; a refund the channel never received is sent
     * again under the same number.
     *
     * @param merchantRefundNo the merchant refund number
     * @return the outcome, as for {@link #refund}
     * @throws InvalidInputException if the refund is not in the journal
     * @throws PaymentException if the channel is misconfigured
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public PaymentOutcome refundQuery(String merchantRefundNo) {
        notNull("merchantRefundNo", merchantRefundNo);
        RefundEntry r = journal.findRefund(merchantRefundNo)
                .orElseThrow(() -> new InvalidInputException("merchantRefundNo", "is not in the journal"));
        if (r.state().isTerminal()) {
            return refundOutcome(r, null);
        }
        PaymentEntry payment = entry(r.merchantOrderNo());
        PaymentChannelAdapter a = adapter(payment.channel());
        RefundResult rr = a.queryRefund(payment.merchantOrderNo(), merchantRefundNo);
        if (rr.status() == RefundResult.Status.NOT_FOUND && r.state() == RefundState.REQUESTED) {
            rr = a.refund(payment.merchantOrderNo(), merchantRefundNo, r.amount(), payment.amount(), r.reason());
        }
        return recordRefund(r, rr, EventSource.QUERY);
    }

    // ---------------------------------------------------------------- reconciliation

    /**
     * Reconciles one day (对账): downloads the channel's bill for {@code day} (the channel must implement
     * {@link io.yikatong.payment.spi.BillSource}) and compares it with the journal's payments and refunds of that
     * Beijing-time day: missing (长款: at the channel, not in the journal), extra (短款: in the journal, not at the
     * channel) and mismatched amounts.
     *
     * @param channel the channel identifier, for example {@code wechat}
     * @param day the billing day (Beijing time)
     * @return the report
     * @throws InvalidInputException if an argument is null, the channel is not configured, or it offers no bills
     * @throws PaymentException if the bill cannot be downloaded, verified or read
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public io.yikatong.payment.journal.ReconciliationReport reconcile(String channel, java.time.LocalDate day) {
        notNull("day", day);
        PaymentChannelAdapter a = adapter(channel);
        if (!(a instanceof io.yikatong.payment.spi.BillSource source)) {
            throw new InvalidInputException("channel", channel + " offers no bill download");
        }
        java.util.List<io.yikatong.payment.spi.BillLine> bill = source.bill(day);
        Instant from = day.atStartOfDay(ChinaTime.ZONE).toInstant();
        return io.yikatong.payment.journal.Reconciler.compare(bill, journal, a.channelId(), from,
                day.plusDays(1).atStartOfDay(ChinaTime.ZONE).toInstant());
    }

    // ---------------------------------------------------------------- notifications

    /**
     * Handles a channel notification: the adapter verifies, decrypts and decodes it from the raw body and headers,
     * then the reported state is applied to the journal with compare-and-set, so duplicate, late and out-of-order
     * notifications, and a notification racing a query, leave exactly one state change. A report that contradicts a
     * settled state (SUCCESS after REVERSED) is logged in the journal as an anomaly and not applied; a payment reported
     * for a closed order is recorded and returned as {@link PaymentOutcome.PaidAfterClose} (refunded once if the
     * {@link LatePaymentPolicy} says so, while this call runs); a report of another amount is a
     * {@link PaymentOutcome.Mismatch}.
     *
     * @param channel the channel identifier the notification URL belongs to
     * @param headers the HTTP headers as received
     * @param rawBody the body bytes exactly as received
     * @return what changed; acknowledge the notification (WeChat: 204)
     * @throws NotificationRejectedException if verification, decryption or decoding fails, or the order or refund is
     *     not in the journal; answer with an error status
     * @throws InvalidInputException if an argument is null or the channel is not configured
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public NotificationResult handleNotification(String channel, Map<String, String> headers, byte[] rawBody)
            throws NotificationRejectedException {
        notNull("headers", headers);
        notNull("rawBody", rawBody);
        PaymentChannelAdapter a = adapter(channel);
        ChannelNotification n = a.parseNotification(headers, rawBody);
        if (n instanceof ChannelNotification.Payment p) {
            String no = p.merchantOrderNo();
            if (no == null || journal.find(no).isEmpty()) {
                throw new NotificationRejectedException("payment notification for an order not in the journal", null);
            }
            Applied applied = settle(no, p.result(), EventSource.NOTIFICATION, false);
            return new NotificationResult(no, null, applied.changed(), applied.outcome());
        }
        ChannelNotification.Refund r = (ChannelNotification.Refund) n;
        Optional<RefundEntry> known = r.merchantRefundNo() == null ? Optional.empty()
                : journal.findRefund(r.merchantRefundNo());
        if (known.isEmpty()) {
            throw new NotificationRejectedException("refund notification for a refund not in the journal", null);
        }
        Applied applied = settleRefund(known.get(), r.result(), EventSource.NOTIFICATION);
        return new NotificationResult(known.get().merchantOrderNo(), r.merchantRefundNo(), applied.changed(),
                applied.outcome());
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Resolves what a crash or an interrupted call left unknown: every unresolved payment is queried and completed;
     * a barcode payment past the policy deadline (measured from the journal's {@code createdAt}) is reversed, and one
     * the channel never saw is closed then; a QR order still unpaid a minute past its expiry (journalled without one:
     * a day after its creation) is closed at the channel, then in the journal, but not before, as the channel may not
     * know an unscanned code yet; an order never marked sent is closed at once if the channel does not know it; every
     * unresolved refund is queried (and re-sent under the same number if the channel never saw it). Several clients may resume
     * concurrently: the journal's compare-and-set lets exactly one record each change.
     *
     * @return the outcome of every payment and refund looked at, in journal order (payments first); entries of a
     *     channel this client does not configure are skipped
     * @throws PaymentException if a channel is misconfigured; thrown after every other entry was resumed (further
     *     failures are suppressed exceptions of the first)
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public List<PaymentOutcome> resumePending() {
        List<PaymentOutcome> out = new ArrayList<>();
        PaymentException failure = null;
        for (PaymentEntry e : journal.unresolved()) {
            PaymentChannelAdapter a = channels.get(e.channel());
            if (a == null) {
                // another component's entry (MedicalInsuranceCheckout, a client with other channels on a shared journal)
                if (unresumableChannels.add(e.channel())) {
                    LOG.warn("resumePending skips channel {} (not configured in this client; resume it where it"
                            + " is, for example MedicalInsuranceCheckout.resumePending())", e.channel());
                }
                continue;
            }
            try {
                out.add(resume(a, e));
            } catch (PaymentException ex) {
                failure = remember(failure, ex);
            }
        }
        for (RefundEntry r : journal.unresolvedRefunds()) {
            if (!channels.containsKey(entry(r.merchantOrderNo()).channel())) {
                continue;
            }
            try {
                out.add(refundQuery(r.merchantRefundNo()));
            } catch (PaymentException ex) {
                failure = remember(failure, ex);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    /**
     * Starts the recovery loop on this client's journal with the defaults of {@link PaymentRecovery#builder} and
     * {@code period} between runs: what every integrator should run (a crash, a kill or a lost answer otherwise leaves
     * a barcode payment "user paying" at the channel). The same as
     * {@code PaymentRecovery.builder(this).period(period).start()}.
     *
     * @param period the pause between the end of one run and the start of the next, 1 second to 1 day
     * @return the running loop; {@link PaymentRecovery#close() close} it on shutdown
     * @throws InvalidInputException if the period is null or out of range
     * @since 0.2
     */
    public PaymentRecovery startRecovery(Duration period) {
        return PaymentRecovery.builder(this).period(period).start();
    }

    PaymentJournal journal() {
        return journal;
    }

    Clock clock() {
        return clock;
    }

    boolean configures(String channel) {
        return channels.containsKey(channel);
    }

    /**
     * Resumes one payment as {@link #resumePending()} does: its recorded outcome if it is resolved by now, else query,
     * then reverse or close if it expired.
     */
    PaymentOutcome resumeEntry(String merchantOrderNo) {
        PaymentEntry e = entry(merchantOrderNo);
        if (!e.state().isUnresolved()) {
            return outcomeOf(e, null);
        }
        return resume(adapter(e.channel()), e);
    }

    private static PaymentException remember(PaymentException first, PaymentException next) {
        LOG.warn("resume failed: {}", next.getMessage());
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private PaymentOutcome resume(PaymentChannelAdapter a, PaymentEntry e) {
        String no = e.merchantOrderNo();
        ChannelResult r = a.query(no);
        PaymentOutcome o = record(no, r, EventSource.RECOVERY);
        if (!(o instanceof PaymentOutcome.Pending)) {
            return o;
        }
        if (e.kind() == PaymentKind.QR) {
            return resumeQr(a, e, r, o);
        }
        boolean expired = !clock.instant().isBefore(e.createdAt().plus(policy.deadline()));
        if (r.status() == ChannelStatus.NOT_FOUND && (e.state() == PaymentState.CREATED || expired)) {
            // never marked sent (so never sent), or long enough ago that it is not in flight: the number is retired
            return outcomeOf(apply(no, new StateChange(PaymentState.CLOSED, EventSource.RECOVERY, null,
                    "not at channel")).entry(), null);
        }
        if (expired && isSentBarcode(no)) {
            return reverse(a, no);
        }
        return o;
    }

    /**
     * A QR order still unresolved after a query: one never marked sent is closed at once; otherwise it is left alone
     * until its expiry (or, journalled without one, a day) plus a minute has passed, then closed at the channel and in
     * the journal.
     */
    private PaymentOutcome resumeQr(PaymentChannelAdapter a, PaymentEntry e, ChannelResult query,
            PaymentOutcome pending) {
        String no = e.merchantOrderNo();
        if (query.status() == ChannelStatus.NOT_FOUND && e.state() == PaymentState.CREATED) {
            return outcomeOf(apply(no, new StateChange(PaymentState.CLOSED, EventSource.RECOVERY, null,
                    "not at channel")).entry(), null);
        }
        Instant expiry = e.expiresAt() != null ? e.expiresAt() : e.createdAt().plus(UNRECORDED_QR_VALIDITY);
        if (clock.instant().isBefore(expiry.plus(QR_EXPIRY_GRACE))) {
            return pending;
        }
        ChannelResult closed = query.status() == ChannelStatus.NOT_FOUND ? query : a.close(no);
        return closeWith(entry(no), closed, EventSource.RECOVERY, true);
    }

    // ---------------------------------------------------------------- barcode state machine

    private PaymentOutcome resolveBarcode(PaymentChannelAdapter a, String no, ChannelResult first, EventSource source,
            Instant sentAt) {
        PaymentOutcome o = record(no, first, source);
        if (!(o instanceof PaymentOutcome.Pending)) {
            return o;
        }
        Instant deadline = sentAt.plus(policy.deadline());
        Duration delay = policy.firstQueryDelay();
        Duration next = policy.queryInterval();
        while (!clock.instant().plus(delay).isAfter(deadline)) {
            if (!sleep(delay)) {
                return outcomeOf(entry(no), ChannelResult.of(ChannelStatus.UNKNOWN, ""));
            }
            PaymentEntry e = entry(no);
            if (!e.state().isUnresolved()) {
                return outcomeOf(e, null); // a notification settled it meanwhile
            }
            o = record(no, a.query(no), EventSource.QUERY);
            if (!(o instanceof PaymentOutcome.Pending)) {
                return o;
            }
            delay = next;
            Duration grown = next.plus(next.dividedBy(2));
            next = grown.compareTo(policy.maxQueryInterval()) > 0 ? policy.maxQueryInterval() : grown;
        }
        return reverse(a, no);
    }

    private PaymentOutcome reverse(PaymentChannelAdapter a, String no) {
        for (int attempt = 1; attempt <= policy.reverseAttempts(); attempt++) {
            PaymentEntry e = entry(no);
            if (!e.state().isUnresolved()) {
                return outcomeOf(e, null);
            }
            ReverseResult rr = a.reverse(no);
            switch (rr.status()) {
                case REVERSED -> {
                    return outcomeOf(apply(no, new StateChange(PaymentState.REVERSED, EventSource.REVERSE, null,
                            detail(rr.code()))).entry(), null);
                }
                case NOT_FOUND -> {
                    return outcomeOf(apply(no, new StateChange(PaymentState.CLOSED, EventSource.REVERSE, null,
                            "not at channel")).entry(), null);
                }
                case FAILED -> {
                    // a refused reverse often means the order settled meanwhile (paid, say): learn that first
                    PaymentOutcome settled = record(no, a.query(no), EventSource.QUERY);
                    if (!(settled instanceof PaymentOutcome.Pending)) {
                        return settled;
                    }
                    LOG.warn("reverse of {} refused ({}); left pending for an operator", no, rr.code());
                    return outcomeOf(entry(no), ChannelResult.of(ChannelStatus.UNKNOWN, rr.code()));
                }
                case RETRY, UNKNOWN -> {
                    if (attempt < policy.reverseAttempts() && !sleep(policy.reverseInterval())) {
                        return outcomeOf(entry(no), ChannelResult.of(ChannelStatus.UNKNOWN, ""));
                    }
                }
                default -> throw new IllegalStateException("unexpected reverse status " + rr.status());
            }
        }
        LOG.warn("reverse of {} did not complete after {} attempts; resumePending will retry", no,
                policy.reverseAttempts());
        return outcomeOf(entry(no), ChannelResult.of(ChannelStatus.UNKNOWN, ""));
    }

    private boolean sleep(Duration d) {
        try {
            sleeper.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---------------------------------------------------------------- journal helpers

    /** Creates and marks sent; returns the recorded outcome instead if the order is already known. */
    private Optional<PaymentOutcome> create(String no, String channel, Money amount, String description,
            PaymentKind kind, Instant expiresAt) {
        try {
            journal.create(NewPayment.of(no, channel, amount, description).withKind(kind).withExpiresAt(expiresAt));
        } catch (JournalConflictException e) {
            if (e.errorCode() != JournalErrorCode.DUPLICATE_ORDER) {
                throw defect(e);
            }
            PaymentEntry known = entry(no);
            if (!known.amount().equals(amount) || !known.channel().equals(channel)) {
                throw new InvalidInputException("merchantOrderNo", "already used for another payment");
            }
            return Optional.of(query(no));
        }
        Transition<PaymentEntry> sent;
        try {
            sent = journal.transition(no, EnumSet.of(PaymentState.CREATED),
                    StateChange.to(PaymentState.SENT, EventSource.SUBMIT));
        } catch (JournalConflictException e) {
            throw defect(e);
        }
        if (!sent.changed()) {
            // recovery on another client closed it before we sent: do not send
            return Optional.of(outcomeOf(sent.entry(), null));
        }
        return Optional.empty();
    }

    /** A barcode payment that was marked sent (one still CREATED never reached the channel: nothing to reverse). */
    private boolean isSentBarcode(String no) {
        PaymentEntry e = entry(no);
        return e.kind() == PaymentKind.BARCODE && e.state() != PaymentState.CREATED;
    }

    private PaymentOutcome record(String no, ChannelResult r, EventSource source) {
        return settle(no, r, source, true).outcome();
    }

    /** What applying a channel report did: whether the journal changed, and the outcome after it. */
    private record Applied(boolean changed, PaymentOutcome outcome) {
    }

    /**
     * Applies a channel report to the journal. A report of another amount than the journal's is about another payment
     * under the number: recorded as a mismatch, never applied. A pending report changes the journal only if
     * {@code pendingToo}.
     */
    private Applied settle(String no, ChannelResult r, EventSource source, boolean pendingToo) {
        PaymentEntry e = entry(no);
        if (r.amount() != null && !r.amount().equals(e.amount())) {
            return mismatch(e, r, source);
        }
        if (r.status() == ChannelStatus.PAID && e.state() == PaymentState.CLOSED) {
            return late(e, r, source);
        }
        StateChange change = changeFor(r, source);
        if (change == null || change.target() == PaymentState.PENDING && !pendingToo) {
            return new Applied(false, outcomeOf(e, r));
        }
        Transition<PaymentEntry> t = apply(no, change);
        if (t.outcome() == Transition.Outcome.ANOMALY && change.target() == PaymentState.PAID
                && t.entry().state() == PaymentState.CLOSED) {
            return late(t.entry(), r, source); // closed while this report was on its way
        }
        return new Applied(t.changed(), outcomeOf(t.entry(), r));
    }

    /**
     * A payment the channel took for a closed order: recorded once in the journal, then refunded (once, under
     * {@link #lateRefundNo}) if the policy says so. {@code r} is {@code null} when only the journal is consulted.
     */
    private Applied late(PaymentEntry e, ChannelResult r, EventSource source) {
        String no = e.merchantOrderNo();
        PaymentEntry now = e;
        boolean changed = false;
        if (e.latePayment() == null) {
            Transition<PaymentEntry> t;
            try {
                t = journal.recordLatePayment(no, journalNo(r.channelTradeNo()), source);
            } catch (JournalConflictException ex) {
                throw defect(ex);
            }
            now = t.entry();
            changed = t.changed();
            if (changed) {
                LOG.warn("{} reports {} paid after it was closed ({}): recorded; {}", source, no, e.amount(),
                        latePolicy == LatePaymentPolicy.REFUND ? "refunding it as " + lateRefundNo(no)
                                : "not refunded (RECORD_ONLY)");
            }
            if (now.latePayment() == null) {
                return new Applied(false, outcomeOf(now, r)); // not closed after all
            }
        }
        PaymentOutcome refund;
        Optional<RefundEntry> known = journal.findRefund(lateRefundNo(no));
        if (known.isPresent() && known.get().merchantOrderNo().equals(no)) {
            refund = known.get().state().isTerminal() ? refundOutcome(known.get(), null)
                    : refundQuery(lateRefundNo(no));
        } else if (latePolicy == LatePaymentPolicy.REFUND && known.isEmpty()) {
            refund = sendRefund(now, new NewRefund(lateRefundNo(no), no, now.latePayment().amount(),
                    "paid after close"));
        } else {
            refund = null;
        }
        return new Applied(changed, new PaymentOutcome.PaidAfterClose(no, now.latePayment().channelTradeNo(),
                now.latePayment().amount(), refund));
    }

    private Applied mismatch(PaymentEntry e, ChannelResult r, EventSource source) {
        String no = e.merchantOrderNo();
        Transition<PaymentEntry> t;
        try {
            t = journal.recordMismatch(no, r.amount(), journalNo(r.channelTradeNo()), source);
        } catch (JournalConflictException ex) {
            throw defect(ex);
        }
        if (t.changed()) {
            LOG.warn("{} reports another payment under {} ({} {}, journal {}): recorded as a mismatch, not applied",
                    source, no, r.status(), r.amount(), e.amount());
        }
        return new Applied(t.changed(), new PaymentOutcome.Mismatch(no, null, e.amount(), r.amount(),
                journalNo(r.channelTradeNo())));
    }

    private static StateChange changeFor(ChannelResult r, EventSource source) {
        return switch (r.status()) {
            case PAID -> new StateChange(PaymentState.PAID, source, journalNo(r.channelTradeNo()), detail(r.code()));
            case USER_PAYING, NOT_PAID -> new StateChange(PaymentState.PENDING, source, null, detail(r.code()))
                    .withCodeUrl(r.codeUrl() != null && !r.codeUrl().isEmpty()
                            && r.codeUrl().length() <= StateChange.MAX_CODE_URL
                            && r.codeUrl().chars().noneMatch(Character::isISOControl) ? r.codeUrl() : null);
            case DECLINED -> new StateChange(PaymentState.DECLINED, source, null, detail(r.code()))
                    .withDecline(Decline.of(r.declineReason(), r.code(), r.message()));
            case CLOSED -> new StateChange(PaymentState.CLOSED, source, null, detail(r.code()));
            case REVERSED -> new StateChange(PaymentState.REVERSED, source, null, detail(r.code()));
            case UNKNOWN, NOT_FOUND -> null;
        };
    }

    private PaymentOutcome outcomeOf(PaymentEntry e, ChannelResult hint) {
        String no = e.merchantOrderNo();
        if (e.mismatch() != null && e.state() != PaymentState.PAID) {
            return new PaymentOutcome.Mismatch(no, null, e.amount(), e.mismatch().reported(),
                    e.mismatch().channelNo());
        }
        return switch (e.state()) {
            case PAID -> new PaymentOutcome.Paid(no, e.channelTradeNo(), e.amount());
            case DECLINED -> hint != null && hint.status() == ChannelStatus.DECLINED
                    ? new PaymentOutcome.Declined(no, hint.declineReason(), hint.code(), hint.message())
                    : e.decline() == null ? new PaymentOutcome.Declined(no, DeclineReason.OTHER, "", "")
                    : new PaymentOutcome.Declined(no, e.decline().reason(), e.decline().channelCode(),
                            e.decline().channelMessage());
            case CLOSED -> e.latePayment() == null ? new PaymentOutcome.Closed(no, false)
                    : new PaymentOutcome.PaidAfterClose(no, e.latePayment().channelTradeNo(), e.latePayment().amount(),
                            journal.findRefund(lateRefundNo(no)).filter(r -> r.merchantOrderNo().equals(no))
                                    .map(r -> refundOutcome(r, null)).orElse(null));
            case REVERSED -> new PaymentOutcome.Closed(no, true);
            case PENDING -> new PaymentOutcome.Pending(no,
                    hint != null && hint.status() == ChannelStatus.UNKNOWN ? PendingReason.UNKNOWN
                            : PendingReason.USER_PAYING,
                    hint != null && hint.codeUrl() != null ? hint.codeUrl() : e.codeUrl());
            case CREATED, SENT -> new PaymentOutcome.Pending(no, PendingReason.UNKNOWN, null);
        };
    }

    private PaymentOutcome recordRefund(RefundEntry refund, RefundResult r, EventSource source) {
        return settleRefund(refund, r, source).outcome();
    }

    /** Applies a channel report about a refund; one of another amount is another refund: recorded, not applied. */
    private Applied settleRefund(RefundEntry refund, RefundResult r, EventSource source) {
        if (r.amount() != null && !r.amount().equals(refund.amount())) {
            Transition<RefundEntry> t;
            try {
                t = journal.recordRefundMismatch(refund.merchantRefundNo(), r.amount(),
                        journalNo(r.channelRefundNo()), source);
            } catch (JournalConflictException e) {
                throw defect(e);
            }
            if (t.changed()) {
                LOG.warn("{} reports another refund under {} ({} {}, journal {}): recorded as a mismatch, not applied",
                        source, refund.merchantRefundNo(), r.status(), r.amount(), refund.amount());
            }
            return new Applied(t.changed(), new PaymentOutcome.Mismatch(refund.merchantOrderNo(),
                    refund.merchantRefundNo(), refund.amount(), r.amount(), journalNo(r.channelRefundNo())));
        }
        RefundState target = refundTarget(r);
        if (target == null) {
            return new Applied(false, refundOutcome(journal.findRefund(refund.merchantRefundNo()).orElse(refund), r));
        }
        Transition<RefundEntry> t = transitionRefund(refund.merchantRefundNo(), target, source, r.channelRefundNo());
        return new Applied(t.changed(), refundOutcome(t.entry(), r));
    }

    private static RefundState refundTarget(RefundResult r) {
        return switch (r.status()) {
            case SUCCEEDED -> RefundState.SUCCEEDED;
            case PROCESSING -> RefundState.PENDING;
            case FAILED -> RefundState.FAILED;
            case UNKNOWN, NOT_FOUND -> null;
        };
    }

    private static PaymentOutcome refundOutcome(RefundEntry r, RefundResult hint) {
        if (r.mismatch() != null && r.state() != RefundState.SUCCEEDED) {
            return new PaymentOutcome.Mismatch(r.merchantOrderNo(), r.merchantRefundNo(), r.amount(),
                    r.mismatch().reported(), r.mismatch().channelNo());
        }
        return switch (r.state()) {
            case SUCCEEDED -> new PaymentOutcome.Refunded(r.merchantOrderNo(), r.merchantRefundNo(), r.amount(),
                    r.channelRefundNo());
            case FAILED -> new PaymentOutcome.Declined(r.merchantOrderNo(), DeclineReason.REFUND_FAILED,
                    hint == null ? "" : hint.code(), hint == null ? "" : hint.message());
            case PENDING -> new PaymentOutcome.Pending(r.merchantOrderNo(), PendingReason.PROCESSING, null);
            case REQUESTED -> new PaymentOutcome.Pending(r.merchantOrderNo(), PendingReason.UNKNOWN, null);
        };
    }

    private Transition<PaymentEntry> apply(String no, StateChange change) {
        try {
            Transition<PaymentEntry> t = journal.apply(no, change);
            if (t.outcome() == Transition.Outcome.ANOMALY) {
                LOG.warn("{} reported {} for {} in state {}; not applied (anomaly logged)", change.source(),
                        change.target(), no, t.entry().state());
            }
            return t;
        } catch (JournalConflictException e) {
            throw defect(e);
        }
    }

    private Transition<RefundEntry> transitionRefund(String refundNo, RefundState target, EventSource source,
            String channelRefundNo) {
        try {
            return journal.transitionRefund(refundNo, target, source, journalNo(channelRefundNo));
        } catch (JournalConflictException e) {
            throw defect(e);
        }
    }

    private PaymentEntry entry(String no) {
        notNull("merchantOrderNo", no);
        return journal.find(no).orElseThrow(() -> new InvalidInputException("merchantOrderNo",
                "is not in the journal"));
    }

    /** A channel's documented limit, checked before anything is journalled or sent. */
    private static void withinLimit(PaymentChannelAdapter a, String field, Money amount) {
        Optional<Money> max = a.maxAmount();
        if (max.isPresent() && amount.compareTo(max.get()) > 0) {
            throw new InvalidInputException(field, "above the " + a.channelId() + " channel's limit of "
                    + max.get().toYuanString() + " yuan");
        }
    }

    private PaymentChannelAdapter adapter(String channel) {
        PaymentChannelAdapter a = channel == null ? null : channels.get(channel);
        if (a == null) {
            throw new InvalidInputException("channel", "is not configured in this client");
        }
        return a;
    }

    private static String journalNo(String channelNo) {
        return channelNo != null && JOURNAL_NO.matcher(channelNo).matches() ? channelNo : null;
    }

    private static String detail(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), 256));
        for (int i = 0; i < s.length() && b.length() < 256; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }

    private static void notNull(String field, Object value) {
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
    }

    private static IllegalStateException defect(JournalConflictException e) {
        return new IllegalStateException("unexpected journal conflict " + e.errorCode(), e);
    }

    /** Returns the configured channel identifiers; never keys. */
    @Override
    public String toString() {
        return "PaymentClient[channels " + channels.keySet() + ", " + policy + "]";
    }

    /**
     * Builds a {@link PaymentClient}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {

        private PaymentJournal journal;
        private final Map<String, PaymentChannelAdapter> channels = new LinkedHashMap<>();
        private Clock clock = ChinaTime.systemClock();
        private BarcodePolicy policy = BarcodePolicy.defaults();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Duration qrValidity = DEFAULT_QR_VALIDITY;
        private LatePaymentPolicy latePolicy = LatePaymentPolicy.REFUND;

        private Builder() {
        }

        /**
         * Sets the journal (required).
         *
         * @param journal the journal, for example {@code JdbcPaymentJournal.embedded(dir)}
         * @return this builder
         * @throws InvalidInputException if it is null
         */
        public Builder journal(PaymentJournal journal) {
            notNull("journal", journal);
            this.journal = journal;
            return this;
        }

        /**
         * Adds channels (at least one is required).
         *
         * @param adapters the channel adapters, each with a distinct {@link PaymentChannelAdapter#channelId()}
         * @return this builder
         * @throws InvalidInputException if one is null or its identifier is already added
         */
        public Builder channel(PaymentChannelAdapter... adapters) {
            notNull("adapters", adapters);
            for (PaymentChannelAdapter a : adapters) {
                notNull("adapter", a);
                if (channels.putIfAbsent(a.channelId(), a) != null) {
                    throw new InvalidInputException("adapter", "channel " + a.channelId() + " is already added");
                }
            }
            return this;
        }

        /**
         * Sets the clock (default: China system clock); share it with the journal.
         *
         * @param clock the clock
         * @return this builder
         * @throws InvalidInputException if it is null
         */
        public Builder clock(Clock clock) {
            notNull("clock", clock);
            this.clock = clock;
            return this;
        }

        /**
         * Sets the barcode resolution policy (default {@link BarcodePolicy#defaults()}).
         *
         * @param policy the policy
         * @return this builder
         * @throws InvalidInputException if it is null
         */
        public Builder barcodePolicy(BarcodePolicy policy) {
            notNull("policy", policy);
            this.policy = policy;
            return this;
        }

        /**
         * Sets how to wait between barcode queries and reverse calls (default {@link Sleeper#SYSTEM}).
         *
         * @param sleeper the sleeper
         * @return this builder
         * @throws InvalidInputException if it is null
         */
        public Builder sleeper(Sleeper sleeper) {
            notNull("sleeper", sleeper);
            this.sleeper = sleeper;
            return this;
        }

        /**
         * Sets how long a QR code may be paid (default {@link #DEFAULT_QR_VALIDITY}, 15 minutes). {@link #qrPay} sends
         * the expiry, this long after the order is created by the client's clock and in whole seconds, to a channel
         * that takes one ({@link PaymentChannelAdapter#sendsQrExpiry()}: WeChat {@code time_expire}, Alipay
         * {@code time_expire}, UnionPay {@code payTimeout}) and journals it; after it the channel refuses the
         * payment, and {@link #resumePending()} closes the order at the channel and in the journal.
         *
         * @param validity 1 minute to 1 day
         * @return this builder
         * @throws InvalidInputException if it is null or out of range
         */
        public Builder qrValidity(Duration validity) {
            notNull("validity", validity);
            if (validity.compareTo(Duration.ofMinutes(1)) < 0 || validity.compareTo(Duration.ofDays(1)) > 0) {
                throw new InvalidInputException("validity", "must be 1 minute to 1 day");
            }
            this.qrValidity = validity;
            return this;
        }

        /**
         * Sets what to do with a payment the channel took for an order already closed in the journal (default
         * {@link LatePaymentPolicy#REFUND}). Either way it is recorded and reported as
         * {@link PaymentOutcome.PaidAfterClose}, by {@link #handleNotification}, {@link #query} (which asks the channel
         * about a closed QR order) and {@link #resumePending()}.
         *
         * @param policy the policy
         * @return this builder
         * @throws InvalidInputException if it is null
         */
        public Builder latePaymentPolicy(LatePaymentPolicy policy) {
            notNull("policy", policy);
            this.latePolicy = policy;
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws InvalidInputException if the journal or every channel is missing
         */
        public PaymentClient build() {
            if (journal == null) {
                throw new InvalidInputException("journal", "is required");
            }
            if (channels.isEmpty()) {
                throw new InvalidInputException("channel", "at least one is required");
            }
            return new PaymentClient(this);
        }
    }
}
