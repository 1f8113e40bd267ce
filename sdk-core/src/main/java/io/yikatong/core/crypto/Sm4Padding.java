package io.yikatong.core.crypto;

/**
 * Padding schemes for {@link Sm4Cipher} in {@link Sm4Mode#ECB} and {@link Sm4Mode#CBC}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Sm4Padding {
    /** No padding: plaintext and ciphertext lengths must be multiples of 16 (required for {@link Sm4Mode#CTR}). */
    NONE,
    /**
     * PKCS#7 (RFC 5652 §6.3): 1 to 16 bytes each equal to the pad length; what OpenSSL {@code enc} and JCA
     * {@code PKCS5Padding}/{@code PKCS7Padding} use.
     */
    PKCS7
}
