package io.yikatong.core.crypto.internal;

import org.bouncycastle.math.ec.custom.gm.SM2P256V1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * A mutable point on the SM2 recommended curve (sm2p256v1, y^2 = x^3 - 3x + b over GF(p)) in Jacobian coordinates
 * (x = X/Z^2, y = Y/Z^3), with the scratch space needed to add affine points to it and to double it without allocating.
 *
 * <p>The addition implements the complete group law: adding a point to itself doubles, adding its negation gives the
 * point at infinity, and infinity is the neutral element. Field elements are {@code int[8]} little-endian limbs, kept
 * fully reduced in [0, p) by BouncyCastle's {@link SM2P256V1Field} routines. Not constant-time: public data only.
 *
 * <p>Not thread-safe; confine to one thread (one instance per verification).
 */
final class Sm2FastAccumulator {

    /** Jacobian X. */
    final int[] x = Nat256.create();
    /** Jacobian Y. */
    final int[] y = Nat256.create();
    /** Jacobian Z. */
    final int[] z = Nat256.create();
    /** True while the point is the point at infinity (X, Y, Z are then meaningless). */
    boolean infinity = true;

    private final int[] tt = Nat256.createExt();
    private final int[] t1 = Nat256.create();
    private final int[] t2 = Nat256.create();
    private final int[] t3 = Nat256.create();
    private final int[] t4 = Nat256.create();
    private final int[] t5 = Nat256.create();

    /** Resets this accumulator to the point at infinity. */
    void setInfinity() {
        infinity = true;
    }

    /**
     * Sets this accumulator to the affine point stored at {@code table[off..off+15]} (x then y), negated if asked.
     *
     * @param table flat array of affine points
     * @param off offset of the point's x coordinate
     * @param negate whether to take the negation (x, -y)
     */
    void setAffine(int[] table, int off, boolean negate) {
        System.arraycopy(table, off, x, 0, 8);
        if (negate) {
            System.arraycopy(table, off + 8, t1, 0, 8);
            SM2P256V1Field.negate(t1, y);
        } else {
            System.arraycopy(table, off + 8, y, 0, 8);
        }
        Nat256.zero(z);
        z[0] = 1;
        infinity = false;
    }

    /**
     * Adds the affine point stored at {@code table[off..off+15]} (x then y; never infinity), negated if asked.
     * Mixed Jacobian-affine addition, 8 multiplications and 3 squarings in the general case; falls back to doubling
     * or infinity in the exceptional cases.
     *
     * @param table flat array of affine points
     * @param off offset of the point's x coordinate
     * @param negate whether to add (x, -y) instead of (x, y)
     */
    void addAffine(int[] table, int off, boolean negate) {
        if (infinity) {
            setAffine(table, off, negate);
            return;
        }
        final int[] tt = this.tt;
        final int[] zz = t1;
        final int[] u2 = t2;
        final int[] s2 = t3;
        // zz = Z^2, u2 = x2 * Z^2, s2 = y2 * Z^3
        sqr(z, zz, tt);
        Nat256.mul(table, off, zz, 0, tt, 0);
        SM2P256V1Field.reduce(tt, u2);
        mul(z, zz, s2, tt);
        Nat256.mul(table, off + 8, s2, 0, tt, 0);
        SM2P256V1Field.reduce(tt, s2);
        if (negate) {
            SM2P256V1Field.negate(s2, s2);
        }
        final int[] h = u2;
        final int[] r = s2;
        SM2P256V1Field.subtract(u2, x, h);
        SM2P256V1Field.subtract(s2, y, r);
        if (Nat256.isZero(h)) {
            if (Nat256.isZero(r)) {
                twice();
            } else {
                infinity = true;
            }
            return;
        }
        final int[] hh = t1;
        final int[] hhh = t4;
        final int[] v = t5;
        // Z3 = Z * H (Z no longer needed)
        mul(z, h, z, tt);
        sqr(h, hh, tt);
        mul(h, hh, hhh, tt);
        mul(x, hh, v, tt);
        // Y * HHH, kept in hhh's neighbour: reuse h (no longer needed)
        final int[] yhhh = h;
        mul(y, hhh, yhhh, tt);
        // X3 = R^2 - HHH - 2V
        sqr(r, x, tt);
        SM2P256V1Field.subtract(x, hhh, x);
        SM2P256V1Field.subtract(x, v, x);
        SM2P256V1Field.subtract(x, v, x);
        // Y3 = R * (V - X3) - Y * HHH
        SM2P256V1Field.subtract(v, x, v);
        mul(r, v, y, tt);
        SM2P256V1Field.subtract(y, yhhh, y);
    }

    /** Doubles this point in place (a = -3 formulas). */
    void twice() {
        if (infinity) {
            return;
        }
        if (Nat256.isZero(y)) {
            // a point of order 2; cannot occur on a prime-order curve but keep the group law exact
            infinity = true;
            return;
        }
        final int[] tt = this.tt;
        final int[] delta = t1;
        final int[] gamma = t2;
        final int[] beta = t3;
        final int[] alpha = t4;
        final int[] tmp = t5;
        sqr(z, delta, tt);
        sqr(y, gamma, tt);
        mul(x, gamma, beta, tt);
        // alpha = 3 * (X - delta) * (X + delta)
        SM2P256V1Field.subtract(x, delta, alpha);
        SM2P256V1Field.add(x, delta, tmp);
        mul(alpha, tmp, alpha, tt);
        SM2P256V1Field.add(alpha, alpha, tmp);
        SM2P256V1Field.add(alpha, tmp, alpha);
        // Z3 = (Y + Z)^2 - gamma - delta
        SM2P256V1Field.add(y, z, tmp);
        sqr(tmp, z, tt);
        SM2P256V1Field.subtract(z, gamma, z);
        SM2P256V1Field.subtract(z, delta, z);
        // X3 = alpha^2 - 8 beta
        SM2P256V1Field.twice(beta, beta);
        SM2P256V1Field.twice(beta, beta); // beta = 4 beta
        sqr(alpha, x, tt);
        SM2P256V1Field.subtract(x, beta, x);
        SM2P256V1Field.subtract(x, beta, x);
        // Y3 = alpha * (4 beta - X3) - 8 gamma^2
        SM2P256V1Field.subtract(beta, x, beta);
        mul(alpha, beta, y, tt);
        sqr(gamma, gamma, tt);
        SM2P256V1Field.twice(gamma, gamma);
        SM2P256V1Field.twice(gamma, gamma);
        SM2P256V1Field.twice(gamma, gamma);
        SM2P256V1Field.subtract(y, gamma, y);
    }

    /**
     * Returns whether this point is finite and its affine x equals {@code c}, tested without inversion as
     * {@code X == c * Z^2 (mod p)}.
     *
     * @param c a field element in [0, p)
     * @return whether the affine x coordinate of this finite point equals {@code c}
     */
    boolean affineXEquals(int[] c) {
        if (infinity) {
            return false;
        }
        sqr(z, t1, tt);
        mul(c, t1, t2, tt);
        return Nat256.eq(t2, x);
    }

    /**
     * Writes the affine coordinates of this finite point (one field inversion). For tests and table building.
     *
     * @param ax receives the affine x
     * @param ay receives the affine y
     */
    void toAffine(int[] ax, int[] ay) {
        SM2P256V1Field.inv(z, t1);
        sqr(t1, t2, tt);
        mul(x, t2, ax, tt);
        mul(t2, t1, t2, tt);
        mul(y, t2, ay, tt);
    }

    static void mul(int[] a, int[] b, int[] out, int[] tt) {
        Nat256.mul(a, b, tt);
        SM2P256V1Field.reduce(tt, out);
    }

    static void sqr(int[] a, int[] out, int[] tt) {
        Nat256.square(a, tt);
        SM2P256V1Field.reduce(tt, out);
    }
}
