package io.yikatong.payment.wechat;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.BillLine;
import io.yikatong.payment.spi.BillSource;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The WeChat Pay APIv3 channel ({@code wechat}) for {@link io.yikatong.payment.PaymentClient}: translates
 * {@link WechatPayV3Client} answers into the SPI's neutral results.
 *
 * <p>Mapping: {@code SUCCESS}/{@code REFUND} → paid; {@code USERPAYING} → user paying; {@code NOTPAY} → not paid;
 * {@code CLOSED} → closed; {@code REVOKED} → reversed; {@code PAYERROR} → declined. A link failure, a 5xx,
 * {@code SYSTEMERROR}/{@code BANKERROR}, an answer that fails verification or decoding, and (for a code payment)
 * {@code OUT_TRADE_NO_USED}/{@code ORDERPAID} are <em>unknown</em>: the request may have taken effect, so the client
 * queries. A 401 {@code SIGN_ERROR} (or another credential error) is a {@link PaymentException} with
 * {@link PaymentErrorCode#CHANNEL_MISCONFIGURED}. The normalisation of decline codes ({@code NOTENOUGH},
 * {@code AUTHCODEEXPIRE}, {@code AUTH_CODE_INVALID} …) to {@link DeclineReason} is [I]: WeChat's v3 code table for
 * code payment is only partly published.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class WechatPayChannel implements PaymentChannelAdapter, BillSource {

    /** The channel identifier stored in the journal. */
    public static final String ID = "wechat";

    private static final Set<String> UNKNOWN_CODEPAY = Set.of("OUT_TRADE_NO_USED", "ORDERPAID");

    private final WechatPayV3Client client;
    private final URI notifyUrl;

    private WechatPayChannel(WechatPayV3Client client, URI notifyUrl) {
        this.client = client;
        this.notifyUrl = notifyUrl;
    }

    /**
     * Creates the channel.
     *
     * @param client the wire client
     * @param notifyUrl the URL WeChat notifies for native payments and refunds
     * @return the channel
     * @throws InvalidInputException if an argument is null
     */
    public static WechatPayChannel create(WechatPayV3Client client, URI notifyUrl) {
        if (client == null) {
            throw new InvalidInputException("client", "must not be null");
        }
        if (notifyUrl == null) {
            throw new InvalidInputException("notifyUrl", "must not be null");
        }
        return new WechatPayChannel(client, notifyUrl);
    }

    @Override
    public String channelId() {
        return ID;
    }

    @Override
    public java.util.Optional<Money> maxAmount() {
        return java.util.Optional.of(Money.ofFen(WechatPayV3Client.MAX_FEN));
    }

    @Override
    public ChannelResult barcodePay(String merchantOrderNo, Money amount, String description, String authCode) {
        try {
            return fromTransaction(client.codepay(merchantOrderNo, amount.fen(), description, authCode));
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            if (e.outcomeUnknown() || UNKNOWN_CODEPAY.contains(e.channelCode())) {
                return ChannelResult.of(userPaying(e) ? ChannelStatus.USER_PAYING : ChannelStatus.UNKNOWN,
                        e.channelCode());
            }
            return ChannelResult.declined(declineReason(e.channelCode()), e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return ChannelResult.of(ChannelStatus.UNKNOWN, e.errorCode().code());
        }
    }

    @Override
    public ChannelResult qrPay(String merchantOrderNo, Money amount, String description) {
        return qrPay(merchantOrderNo, amount, description, null);
    }

    /** Sends {@code time_expire}. */
    @Override
    public boolean sendsQrExpiry() {
        return true;
    }

    @Override
    public ChannelResult qrPay(String merchantOrderNo, Money amount, String description, Instant expiresAt) {
        try {
            String codeUrl = client.nativePrepay(merchantOrderNo, amount.fen(), description, notifyUrl, expiresAt);
            return new ChannelResult(ChannelStatus.NOT_PAID, null, amount, "NOTPAY", "", null, codeUrl);
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            if (e.outcomeUnknown() || "OUT_TRADE_NO_USED".equals(e.channelCode())) {
                return ChannelResult.of(ChannelStatus.UNKNOWN, e.channelCode());
            }
            return ChannelResult.declined(declineReason(e.channelCode()), e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return ChannelResult.of(ChannelStatus.UNKNOWN, e.errorCode().code());
        }
    }

    @Override
    public ChannelResult query(String merchantOrderNo) {
        try {
            return fromTransaction(client.queryByOutTradeNo(merchantOrderNo));
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return ChannelResult.of("ORDER_NOT_EXISTS".equals(e.channelCode()) ? ChannelStatus.NOT_FOUND
                    : ChannelStatus.UNKNOWN, e.channelCode());
        } catch (ChannelException e) {
            return ChannelResult.of(ChannelStatus.UNKNOWN, e.errorCode().code());
        }
    }

    @Override
    public ChannelResult close(String merchantOrderNo) {
        try {
            client.close(merchantOrderNo);
            return ChannelResult.of(ChannelStatus.CLOSED, "CLOSED");
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            if ("ORDERPAID".equals(e.channelCode())) {
                return query(merchantOrderNo);
            }
            return ChannelResult.of("ORDER_NOT_EXISTS".equals(e.channelCode()) ? ChannelStatus.NOT_FOUND
                    : ChannelStatus.UNKNOWN, e.channelCode());
        } catch (ChannelException e) {
            return ChannelResult.of(ChannelStatus.UNKNOWN, e.errorCode().code());
        }
    }

    @Override
    public ReverseResult reverse(String merchantOrderNo) {
        try {
            return client.reverse(merchantOrderNo) ? new ReverseResult(ReverseResult.Status.RETRY, "RECALL", "")
                    : new ReverseResult(ReverseResult.Status.REVERSED, "REVOKED", "");
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            if (userPaying(e)) {
                return new ReverseResult(ReverseResult.Status.RETRY, e.channelCode(), e.channelMessage());
            }
            if (e.outcomeUnknown()) {
                return new ReverseResult(ReverseResult.Status.UNKNOWN, e.channelCode(), e.channelMessage());
            }
            if ("ORDER_NOT_EXISTS".equals(e.channelCode())) {
                return new ReverseResult(ReverseResult.Status.NOT_FOUND, e.channelCode(), e.channelMessage());
            }
            return new ReverseResult(ReverseResult.Status.FAILED, e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return new ReverseResult(ReverseResult.Status.UNKNOWN, e.errorCode().code(), "");
        }
    }

    @Override
    public RefundResult refund(String merchantOrderNo, String merchantRefundNo, Money refund, Money total,
            String reason) {
        try {
            return fromRefund(client.refund(merchantOrderNo, merchantRefundNo, refund.fen(), total.fen(), reason,
                    notifyUrl));
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return new RefundResult(e.outcomeUnknown() ? RefundResult.Status.UNKNOWN : RefundResult.Status.FAILED,
                    null, e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return new RefundResult(RefundResult.Status.UNKNOWN, null, e.errorCode().code(), "");
        }
    }

    @Override
    public RefundResult queryRefund(String merchantOrderNo, String merchantRefundNo) {
        try {
            return fromRefund(client.queryRefund(merchantRefundNo));
        } catch (ChannelRefusedException e) {
            checkCredentials(e);
            return new RefundResult("RESOURCE_NOT_EXISTS".equals(e.channelCode()) ? RefundResult.Status.NOT_FOUND
                    : RefundResult.Status.UNKNOWN, null, e.channelCode(), e.channelMessage());
        } catch (ChannelException e) {
            return new RefundResult(RefundResult.Status.UNKNOWN, null, e.errorCode().code(), "");
        }
    }

    @Override
    public ChannelNotification parseNotification(Map<String, String> headers, byte[] rawBody)
            throws NotificationRejectedException {
        WechatPayNotification n;
        try {
            n = client.parseNotification(headers, rawBody);
        } catch (ChannelSignatureException | ChannelMalformedResponseException e) {
            throw new NotificationRejectedException("WeChat Pay notification rejected: " + e.getMessage(), e);
        }
        if (n instanceof TransactionNotification t) {
            return new ChannelNotification.Payment(t.id(), t.transaction().outTradeNo(),
                    fromTransaction(t.transaction()));
        }
        RefundNotification r = (RefundNotification) n;
        return new ChannelNotification.Refund(r.id(), r.refund().outTradeNo(), r.refund().outRefundNo(),
                fromRefund(r.refund()));
    }

    private static boolean userPaying(ChannelRefusedException e) {
        return "USERPAYING".equals(e.channelCode());
    }

    private static void checkCredentials(ChannelRefusedException e) {
        if (e.credentialsRejected()) {
            throw new PaymentException(PaymentErrorCode.CHANNEL_MISCONFIGURED,
                    "WeChat Pay refused our credentials: " + e.getMessage(), e);
        }
    }

    static ChannelResult fromTransaction(Transaction t) {
        if (t.tradeState().isEmpty()) {
            return ChannelResult.of("USERPAYING".equals(t.errorCode()) ? ChannelStatus.USER_PAYING
                    : ChannelStatus.UNKNOWN, t.errorCode());
        }
        // the order's amount (amount.total) whatever its state: another amount is another payment under the number
        Money amount = t.totalFen() > 0 ? Money.ofFen(t.totalFen()) : null;
        String state = t.tradeState();
        return switch (state) {
            case "SUCCESS", "REFUND" -> new ChannelResult(ChannelStatus.PAID, t.transactionId(), amount, state, "",
                    null, null);
            case "USERPAYING" -> new ChannelResult(ChannelStatus.USER_PAYING, null, amount, state, "", null, null);
            case "NOTPAY" -> new ChannelResult(ChannelStatus.NOT_PAID, null, amount, state, "", null, null);
            case "CLOSED" -> new ChannelResult(ChannelStatus.CLOSED, null, amount, state, "", null, null);
            case "REVOKED" -> new ChannelResult(ChannelStatus.REVERSED, null, amount, state, "", null, null);
            case "PAYERROR" -> new ChannelResult(ChannelStatus.DECLINED, null, amount, state, t.tradeStateDesc(),
                    DeclineReason.PAYMENT_FAILED, null);
            default -> ChannelResult.of(ChannelStatus.UNKNOWN, state.length() > 32 ? state.substring(0, 32) : state);
        };
    }

    static RefundResult fromRefund(Refund r) {
        RefundResult.Status status = switch (r.status()) {
            case "SUCCESS" -> RefundResult.Status.SUCCEEDED;
            case "CLOSED" -> RefundResult.Status.FAILED;
            // ABNORMAL (退款异常, e.g. the payer's card was cancelled) needs an operator; keep the amount reserved
            case "PROCESSING", "ABNORMAL" -> RefundResult.Status.PROCESSING;
            default -> RefundResult.Status.UNKNOWN;
        };
        return new RefundResult(status, r.refundId(), r.status(), "",
                r.refundFen() > 0 ? Money.ofFen(r.refundFen()) : null);
    }

    static DeclineReason declineReason(String code) {
        return switch (code) {
            case "NOTENOUGH", "NOT_ENOUGH" -> DeclineReason.INSUFFICIENT_FUNDS;
            case "AUTHCODEEXPIRE", "AUTH_CODE_ERROR", "AUTH_CODE_INVALID", "AUTHCODE_EXPIRE" ->
                    DeclineReason.AUTH_CODE_INVALID;
            case "PAYERROR", "TRADE_ERROR" -> DeclineReason.PAYMENT_FAILED;
            case "ORDERCLOSED", "ORDER_CLOSED" -> DeclineReason.ORDER_CLOSED;
            case "PARAM_ERROR", "INVALID_REQUEST" -> DeclineReason.INVALID_REQUEST;
            default -> DeclineReason.OTHER;
        };
    }

    /** Returns {@code WechatPayChannel[wechat, mchid]}; never keys. */
    @Override
    public String toString() {
        return "WechatPayChannel[" + ID + ", " + client.mchid() + "]";
    }

    /**
     * Downloads the trade bill of a day (its SHA-1 digest checked) and reads its lines.
     *
     * @param day the bill date
     * @return the lines
     * @throws PaymentException with {@link PaymentErrorCode#BILL_UNAVAILABLE} if the download fails, WeChat refuses
     *     it, the digest does not match or the CSV is malformed
     */
    @Override
    public List<BillLine> bill(LocalDate day) {
        if (day == null) {
            throw new InvalidInputException("day", "is required");
        }
        try {
            return client.tradeBill(day).lines();
        } catch (ChannelException e) {
            throw new PaymentException(PaymentErrorCode.BILL_UNAVAILABLE, "WeChat Pay trade bill of " + day + ": "
                    + e.getMessage(), e);
        }
    }
}
