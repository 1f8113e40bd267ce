package io.yikatong.qr.token;

/**
 * The signature algorithm of a token, fixed by the trusted key (Tink style): the algorithm byte in a token is only
 * compared with the key's algorithm, never used to choose one.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum TokenAlgorithm {
    /**
     * SM3withSM2 (GB/T 32918.2) with the default signer ID {@code "1234567812345678"} (GM/T 0009) and the signature as
     * 64 raw bytes {@code r || s}; algorithm byte 1.
     */
    SM2_SM3(1);

    private final int id;

    TokenAlgorithm(int id) {
        this.id = id;
    }

    /**
     * Returns the algorithm byte used in the token.
     *
     * @return the id, 1 to 255
     */
    public int id() {
        return id;
    }
}
