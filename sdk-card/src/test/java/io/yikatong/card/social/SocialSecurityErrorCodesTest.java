package io.yikatong.card.social;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.StatusWord;
import io.yikatong.card.social.internal.SsseRecords;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The §3.6 reader-interface codes, and the request/answer pipe strings' input checks. */
class SocialSecurityErrorCodesTest {

    private static final CommandApdu READ = CommandApdu.withNe(0, 0xB2, 1, 0, 0x12);

    @Test
    void mapsEveryExceptionKind() {
        assertEquals(-21, SocialSecurityErrorCodes.of(new CardNotGenuineException()));
        for (SocialSecurityAuthenticatorException.Reason r : SocialSecurityAuthenticatorException.Reason.values()) {
            assertEquals(r.readerCode(), SocialSecurityErrorCodes.of(new SocialSecurityAuthenticatorException(r, "x")));
        }
        assertEquals(-2201, SocialSecurityAuthenticatorException.Reason.NO_AUTHENTICATOR.readerCode());
        assertEquals(-2204, SocialSecurityAuthenticatorException.Reason.NOT_NEEDED.readerCode());
        // −(SW1SW2), as in the JSP error table: 6A83 -> −27267, 6700 -> −26368, 9302 -> −37634
        assertEquals(-27267, SocialSecurityErrorCodes.of(new CardRefusedException(READ, StatusWord.RECORD_NOT_FOUND, "r")));
        assertEquals(-26368, SocialSecurityErrorCodes.of(new CardRefusedException(READ, StatusWord.WRONG_LENGTH, "r")));
        assertEquals(-37634, SocialSecurityErrorCodes.of(new CardRefusedException(READ, StatusWord.MAC_INVALID, "r")));
        assertEquals(-2, SocialSecurityErrorCodes.of(new CardLinkException(CardErrorCode.NO_CARD, "x", null)));
        assertEquals(-2, SocialSecurityErrorCodes.of(new CardLinkException(CardErrorCode.CARD_REMOVED, "x", null)));
        assertEquals(-11, SocialSecurityErrorCodes.of(new CardLinkException(CardErrorCode.READER_UNAVAILABLE, "x", null)));
        assertEquals(-4, SocialSecurityErrorCodes.of(new CardLinkException(CardErrorCode.LINK_FAILED, "x", null)));
        assertEquals(-20, SocialSecurityErrorCodes.of(new MalformedCardResponseException(SsseRecords.EF05, 1, 2, "x", null)));
        assertEquals(-1, SocialSecurityErrorCodes.of(new MalformedCardResponseException(SsseRecords.EF06, 9, 2, "x", null)));
        assertEquals(-23, SocialSecurityErrorCodes.of(new InvalidInputException("f", "x")));
        assertEquals(-1, SocialSecurityErrorCodes.of(new IllegalStateException("x")));
    }

    @Test
    void pipeStringsAreChecked() {
        String ok = "110100|00|03|110100D156000005594B545353430001|0102030405060708|1112131415161718|||T1|";
        SocialSecurityAuthRequest r = SocialSecurityAuthRequest.parse(ok);
        assertEquals(ok, r.toPipeString());
        assertEquals("pipe", assertThrows(InvalidInputException.class,
                () -> SocialSecurityAuthRequest.parse(ok.substring(0, ok.length() - 1))).field());
        assertEquals("regionCode", assertThrows(InvalidInputException.class,
                () -> SocialSecurityAuthRequest.parse("11010X" + ok.substring(6))).field());
        assertEquals("internalSource", assertThrows(InvalidInputException.class,
                () -> SocialSecurityAuthRequest.parse(ok.replace("1112131415161718", "11121314"))).field());
        assertEquals("externalSource", assertThrows(InvalidInputException.class,
                () -> SocialSecurityAuthRequest.parse(ok.replace("|||T1", "|0102030405060708||T1"))).field());
        assertEquals("algorithmId", assertThrows(InvalidInputException.class,
                () -> SocialSecurityAuthRequest.parse(ok.replace("|03|", "|3|"))).field());
        assertEquals("internalAuthenticationResult", assertThrows(InvalidInputException.class,
                () -> SocialSecurityAuthResponse.parse("0102|0102030405060708|")).field());
        assertEquals("externalCryptogram", assertThrows(InvalidInputException.class,
                () -> SocialSecurityAuthResponse.parse("0102030405060708|0G|")).field());
        assertEquals("pipe", assertThrows(InvalidInputException.class,
                () -> SocialSecurityAuthResponse.parse("0102030405060708")).field());
        assertEquals(Bytes.empty(), SocialSecurityAuthResponse.parse("0102030405060708||").externalCryptogram());
    }
}
