package io.yikatong.core.crypto.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The SM3 hash function (GB/T 32905-2016, GM/T 0004-2012): the compression function, unrolled eight rounds at a time
 * with register renaming so that no state words are moved between rounds, and a streaming buffer.
 *
 * <p>The message schedule is expanded into a reused {@code int[68]} buffer; the rotated round constants
 * {@code T_j <<< (j mod 32)} are precomputed. Nothing is allocated per block.
 *
 * <p>Not API. Not thread-safe; confine to one thread.
 */
public final class Sm3Engine {

    /** Digest length in bytes. */
    public static final int DIGEST_LENGTH = 32;
    /** Block length in bytes. */
    public static final int BLOCK_LENGTH = 64;

    private static final VarHandle INT_BE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final int[] IV = {
        0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e
    };

    /** T_j rotated left by j mod 32. */
    private static final int[] TJ = new int[64];

    static {
        for (int j = 0; j < 64; j++) {
            TJ[j] = Integer.rotateLeft(j < 16 ? 0x79cc4519 : 0x7a879d8a, j);
        }
    }

    private final int[] state = new int[8];
    private final int[] w = new int[68];
    private final byte[] buffer = new byte[BLOCK_LENGTH];
    private int bufferLength;
    private long byteCount;

    /** Creates an engine in its initial state. */
    public Sm3Engine() {
        reset();
    }

    /** Returns the engine to the initial state. */
    public void reset() {
        System.arraycopy(IV, 0, state, 0, 8);
        bufferLength = 0;
        byteCount = 0;
    }

    /**
     * Returns the engine to a saved chaining state taken after whole blocks (used by HMAC's precomputed pads).
     *
     * @param chaining eight chaining words
     * @param bytesProcessed how many bytes those blocks held (a multiple of 64)
     */
    public void restore(int[] chaining, long bytesProcessed) {
        System.arraycopy(chaining, 0, state, 0, 8);
        bufferLength = 0;
        byteCount = bytesProcessed;
    }

    /**
     * Copies the current chaining words; valid only right after whole blocks were absorbed.
     *
     * @return eight chaining words
     */
    public int[] chaining() {
        return state.clone();
    }

    /**
     * Absorbs one byte.
     *
     * @param b the byte
     */
    public void update(byte b) {
        buffer[bufferLength++] = b;
        byteCount++;
        if (bufferLength == BLOCK_LENGTH) {
            compress(state, buffer, 0, 1, w);
            bufferLength = 0;
        }
    }

    /**
     * Absorbs a range of bytes.
     *
     * @param in the array
     * @param off the offset
     * @param len the length
     */
    public void update(byte[] in, int off, int len) {
        byteCount += len;
        if (bufferLength > 0) {
            int take = Math.min(len, BLOCK_LENGTH - bufferLength);
            System.arraycopy(in, off, buffer, bufferLength, take);
            bufferLength += take;
            off += take;
            len -= take;
            if (bufferLength < BLOCK_LENGTH) {
                return;
            }
            compress(state, buffer, 0, 1, w);
            bufferLength = 0;
        }
        int blocks = len >>> 6;
        if (blocks > 0) {
            compress(state, in, off, blocks, w);
            off += blocks << 6;
            len -= blocks << 6;
        }
        if (len > 0) {
            System.arraycopy(in, off, buffer, 0, len);
            bufferLength = len;
        }
    }

    /**
     * Finishes the hash, writes the 32-byte digest and resets the engine.
     *
     * @param out output array
     * @param outOff output offset
     */
    public void doFinal(byte[] out, int outOff) {
        long bitLength = byteCount << 3;
        int n = bufferLength;
        buffer[n++] = (byte) 0x80;
        if (n > BLOCK_LENGTH - 8) {
            Arrays.fill(buffer, n, BLOCK_LENGTH, (byte) 0);
            compress(state, buffer, 0, 1, w);
            n = 0;
        }
        Arrays.fill(buffer, n, BLOCK_LENGTH - 8, (byte) 0);
        LONG_BE.set(buffer, BLOCK_LENGTH - 8, bitLength);
        compress(state, buffer, 0, 1, w);
        for (int i = 0; i < 8; i++) {
            INT_BE.set(out, outOff + 4 * i, state[i]);
        }
        reset();
    }

    private static int p1(int x) {
        return x ^ Integer.rotateLeft(x, 15) ^ Integer.rotateLeft(x, 23);
    }

    /**
     * The compression function over whole blocks.
     *
     * @param v eight chaining words, updated in place
     * @param in input
     * @param off offset of the first block
     * @param blocks number of 64-byte blocks
     * @param w scratch buffer of at least 68 ints
     */
    public static void compress(int[] v, byte[] in, int off, int blocks, int[] w) {
        int a0 = v[0];
        int b0 = v[1];
        int c0 = v[2];
        int d0 = v[3];
        int e0 = v[4];
        int f0 = v[5];
        int g0 = v[6];
        int h0 = v[7];
        for (int blk = 0; blk < blocks; blk++, off += BLOCK_LENGTH) {
            for (int j = 0; j < 16; j++) {
                w[j] = (int) INT_BE.get(in, off + 4 * j);
            }
            for (int j = 16; j < 68; j++) {
                w[j] = p1(w[j - 16] ^ w[j - 9] ^ Integer.rotateLeft(w[j - 3], 15))
                        ^ Integer.rotateLeft(w[j - 13], 7) ^ w[j - 6];
            }
            int a = a0;
            int b = b0;
            int c = c0;
            int d = d0;
            int e = e0;
            int f = f0;
            int g = g0;
            int h = h0;
            int a12;
            int ss1;
            int wj;
            // 8 rounds per iteration; the roles of the eight variables rotate instead of values being moved:
            // in round j the variable holding D receives the new A and the one holding H the new E.
            for (int j = 0; j < 16; j += 8) {
                wj = w[j + 0];
                a12 = Integer.rotateLeft(a, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 0]) + e, 7);
                d = ((a ^ b ^ c) + d + (wj ^ w[j + 4])) + (ss1 ^ a12);
                h = ((e ^ f ^ g) + h + wj) + ss1;
                b = Integer.rotateLeft(b, 9);
                f = Integer.rotateLeft(f, 19);
                h = h ^ Integer.rotateLeft(h, 9) ^ Integer.rotateLeft(h, 17);
                wj = w[j + 1];
                a12 = Integer.rotateLeft(d, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 1]) + h, 7);
                c = ((d ^ a ^ b) + c + (wj ^ w[j + 5])) + (ss1 ^ a12);
                g = ((h ^ e ^ f) + g + wj) + ss1;
                a = Integer.rotateLeft(a, 9);
                e = Integer.rotateLeft(e, 19);
                g = g ^ Integer.rotateLeft(g, 9) ^ Integer.rotateLeft(g, 17);
                wj = w[j + 2];
                a12 = Integer.rotateLeft(c, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 2]) + g, 7);
                b = ((c ^ d ^ a) + b + (wj ^ w[j + 6])) + (ss1 ^ a12);
                f = ((g ^ h ^ e) + f + wj) + ss1;
                d = Integer.rotateLeft(d, 9);
                h = Integer.rotateLeft(h, 19);
                f = f ^ Integer.rotateLeft(f, 9) ^ Integer.rotateLeft(f, 17);
                wj = w[j + 3];
                a12 = Integer.rotateLeft(b, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 3]) + f, 7);
                a = ((b ^ c ^ d) + a + (wj ^ w[j + 7])) + (ss1 ^ a12);
                e = ((f ^ g ^ h) + e + wj) + ss1;
                c = Integer.rotateLeft(c, 9);
                g = Integer.rotateLeft(g, 19);
                e = e ^ Integer.rotateLeft(e, 9) ^ Integer.rotateLeft(e, 17);
                wj = w[j + 4];
                a12 = Integer.rotateLeft(a, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 4]) + e, 7);
                d = ((a ^ b ^ c) + d + (wj ^ w[j + 8])) + (ss1 ^ a12);
                h = ((e ^ f ^ g) + h + wj) + ss1;
                b = Integer.rotateLeft(b, 9);
                f = Integer.rotateLeft(f, 19);
                h = h ^ Integer.rotateLeft(h, 9) ^ Integer.rotateLeft(h, 17);
                wj = w[j + 5];
                a12 = Integer.rotateLeft(d, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 5]) + h, 7);
                c = ((d ^ a ^ b) + c + (wj ^ w[j + 9])) + (ss1 ^ a12);
                g = ((h ^ e ^ f) + g + wj) + ss1;
                a = Integer.rotateLeft(a, 9);
                e = Integer.rotateLeft(e, 19);
                g = g ^ Integer.rotateLeft(g, 9) ^ Integer.rotateLeft(g, 17);
                wj = w[j + 6];
                a12 = Integer.rotateLeft(c, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 6]) + g, 7);
                b = ((c ^ d ^ a) + b + (wj ^ w[j + 10])) + (ss1 ^ a12);
                f = ((g ^ h ^ e) + f + wj) + ss1;
                d = Integer.rotateLeft(d, 9);
                h = Integer.rotateLeft(h, 19);
                f = f ^ Integer.rotateLeft(f, 9) ^ Integer.rotateLeft(f, 17);
                wj = w[j + 7];
                a12 = Integer.rotateLeft(b, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 7]) + f, 7);
                a = ((b ^ c ^ d) + a + (wj ^ w[j + 11])) + (ss1 ^ a12);
                e = ((f ^ g ^ h) + e + wj) + ss1;
                c = Integer.rotateLeft(c, 9);
                g = Integer.rotateLeft(g, 19);
                e = e ^ Integer.rotateLeft(e, 9) ^ Integer.rotateLeft(e, 17);
            }
            for (int j = 16; j < 64; j += 8) {
                wj = w[j + 0];
                a12 = Integer.rotateLeft(a, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 0]) + e, 7);
                d = (((a & b) | ((a | b) & c)) + d + (wj ^ w[j + 4])) + (ss1 ^ a12);
                h = ((((f ^ g) & e) ^ g) + h + wj) + ss1;
                b = Integer.rotateLeft(b, 9);
                f = Integer.rotateLeft(f, 19);
                h = h ^ Integer.rotateLeft(h, 9) ^ Integer.rotateLeft(h, 17);
                wj = w[j + 1];
                a12 = Integer.rotateLeft(d, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 1]) + h, 7);
                c = (((d & a) | ((d | a) & b)) + c + (wj ^ w[j + 5])) + (ss1 ^ a12);
                g = ((((e ^ f) & h) ^ f) + g + wj) + ss1;
                a = Integer.rotateLeft(a, 9);
                e = Integer.rotateLeft(e, 19);
                g = g ^ Integer.rotateLeft(g, 9) ^ Integer.rotateLeft(g, 17);
                wj = w[j + 2];
                a12 = Integer.rotateLeft(c, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 2]) + g, 7);
                b = (((c & d) | ((c | d) & a)) + b + (wj ^ w[j + 6])) + (ss1 ^ a12);
                f = ((((h ^ e) & g) ^ e) + f + wj) + ss1;
                d = Integer.rotateLeft(d, 9);
                h = Integer.rotateLeft(h, 19);
                f = f ^ Integer.rotateLeft(f, 9) ^ Integer.rotateLeft(f, 17);
                wj = w[j + 3];
                a12 = Integer.rotateLeft(b, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 3]) + f, 7);
                a = (((b & c) | ((b | c) & d)) + a + (wj ^ w[j + 7])) + (ss1 ^ a12);
                e = ((((g ^ h) & f) ^ h) + e + wj) + ss1;
                c = Integer.rotateLeft(c, 9);
                g = Integer.rotateLeft(g, 19);
                e = e ^ Integer.rotateLeft(e, 9) ^ Integer.rotateLeft(e, 17);
                wj = w[j + 4];
                a12 = Integer.rotateLeft(a, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 4]) + e, 7);
                d = (((a & b) | ((a | b) & c)) + d + (wj ^ w[j + 8])) + (ss1 ^ a12);
                h = ((((f ^ g) & e) ^ g) + h + wj) + ss1;
                b = Integer.rotateLeft(b, 9);
                f = Integer.rotateLeft(f, 19);
                h = h ^ Integer.rotateLeft(h, 9) ^ Integer.rotateLeft(h, 17);
                wj = w[j + 5];
                a12 = Integer.rotateLeft(d, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 5]) + h, 7);
                c = (((d & a) | ((d | a) & b)) + c + (wj ^ w[j + 9])) + (ss1 ^ a12);
                g = ((((e ^ f) & h) ^ f) + g + wj) + ss1;
                a = Integer.rotateLeft(a, 9);
                e = Integer.rotateLeft(e, 19);
                g = g ^ Integer.rotateLeft(g, 9) ^ Integer.rotateLeft(g, 17);
                wj = w[j + 6];
                a12 = Integer.rotateLeft(c, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 6]) + g, 7);
                b = (((c & d) | ((c | d) & a)) + b + (wj ^ w[j + 10])) + (ss1 ^ a12);
                f = ((((h ^ e) & g) ^ e) + f + wj) + ss1;
                d = Integer.rotateLeft(d, 9);
                h = Integer.rotateLeft(h, 19);
                f = f ^ Integer.rotateLeft(f, 9) ^ Integer.rotateLeft(f, 17);
                wj = w[j + 7];
                a12 = Integer.rotateLeft(b, 12);
                ss1 = Integer.rotateLeft((a12 + TJ[j + 7]) + f, 7);
                a = (((b & c) | ((b | c) & d)) + a + (wj ^ w[j + 11])) + (ss1 ^ a12);
                e = ((((g ^ h) & f) ^ h) + e + wj) + ss1;
                c = Integer.rotateLeft(c, 9);
                g = Integer.rotateLeft(g, 19);
                e = e ^ Integer.rotateLeft(e, 9) ^ Integer.rotateLeft(e, 17);
            }
            a0 ^= a;
            b0 ^= b;
            c0 ^= c;
            d0 ^= d;
            e0 ^= e;
            f0 ^= f;
            g0 ^= g;
            h0 ^= h;
        }
        v[0] = a0;
        v[1] = b0;
        v[2] = c0;
        v[3] = d0;
        v[4] = e0;
        v[5] = f0;
        v[6] = g0;
        v[7] = h0;
    }
}
