package io.yikatong.card.health.security;

/**
 * The two kinds of certificate a resident health card system carries (health-card spec §1.4, §1.6, §1.8), in the
 * compact "Yikatong card certificate v1" format described on {@link CardCertificate}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum CardCertificateType {

    /**
     * 发卡机构证书, the issuer certificate: 180 bytes, in DDF1/EF05 tag 05 of every card and in the SAM's DF01/001B.
     * Signed by a root (trust anchor) key. Its subject ID is the 8-byte binary issuer ID.
     */
    ISSUER(0x01, 180, 8, 22),

    /**
     * SAM卡机构证书, the organisation certificate: 190 bytes, in the SAM's DF01/001C and at the end of every DF03
     * EE/ED record the organisation signed. Signed by an issuer key. Its subject ID is up to 10 bytes of AN text (the
     * SAM serial or the organisation code).
     */
    ORGANISATION(0x02, 190, 10, 30);

    private final int code;
    private final int length;
    private final int subjectIdLength;
    private final int subjectNameLength;

    CardCertificateType(int code, int length, int subjectIdLength, int subjectNameLength) {
        this.code = code;
        this.length = length;
        this.subjectIdLength = subjectIdLength;
        this.subjectNameLength = subjectNameLength;
    }

    /**
     * Returns the type byte (offset 1 of the certificate).
     *
     * @return {@code 0x01} for {@link #ISSUER}, {@code 0x02} for {@link #ORGANISATION}
     */
    public int code() {
        return code;
    }

    /**
     * Returns the fixed encoded length.
     *
     * @return 180 for {@link #ISSUER}, 190 for {@link #ORGANISATION}
     */
    public int length() {
        return length;
    }

    /**
     * Returns the width of the subject ID field in bytes.
     *
     * @return 8 (binary) for {@link #ISSUER}, 10 (AN text) for {@link #ORGANISATION}
     */
    public int subjectIdLength() {
        return subjectIdLength;
    }

    /**
     * Returns the width of the subject name field in bytes (GBK/GB18030 text padded with {@code 00}).
     *
     * @return 22 for {@link #ISSUER}, 30 for {@link #ORGANISATION}
     */
    public int subjectNameLength() {
        return subjectNameLength;
    }

    /**
     * Returns the number of leading bytes the certificate signature covers (every field before the signature).
     *
     * @return 112 for {@link #ISSUER}, 122 for {@link #ORGANISATION}
     */
    public int signedLength() {
        return length - 64 - 4;
    }

    /**
     * Returns the type with a type byte.
     *
     * @param code the type byte
     * @return the type, or {@code null} if the byte names no type
     */
    static CardCertificateType ofCode(int code) {
        for (CardCertificateType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
