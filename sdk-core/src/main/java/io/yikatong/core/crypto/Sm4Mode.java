package io.yikatong.core.crypto;

/**
 * Confidentiality-only modes of operation for {@link Sm4Cipher} (NIST SP 800-38A with SM4). None of them protects
 * integrity: pair them with {@link Sm4Mac} or {@link HmacSm3Key}, or use {@link Sm4Gcm}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Sm4Mode {
    /**
     * Electronic codebook: each 16-byte block encrypted on its own, no IV. Equal plaintext blocks give equal
     * ciphertext blocks; use only for single blocks (key diversification, card challenges) or where a spec requires it.
     */
    ECB,
    /** Cipher block chaining with a 16-byte IV that must be unpredictable for each message. */
    CBC,
    /**
     * Counter mode with a 16-byte initial counter block incremented as a 128-bit big-endian integer (as OpenSSL's
     * {@code sm4-ctr}); any length, no padding. Never reuse a counter block with the same key.
     */
    CTR
}
