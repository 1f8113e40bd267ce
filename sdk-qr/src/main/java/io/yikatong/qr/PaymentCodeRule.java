package io.yikatong.qr;

import io.yikatong.core.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * How {@link QrClassifier} recognises one wallet's payment code: all ASCII digits, a length range and a set of
 * leading-digit prefixes. The wallets publish these rules for merchants (被扫支付); the defaults below are cited from
 * their public merchant documentation or secondary sources and are configurable because the wallets may extend them.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param minLength the shortest accepted code, 1 to 64
 * @param maxLength the longest accepted code, {@code minLength} to 64
 * @param prefixes the accepted leading digits (each 1 to 8 digits); at least one
 * @since 0.1
 */
public record PaymentCodeRule(int minLength, int maxLength, List<String> prefixes) {

    /**
     * Checks the rule.
     *
     * @param minLength the shortest accepted code
     * @param maxLength the longest accepted code
     * @param prefixes the accepted leading digits
     * @throws InvalidInputException if a length is out of range or a prefix is not 1 to 8 digits
     */
    public PaymentCodeRule {
        if (minLength < 1 || minLength > 64) {
            throw new InvalidInputException("minLength", "must be 1 to 64, was " + minLength);
        }
        if (maxLength < minLength || maxLength > 64) {
            throw new InvalidInputException("maxLength", "must be minLength to 64, was " + maxLength);
        }
        prefixes = List.copyOf(Objects.requireNonNull(prefixes, "prefixes"));
        if (prefixes.isEmpty()) {
            throw new InvalidInputException("prefixes", "must not be empty");
        }
        for (String prefix : prefixes) {
            if (prefix.isEmpty() || prefix.length() > 8 || !QrClassifier.allDigits(prefix)) {
                throw new InvalidInputException("prefixes", "each must be 1 to 8 ASCII digits");
            }
        }
    }

    /**
     * WeChat Pay: 18 digits starting 10 to 15. [I] WeChat Pay's merchant documentation for 付款码支付 (micropay) states
     * "18位纯数字，以10、11、12、13、14、15开头".
     *
     * @return the default WeChat rule
     */
    public static PaymentCodeRule wechatDefault() {
        return new PaymentCodeRule(18, 18, List.of("10", "11", "12", "13", "14", "15"));
    }

    /**
     * Alipay: 16 to 24 digits starting 25 to 30. [I] Alipay's 当面付 documentation for {@code auth_code} ("25~30开头的
     * 长度为16~24位的数字"); the exact range has changed over the years, so it is configurable.
     *
     * @return the default Alipay rule
     */
    public static PaymentCodeRule alipayDefault() {
        return new PaymentCodeRule(16, 24, List.of("25", "26", "27", "28", "29", "30"));
    }

    /**
     * UnionPay: 19 digits starting 62. [L] Secondary sources on the UnionPay QR C2B 付款码 (the 62 prefix is UnionPay's
     * card BIN range); not checked against the UnionPay specification.
     *
     * @return the default UnionPay rule
     */
    public static PaymentCodeRule unionPayDefault() {
        return new PaymentCodeRule(19, 19, List.of("62"));
    }

    /**
     * Tells whether a string of ASCII digits matches this rule.
     *
     * @param digits the candidate, already known to be all ASCII digits
     * @return {@code true} if the length is in range and a prefix matches
     */
    public boolean matches(String digits) {
        if (digits.length() < minLength || digits.length() > maxLength) {
            return false;
        }
        for (String prefix : prefixes) {
            if (digits.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
