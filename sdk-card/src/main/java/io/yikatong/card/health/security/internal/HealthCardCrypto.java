package io.yikatong.card.health.security.internal;

import io.yikatong.card.internal.Sm4Authentication;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.DecryptionException;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4KeyDiversification;
import io.yikatong.core.crypto.Sm4Mac;
import java.util.Arrays;

/**
 * The symmetric cryptography of the resident health card's security flows (health-card-spec §1.8), in one place so
 * that the software security module, the virtual SAM and the virtual card compute exactly the same bytes. The spec's
 * 16-byte blocks imply SM4 [I, high]; the interpretation of each step is:
 * <ul>
 * <li><b>Key diversification</b>: {@code 80DE} with data {@code factors ‖ R} derives, from the SAM's master key, a
 * card key (one level per 8-byte factor: card factor, then city factor for two-level keys) and from it a session
 * key with the challenge R as the last factor; each level is core's {@link Sm4KeyDiversification} ({@code f ‖ NOT f}
 * encrypted under the parent) [I]. The card stores the card key and derives the session key from its last
 * challenge.</li>
 * <li><b>Authentication cryptogram</b>: {@code E = SM4-ECB(session, input(8) ‖ 00×8)}, {@code A = E[0..7] XOR
 * E[8..15]} [C-vendor for the fold, I for the cipher]; the social security card computes the same
 * ({@link Sm4Authentication}).</li>
 * <li><b>Secure-messaging write</b>: plaintext {@code L ‖ TLV} padded with {@code 80 00…} to 16 bytes, SM4-ECB under
 * the line-protection session key; MAC = SM4-CBC-MAC with a zero IV over {@code CLA INS P1 P2 Lc ‖ ciphertext}
 * padded with {@code 80 00…} (ISO 9797-1 method 2), first 4 bytes; {@code Lc} = ciphertext length + 4
 * [C-vendor for the layout].</li>
 * </ul>
 *
 * <p>Not API. The class holds no state; all methods are static and thread-safe.
 */
public final class HealthCardCrypto {

    private HealthCardCrypto() {
    }

    /**
     * Diversifies a master key with the card's factors (8 or 16 bytes: one or two levels).
     *
     * @param master the SAM's master key
     * @param factors the card factor, optionally followed by the city factor
     * @return the card key
     */
    public static Sm4Key cardKey(Sm4Key master, Bytes factors) {
        byte[] f = factors.toByteArray();
        if (f.length != 8 && f.length != 16) {
            throw new InvalidInputException("factors", "must be 8 or 16 bytes, was " + f.length);
        }
        Sm4Key k = Sm4KeyDiversification.diversify(master, Arrays.copyOfRange(f, 0, 8));
        if (f.length == 16) {
            k = Sm4KeyDiversification.diversify(k, Arrays.copyOfRange(f, 8, 16));
        }
        return k;
    }

    /**
     * Derives the session key from a card key and the card's 8-byte challenge.
     *
     * @param cardKey the card key
     * @param challenge 8 bytes from GET CHALLENGE
     * @return the session key
     */
    public static Sm4Key sessionKey(Sm4Key cardKey, Bytes challenge) {
        return Sm4Authentication.sessionKey(cardKey, challenge);
    }

    /**
     * Computes the 8-byte external-authentication cryptogram.
     *
     * @param session the session key
     * @param input 8 bytes (the fixed read input, or the first challenge for update rights)
     * @return {@code E[0..7] XOR E[8..15]}
     */
    public static byte[] cryptogram(Sm4Key session, Bytes input) {
        return Sm4Authentication.cryptogram(session, input);
    }

    /**
     * Pads {@code L ‖ data} with {@code 80 00…} to a multiple of 16 bytes: the plaintext of a secure-messaging write.
     *
     * @param data the record (TLV), at most 254 bytes
     * @return the padded plaintext
     */
    public static byte[] smPlaintext(byte[] data) {
        if (data.length > 254) {
            throw new InvalidInputException("data", "at most 254 bytes, was " + data.length);
        }
        int n = data.length + 2; // L, data, 80
        byte[] p = new byte[(n + 15) / 16 * 16];
        p[0] = (byte) data.length;
        System.arraycopy(data, 0, p, 1, data.length);
        p[data.length + 1] = (byte) 0x80;
        return p;
    }

    /**
     * Encrypts a padded plaintext block by block (SM4-ECB).
     *
     * @param session the line-protection session key
     * @param padded a multiple of 16 bytes
     * @return the ciphertext
     */
    public static byte[] encrypt(Sm4Key session, byte[] padded) {
        return Sm4Authentication.ecb(session).encrypt(padded);
    }

    /**
     * Computes the 4-byte MAC of a secure-messaging command.
     *
     * @param session the line-protection session key
     * @param header the command header as sent: {@code CLA INS P1 P2 Lc} (5 bytes)
     * @param ciphertext the ciphertext
     * @return 4 bytes
     */
    public static byte[] mac(Sm4Key session, byte[] header, byte[] ciphertext) {
        byte[] m = new byte[header.length + ciphertext.length];
        System.arraycopy(header, 0, m, 0, header.length);
        System.arraycopy(ciphertext, 0, m, header.length, ciphertext.length);
        return Sm4Mac.of(session, Sm4Mac.Padding.ISO9797_1_METHOD_2).compute4(Sm4Mac.zeroIv(), m);
    }

    /**
     * Builds the data field of a secure-messaging UPDATE RECORD ({@code 04DC rec 04 Lc ‖ ciphertext ‖ MAC4}).
     *
     * @param session the line-protection session key
     * @param header4 {@code CLA INS P1 P2}
     * @param record the plain record (TLV)
     * @return {@code ciphertext ‖ MAC(4)}
     */
    public static byte[] protect(Sm4Key session, byte[] header4, byte[] record) {
        byte[] cipher = encrypt(session, smPlaintext(record));
        byte[] header = Arrays.copyOf(header4, 5);
        header[4] = (byte) (cipher.length + 4);
        byte[] mac = mac(session, header, cipher);
        byte[] out = Arrays.copyOf(cipher, cipher.length + 4);
        System.arraycopy(mac, 0, out, cipher.length, 4);
        return out;
    }

    /**
     * Card side: checks the MAC of a secure-messaging command and decrypts its record.
     *
     * @param session the line-protection session key
     * @param header5 {@code CLA INS P1 P2 Lc} as received
     * @param data {@code ciphertext ‖ MAC(4)}
     * @return the plain record
     * @throws SignatureVerificationException if the MAC is wrong
     * @throws DecryptionException if the length or padding is wrong
     */
    public static byte[] unprotect(Sm4Key session, byte[] header5, byte[] data)
            throws SignatureVerificationException, DecryptionException {
        if (data.length < 20 || (data.length - 4) % 16 != 0) {
            throw new DecryptionException("secure-messaging data has a bad length");
        }
        byte[] cipher = Arrays.copyOf(data, data.length - 4);
        byte[] expected = mac(session, header5, cipher);
        byte[] got = Arrays.copyOfRange(data, data.length - 4, data.length);
        if (!java.security.MessageDigest.isEqual(expected, got)) {
            throw new SignatureVerificationException("secure-messaging MAC mismatch");
        }
        byte[] p = Sm4Authentication.ecb(session).decrypt(cipher);
        int len = p[0] & 0xFF;
        if (len + 2 > p.length || (p[len + 1] & 0xFF) != 0x80) {
            throw new DecryptionException("secure-messaging plaintext is badly padded");
        }
        for (int i = len + 2; i < p.length; i++) {
            if (p[i] != 0) {
                throw new DecryptionException("secure-messaging plaintext is badly padded");
            }
        }
        return Arrays.copyOfRange(p, 1, 1 + len);
    }
}
