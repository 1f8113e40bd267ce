package io.yikatong.payment.medicalinsurance;

/**
 * How the SM2 signature in {@code signData} is encoded before Base64. The reference is not sure which one the platform
 * uses [?]: two client code bases emit raw {@code r || s}, so that is the default; confirm with the provincial test
 * vectors and switch to {@link #DER} if they differ.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum SignatureEncoding {
    /** Plain {@code r || s}, 32 + 32 bytes big-endian (the default). */
    RAW,
    /** ASN.1 DER {@code SEQUENCE { r INTEGER, s INTEGER }} (GM/T 0009), 70 to 72 bytes. */
    DER
}
