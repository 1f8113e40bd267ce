package io.yikatong.qr.token.internal;

import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.qr.token.TokenAlgorithm;
import java.util.Objects;

/**
 * One trusted token key with its verifier built once (the verifier caches Z and switches to precomputed tables after
 * repeated use, so it must not be rebuilt per token).
 *
 * <p>Not API. Instances are immutable and thread-safe.
 */
public final class TrustedKey {

    private final TokenAlgorithm algorithm;
    private final Sm2PublicKey publicKey;
    private final Sm2Verifier verifier;

    /**
     * Creates a trusted key.
     *
     * @param algorithm the algorithm the key is used with
     * @param publicKey the key
     */
    public TrustedKey(TokenAlgorithm algorithm, Sm2PublicKey publicKey) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.verifier = Sm2Verifier.builder(publicKey).format(Sm2SignatureFormat.RAW).build();
    }

    /**
     * Returns the algorithm.
     *
     * @return the algorithm
     */
    public TokenAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Returns the public key.
     *
     * @return the key
     */
    public Sm2PublicKey publicKey() {
        return publicKey;
    }

    /**
     * Returns the shared verifier (raw r || s, default signer ID).
     *
     * @return the verifier
     */
    public Sm2Verifier verifier() {
        return verifier;
    }

    @Override
    public String toString() {
        return "TrustedKey[" + algorithm + ", " + publicKey + "]";
    }
}
