package io.yikatong.testkit.card;

import io.yikatong.card.CommandApdu;
import io.yikatong.card.StatusWord;
import io.yikatong.card.social.internal.SocialSecurityCrypto;
import io.yikatong.core.Bytes;

/**
 * INTERNAL AUTHENTICATE of the social security card, {@code 0088 0000 10 <process factor 8 ‖ source 8> [08]}
 * (health-card-spec §3.5): answers 8 bytes computed with the current DF's {@link KeyUsage#INTERNAL_AUTHENTICATION}
 * key ({@link SocialSecurityCrypto#response}) — directly when the command has Le, through {@code 6108} and GET RESPONSE
 * when it has none (T=0 style). Errors: {@code 6A86} P1-P2 not {@code 0000}, {@code 6700} data not 16 bytes,
 * {@code 6A88} no internal-authentication key in the current DF, {@code 6C08} Le too short. Package-private; not API.
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class SocialSecurityInternalAuthenticationApplet implements CardApplet {

    @Override
    public byte[] process(CommandApdu c, VirtualCard card) {
        if (c.cla() != 0x00 || c.ins() != 0x88) {
            return null;
        }
        if (c.p1() != 0 || c.p2() != 0) {
            return VirtualCard.sw(StatusWord.INCORRECT_P1_P2);
        }
        if (c.dataLength() != 16) {
            return VirtualCard.sw(StatusWord.WRONG_LENGTH);
        }
        CardKey key = card.currentDf().keyFor(KeyUsage.INTERNAL_AUTHENTICATION);
        if (key == null) {
            return VirtualCard.sw(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        Bytes d = c.dataBytes();
        byte[] answer = SocialSecurityCrypto.response(key.key, d.slice(0, 8), d.slice(8, 16)).toByteArray();
        if (c.ne() == 0) {
            return card.respondViaGetResponse(answer);
        }
        if (c.ne() < answer.length) {
            return VirtualCard.sw(StatusWord.of(0x6C, answer.length));
        }
        return VirtualCard.respond(answer, StatusWord.SUCCESS);
    }
}
