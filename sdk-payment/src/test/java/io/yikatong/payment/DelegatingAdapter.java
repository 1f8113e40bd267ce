package io.yikatong.payment;

import io.yikatong.core.Money;
import io.yikatong.payment.spi.ChannelNotification;
import io.yikatong.payment.spi.ChannelResult;
import io.yikatong.payment.spi.NotificationRejectedException;
import io.yikatong.payment.spi.PaymentChannelAdapter;
import io.yikatong.payment.spi.RefundResult;
import io.yikatong.payment.spi.ReverseResult;
import java.util.Map;

/** An adapter that forwards everything; tests override one method to inject a crash. Thread-safe. */
class DelegatingAdapter implements PaymentChannelAdapter {

    /** Thrown by a wrapper to simulate the process dying. */
    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash");
        }
    }

    final PaymentChannelAdapter delegate;

    DelegatingAdapter(PaymentChannelAdapter delegate) {
        this.delegate = delegate;
    }

    @Override
    public String channelId() {
        return delegate.channelId();
    }

    @Override
    public ChannelResult barcodePay(String no, Money amount, String description, String authCode) {
        return delegate.barcodePay(no, amount, description, authCode);
    }

    @Override
    public ChannelResult qrPay(String no, Money amount, String description) {
        return delegate.qrPay(no, amount, description);
    }

    @Override
    public ChannelResult qrPay(String no, Money amount, String description, java.time.Instant expiresAt) {
        return delegate.qrPay(no, amount, description, expiresAt);
    }

    @Override
    public boolean sendsQrExpiry() {
        return delegate.sendsQrExpiry();
    }

    @Override
    public ChannelResult query(String no) {
        return delegate.query(no);
    }

    @Override
    public ChannelResult close(String no) {
        return delegate.close(no);
    }

    @Override
    public ReverseResult reverse(String no) {
        return delegate.reverse(no);
    }

    @Override
    public RefundResult refund(String no, String refundNo, Money refund, Money total, String reason) {
        return delegate.refund(no, refundNo, refund, total, reason);
    }

    @Override
    public RefundResult queryRefund(String orderNo, String refundNo) {
        return delegate.queryRefund(orderNo, refundNo);
    }

    @Override
    public ChannelNotification parseNotification(Map<String, String> headers, byte[] rawBody)
            throws NotificationRejectedException {
        return delegate.parseNotification(headers, rawBody);
    }
}
