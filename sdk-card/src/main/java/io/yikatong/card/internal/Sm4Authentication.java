package io.yikatong.card.internal;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm4Cipher;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4KeyDiversification;
import io.yikatong.core.crypto.Sm4Mode;
import io.yikatong.core.crypto.Sm4Padding;
import java.util.Arrays;

/**
 * The SM4 authentication cryptogram that both card applications of this module compute the same way: the resident
 * health card's EXTERNAL AUTHENTICATE (health-card-spec §1.8) and the social security card's internal and external
 * authentication (§3.5). A card key is diversified with an 8-byte challenge (or process factor, 过程因子) into a
 * session key (core's {@link Sm4KeyDiversification}), and the cryptogram is {@code E[0..7] XOR E[8..15]} with
 * {@code E = SM4-ECB(session, input ‖ 00×8)} [C-vendor for the fold, I for the cipher].
 *
 * <p>It lives here, beside neither application, because it belongs to neither: the health card's crypto
 * ({@code io.yikatong.card.health.security.internal.HealthCardCrypto}) and the social security card's
 * ({@code io.yikatong.card.social.internal.SocialSecurityCrypto}) both build on it, and the social security card does
 * not depend on the health card.
 *
 * <p>Not API. The class holds no state; all methods are static and thread-safe.
 */
public final class Sm4Authentication {

    private Sm4Authentication() {
    }

    /**
     * Derives the session key from a card key and an 8-byte challenge (or process factor).
     *
     * @param cardKey the card key
     * @param challenge 8 bytes
     * @return the session key
     * @throws InvalidInputException naming {@code challenge} if it is not 8 bytes
     */
    public static Sm4Key sessionKey(Sm4Key cardKey, Bytes challenge) {
        if (challenge.length() != 8) {
            throw new InvalidInputException("challenge", "must be 8 bytes, was " + challenge.length());
        }
        return Sm4KeyDiversification.diversify(cardKey, challenge.toByteArray());
    }

    /**
     * Computes the 8-byte authentication cryptogram.
     *
     * @param session the session key
     * @param input 8 bytes
     * @return {@code E[0..7] XOR E[8..15]}
     * @throws InvalidInputException naming {@code input} if it is not 8 bytes
     */
    public static byte[] cryptogram(Sm4Key session, Bytes input) {
        if (input.length() != 8) {
            throw new InvalidInputException("input", "must be 8 bytes, was " + input.length());
        }
        byte[] block = Arrays.copyOf(input.toByteArray(), 16);
        byte[] e = ecb(session).encrypt(block);
        byte[] a = new byte[8];
        for (int i = 0; i < 8; i++) {
            a[i] = (byte) (e[i] ^ e[i + 8]);
        }
        return a;
    }

    /**
     * Returns an SM4-ECB cipher without padding under a key.
     *
     * @param key the key
     * @return the cipher
     */
    public static Sm4Cipher ecb(Sm4Key key) {
        return Sm4Cipher.builder().key(key).mode(Sm4Mode.ECB).padding(Sm4Padding.NONE).build();
    }
}
