package io.yikatong.payment.alipay;

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
import java.net.URI;
import java.util.Map;

/**
 * The Alipay channel ({@code alipay}) for {@link io.yikatong.payment.PaymentClient}: translates
 * {@link AlipayClient} answers into the SPI's neutral results.
 *
 * <p>Mapping (§3.3, §4): {@code TRADE_SUCCESS}/{@code TRADE_FINISHED} (or {@code 10000} from
 * {@code alipay.trade.pay}) → paid; {@code 10003}/{@code WAIT_BUYER_PAY} → user paying; {@code TRADE_CLOSED} →
 * closed; {@code 40004} with a {@code sub_code} → declined with that code. {@code 20000}, {@code ACQ.SYSTEM_ERROR}, a
 * link failure, an HTTP 5xx, an unverifiable or malformed answer, and {@code ACQ.TRADE_HAS_SUCCESS} on a pay are
 * <em>unknown</em>, never declined. {@code 40002 isv.invalid-signature}/{@code isv.invalid-app-id} and {@code 40006}
 * are a {@link PaymentException} with {@link PaymentErrorCode#CHANNEL_MISCONFIGURED}. The normalisation of
 * {@code sub_code}s to {@link DeclineReason} is [I].
 *
 * <p>{@code alipay.trade.fastpay.refund.query} is asked with the order number and the refund's
 * {@code out_request_no}; an empty {@code refund_status} means Alipay has no such refund ({@link RefundResult.Status#NOT_FOUND}),
 * so the client may send it again under the same number.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class AlipayChannel implements PaymentChannelAdapter, io.yikatong.payment.spi.BillSource {

    /** The channel identifier stored in the journal. */
    public static final String ID = "alipay";

    private final AlipayClient client;
    private final URI notifyUrl;

    private AlipayChannel(AlipayClient client, URI notifyUrl) {
        this.client = client;
        this.notifyUrl = notifyUrl;
    }

    /**
     * Creates the channel.
     *
     * @param client the wire client
     * @param notifyUrl the URL Alipay notifies about QR payments
     * @return the channel
     * @throws InvalidInputException if an argument is null
     */
    public static AlipayChannel create(AlipayClient client, URI notifyUrl) {
        if (client == null) {
            throw new InvalidInputException("client", "must not be null");
        }
        if (notifyUrl == null) {
            throw new InvalidInputException("notifyUrl", "must not be null");
        }
        return new AlipayChannel(client, notifyUrl);
    }

    @Override
    public String channelId() {
        return ID;
    }

    @Override
    public java.util.Optional<Money> maxAmount() {
        return java.util.Optional.of(AlipayClient.MAX_AMOUNT);
    }

    @Override
    public ChannelResult barcodePay(String merchantOrderNo, Money amount, String description, String authCode) {
        try {
            AlipayTrade t = client.pay(merchantOrderNo, amount, description, authCode, notifyUrl);
            if ("10003".equals(t.code())) {
                return ChannelResult.of(ChannelStatus.USER_PAYING, "10003");
            }
            return t.tradeStatus().isEmpty() ? new ChannelResult(ChannelStatus.PAID, t.tradeNo(), t.totalAmount(),
                    "10000", "", null, null) : fromTrade(t);
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            if (e.outcomeUnknown() || "ACQ.TRADE_HAS_SUCCESS".equals(e.subCode())) {
                return ChannelResult.of(ChannelStatus.UNKNOWN, e.specificCode());
            }
            return declined(e);
        } catch (ChannelException e) {
            return ChannelResult.of(ChannelStatus.UNKNOWN, e.errorCode().code());
        }
    }

    @Override
    public ChannelResult qrPay(String merchantOrderNo, Money amount, String description) {
        return qrPay(merchantOrderNo, amount, description, null);
    }

    /** Sends {@code time_expire} (and {@code timeout_express}). */
    @Override
    public boolean sendsQrExpiry() {
        return true;
    }

    @Override
    public ChannelResult qrPay(String merchantOrderNo, Money amount, String description,
            java.time.Instant expiresAt) {
        try {
            AlipayTrade t = client.precreate(merchantOrderNo, amount, description, notifyUrl, expiresAt);
            return new ChannelResult(ChannelStatus.NOT_PAID, null, amount, t.code(), "", null, t.qrCode());
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return e.outcomeUnknown() ? ChannelResult.of(ChannelStatus.UNKNOWN, e.specificCode()) : declined(e);
        } catch (ChannelException e) {
            return ChannelResult.of(ChannelStatus.UNKNOWN, e.errorCode().code());
        }
    }

    @Override
    public ChannelResult query(String merchantOrderNo) {
        try {
            return fromTrade(client.query(merchantOrderNo));
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return ChannelResult.of("ACQ.TRADE_NOT_EXIST".equals(e.subCode()) ? ChannelStatus.NOT_FOUND
                    : ChannelStatus.UNKNOWN, e.specificCode());
        } catch (ChannelException e) {
            return ChannelResult.of(ChannelStatus.UNKNOWN, e.errorCode().code());
        }
    }

    @Override
    public ChannelResult close(String merchantOrderNo) {
        try {
            client.close(merchantOrderNo);
            return ChannelResult.of(ChannelStatus.CLOSED, "TRADE_CLOSED");
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            if ("ACQ.TRADE_STATUS_ERROR".equals(e.subCode())) {
                return query(merchantOrderNo);
            }
            return ChannelResult.of("ACQ.TRADE_NOT_EXIST".equals(e.subCode()) ? ChannelStatus.NOT_FOUND
                    : ChannelStatus.UNKNOWN, e.specificCode());
        } catch (ChannelException e) {
            return ChannelResult.of(ChannelStatus.UNKNOWN, e.errorCode().code());
        }
    }

    @Override
    public ReverseResult reverse(String merchantOrderNo) {
        try {
            AlipayCancel c = client.cancel(merchantOrderNo);
            return c.retry() ? new ReverseResult(ReverseResult.Status.RETRY, "retry_flag=Y", c.action())
                    : new ReverseResult(ReverseResult.Status.REVERSED, c.action(), "");
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            if (e.outcomeUnknown()) {
                return new ReverseResult(ReverseResult.Status.UNKNOWN, e.specificCode(), e.subMessage());
            }
            if ("ACQ.TRADE_NOT_EXIST".equals(e.subCode())) {
                return new ReverseResult(ReverseResult.Status.NOT_FOUND, e.specificCode(), e.subMessage());
            }
            return new ReverseResult(ReverseResult.Status.FAILED, e.specificCode(), e.subMessage());
        } catch (ChannelException e) {
            return new ReverseResult(ReverseResult.Status.UNKNOWN, e.errorCode().code(), "");
        }
    }

    @Override
    public RefundResult refund(String merchantOrderNo, String merchantRefundNo, Money refund, Money total,
            String reason) {
        try {
            AlipayRefund r = client.refund(merchantOrderNo, merchantRefundNo, refund, reason);
            return new RefundResult(RefundResult.Status.SUCCEEDED, r.tradeNo(), "10000",
                    r.fundChange() ? "fund_change=Y" : "fund_change=N");
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return new RefundResult(e.outcomeUnknown() ? RefundResult.Status.UNKNOWN : RefundResult.Status.FAILED,
                    null, e.specificCode(), e.subMessage());
        } catch (ChannelException e) {
            return new RefundResult(RefundResult.Status.UNKNOWN, null, e.errorCode().code(), "");
        }
    }

    @Override
    public RefundResult queryRefund(String merchantOrderNo, String merchantRefundNo) {
        try {
            AlipayRefund r = client.queryRefund(merchantOrderNo, merchantRefundNo);
            if ("REFUND_SUCCESS".equals(r.refundStatus())) {
                // refund_amount is this refund's (the refund answer's refund_fee is the trade's total refunded)
                return new RefundResult(RefundResult.Status.SUCCEEDED, r.tradeNo(), r.refundStatus(), "",
                        r.refundAmount());
            }
            return new RefundResult(RefundResult.Status.NOT_FOUND, null, r.refundStatus(), "");
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return new RefundResult(RefundResult.Status.UNKNOWN, null, e.specificCode(), e.subMessage());
        } catch (ChannelException e) {
            return new RefundResult(RefundResult.Status.UNKNOWN, null, e.errorCode().code(), "");
        }
    }

    @Override
    public ChannelNotification parseNotification(Map<String, String> headers, byte[] rawBody)
            throws NotificationRejectedException {
        AlipayNotification n;
        try {
            n = client.parseNotification(rawBody);
        } catch (ChannelSignatureException | ChannelMalformedResponseException e) {
            throw new NotificationRejectedException("Alipay notification rejected: " + e.getMessage(), e);
        }
        if (!n.outBizNo().isEmpty()) {
            return new ChannelNotification.Refund(n.notifyId(), n.outTradeNo(), n.outBizNo(),
                    new RefundResult(RefundResult.Status.SUCCEEDED, n.tradeNo(), n.tradeStatus(), ""));
        }
        return new ChannelNotification.Payment(n.notifyId(), n.outTradeNo(), fromTrade(new AlipayTrade("10000",
                n.outTradeNo(), n.tradeNo(), n.tradeStatus(), n.totalAmount(), "")));
    }

    private static void checkCredentials(ChannelRefusedException e) {
        if (e.credentialsRejected()) {
            throw new PaymentException(PaymentErrorCode.CHANNEL_MISCONFIGURED,
                    "Alipay refused our credentials: " + e.getMessage(), e);
        }
    }

    private static ChannelResult declined(ChannelRefusedException e) {
        return ChannelResult.declined(declineReason(e.subCode()), e.specificCode(), e.subMessage());
    }

    static ChannelResult fromTrade(AlipayTrade t) {
        String s = t.tradeStatus();
        return switch (s) {
            case "TRADE_SUCCESS", "TRADE_FINISHED" -> new ChannelResult(ChannelStatus.PAID, t.tradeNo(),
                    t.totalAmount(), s, "", null, null);
            case "WAIT_BUYER_PAY" -> new ChannelResult(ChannelStatus.USER_PAYING, null, t.totalAmount(), s, "", null,
                    null);
            case "TRADE_CLOSED" -> new ChannelResult(ChannelStatus.CLOSED, null, t.totalAmount(), s, "", null, null);
            default -> ChannelResult.of(ChannelStatus.UNKNOWN, s.length() > 32 ? s.substring(0, 32) : s);
        };
    }

    static DeclineReason declineReason(String subCode) {
        return switch (subCode) {
            case "ACQ.BUYER_BALANCE_NOT_ENOUGH", "ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH" ->
                    DeclineReason.INSUFFICIENT_FUNDS;
            case "ACQ.PAYMENT_AUTH_CODE_INVALID" -> DeclineReason.AUTH_CODE_INVALID;
            case "ACQ.TRADE_HAS_CLOSE" -> DeclineReason.ORDER_CLOSED;
            case "ACQ.INVALID_PARAMETER", "isv.invalid-parameter", "ACQ.CONTEXT_INCONSISTENT" ->
                    DeclineReason.INVALID_REQUEST;
            case "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL" -> DeclineReason.REFUND_EXCEEDS_PAID;
            case "ACQ.PAYMENT_FAIL", "ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR" -> DeclineReason.PAYMENT_FAILED;
            default -> DeclineReason.OTHER;
        };
    }

    /** Returns {@code AlipayChannel[alipay, appId]}; never keys. */
    @Override
    public String toString() {
        return "AlipayChannel[" + ID + ", " + client.appId() + "]";
    }

    /**
     * Downloads the trade bill of a day and reads its lines.
     *
     * @param day the bill date
     * @return the payment and refund lines
     * @throws PaymentException with {@link PaymentErrorCode#BILL_UNAVAILABLE} if the download fails, Alipay refuses it
     *     or the file is malformed
     */
    @Override
    public java.util.List<io.yikatong.payment.spi.BillLine> bill(java.time.LocalDate day) {
        if (day == null) {
            throw new InvalidInputException("day", "is required");
        }
        try {
            return client.tradeBill(day).lines();
        } catch (ChannelException e) {
            throw new PaymentException(PaymentErrorCode.BILL_UNAVAILABLE, "Alipay trade bill of " + day + ": "
                    + e.getMessage(), e);
        }
    }
}
