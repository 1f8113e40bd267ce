package io.yikatong.core.crypto.internal;

import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The decoded form of one SM2 public key with the precomputation it carries: the validated point, its uncompressed
 * encoding, the verification engine (created on first use) and the message hasher for the most recently used user ID.
 * Shared between all {@code Sm2PublicKey} objects for the same point through {@link Sm2KeyCache}. Holds public data
 * only. Internal: not API.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class Sm2KeyState {

    private final ECPoint q;
    private final byte[] uncompressed;
    private volatile Sm2FastVerifier fastVerifier;
    private volatile IdHash lastIdHash;

    private record IdHash(byte[] id, Sm2Hash hash) {
    }

    /**
     * Wraps a validated point.
     *
     * @param q a valid, normalized point on the SM2 curve
     */
    public Sm2KeyState(ECPoint q) {
        this.q = q;
        this.uncompressed = q.getEncoded(false);
    }

    /**
     * Returns the point.
     *
     * @return the normalized point
     */
    public ECPoint point() {
        return q;
    }

    /**
     * Returns the uncompressed encoding (the caller must not modify it).
     *
     * @return the shared 65-byte array
     */
    public byte[] uncompressedShared() {
        return uncompressed;
    }

    /**
     * Returns the verification engine for this key, creating it on first use.
     *
     * @return the engine
     */
    public Sm2FastVerifier fastVerifier() {
        Sm2FastVerifier v = fastVerifier;
        if (v == null) {
            // Benign race: two threads may both build one; either is correct and one wins.
            v = Sm2FastVerifier.forPublicKey(q);
            fastVerifier = v;
        }
        return v;
    }

    /**
     * Returns the message hasher e = SM3(Z || M) for a user ID, reusing the last one when the ID repeats (the common
     * case of a verifier built per call with the default ID).
     *
     * @param id the user ID
     * @return the hasher
     */
    public Sm2Hash hashFor(byte[] id) {
        IdHash last = lastIdHash;
        if (last != null && Arrays.equals(last.id(), id)) {
            return last.hash();
        }
        Sm2Hash h = Sm2Hash.withPrefix(Sm2Hash.z(id, q));
        lastIdHash = new IdHash(id.clone(), h);
        return h;
    }
}
