package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.Money;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import java.util.Objects;

/**
 * How {@link OutpatientSettlement} collects the patient's cash share ({@code psn_cash_pay}) after a successful 2207:
 * through {@link PaymentClient} on any channel ({@link #barcode}), or the integrator's own way (cash at the counter).
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface CashLeg {

    /**
     * Collects the amount under a new merchant order number.
     *
     * @param amount the cash share, positive
     * @param merchantOrderNo the order number (20 letters and digits, unique per settlement)
     * @return the outcome: {@link PaymentOutcome.Paid} completes the visit; {@link PaymentOutcome.Declined} or
     *     {@link PaymentOutcome.Closed} undoes the settlement (2208, 2205, 2202); anything else leaves it pending
     */
    PaymentOutcome collect(Money amount, String merchantOrderNo);

    /**
     * Returns what became of an earlier {@link #collect} (used by {@link OutpatientSettlement#resume()}).
     *
     * @param merchantOrderNo the order number
     * @return the outcome; {@link PaymentOutcome.Closed} or {@link PaymentOutcome.Declined} if nothing was taken
     */
    PaymentOutcome status(String merchantOrderNo);

    /**
     * The cash share paid by payment code (付款码) through a {@link PaymentClient}.
     *
     * @param client the payment client (with its journal and channels)
     * @param channel the channel, for example {@code wechat}
     * @param authCode the scanned payment code (not kept)
     * @param description the goods description, for example {@code 门诊医保结算自付}
     * @return the cash leg; {@link #status} is {@link PaymentClient#query(String)}
     */
    static CashLeg barcode(PaymentClient client, String channel, String authCode, String description) {
        Objects.requireNonNull(client, "client");
        return new CashLeg() {
            @Override
            public PaymentOutcome collect(Money amount, String merchantOrderNo) {
                return client.barcodePay(new BarcodePayment(channel, merchantOrderNo, amount, description, authCode));
            }

            @Override
            public PaymentOutcome status(String merchantOrderNo) {
                return client.query(merchantOrderNo);
            }

            @Override
            public String toString() {
                return "CashLeg.barcode[" + channel + "]";
            }
        };
    }
}
