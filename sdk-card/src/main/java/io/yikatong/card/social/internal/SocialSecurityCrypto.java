package io.yikatong.card.social.internal;

import io.yikatong.card.internal.Sm4Authentication;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4KeyDiversification;

/**
 * The symmetric cryptography of the social security card's authentications (health-card-spec §3.5), shared by the
 * software module and the virtual card so both compute the same bytes. Interpretation [I]:
 * <ul>
 * <li>card key = the master key diversified (core's {@link Sm4KeyDiversification}, one level with the 16-byte factor)
 * with the card identification code;</li>
 * <li>response = {@code E[0..7] XOR E[8..15]}, {@code E = SM4-ECB(session, source ‖ 00×8)} where the session key is the
 * card key diversified with the 8-byte process factor (过程因子) — the fold of {@link Sm4Authentication#cryptogram}, the same the health card computes.
 * Internal authentication takes the process factor and the source from the command; external authentication takes
 * the card's challenge as process factor.</li>
 * </ul>
 *
 * <p>Not API. The class holds no state; all methods are static and thread-safe.
 */
public final class SocialSecurityCrypto {

    /** The algorithm identifier of SM4 (国密) in the SSSE FCI ({@code 9F0C 03 86 01 03}). */
    public static final int ALGORITHM_SM4 = 0x03;

    private SocialSecurityCrypto() {
    }

    /**
     * Diversifies a master key with the card identification code.
     *
     * @param master the master key
     * @param cardIdentificationCode 16 bytes
     * @return the card key
     * @throws InvalidInputException if the code is not 16 bytes
     */
    public static Sm4Key cardKey(Sm4Key master, Bytes cardIdentificationCode) {
        if (cardIdentificationCode.length() != 16) {
            throw new InvalidInputException("cardIdentificationCode", "must be 16 bytes, was "
                    + cardIdentificationCode.length());
        }
        return Sm4KeyDiversification.diversify(master, cardIdentificationCode.toByteArray());
    }

    /**
     * Computes an authentication response.
     *
     * @param cardKey the card key
     * @param processFactor 8 bytes
     * @param source 8 bytes
     * @return 8 bytes
     * @throws InvalidInputException if a length is wrong
     */
    public static Bytes response(Sm4Key cardKey, Bytes processFactor, Bytes source) {
        return Bytes.copyOf(Sm4Authentication.cryptogram(Sm4Authentication.sessionKey(cardKey, processFactor), source));
    }
}
