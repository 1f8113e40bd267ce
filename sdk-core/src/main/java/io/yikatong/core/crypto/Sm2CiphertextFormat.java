package io.yikatong.core.crypto;

/**
 * The layout of an SM2 ciphertext (GB/T 32918.4, SM2 密文格式): C1 is the ephemeral point, C2 the masked plaintext and
 * C3 the SM3 check value. Sender and receiver must agree on it; a mismatch is a {@link DecryptionException}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Sm2CiphertextFormat {
    /** {@code 04||x1||y1 || C3 || C2}: the order of GM/T 0003-2012 / GB/T 32918.4-2016 (the default). */
    C1C3C2,
    /** {@code 04||x1||y1 || C2 || C3}: the older order, BouncyCastle's {@code SM2Engine} default. */
    C1C2C3,
    /**
     * GM/T 0009 {@code SEQUENCE { x INTEGER, y INTEGER, C3 OCTET STRING, C2 OCTET STRING }}: what
     * {@code openssl pkeyutl -encrypt} and Kona write.
     */
    C1C3C2_DER,
    /** {@code SEQUENCE { x INTEGER, y INTEGER, C2 OCTET STRING, C3 OCTET STRING }}: the DER form in the older order. */
    C1C2C3_DER
}
