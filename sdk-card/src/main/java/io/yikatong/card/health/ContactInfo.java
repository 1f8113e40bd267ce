package io.yikatong.card.health;

import io.yikatong.core.Redaction;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * DDF1/EF08: card validity, the holder's phone numbers and up to three medical payment methods.
 *
 * <p>On the card: expiry date CN 4, phones AN 20 each, payment methods CN 1 each (2-digit codes, {@code FF} = slot
 * not used; see {@link PaymentMethod}).
 *
 * <p>{@link #toString()} masks the phone numbers. Instances are immutable and thread-safe.
 *
 * @param expiryDate 卡有效期 (KYXQ)
 * @param phone1 本人电话1 (BRDH1), may be empty
 * @param phone2 本人电话2 (BRDH2), may be empty
 * @param paymentMethods 医疗费用支付方式 codes in slot order, empty slots skipped; at most 3, each 2 digits when encoded
 * @since 0.1
 */
public record ContactInfo(LocalDate expiryDate, String phone1, String phone2, List<String> paymentMethods) {

    /**
     * Checks for nulls and copies the list.
     *
     * @throws NullPointerException if a component or list element is null
     */
    public ContactInfo {
        Objects.requireNonNull(expiryDate, "expiryDate");
        Objects.requireNonNull(phone1, "phone1");
        Objects.requireNonNull(phone2, "phone2");
        paymentMethods = List.copyOf(paymentMethods);
    }

    /**
     * Describes the file with phone numbers masked.
     *
     * @return a masked description
     */
    @Override
    public String toString() {
        return "ContactInfo[expiryDate=" + expiryDate + ", phone1=" + Redaction.phone(phone1) + ", phone2="
                + Redaction.phone(phone2) + ", paymentMethods=" + paymentMethods + "]";
    }
}
