package io.yikatong.payment.unionpay;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelNotification;
import io.yikatong.payment.spi.ChannelRefusedException;
import io.yikatong.payment.spi.ChannelResult;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.spi.ChannelStatus;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.spi.NotificationRejectedException;
import io.yikatong.payment.spi.PaymentChannelAdapter;
import io.yikatong.payment.spi.PaymentErrorCode;
import io.yikatong.payment.spi.PaymentException;
import io.yikatong.payment.spi.RefundResult;
import io.yikatong.payment.spi.ReverseResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The UnionPay online channel ({@code unionpay}) for {@link io.yikatong.payment.PaymentClient}: translates
 * {@link UnionPayClient} answers into the SPI's neutral results.
 *
 * <p>Identifiers: the UnionPay {@code orderId} of a payment is the merchant order number, of a refund the merchant
 * refund number, of a cancel the merchant order number followed by {@code C}; all must be 8 to 40 alphanumerics
 * (39 for a payment that may be cancelled). The {@code txnTime} of each comes from the {@link TxnTimeLookup} (see
 * there: with {@link TxnTimeLookup#fromJournal} it is the journal's {@code createdAt}, so queries work after a
 * restart). When the lookup does not know an order's {@code txnTime}, a query, reverse or refund answers
 * <em>unknown</em>, never "not found".
 *
 * <p>Mapping (§3.4, §4): a back transaction answered {@code 00} is only <em>accepted</em>: a barcode consumption is
 * then {@link ChannelStatus#USER_PAYING} until a query says {@code origRespCode=00} (paid, {@code A6} too);
 * {@code origRespCode} 03/04/05 is user paying (unknown), a minute after the order's {@code payTimeout} closed (a QR
 * order's is the expiry sent with it, {@link TxnTimeLookup#expiry}; otherwise {@code txnTime} plus the client's
 * {@link UnionPayClient#payTimeout()}). {@code respCode}
 * 03/04/05, {@code 12} (duplicate) on a pay, a link failure, an HTTP 5xx and an unverifiable or malformed answer are
 * <em>unknown</em>, never declined; {@code 34} on a query is not found. Other refusals are declined with the
 * {@code respCode}; {@code 11}/{@code 31}/{@code 32} are a {@link PaymentException} with
 * {@link PaymentErrorCode#CHANNEL_MISCONFIGURED}. The normalisation to {@link DeclineReason} is [I].
 *
 * <p>Reverse is the same-day cancel ({@code 31}) of a paid consumption, found by a query (which also gives its
 * {@code queryId}); a consumption that failed is reported reversed (nothing was taken), one still processing asks for
 * a retry, a refusal (for example not the same day) is failed: refund it instead. Refunds query the payment for its
 * {@code queryId}, send {@code 04} and query the refund once; {@link #queryRefund} queries the refund's
 * {@code orderId}. Refund notifications carry no merchant order number (only {@code origQryId}), so their
 * {@code merchantOrderNo} is {@code null}; cancel notifications are payment notifications with status reversed.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class UnionPayChannel implements PaymentChannelAdapter {

    /** The channel identifier stored in the journal. */
    public static final String ID = "unionpay";

    private final UnionPayClient client;
    private final TxnTimeLookup txnTimes;

    private UnionPayChannel(UnionPayClient client, TxnTimeLookup txnTimes) {
        this.client = client;
        this.txnTimes = txnTimes;
    }

    /**
     * Creates the channel.
     *
     * @param client the wire client
     * @param txnTimes where {@code txnTime}s are found and remembered, for example
     *     {@link TxnTimeLookup#fromJournal(io.yikatong.payment.journal.PaymentJournal)}
     * @return the channel
     * @throws InvalidInputException if an argument is null
     */
    public static UnionPayChannel create(UnionPayClient client, TxnTimeLookup txnTimes) {
        if (client == null) {
            throw new InvalidInputException("client", "must not be null");
        }
        if (txnTimes == null) {
            throw new InvalidInputException("txnTimes", "must not be null");
        }
        return new UnionPayChannel(client, txnTimes);
    }

    @Override
    public String channelId() {
        return ID;
    }

    @Override
    public java.util.Optional<Money> maxAmount() {
        return java.util.Optional.of(UnionPayClient.MAX_AMOUNT);
    }

    @Override
    public ChannelResult barcodePay(String merchantOrderNo, Money amount, String description, String authCode) {
        try {
            client.barcodeConsume(merchantOrderNo, txnTimeFor(merchantOrderNo), amount, authCode);
            return ChannelResult.of(ChannelStatus.USER_PAYING, "00");
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            if (e.outcomeUnknown() || "12".equals(e.channelCode())) {
                return ChannelResult.of(ChannelStatus.UNKNOWN, e.channelCode());
            }
            return declined(e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return ChannelResult.of(ChannelStatus.UNKNOWN, e.errorCode().code());
        }
    }

    @Override
    public ChannelResult qrPay(String merchantOrderNo, Money amount, String description) {
        return qrPay(merchantOrderNo, amount, description, null);
    }

    /** Sends the expiry as the order's {@code payTimeout}. */
    @Override
    public boolean sendsQrExpiry() {
        return true;
    }

    @Override
    public ChannelResult qrPay(String merchantOrderNo, Money amount, String description, Instant expiresAt) {
        try {
            Instant txnTime = txnTimeFor(merchantOrderNo);
            if (expiresAt != null) {
                txnTimes.rememberExpiry(merchantOrderNo, expiresAt.truncatedTo(ChronoUnit.SECONDS));
            }
            UnionPayAnswer a = client.applyQrCode(merchantOrderNo, txnTime, amount, expiresAt);
            return new ChannelResult(ChannelStatus.NOT_PAID, a.queryId(), amount, "00", "", null, a.qrCode());
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return e.outcomeUnknown() || "12".equals(e.channelCode())
                    ? ChannelResult.of(ChannelStatus.UNKNOWN, e.channelCode())
                    : declined(e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return ChannelResult.of(ChannelStatus.UNKNOWN, e.errorCode().code());
        }
    }

    @Override
    public ChannelResult query(String merchantOrderNo) {
        Optional<Instant> t = known(merchantOrderNo);
        if (t.isEmpty()) {
            return ChannelResult.of(ChannelStatus.UNKNOWN, "txnTime unknown");
        }
        try {
            UnionPayAnswer a = client.query(merchantOrderNo, t.get());
            if (a.succeeded() || "A6".equals(a.origRespCode())) {
                return new ChannelResult(ChannelStatus.PAID, a.queryId(), a.txnAmt(), a.origRespCode(), "", null,
                        null);
            }
            if (a.processing() || a.origRespCode().isEmpty()) {
                Instant payTimeout = txnTimes.expiry(merchantOrderNo).orElse(t.get().plus(client.payTimeout()));
                boolean expired = client.now().isAfter(payTimeout.plus(1, ChronoUnit.MINUTES));
                return new ChannelResult(expired ? ChannelStatus.CLOSED : ChannelStatus.USER_PAYING, null,
                        a.txnAmt(), a.origRespCode(), "", null, null);
            }
            return new ChannelResult(ChannelStatus.DECLINED, null, a.txnAmt(), a.origRespCode(), a.origRespMsg(),
                    declineReason(a.origRespCode()), null);
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return ChannelResult.of(e.notFound() ? ChannelStatus.NOT_FOUND : ChannelStatus.UNKNOWN, e.channelCode());
        } catch (ChannelException e) {
            return ChannelResult.of(ChannelStatus.UNKNOWN, e.errorCode().code());
        }
    }

    /**
     * UnionPay has no close for a consumption; an unpaid order expires at {@code txnTime + payTimeout}. This queries
     * and reports what the query says ({@link ChannelStatus#CLOSED} once expired).
     *
     * @param merchantOrderNo the merchant order number
     * @return the query's answer
     */
    @Override
    public ChannelResult close(String merchantOrderNo) {
        return query(merchantOrderNo);
    }

    @Override
    public ReverseResult reverse(String merchantOrderNo) {
        Optional<Instant> t = known(merchantOrderNo);
        if (t.isEmpty()) {
            return new ReverseResult(ReverseResult.Status.UNKNOWN, "txnTime unknown", "");
        }
        UnionPayAnswer orig;
        try {
            orig = client.query(merchantOrderNo, t.get());
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return new ReverseResult(e.notFound() ? ReverseResult.Status.NOT_FOUND : ReverseResult.Status.UNKNOWN,
                    e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return new ReverseResult(ReverseResult.Status.UNKNOWN, e.errorCode().code(), "");
        }
        if (orig.processing() || orig.origRespCode().isEmpty()) {
            return new ReverseResult(ReverseResult.Status.RETRY, orig.origRespCode(), "processing");
        }
        if (!orig.succeeded()) {
            return new ReverseResult(ReverseResult.Status.REVERSED, orig.origRespCode(), "consumption failed");
        }
        String cancelId = merchantOrderNo + "C";
        if (cancelId.length() > 40 || orig.txnAmt() == null) {
            return new ReverseResult(ReverseResult.Status.FAILED, "orderId", "cannot derive the cancel");
        }
        Instant ct = txnTimeFor(cancelId);
        try {
            client.cancel(cancelId, ct, orig.queryId(), orig.txnAmt());
            return new ReverseResult(ReverseResult.Status.REVERSED, "00", "");
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            if ("12".equals(e.channelCode())) {
                return cancelOutcome(cancelId, ct);
            }
            return new ReverseResult(e.outcomeUnknown() ? ReverseResult.Status.UNKNOWN : ReverseResult.Status.FAILED,
                    e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return new ReverseResult(ReverseResult.Status.UNKNOWN, e.errorCode().code(), "");
        }
    }

    private ReverseResult cancelOutcome(String cancelId, Instant ct) {
        try {
            UnionPayAnswer c = client.query(cancelId, ct);
            if (c.succeeded()) {
                return new ReverseResult(ReverseResult.Status.REVERSED, "00", "");
            }
            return new ReverseResult(c.processing() ? ReverseResult.Status.RETRY : ReverseResult.Status.FAILED,
                    c.origRespCode(), c.origRespMsg());
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return new ReverseResult(ReverseResult.Status.UNKNOWN, e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return new ReverseResult(ReverseResult.Status.UNKNOWN, e.errorCode().code(), "");
        }
    }

    @Override
    public RefundResult refund(String merchantOrderNo, String merchantRefundNo, Money refund, Money total,
            String reason) {
        Optional<Instant> t = known(merchantOrderNo);
        if (t.isEmpty()) {
            return new RefundResult(RefundResult.Status.UNKNOWN, null, "txnTime unknown", "");
        }
        UnionPayAnswer orig;
        try {
            orig = client.query(merchantOrderNo, t.get());
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return new RefundResult(e.notFound() ? RefundResult.Status.FAILED : RefundResult.Status.UNKNOWN, null,
                    e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return new RefundResult(RefundResult.Status.UNKNOWN, null, e.errorCode().code(), "");
        }
        if (!orig.succeeded()) {
            return new RefundResult(RefundResult.Status.FAILED, null, orig.origRespCode(), "payment not succeeded");
        }
        Instant rt = txnTimeFor(merchantRefundNo);
        try {
            client.refund(merchantRefundNo, rt, orig.queryId(), refund);
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            if ("12".equals(e.channelCode())) {
                return queryRefund(merchantOrderNo, merchantRefundNo);
            }
            return new RefundResult(e.outcomeUnknown() ? RefundResult.Status.UNKNOWN : RefundResult.Status.FAILED,
                    null, e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return new RefundResult(RefundResult.Status.UNKNOWN, null, e.errorCode().code(), "");
        }
        RefundResult r = queryRefund(merchantOrderNo, merchantRefundNo);
        return r.status() == RefundResult.Status.SUCCEEDED ? r
                : new RefundResult(RefundResult.Status.PROCESSING, null, "00", "accepted");
    }

    @Override
    public RefundResult queryRefund(String merchantOrderNo, String merchantRefundNo) {
        Optional<Instant> t = known(merchantRefundNo);
        if (t.isEmpty()) {
            return new RefundResult(RefundResult.Status.UNKNOWN, null, "txnTime unknown", "");
        }
        try {
            UnionPayAnswer a = client.query(merchantRefundNo, t.get());
            if (a.succeeded()) {
                return new RefundResult(RefundResult.Status.SUCCEEDED, a.queryId(), "00", "", a.txnAmt());
            }
            return new RefundResult(a.processing() || a.origRespCode().isEmpty() ? RefundResult.Status.PROCESSING
                    : RefundResult.Status.FAILED, null, a.origRespCode(), a.origRespMsg(), a.txnAmt());
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return new RefundResult(e.notFound() ? RefundResult.Status.NOT_FOUND : RefundResult.Status.UNKNOWN, null,
                    e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return new RefundResult(RefundResult.Status.UNKNOWN, null, e.errorCode().code(), "");
        }
    }

    @Override
    public ChannelNotification parseNotification(Map<String, String> headers, byte[] rawBody)
            throws NotificationRejectedException {
        UnionPayNotification n;
        try {
            n = client.parseNotification(rawBody);
        } catch (ChannelSignatureException | ChannelMalformedResponseException e) {
            throw new NotificationRejectedException("UnionPay notification rejected: " + e.getMessage(), e);
        }
        boolean ok = "00".equals(n.respCode()) || "A6".equals(n.respCode());
        String id = n.queryId().isEmpty() ? n.orderId() + "/" + n.txnTime() : n.queryId();
        switch (n.txnType()) {
            case "01" -> {
                return new ChannelNotification.Payment(id, n.orderId(), ok
                        ? new ChannelResult(ChannelStatus.PAID, n.queryId(), n.txnAmt(), n.respCode(), "", null, null)
                        : declined(n.respCode(), n.respMsg()));
            }
            case "31" -> {
                String orderNo = n.orderId().substring(0, n.orderId().length() - 1);
                return new ChannelNotification.Payment(id, orderNo, ok
                        ? ChannelResult.of(ChannelStatus.REVERSED, n.respCode())
                        : ChannelResult.of(ChannelStatus.UNKNOWN, n.respCode()));
            }
            case "04" -> {
                return new ChannelNotification.Refund(id, null, n.orderId(), new RefundResult(ok
                        ? RefundResult.Status.SUCCEEDED : RefundResult.Status.FAILED, n.queryId(), n.respCode(),
                        n.respMsg(), n.txnAmt()));
            }
            default -> throw new NotificationRejectedException("UnionPay notification: unsupported txnType", null);
        }
    }

    private Instant txnTimeFor(String orderId) {
        Instant t = txnTimes.find(orderId).map(i -> i.truncatedTo(ChronoUnit.SECONDS)).orElseGet(client::now);
        txnTimes.remember(orderId, t);
        return t;
    }

    private Optional<Instant> known(String orderId) {
        return txnTimes.find(orderId).map(i -> i.truncatedTo(ChronoUnit.SECONDS));
    }

    private static void checkCredentials(ChannelRefusedException e) {
        if (e.credentialsRejected()) {
            throw new PaymentException(PaymentErrorCode.CHANNEL_MISCONFIGURED,
                    "UnionPay refused our credentials: " + e.getMessage(), e);
        }
    }

    private static ChannelResult declined(String code, String message) {
        return ChannelResult.declined(declineReason(code), code, message);
    }

    static DeclineReason declineReason(String respCode) {
        return switch (respCode) {
            case "51", "64" -> DeclineReason.INSUFFICIENT_FUNDS;
            case "61", "77", "78" -> DeclineReason.AUTH_CODE_INVALID;
            case "10", "13", "30" -> DeclineReason.INVALID_REQUEST;
            case "01", "60", "62", "63" -> DeclineReason.PAYMENT_FAILED;
            default -> DeclineReason.OTHER;
        };
    }

    /** Returns {@code UnionPayChannel[unionpay, merId]}; never keys. */
    @Override
    public String toString() {
        return "UnionPayChannel[" + ID + ", " + client.merId() + "]";
    }
}
