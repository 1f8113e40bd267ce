package io.yikatong.core.crypto.internal;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.math.ec.ECAlgorithms;

import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The decoded form of one SM2 public key with the precomputation it carries: the validated point, its uncompressed
 * encoding, the verification engine (precomputed tables, built once the key is used often) and the message hasher for the most recently used user ID.
 * Shared between all {@code Sm2PublicKey} objects for the same point through {@link Sm2KeyCache}. Holds public data
 * only. Internal: not API.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class Sm2KeyState {

    private final ECPoint q;
    private final byte[] uncompressed;
    private volatile Sm2FastVerifier fastVerifier;
    private final AtomicInteger uses = new AtomicInteger();
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
     * Verifications of one key before its precomputed tables are built. Until then the key is verified with
     * BouncyCastle's wNAF path (whose precomputation is cached on the point object, about 1x BC reused-key speed);
     * after it, with {@link Sm2FastVerifier} (about 2.5x, at the cost of ~15 ms and ~0.85 MB once per key). Keys used
     * once or twice (decoded per call from many different senders) therefore never pay for tables.
     */
    public static final int FAST_TABLE_THRESHOLD = 16;

    /**
     * Verifies a signature over a digest with this key: {@code true} iff r and s are in [1, n-1],
     * t = (r + s) mod n is not 0 and (e + x(sG + tQ)) mod n == r.
     *
     * @param e the 32-byte digest SM3(Z || M)
     * @param r the signature's r
     * @param s the signature's s
     * @return whether the signature is valid
     */
    public boolean verify(byte[] e, BigInteger r, BigInteger s) {
        Sm2FastVerifier v = fastVerifier;
        if (v != null) {
            return v.verify(e, r, s);
        }
        if (uses.incrementAndGet() >= FAST_TABLE_THRESHOLD) {
            // Benign race: two threads may both build tables; either is correct and one wins.
            v = Sm2FastVerifier.forPublicKey(q);
            fastVerifier = v;
            return v.verify(e, r, s);
        }
        return verifyWithoutTables(e, r, s);
    }

    /**
     * Returns whether this key already carries precomputed tables (for tests and diagnostics).
     *
     * @return {@code true} once {@link #FAST_TABLE_THRESHOLD} verifications have happened
     */
    public boolean hasFastTables() {
        return fastVerifier != null;
    }

    private boolean verifyWithoutTables(byte[] e, BigInteger r, BigInteger s) {
        BigInteger n = Sm2Curve.N;
        if (r.signum() <= 0 || r.compareTo(n) >= 0 || s.signum() <= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        BigInteger t = r.add(s).mod(n);
        if (t.signum() == 0) {
            return false;
        }
        ECPoint p = ECAlgorithms.sumOfTwoMultiplies(Sm2Curve.G, s, q, t).normalize();
        if (p.isInfinity()) {
            return false;
        }
        BigInteger x1 = p.getAffineXCoord().toBigInteger();
        return new BigInteger(1, e).add(x1).mod(n).equals(r);
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
