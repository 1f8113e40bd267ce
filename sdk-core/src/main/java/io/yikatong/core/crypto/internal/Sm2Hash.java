package io.yikatong.core.crypto.internal;

import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.math.ec.ECPoint;

/**
 * SM3 helpers for SM2: the signer identity hash Z (GB/T 32918.2 §5.5), digests pre-loaded with Z, and the SM2 KDF
 * (GB/T 32918.4 §5.4.3). All SM3 use by the SM2 classes goes through here, so the SM3 implementation can be swapped
 * in one place. Internal: not API.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Sm2Hash {

    /** Digest length in bytes. */
    public static final int DIGEST_BYTES = 32;
    /** Largest user ID in bytes: ENTL is a 16-bit count of bits. */
    public static final int MAX_ID_BYTES = 8191;

    private static final byte[] CURVE_PART = curvePart();

    private final SM3Digest prototype;

    private Sm2Hash(SM3Digest prototype) {
        this.prototype = prototype;
    }

    private static byte[] curvePart() {
        byte[] out = new byte[4 * Sm2Curve.FIELD_BYTES];
        System.arraycopy(Sm2Curve.to32(Sm2Curve.CURVE.getA().toBigInteger()), 0, out, 0, 32);
        System.arraycopy(Sm2Curve.to32(Sm2Curve.CURVE.getB().toBigInteger()), 0, out, 32, 32);
        System.arraycopy(Sm2Curve.to32(Sm2Curve.G.getAffineXCoord().toBigInteger()), 0, out, 64, 32);
        System.arraycopy(Sm2Curve.to32(Sm2Curve.G.getAffineYCoord().toBigInteger()), 0, out, 96, 32);
        return out;
    }

    /**
     * Computes Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA).
     *
     * @param id the user ID, at most {@link #MAX_ID_BYTES} bytes
     * @param q the signer's normalized public point
     * @return the 32-byte Z
     */
    public static byte[] z(byte[] id, ECPoint q) {
        if (id.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("user ID longer than " + MAX_ID_BYTES + " bytes");
        }
        SM3Digest d = new SM3Digest();
        int bits = id.length * 8;
        d.update((byte) (bits >>> 8));
        d.update((byte) bits);
        d.update(id, 0, id.length);
        d.update(CURVE_PART, 0, CURVE_PART.length);
        byte[] x = q.getAffineXCoord().getEncoded();
        byte[] y = q.getAffineYCoord().getEncoded();
        d.update(x, 0, x.length);
        d.update(y, 0, y.length);
        byte[] z = new byte[DIGEST_BYTES];
        d.doFinal(z, 0);
        return z;
    }

    /**
     * Creates a message hasher that computes e = SM3(Z || M) for a fixed Z.
     *
     * @param z the 32-byte Z
     * @return the hasher
     */
    public static Sm2Hash withPrefix(byte[] z) {
        SM3Digest d = new SM3Digest();
        d.update(z, 0, z.length);
        return new Sm2Hash(d);
    }

    /**
     * Computes e = SM3(Z || M).
     *
     * @param message M
     * @return the 32-byte e
     */
    public byte[] digest(byte[] message) {
        SM3Digest d = new SM3Digest(prototype);
        d.update(message, 0, message.length);
        byte[] e = new byte[DIGEST_BYTES];
        d.doFinal(e, 0);
        return e;
    }

    /** Bytes read from an input stream at a time by {@link #digest(InputStream)}. */
    public static final int STREAM_BUFFER = 64 * 1024;

    /**
     * Computes e = SM3(Z || M) of a message read to its end from a stream (not closed), in bounded memory.
     *
     * @param message M
     * @return the 32-byte e
     * @throws IOException if reading fails
     */
    public byte[] digest(InputStream message) throws IOException {
        SM3Digest d = new SM3Digest(prototype);
        byte[] buf = new byte[STREAM_BUFFER];
        int n;
        while ((n = message.read(buf)) != -1) {
            d.update(buf, 0, n);
        }
        byte[] e = new byte[DIGEST_BYTES];
        d.doFinal(e, 0);
        return e;
    }

    /**
     * Computes SM3 of the concatenation of the given parts.
     *
     * @param parts the inputs
     * @return the 32-byte digest
     */
    public static byte[] sm3(byte[]... parts) {
        SM3Digest d = new SM3Digest();
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[DIGEST_BYTES];
        d.doFinal(out, 0);
        return out;
    }

    /**
     * The SM2 key derivation function: SM3(Z || ct) for ct = 1, 2, ... (32-bit big-endian), truncated to length.
     *
     * @param z the shared secret x2 || y2
     * @param length the output length in bytes
     * @return the key stream
     */
    public static byte[] kdf(byte[] z, int length) {
        byte[] out = new byte[length];
        byte[] block = new byte[DIGEST_BYTES];
        SM3Digest base = new SM3Digest();
        base.update(z, 0, z.length);
        int ct = 1;
        for (int off = 0; off < length; off += DIGEST_BYTES, ct++) {
            SM3Digest d = new SM3Digest(base);
            d.update((byte) (ct >>> 24));
            d.update((byte) (ct >>> 16));
            d.update((byte) (ct >>> 8));
            d.update((byte) ct);
            d.doFinal(block, 0);
            System.arraycopy(block, 0, out, off, Math.min(DIGEST_BYTES, length - off));
        }
        return out;
    }
}
