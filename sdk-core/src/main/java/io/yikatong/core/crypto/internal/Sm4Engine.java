package io.yikatong.core.crypto.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The SM4 block cipher (GB/T 32907-2016, GM/T 0002-2012) with fused S-box and linear-transform tables ("T-tables"),
 * and the raw ECB, CBC and CTR loops over whole arrays.
 *
 * <p>Round keys are {@code int[32]} arrays produced by {@link #expandKey(byte[], int)} (encryption order) and
 * {@link #reverse(int[])} (decryption order). No method allocates per block; all loops work in place when input and
 * output ranges are the same. Callers validate lengths and offsets; this class does not.
 *
 * <p>Not API. Stateless; thread-safe.
 */
public final class Sm4Engine {

    /** Block length in bytes. */
    public static final int BLOCK = 16;

    private static final VarHandle INT_BE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final String SBOX_HEX = ""
            + "d690e9fecce13db716b614c228fb2c052b679a762abe04c3aa44132649860699"
            + "9c4250f491ef987a33540b43edcfac62e4b31ca9c908e89580df94fa758f3fa6"
            + "4707a7fcf37317ba83593c19e6854fa8686b81b27164da8bf8eb0f4b70569d35"
            + "1e240e5e6358d1a225227c3b01217887d40046579fd327524c3602e7a0c4c89e"
            + "eabf8ad240c738b5a3f7f2cef96115a1e0ae5da49b341a55ad933230f58cb1e3"
            + "1df6e22e8266ca60c02923ab0d534e6fd5db3745defd8e2f03ff6a726d6c5b51"
            + "8d1baf92bbddbc7f11d95c411f105ad80ac13188a5cd7bbd2d74d012b8e5b4b0"
            + "8969974a0c96777e65b9f109c56ec68418f07dec3adc4d2079ee5f3ed7cb3948";

    private static final int[] FK = {0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc};

    /** S-box as ints 0..255. */
    private static final int[] SBOX = new int[256];
    /** T0[x] = L(S(x) &lt;&lt; 24); T1..T3 are T0 rotated right by 8, 16, 24 bits. */
    private static final int[] T0 = new int[256];
    private static final int[] T1 = new int[256];
    private static final int[] T2 = new int[256];
    private static final int[] T3 = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            SBOX[i] = Integer.parseInt(SBOX_HEX.substring(2 * i, 2 * i + 2), 16);
            int b = SBOX[i] << 24;
            int t = b ^ Integer.rotateLeft(b, 2) ^ Integer.rotateLeft(b, 10) ^ Integer.rotateLeft(b, 18)
                    ^ Integer.rotateLeft(b, 24);
            T0[i] = t;
            T1[i] = Integer.rotateRight(t, 8);
            T2[i] = Integer.rotateRight(t, 16);
            T3[i] = Integer.rotateRight(t, 24);
        }
    }

    private Sm4Engine() {
    }

    /** The round function T = L(tau(x)) through the fused tables. */
    private static int t(int x) {
        return (T0[x >>> 24] ^ T1[(x >>> 16) & 0xff]) ^ (T2[(x >>> 8) & 0xff] ^ T3[x & 0xff]);
    }

    /** The key-schedule transform T' = L'(tau(x)). */
    private static int tPrime(int x) {
        int b = (SBOX[x >>> 24] << 24) | (SBOX[(x >>> 16) & 0xff] << 16) | (SBOX[(x >>> 8) & 0xff] << 8)
                | SBOX[x & 0xff];
        return b ^ Integer.rotateLeft(b, 13) ^ Integer.rotateLeft(b, 23);
    }

    /**
     * Computes the 32 encryption round keys.
     *
     * @param key the key bytes
     * @param off the offset of the 16-byte key
     * @return the round keys in encryption order
     */
    public static int[] expandKey(byte[] key, int off) {
        int k0 = (int) INT_BE.get(key, off) ^ FK[0];
        int k1 = (int) INT_BE.get(key, off + 4) ^ FK[1];
        int k2 = (int) INT_BE.get(key, off + 8) ^ FK[2];
        int k3 = (int) INT_BE.get(key, off + 12) ^ FK[3];
        int[] rk = new int[32];
        for (int i = 0; i < 32; i++) {
            int ck = 0;
            for (int j = 0; j < 4; j++) {
                ck = (ck << 8) | (((4 * i + j) * 7) & 0xff);
            }
            int k4 = k0 ^ tPrime(k1 ^ k2 ^ k3 ^ ck);
            rk[i] = k4;
            k0 = k1;
            k1 = k2;
            k2 = k3;
            k3 = k4;
        }
        return rk;
    }

    /**
     * Returns the round keys in reverse order (decryption keys from encryption keys, or back).
     *
     * @param rk round keys
     * @return a new array in reverse order
     */
    public static int[] reverse(int[] rk) {
        int[] r = new int[32];
        for (int i = 0; i < 32; i++) {
            r[i] = rk[31 - i];
        }
        return r;
    }

    /**
     * Encrypts or decrypts one block (direction given by the order of the round keys).
     *
     * @param rk round keys
     * @param in input array
     * @param inOff input offset
     * @param out output array (may be {@code in})
     * @param outOff output offset
     */
    public static void processBlock(int[] rk, byte[] in, int inOff, byte[] out, int outOff) {
        int x0 = (int) INT_BE.get(in, inOff);
        int x1 = (int) INT_BE.get(in, inOff + 4);
        int x2 = (int) INT_BE.get(in, inOff + 8);
        int x3 = (int) INT_BE.get(in, inOff + 12);
        for (int i = 0; i < 32; i += 4) {
            x0 ^= t((x1 ^ x2 ^ rk[i]) ^ x3);
            x1 ^= t((x2 ^ x3 ^ rk[i + 1]) ^ x0);
            x2 ^= t((x3 ^ x0 ^ rk[i + 2]) ^ x1);
            x3 ^= t((x0 ^ x1 ^ rk[i + 3]) ^ x2);
        }
        INT_BE.set(out, outOff, x3);
        INT_BE.set(out, outOff + 4, x2);
        INT_BE.set(out, outOff + 8, x1);
        INT_BE.set(out, outOff + 12, x0);
    }

    /**
     * ECB over whole blocks.
     *
     * @param rk round keys (encryption or decryption order)
     * @param in input
     * @param inOff input offset
     * @param len length, a multiple of 16
     * @param out output (may be {@code in} at the same offset)
     * @param outOff output offset
     */
    public static void ecb(int[] rk, byte[] in, int inOff, int len, byte[] out, int outOff) {
        int i = 0;
        // two independent blocks per iteration keep the table lookups of both in flight
        for (; i <= len - 2 * BLOCK; i += 2 * BLOCK) {
            int p = inOff + i;
            int x0 = (int) INT_BE.get(in, p);
            int x1 = (int) INT_BE.get(in, p + 4);
            int x2 = (int) INT_BE.get(in, p + 8);
            int x3 = (int) INT_BE.get(in, p + 12);
            int y0 = (int) INT_BE.get(in, p + 16);
            int y1 = (int) INT_BE.get(in, p + 20);
            int y2 = (int) INT_BE.get(in, p + 24);
            int y3 = (int) INT_BE.get(in, p + 28);
            for (int r = 0; r < 32; r += 4) {
                int k0 = rk[r];
                int k1 = rk[r + 1];
                int k2 = rk[r + 2];
                int k3 = rk[r + 3];
                x0 ^= t((x1 ^ x2 ^ k0) ^ x3);
                y0 ^= t((y1 ^ y2 ^ k0) ^ y3);
                x1 ^= t((x2 ^ x3 ^ k1) ^ x0);
                y1 ^= t((y2 ^ y3 ^ k1) ^ y0);
                x2 ^= t((x3 ^ x0 ^ k2) ^ x1);
                y2 ^= t((y3 ^ y0 ^ k2) ^ y1);
                x3 ^= t((x0 ^ x1 ^ k3) ^ x2);
                y3 ^= t((y0 ^ y1 ^ k3) ^ y2);
            }
            int q = outOff + i;
            INT_BE.set(out, q, x3);
            INT_BE.set(out, q + 4, x2);
            INT_BE.set(out, q + 8, x1);
            INT_BE.set(out, q + 12, x0);
            INT_BE.set(out, q + 16, y3);
            INT_BE.set(out, q + 20, y2);
            INT_BE.set(out, q + 24, y1);
            INT_BE.set(out, q + 28, y0);
        }
        if (i < len) {
            processBlock(rk, in, inOff + i, out, outOff + i);
        }
    }

    /**
     * CBC encryption over whole blocks.
     *
     * @param rk encryption round keys
     * @param iv the 16-byte IV array
     * @param ivOff IV offset
     * @param in input
     * @param inOff input offset
     * @param len length, a multiple of 16
     * @param out output (may be {@code in} at the same offset)
     * @param outOff output offset
     */
    public static void cbcEncrypt(int[] rk, byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] out,
            int outOff) {
        int c0 = (int) INT_BE.get(iv, ivOff);
        int c1 = (int) INT_BE.get(iv, ivOff + 4);
        int c2 = (int) INT_BE.get(iv, ivOff + 8);
        int c3 = (int) INT_BE.get(iv, ivOff + 12);
        for (int i = 0; i < len; i += BLOCK) {
            int x0 = c0 ^ (int) INT_BE.get(in, inOff + i);
            int x1 = c1 ^ (int) INT_BE.get(in, inOff + i + 4);
            int x2 = c2 ^ (int) INT_BE.get(in, inOff + i + 8);
            int x3 = c3 ^ (int) INT_BE.get(in, inOff + i + 12);
            for (int r = 0; r < 32; r += 4) {
                x0 ^= t((x1 ^ x2 ^ rk[r]) ^ x3);
                x1 ^= t((x2 ^ x3 ^ rk[r + 1]) ^ x0);
                x2 ^= t((x3 ^ x0 ^ rk[r + 2]) ^ x1);
                x3 ^= t((x0 ^ x1 ^ rk[r + 3]) ^ x2);
            }
            c0 = x3;
            c1 = x2;
            c2 = x1;
            c3 = x0;
            INT_BE.set(out, outOff + i, c0);
            INT_BE.set(out, outOff + i + 4, c1);
            INT_BE.set(out, outOff + i + 8, c2);
            INT_BE.set(out, outOff + i + 12, c3);
        }
    }

    /**
     * CBC-MAC over whole blocks: the last CBC ciphertext block, written to {@code mac}.
     *
     * @param rk encryption round keys
     * @param iv the 16-byte IV array
     * @param ivOff IV offset
     * @param in input
     * @param inOff input offset
     * @param len length, a multiple of 16
     * @param lastBlock a final 16-byte block to chain after {@code in} (the padded tail), or {@code null}
     * @param mac 16-byte output
     */
    public static void cbcMac(int[] rk, byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] lastBlock,
            byte[] mac) {
        int c0 = (int) INT_BE.get(iv, ivOff);
        int c1 = (int) INT_BE.get(iv, ivOff + 4);
        int c2 = (int) INT_BE.get(iv, ivOff + 8);
        int c3 = (int) INT_BE.get(iv, ivOff + 12);
        int end = len + (lastBlock == null ? 0 : BLOCK);
        for (int i = 0; i < end; i += BLOCK) {
            byte[] src = i < len ? in : lastBlock;
            int p = i < len ? inOff + i : 0;
            int x0 = c0 ^ (int) INT_BE.get(src, p);
            int x1 = c1 ^ (int) INT_BE.get(src, p + 4);
            int x2 = c2 ^ (int) INT_BE.get(src, p + 8);
            int x3 = c3 ^ (int) INT_BE.get(src, p + 12);
            for (int r = 0; r < 32; r += 4) {
                x0 ^= t((x1 ^ x2 ^ rk[r]) ^ x3);
                x1 ^= t((x2 ^ x3 ^ rk[r + 1]) ^ x0);
                x2 ^= t((x3 ^ x0 ^ rk[r + 2]) ^ x1);
                x3 ^= t((x0 ^ x1 ^ rk[r + 3]) ^ x2);
            }
            c0 = x3;
            c1 = x2;
            c2 = x1;
            c3 = x0;
        }
        INT_BE.set(mac, 0, c0);
        INT_BE.set(mac, 4, c1);
        INT_BE.set(mac, 8, c2);
        INT_BE.set(mac, 12, c3);
    }

    /**
     * CBC decryption over whole blocks; works in place.
     *
     * @param rk decryption round keys
     * @param iv the 16-byte IV array
     * @param ivOff IV offset
     * @param in input
     * @param inOff input offset
     * @param len length, a multiple of 16
     * @param out output (may be {@code in} at the same offset)
     * @param outOff output offset
     */
    public static void cbcDecrypt(int[] rk, byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] out,
            int outOff) {
        int c0 = (int) INT_BE.get(iv, ivOff);
        int c1 = (int) INT_BE.get(iv, ivOff + 4);
        int c2 = (int) INT_BE.get(iv, ivOff + 8);
        int c3 = (int) INT_BE.get(iv, ivOff + 12);
        int i = 0;
        for (; i <= len - 2 * BLOCK; i += 2 * BLOCK) {
            int p = inOff + i;
            int a0 = (int) INT_BE.get(in, p);
            int a1 = (int) INT_BE.get(in, p + 4);
            int a2 = (int) INT_BE.get(in, p + 8);
            int a3 = (int) INT_BE.get(in, p + 12);
            int b0 = (int) INT_BE.get(in, p + 16);
            int b1 = (int) INT_BE.get(in, p + 20);
            int b2 = (int) INT_BE.get(in, p + 24);
            int b3 = (int) INT_BE.get(in, p + 28);
            int x0 = a0;
            int x1 = a1;
            int x2 = a2;
            int x3 = a3;
            int y0 = b0;
            int y1 = b1;
            int y2 = b2;
            int y3 = b3;
            for (int r = 0; r < 32; r += 4) {
                int k0 = rk[r];
                int k1 = rk[r + 1];
                int k2 = rk[r + 2];
                int k3 = rk[r + 3];
                x0 ^= t((x1 ^ x2 ^ k0) ^ x3);
                y0 ^= t((y1 ^ y2 ^ k0) ^ y3);
                x1 ^= t((x2 ^ x3 ^ k1) ^ x0);
                y1 ^= t((y2 ^ y3 ^ k1) ^ y0);
                x2 ^= t((x3 ^ x0 ^ k2) ^ x1);
                y2 ^= t((y3 ^ y0 ^ k2) ^ y1);
                x3 ^= t((x0 ^ x1 ^ k3) ^ x2);
                y3 ^= t((y0 ^ y1 ^ k3) ^ y2);
            }
            int q = outOff + i;
            INT_BE.set(out, q, x3 ^ c0);
            INT_BE.set(out, q + 4, x2 ^ c1);
            INT_BE.set(out, q + 8, x1 ^ c2);
            INT_BE.set(out, q + 12, x0 ^ c3);
            INT_BE.set(out, q + 16, y3 ^ a0);
            INT_BE.set(out, q + 20, y2 ^ a1);
            INT_BE.set(out, q + 24, y1 ^ a2);
            INT_BE.set(out, q + 28, y0 ^ a3);
            c0 = b0;
            c1 = b1;
            c2 = b2;
            c3 = b3;
        }
        for (; i < len; i += BLOCK) {
            int y0 = (int) INT_BE.get(in, inOff + i);
            int y1 = (int) INT_BE.get(in, inOff + i + 4);
            int y2 = (int) INT_BE.get(in, inOff + i + 8);
            int y3 = (int) INT_BE.get(in, inOff + i + 12);
            int x0 = y0;
            int x1 = y1;
            int x2 = y2;
            int x3 = y3;
            for (int r = 0; r < 32; r += 4) {
                x0 ^= t((x1 ^ x2 ^ rk[r]) ^ x3);
                x1 ^= t((x2 ^ x3 ^ rk[r + 1]) ^ x0);
                x2 ^= t((x3 ^ x0 ^ rk[r + 2]) ^ x1);
                x3 ^= t((x0 ^ x1 ^ rk[r + 3]) ^ x2);
            }
            INT_BE.set(out, outOff + i, x3 ^ c0);
            INT_BE.set(out, outOff + i + 4, x2 ^ c1);
            INT_BE.set(out, outOff + i + 8, x1 ^ c2);
            INT_BE.set(out, outOff + i + 12, x0 ^ c3);
            c0 = y0;
            c1 = y1;
            c2 = y2;
            c3 = y3;
        }
    }

    /**
     * CTR mode (encryption and decryption are the same) with a 128-bit big-endian counter that wraps modulo
     * 2^128, as OpenSSL's {@code sm4-ctr} and NIST SP 800-38A do. Handles a partial final block.
     *
     * @param rk encryption round keys
     * @param counter the 16-byte initial counter block
     * @param ctrOff counter offset
     * @param in input
     * @param inOff input offset
     * @param len any length
     * @param out output (may be {@code in} at the same offset)
     * @param outOff output offset
     */
    public static void ctr(int[] rk, byte[] counter, int ctrOff, byte[] in, int inOff, int len, byte[] out,
            int outOff) {
        long hi = (long) LONG_BE.get(counter, ctrOff);
        long lo = (long) LONG_BE.get(counter, ctrOff + 8);
        byte[] ks = null;
        int i = 0;
        for (; i <= len - 2 * BLOCK; i += 2 * BLOCK) {
            int x0 = (int) (hi >>> 32);
            int x1 = (int) hi;
            int x2 = (int) (lo >>> 32);
            int x3 = (int) lo;
            lo++;
            if (lo == 0) {
                hi++;
            }
            int y0 = (int) (hi >>> 32);
            int y1 = (int) hi;
            int y2 = (int) (lo >>> 32);
            int y3 = (int) lo;
            lo++;
            if (lo == 0) {
                hi++;
            }
            for (int r = 0; r < 32; r += 4) {
                int k0 = rk[r];
                int k1 = rk[r + 1];
                int k2 = rk[r + 2];
                int k3 = rk[r + 3];
                x0 ^= t((x1 ^ x2 ^ k0) ^ x3);
                y0 ^= t((y1 ^ y2 ^ k0) ^ y3);
                x1 ^= t((x2 ^ x3 ^ k1) ^ x0);
                y1 ^= t((y2 ^ y3 ^ k1) ^ y0);
                x2 ^= t((x3 ^ x0 ^ k2) ^ x1);
                y2 ^= t((y3 ^ y0 ^ k2) ^ y1);
                x3 ^= t((x0 ^ x1 ^ k3) ^ x2);
                y3 ^= t((y0 ^ y1 ^ k3) ^ y2);
            }
            int p = inOff + i;
            int q = outOff + i;
            INT_BE.set(out, q, x3 ^ (int) INT_BE.get(in, p));
            INT_BE.set(out, q + 4, x2 ^ (int) INT_BE.get(in, p + 4));
            INT_BE.set(out, q + 8, x1 ^ (int) INT_BE.get(in, p + 8));
            INT_BE.set(out, q + 12, x0 ^ (int) INT_BE.get(in, p + 12));
            INT_BE.set(out, q + 16, y3 ^ (int) INT_BE.get(in, p + 16));
            INT_BE.set(out, q + 20, y2 ^ (int) INT_BE.get(in, p + 20));
            INT_BE.set(out, q + 24, y1 ^ (int) INT_BE.get(in, p + 24));
            INT_BE.set(out, q + 28, y0 ^ (int) INT_BE.get(in, p + 28));
        }
        for (; i < len; i += BLOCK) {
            int x0 = (int) (hi >>> 32);
            int x1 = (int) hi;
            int x2 = (int) (lo >>> 32);
            int x3 = (int) lo;
            for (int r = 0; r < 32; r += 4) {
                x0 ^= t((x1 ^ x2 ^ rk[r]) ^ x3);
                x1 ^= t((x2 ^ x3 ^ rk[r + 1]) ^ x0);
                x2 ^= t((x3 ^ x0 ^ rk[r + 2]) ^ x1);
                x3 ^= t((x0 ^ x1 ^ rk[r + 3]) ^ x2);
            }
            int remaining = len - i;
            if (remaining >= BLOCK) {
                INT_BE.set(out, outOff + i, x3 ^ (int) INT_BE.get(in, inOff + i));
                INT_BE.set(out, outOff + i + 4, x2 ^ (int) INT_BE.get(in, inOff + i + 4));
                INT_BE.set(out, outOff + i + 8, x1 ^ (int) INT_BE.get(in, inOff + i + 8));
                INT_BE.set(out, outOff + i + 12, x0 ^ (int) INT_BE.get(in, inOff + i + 12));
            } else {
                ks = new byte[BLOCK];
                INT_BE.set(ks, 0, x3);
                INT_BE.set(ks, 4, x2);
                INT_BE.set(ks, 8, x1);
                INT_BE.set(ks, 12, x0);
                for (int j = 0; j < remaining; j++) {
                    out[outOff + i + j] = (byte) (in[inOff + i + j] ^ ks[j]);
                }
            }
            lo++;
            if (lo == 0) {
                hi++;
            }
        }
    }
}
