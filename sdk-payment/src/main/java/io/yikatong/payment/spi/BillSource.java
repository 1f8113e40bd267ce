package io.yikatong.payment.spi;

import java.time.LocalDate;
import java.util.List;

/**
 * An optional capability of a {@link PaymentChannelAdapter}: downloading the channel's bill (对账单) of one day, with
 * its integrity checked as the channel prescribes (WeChat Pay: the announced digest), as reconciliation lines. The
 * payment client's {@code reconcile} uses it; channels without a bill API do not implement it.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface BillSource {

    /**
     * Downloads and reads the bill of a day (the channel's billing day, Beijing time).
     *
     * @param day the day
     * @return the payment and refund lines
     * @throws PaymentException with {@link PaymentErrorCode#BILL_UNAVAILABLE} if the bill cannot be downloaded, does
     *     not match its digest, or cannot be read (the message says which; never silently an empty bill)
     */
    List<BillLine> bill(LocalDate day);
}
