package io.yikatong.core.crypto.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * GHASH, the universal hash of GCM (NIST SP 800-38D §6.4), with a branch-free and table-free bit-serial
 * multiplication in GF(2^128), so that its timing does not depend on the hash key or the data.
 *
 * <p>Not API. Not thread-safe; confine to one thread.
 */
public final class Ghash {

    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final long hHi;
    private final long hLo;
    private long yHi;
    private long yLo;

    /**
     * Creates a GHASH with hash key {@code H}.
     *
     * @param h the 16-byte hash subkey
     */
    public Ghash(byte[] h) {
        this.hHi = (long) LONG_BE.get(h, 0);
        this.hLo = (long) LONG_BE.get(h, 8);
    }

    /**
     * Absorbs bytes, zero-padding a final partial block (call once for the AAD and once for the ciphertext).
     *
     * @param in input
     * @param off offset
     * @param len length
     */
    public void updatePadded(byte[] in, int off, int len) {
        int full = len & ~15;
        for (int i = 0; i < full; i += 16) {
            block((long) LONG_BE.get(in, off + i), (long) LONG_BE.get(in, off + i + 8));
        }
        int rest = len - full;
        if (rest > 0) {
            byte[] tail = new byte[16];
            System.arraycopy(in, off + full, tail, 0, rest);
            block((long) LONG_BE.get(tail, 0), (long) LONG_BE.get(tail, 8));
        }
    }

    /**
     * Absorbs the final length block and writes the 16-byte GHASH value.
     *
     * @param aadBytes AAD length in bytes
     * @param textBytes ciphertext length in bytes
     * @param out 16-byte output
     */
    public void finish(long aadBytes, long textBytes, byte[] out) {
        block(aadBytes << 3, textBytes << 3);
        LONG_BE.set(out, 0, yHi);
        LONG_BE.set(out, 8, yLo);
    }

    private void block(long xHi, long xLo) {
        long aHi = yHi ^ xHi;
        long aLo = yLo ^ xLo;
        long zHi = 0;
        long zLo = 0;
        long vHi = hHi;
        long vLo = hLo;
        for (int i = 0; i < 128; i++) {
            long bit = i < 64 ? aHi >>> (63 - i) : aLo >>> (127 - i);
            long mask = -(bit & 1);
            zHi ^= vHi & mask;
            zLo ^= vLo & mask;
            long carry = -(vLo & 1);
            vLo = (vLo >>> 1) | (vHi << 63);
            vHi = (vHi >>> 1) ^ (0xe100000000000000L & carry);
        }
        yHi = zHi;
        yLo = zLo;
    }
}
