package io.yikatong.core.crypto.internal;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.gm.SM2P256V1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * Fixed-base precomputation tables for the SM2 curve and the signed-digit recoding that indexes them.
 *
 * <p>For a window width {@code w} a scalar {@code k < 2^256} is written as {@code k = sum d_i * 2^(w*i)} with signed
 * digits {@code d_i} in [-2^(w-1)+1, 2^(w-1)], using {@code ceil(257 / w)} windows (one more bit than the scalar to
 * absorb the final carry). The table of a point P holds, for every window {@code i} and every {@code j} in
 * [1, 2^(w-1)], the affine point {@code j * 2^(w*i) * P}, so that {@code k * P} is the sum of one table entry (or its
 * negation) per non-zero digit, with no doublings. None of these entries is the point at infinity because the group
 * order n is a prime larger than every {@code j}, and {@code 2^(w*i)} is invertible mod n.
 *
 * <p>Layout: one flat {@code int[]}; entry (i, j) starts at {@code (i * 2^(w-1) + j - 1) * 16} and holds the affine
 * x (8 little-endian 32-bit limbs) followed by the affine y. Size: {@code ceil(257/w) * 2^(w-1) * 64} bytes.
 *
 * <p>Tables are never modified after {@link #build}; instances are immutable and thread-safe once safely published.
 */
final class Sm2FastTables {

    /** Ints per affine point: x then y, 8 limbs each. */
    static final int POINT_INTS = 16;

    private Sm2FastTables() {
    }

    /**
     * Returns the number of signed digits (windows) for width {@code w}.
     *
     * @param w window width in bits, 2 to 12
     * @return {@code ceil(257 / w)}
     */
    static int windows(int w) {
        return (257 + w - 1) / w;
    }

    /**
     * Returns the size in bytes of a table of width {@code w}.
     *
     * @param w window width in bits
     * @return the number of bytes of the table's {@code int[]} payload
     */
    static long tableBytes(int w) {
        return (long) windows(w) * (1 << (w - 1)) * POINT_INTS * 4;
    }

    /**
     * Builds the table of width {@code w} for a finite normalized point.
     *
     * @param p a finite point on sm2p256v1 (normalized by the caller)
     * @param w window width in bits, 2 to 12
     * @return the flat table
     */
    static int[] build(ECPoint p, int w) {
        final int half = 1 << (w - 1);
        final int windows = windows(w);
        final int[] table = new int[windows * half * POINT_INTS];
        // base = 2^(w*i) * P in affine form
        final int[] base = new int[POINT_INTS];
        System.arraycopy(fieldOf(p.getAffineXCoord().toBigInteger()), 0, base, 0, 8);
        System.arraycopy(fieldOf(p.getAffineYCoord().toBigInteger()), 0, base, 8, 8);

        // Jacobian results of one window: slots 0..half-2 hold j = 2..half, slot half-1 holds the next base
        final int[] jx = new int[half * 8];
        final int[] jy = new int[half * 8];
        final int[] jz = new int[half * 8];
        final Sm2FastAccumulator acc = new Sm2FastAccumulator();
        final int[] normalized = new int[half * POINT_INTS];
        for (int i = 0; i < windows; i++) {
            final int row = i * half * POINT_INTS;
            System.arraycopy(base, 0, table, row, POINT_INTS);
            final boolean last = i == windows - 1;
            acc.setAffine(base, 0, false);
            int slots = 0;
            for (int j = 2; j <= half; j++) {
                acc.addAffine(base, 0, false);
                store(acc, jx, jy, jz, slots++);
            }
            if (!last) {
                // next base = 2 * (half * base) = 2^w * base
                acc.twice();
                store(acc, jx, jy, jz, slots++);
            }
            batchNormalize(jx, jy, jz, slots, normalized);
            System.arraycopy(normalized, 0, table, row + POINT_INTS, (half - 1) * POINT_INTS);
            if (!last) {
                System.arraycopy(normalized, (slots - 1) * POINT_INTS, base, 0, POINT_INTS);
            }
        }
        return table;
    }

    private static void store(Sm2FastAccumulator acc, int[] jx, int[] jy, int[] jz, int slot) {
        if (acc.infinity) {
            throw new IllegalStateException("fixed-base table entry is the point at infinity");
        }
        System.arraycopy(acc.x, 0, jx, slot * 8, 8);
        System.arraycopy(acc.y, 0, jy, slot * 8, 8);
        System.arraycopy(acc.z, 0, jz, slot * 8, 8);
    }

    /**
     * Converts {@code count} Jacobian points to affine with one field inversion (Montgomery's simultaneous inversion).
     */
    private static void batchNormalize(int[] jx, int[] jy, int[] jz, int count, int[] out) {
        if (count == 0) {
            return;
        }
        final int[] tt = Nat256.createExt();
        final int[] prefix = new int[count * 8];
        final int[] a = Nat256.create();
        final int[] b = Nat256.create();
        final int[] inv = Nat256.create();
        final int[] zi = Nat256.create();
        final int[] zi2 = Nat256.create();
        System.arraycopy(jz, 0, prefix, 0, 8);
        for (int k = 1; k < count; k++) {
            Nat256.mul(prefix, (k - 1) * 8, jz, k * 8, tt, 0);
            SM2P256V1Field.reduce(tt, b);
            System.arraycopy(b, 0, prefix, k * 8, 8);
        }
        System.arraycopy(prefix, (count - 1) * 8, a, 0, 8);
        SM2P256V1Field.inv(a, inv);
        for (int k = count - 1; k >= 0; k--) {
            if (k > 0) {
                // zi = inv * prefix[k-1]; inv = inv * z[k]
                Nat256.mul(inv, 0, prefix, (k - 1) * 8, tt, 0);
                SM2P256V1Field.reduce(tt, zi);
                Nat256.mul(inv, 0, jz, k * 8, tt, 0);
                SM2P256V1Field.reduce(tt, inv);
            } else {
                Nat256.copy(inv, zi);
            }
            Sm2FastAccumulator.sqr(zi, zi2, tt);
            Nat256.mul(jx, k * 8, zi2, 0, tt, 0);
            SM2P256V1Field.reduce(tt, a);
            System.arraycopy(a, 0, out, k * POINT_INTS, 8);
            Sm2FastAccumulator.mul(zi2, zi, zi2, tt);
            Nat256.mul(jy, k * 8, zi2, 0, tt, 0);
            SM2P256V1Field.reduce(tt, a);
            System.arraycopy(a, 0, out, k * POINT_INTS + 8, 8);
        }
    }

    /**
     * Recodes a scalar {@code k < 2^256} into signed base-{@code 2^w} digits.
     *
     * @param k the scalar as 8 little-endian 32-bit limbs
     * @param w window width in bits, 2 to 12
     * @param digits receives {@link #windows(int)} digits, each in [-2^(w-1)+1, 2^(w-1)]
     */
    static void recode(int[] k, int w, int[] digits) {
        final int windows = windows(w);
        final int mask = (1 << w) - 1;
        final int half = 1 << (w - 1);
        int carry = 0;
        for (int i = 0; i < windows; i++) {
            final int bit = i * w;
            final int limb = bit >>> 5;
            final int shift = bit & 31;
            long word = 0;
            if (limb < 8) {
                word = (k[limb] & 0xFFFFFFFFL) >>> shift;
                if (shift + w > 32 && limb + 1 < 8) {
                    word |= (k[limb + 1] & 0xFFFFFFFFL) << (32 - shift);
                }
            }
            int d = (int) (word & mask) + carry;
            if (d > half) {
                d -= 1 << w;
                carry = 1;
            } else {
                carry = 0;
            }
            digits[i] = d;
        }
        if (carry != 0) {
            throw new IllegalStateException("scalar does not fit the recoding");
        }
    }

    /**
     * Converts a non-negative integer below 2^256 to 8 little-endian limbs.
     *
     * @param v the integer
     * @return its limbs
     */
    static int[] fieldOf(BigInteger v) {
        return SM2P256V1Field.fromBigInteger(v);
    }
}
