package io.yikatong.core.crypto;

/**
 * How an SM2 signature (r, s) is encoded (SM2 签名值格式).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Sm2SignatureFormat {
    /**
     * GM/T 0009 / X.509 {@code SEQUENCE { r INTEGER, s INTEGER }}, 70 to 72 bytes; what OpenSSL, Kona, BouncyCastle's
     * JCA and certificates use.
     */
    DER,
    /** Plain {@code r || s}, 32 + 32 bytes big-endian; common on cards and in some payment channels. */
    RAW
}
