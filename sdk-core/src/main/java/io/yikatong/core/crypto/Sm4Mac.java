package io.yikatong.core.crypto;

import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm4Engine;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The SM4 CBC-MAC used by PBOC-style card secure messaging (安全报文 MAC) and by PSAM {@code 80FA} MAC commands:
 * ISO/IEC 9797-1 MAC algorithm 1 with SM4, a caller-supplied 16-byte initial value, and padding method 2 (append
 * {@code 80}, then {@code 00} up to a multiple of 16; a full block of padding is added when the input is already a
 * multiple of 16) or no padding for inputs the protocol has already padded.
 *
 * <p>The MAC is the last CBC block (16 bytes); cards append its first 4 bytes to an APDU. The output length is part
 * of the configuration ({@link #of(Sm4Key, Padding, int)}), so {@link #verify(byte[], byte[], byte[])} never takes
 * the length from the received MAC.
 *
 * <p>Health-card secure-messaging record write (health-card-spec §1.8, vendor {@code UpdateRecEncMac}): the SAM
 * command {@code 80FA 0500} computes exactly
 * <pre>{@code
 * Sm4Mac mac = Sm4Mac.of(sessionKey, Sm4Mac.Padding.ISO9797_1_METHOD_2, 4);
 * byte[] mac4 = mac.compute(Sm4Mac.zeroIv(), concat(apduHeader04DC, ciphertext)); // header = 04 DC rec 04 Lc
 * }</pre>
 * where {@code sessionKey} is the key the SAM derived for the card; the APDU is then
 * {@code 04DC rec 04 Lc ciphertext mac4}.
 *
 * <p>Instances are immutable and thread-safe; share one per key.
 *
 * @since 0.1
 */
public final class Sm4Mac {

    /** Length of the full MAC block and of the IV (16). */
    public static final int BLOCK_LENGTH = Sm4Engine.BLOCK;

    /**
     * How the input is padded before the CBC-MAC.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Padding {
        /**
         * ISO/IEC 9797-1 padding method 2 (also ISO/IEC 7816-4 padding): {@code 80} then {@code 00} bytes to the next
         * multiple of 16, always adding at least one byte. What PBOC and the health-card SAM use.
         */
        ISO9797_1_METHOD_2,
        /** No padding: the input must already be a non-zero multiple of 16 bytes. */
        NONE
    }

    private final Sm4Key key;
    private final Padding padding;
    private final int macLength;

    private Sm4Mac(Sm4Key key, Padding padding, int macLength) {
        this.key = key;
        this.padding = padding;
        this.macLength = macLength;
    }

    /**
     * Creates a MAC that outputs the full 16-byte block.
     *
     * @param key the key
     * @param padding the padding
     * @return the MAC
     * @throws InvalidInputException naming {@code key} or {@code padding} if {@code null}
     */
    public static Sm4Mac of(Sm4Key key, Padding padding) {
        return of(key, padding, BLOCK_LENGTH);
    }

    /**
     * Creates a MAC that outputs the first {@code macLength} bytes of the last block.
     *
     * @param key the key
     * @param padding the padding
     * @param macLength the MAC length, 4 to 16 (cards use 4)
     * @return the MAC
     * @throws InvalidInputException naming {@code key}, {@code padding} or {@code macLength}
     */
    public static Sm4Mac of(Sm4Key key, Padding padding, int macLength) {
        if (key == null) {
            throw new InvalidInputException("key", "an Sm4Key is required");
        }
        if (padding == null) {
            throw new InvalidInputException("padding", "a padding is required");
        }
        if (macLength < 4 || macLength > BLOCK_LENGTH) {
            throw new InvalidInputException("macLength", "must be 4 to 16, was " + macLength);
        }
        return new Sm4Mac(key, padding, macLength);
    }

    /**
     * Returns a new all-zero 16-byte IV, the initial value of most card MAC flows.
     *
     * @return sixteen zero bytes
     */
    public static byte[] zeroIv() {
        return new byte[BLOCK_LENGTH];
    }

    /**
     * Returns the configured MAC length.
     *
     * @return 4 to 16
     */
    public int macLength() {
        return macLength;
    }

    /**
     * Returns the padding.
     *
     * @return the padding
     */
    public Padding padding() {
        return padding;
    }

    /**
     * Computes the MAC, truncated to the configured length.
     *
     * @param iv the 16-byte initial value (all zero, or derived from a card challenge)
     * @param data the message
     * @return {@link #macLength()} bytes
     * @throws InvalidInputException naming {@code iv} if it is not 16 bytes, or {@code data} if it is {@code null}
     *     or, without padding, not a non-zero multiple of 16 bytes
     */
    public byte[] compute(byte[] iv, byte[] data) {
        byte[] full = computeFullBlock(iv, data);
        return macLength == BLOCK_LENGTH ? full : Arrays.copyOf(full, macLength);
    }

    /**
     * Computes the full 16-byte last CBC block, whatever the configured length.
     *
     * @param iv the 16-byte initial value
     * @param data the message
     * @return 16 bytes
     * @throws InvalidInputException naming {@code iv} if it is not 16 bytes, or {@code data} if it is {@code null}
     *     or, without padding, not a non-zero multiple of 16 bytes
     */
    public byte[] computeFullBlock(byte[] iv, byte[] data) {
        if (iv == null || iv.length != BLOCK_LENGTH) {
            throw new InvalidInputException("iv", "MAC initial value must be 16 bytes, was "
                    + (iv == null ? "null" : iv.length));
        }
        if (data == null) {
            throw new InvalidInputException("data", "must not be null");
        }
        int n = data.length;
        byte[] mac = new byte[BLOCK_LENGTH];
        if (padding == Padding.NONE) {
            if (n == 0 || n % BLOCK_LENGTH != 0) {
                throw new InvalidInputException("data",
                        "without padding the length must be a non-zero multiple of 16, was " + n);
            }
            Sm4Engine.cbcMac(key.encryptRoundKeys(), iv, 0, data, 0, n, null, mac);
            return mac;
        }
        int full = n & ~(BLOCK_LENGTH - 1);
        byte[] last = new byte[BLOCK_LENGTH];
        System.arraycopy(data, full, last, 0, n - full);
        last[n - full] = (byte) 0x80;
        Sm4Engine.cbcMac(key.encryptRoundKeys(), iv, 0, data, 0, full, last, mac);
        return mac;
    }

    /**
     * Computes the first 4 bytes of the MAC, what cards append to secure-messaging APDUs, whatever the configured
     * length.
     *
     * @param iv the 16-byte initial value
     * @param data the message
     * @return 4 bytes
     * @throws InvalidInputException as for {@link #computeFullBlock(byte[], byte[])}
     */
    public byte[] compute4(byte[] iv, byte[] data) {
        return Arrays.copyOf(computeFullBlock(iv, data), 4);
    }

    /**
     * Checks a received MAC in constant time.
     *
     * @param iv the 16-byte initial value
     * @param data the message
     * @param mac the received MAC, expected to be exactly {@link #macLength()} bytes
     * @throws SignatureVerificationException with code {@link CoreErrorCode#MAC_INVALID} if the MAC does not match
     *     or has another length
     * @throws InvalidInputException as for {@link #computeFullBlock(byte[], byte[])}, or naming {@code mac} if it is
     *     {@code null}
     */
    public void verify(byte[] iv, byte[] data, byte[] mac) throws SignatureVerificationException {
        if (mac == null) {
            throw new InvalidInputException("mac", "must not be null");
        }
        byte[] expected = compute(iv, data);
        if (!MessageDigest.isEqual(expected, mac)) {
            throw new SignatureVerificationException(CoreErrorCode.MAC_INVALID, "SM4 MAC invalid");
        }
    }

    /** Returns e.g. {@code Sm4Mac[ISO9797_1_METHOD_2, 4 bytes]}, never key material. */
    @Override
    public String toString() {
        return "Sm4Mac[" + padding + ", " + macLength + " bytes]";
    }
}
