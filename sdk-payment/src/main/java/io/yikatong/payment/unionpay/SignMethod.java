package io.yikatong.payment.unionpay;

/**
 * The ACP {@code signMethod} a merchant is configured with (§3.4). The method comes from configuration, never from a
 * received message.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum SignMethod {
    /** {@code 01}: RSA certificate; SHA256withRSA over the SHA-256 hex digest of the sign string (5.1.0). */
    RSA("01"),
    /** {@code 11}: SHA-256 with a secure key (安全密钥). */
    SHA256_SECURE_KEY("11"),
    /** {@code 12}: SM3 with a secure key. */
    SM3_SECURE_KEY("12");

    private final String code;

    SignMethod(String code) {
        this.code = code;
    }

    /**
     * Returns the wire value.
     *
     * @return {@code 01}, {@code 11} or {@code 12}
     */
    public String code() {
        return code;
    }
}
