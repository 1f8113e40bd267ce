package io.yikatong.core.crypto;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm4Engine;

/**
 * PBOC-style key diversification (密钥分散) with SM4, as card-issuing systems and PSAMs derive a card's keys from a
 * master key and the card's diversification factors (分散因子).
 *
 * <p>Exactly what is implemented, for one level with factor {@code f}:
 * <ul>
 *   <li>8-byte {@code f}: child key = SM4-ECB-encrypt(parent, {@code f || NOT f}), where {@code NOT f} is {@code f}
 *       with every bit inverted. This is the PBOC 3DES rule (left half from {@code f}, right half from {@code NOT f})
 *       carried over to SM4's 16-byte block, so one block encryption yields the whole 16-byte child key.</li>
 *   <li>16-byte {@code f}: child key = SM4-ECB-encrypt(parent, {@code f}) (the factor is encrypted as is).</li>
 * </ul>
 * Multi-level diversification (the health-card SAM's 一次发散 / 两次发散) applies the rule again with the next factor:
 * {@code diversify(master, f1, f2) = diversify(diversify(master, f1), f2)}. Factors are applied in the order
 * given.
 *
 * <p>Caution: the order in which a particular SAM applies the factors it receives in one {@code 80DE} command (for
 * the health card: card factor, then city factor, then a card random number) and how it turns the random number into
 * a session key are not documented in the sources this SDK was built from (health-card-spec §1.8); vendors' SAMs may
 * differ, so check against a real SAM or the vendor's test vectors. This class therefore offers no session-key
 * helper.
 *
 * <p>Instances are immutable and thread-safe (this class has only static methods).
 *
 * @since 0.1
 */
public final class Sm4KeyDiversification {

    /** Length of a short (PBOC) diversification factor (8). */
    public static final int SHORT_FACTOR_LENGTH = 8;
    /** Length of a full-block diversification factor (16). */
    public static final int BLOCK_FACTOR_LENGTH = 16;

    private Sm4KeyDiversification() {
    }

    /**
     * Derives a child key with one factor.
     *
     * @param parent the master or parent key
     * @param factor an 8-byte or 16-byte factor
     * @return the child key
     * @throws InvalidInputException naming {@code parent} if it is {@code null}, or {@code factor} if it is
     *     {@code null} or neither 8 nor 16 bytes long
     */
    public static Sm4Key diversify(Sm4Key parent, byte[] factor) {
        if (parent == null) {
            throw new InvalidInputException("parent", "an Sm4Key is required");
        }
        byte[] block = diversificationBlock(factor, "factor");
        Sm4Engine.processBlock(parent.encryptRoundKeys(), block, 0, block, 0);
        return Sm4Key.ofOwned(block);
    }

    /**
     * Derives a key through several levels, applying the factors in the order given.
     *
     * @param master the master key
     * @param factors one or more 8-byte or 16-byte factors, first level first
     * @return the derived key
     * @throws InvalidInputException naming {@code master} if it is {@code null}, {@code factors} if there are none,
     *     or {@code factors[i]} for a factor of the wrong length
     */
    public static Sm4Key diversify(Sm4Key master, byte[]... factors) {
        if (master == null) {
            throw new InvalidInputException("master", "an Sm4Key is required");
        }
        if (factors == null || factors.length == 0) {
            throw new InvalidInputException("factors", "at least one diversification factor is required");
        }
        Sm4Key k = master;
        for (int i = 0; i < factors.length; i++) {
            byte[] block = diversificationBlock(factors[i], "factors[" + i + "]");
            Sm4Engine.processBlock(k.encryptRoundKeys(), block, 0, block, 0);
            k = Sm4Key.ofOwned(block);
        }
        return k;
    }

    /**
     * Returns the 16-byte block that is encrypted for a factor: {@code f || NOT f} for 8 bytes, {@code f} for 16.
     *
     * @param factor an 8-byte or 16-byte factor
     * @return a new 16-byte array
     * @throws InvalidInputException naming {@code factor} if it is {@code null} or of another length
     */
    public static byte[] diversificationBlock(byte[] factor) {
        return diversificationBlock(factor, "factor");
    }

    private static byte[] diversificationBlock(byte[] factor, String field) {
        if (factor == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        byte[] block = new byte[BLOCK_FACTOR_LENGTH];
        if (factor.length == SHORT_FACTOR_LENGTH) {
            for (int i = 0; i < SHORT_FACTOR_LENGTH; i++) {
                block[i] = factor[i];
                block[i + SHORT_FACTOR_LENGTH] = (byte) ~factor[i];
            }
        } else if (factor.length == BLOCK_FACTOR_LENGTH) {
            System.arraycopy(factor, 0, block, 0, BLOCK_FACTOR_LENGTH);
        } else {
            throw new InvalidInputException(field, "diversification factor must be 8 or 16 bytes, was "
                    + factor.length);
        }
        return block;
    }
}
