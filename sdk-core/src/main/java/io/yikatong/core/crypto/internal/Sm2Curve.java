package io.yikatong.core.crypto.internal;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECConstantTimeMultiplier;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * The SM2 recommended curve (GB/T 32918.5, {@code sm2p256v1}) as BouncyCastle's optimised custom curve, plus the
 * constants and small helpers shared by the SM2 classes. Internal: not API.
 *
 * <p>Always {@code CustomNamedCurves} (the {@code SM2P256V1Curve} class), never {@code GMNamedCurves}, which returns a
 * generic curve 5x slower.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Sm2Curve {

    /** OID sm2p256v1, 1.2.156.10197.1.301. */
    public static final ASN1ObjectIdentifier CURVE_OID = GMObjectIdentifiers.sm2p256v1;
    /** OID SM3withSM2 (sm2sign-with-sm3), 1.2.156.10197.1.501. */
    public static final ASN1ObjectIdentifier SM3_WITH_SM2_OID = GMObjectIdentifiers.sm2sign_with_sm3;

    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("sm2p256v1");
    /** The curve. */
    public static final ECCurve CURVE = PARAMS.getCurve();
    /** The base point G (normalized). */
    public static final ECPoint G = PARAMS.getG().normalize();
    /** The order n of G. */
    public static final BigInteger N = PARAMS.getN();
    /** n - 1. */
    public static final BigInteger N_MINUS_1 = N.subtract(BigInteger.ONE);
    /** n - 2, the largest valid private scalar. */
    public static final BigInteger N_MINUS_2 = N.subtract(BigInteger.TWO);
    /** Coordinate length in bytes. */
    public static final int FIELD_BYTES = 32;

    private static final ECMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();
    private static final ECMultiplier VAR_MULTIPLIER = new ECConstantTimeMultiplier();

    private Sm2Curve() {
    }

    /**
     * Computes k·G with BouncyCastle's fixed-point comb (regular, table-based execution for secret scalars).
     *
     * @param k the scalar, in [1, n-1]
     * @return the normalized point
     */
    public static ECPoint multiplyG(BigInteger k) {
        return BASE_MULTIPLIER.multiply(G, k).normalize();
    }

    /**
     * Computes k·P for a variable point with BouncyCastle's constant-time multiplier (for secret scalars).
     *
     * @param p the point
     * @param k the scalar
     * @return the normalized point
     */
    public static ECPoint multiplySecret(ECPoint p, BigInteger k) {
        return VAR_MULTIPLIER.multiply(p, k).normalize();
    }

    /**
     * Draws a uniformly random scalar in [1, n-1].
     *
     * @param random the source of randomness
     * @return the scalar
     */
    public static BigInteger randomScalar(SecureRandom random) {
        return BigIntegers.createRandomInRange(BigInteger.ONE, N_MINUS_1, random);
    }

    /**
     * Encodes a non-negative integer below 2^256 as exactly 32 big-endian bytes.
     *
     * @param v the value
     * @return 32 bytes
     */
    public static byte[] to32(BigInteger v) {
        return BigIntegers.asUnsignedByteArray(FIELD_BYTES, v);
    }

    /**
     * Decodes an encoded point (uncompressed 04||x||y, compressed 02/03||x, or the 64-byte x||y form), checking that it
     * is on the curve and not the point at infinity.
     *
     * @param encoded the bytes
     * @return the normalized point
     * @throws IllegalArgumentException if the bytes are not a valid point
     */
    public static ECPoint decodePoint(byte[] encoded) {
        byte[] enc = encoded;
        if (enc.length == 2 * FIELD_BYTES) {
            enc = new byte[1 + 2 * FIELD_BYTES];
            enc[0] = 0x04;
            System.arraycopy(encoded, 0, enc, 1, encoded.length);
        } else if (enc.length != 1 + 2 * FIELD_BYTES && enc.length != 1 + FIELD_BYTES) {
            throw new IllegalArgumentException("point must be 33, 64 or 65 bytes, was " + enc.length);
        }
        if (enc.length == 1 + 2 * FIELD_BYTES && enc[0] != 0x04) {
            throw new IllegalArgumentException("65-byte point must start with 04");
        }
        if (enc.length == 1 + FIELD_BYTES && enc[0] != 0x02 && enc[0] != 0x03) {
            throw new IllegalArgumentException("33-byte point must start with 02 or 03");
        }
        ECPoint p = CURVE.decodePoint(enc).normalize();
        if (p.isInfinity() || !p.isValid()) {
            throw new IllegalArgumentException("point is not on the SM2 curve");
        }
        return p;
    }
}
