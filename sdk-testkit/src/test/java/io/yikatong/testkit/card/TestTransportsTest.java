package io.yikatong.testkit.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.core.codec.Hex;
import org.junit.jupiter.api.Test;

class TestTransportsTest {

    private static final byte[] SELECT = Hex.parse("00a4000002ef05", "c");
    private static final byte[] DEBIT = Hex.parse("805401000f", "c");

    @Test
    void scriptedTransportReplaysAndFailsLoudlyOnAnythingElse() throws Exception {
        ScriptedCardTransport card = new ScriptedCardTransport()
                .expect("00A4 0000 02 EF05", "9000")
                .expectFailure("00b0950000", new CardLinkException(CardErrorCode.CARD_REMOVED, "gone", null));
        assertArrayEquals(new byte[] {(byte) 0x90, 0}, card.transmit(SELECT));
        CardLinkException e = assertThrows(CardLinkException.class,
                () -> card.transmit(Hex.parse("00b0950000", "c")));
        assertEquals(CardErrorCode.CARD_REMOVED, e.errorCode());
        card.assertConsumed();
        AssertionError extra = assertThrows(AssertionError.class, () -> card.transmit(SELECT));
        assertTrue(extra.getMessage().contains("#3"), extra.getMessage());

        ScriptedCardTransport wrong = new ScriptedCardTransport().expect("00a4000002ef06", "9000");
        AssertionError mismatch = assertThrows(AssertionError.class, () -> wrong.transmit(SELECT));
        assertTrue(mismatch.getMessage().contains("00a4000002ef06"), mismatch.getMessage());
        assertThrows(AssertionError.class, new ScriptedCardTransport().expect("00", "9000")::assertConsumed);
    }

    @Test
    void removeCardAfterDeliversTheCommandThenLosesTheAnswer() throws Exception {
        ScriptedCardTransport inner = new ScriptedCardTransport().expect("00a4000002ef05", "9000")
                .expect("805401000f", "1122334455669000");
        FaultyCardTransport card = FaultyCardTransport.wrap(inner)
                .removeCardAfter(FaultyCardTransport.command(0x80, 0x54), true);
        card.transmit(SELECT);
        CardLinkException e = assertThrows(CardLinkException.class, () -> card.transmit(DEBIT));
        assertEquals(CardErrorCode.CARD_REMOVED, e.errorCode());
        inner.assertConsumed(); // the card executed the DEBIT
        assertTrue(card.isCardRemoved());
        assertThrows(CardLinkException.class, () -> card.transmit(SELECT));
        assertEquals(1, card.matches(0));
    }

    @Test
    void removeCardBeforeTheCommandNeverReachesTheCard() throws Exception {
        ScriptedCardTransport inner = new ScriptedCardTransport().expect("00a4000002ef05", "9000");
        FaultyCardTransport card = FaultyCardTransport.wrap(inner)
                .removeCardAfter(FaultyCardTransport.commandStartingWith("8054"), false);
        card.transmit(SELECT);
        assertThrows(CardLinkException.class, () -> card.transmit(DEBIT));
        inner.assertConsumed();
        card.insertCard();
        assertFalse(card.isCardRemoved());
    }

    @Test
    void countsTamperingAnswersAndLinkFailures() throws Exception {
        ScriptedCardTransport inner = new ScriptedCardTransport().expect("00a4000002ef05", "9000")
                .expect("00a4000002ef05", "01029000").expect("00a4000002ef05", "9000");
        FaultyCardTransport card = FaultyCardTransport.wrap(inner)
                .answerInstead(FaultyCardTransport.command(0x00, 0xA4), "6581", 2)
                .tamperResponse(FaultyCardTransport.command(0x00, 0xA4), r -> {
                    r[0] ^= 1;
                    return r;
                });
        assertArrayEquals(new byte[] {(byte) 0x91, 0}, card.transmit(SELECT), "first: tampered");
        assertArrayEquals(new byte[] {0x65, (byte) 0x81}, card.transmit(SELECT), "second: answered instead");
        assertArrayEquals(new byte[] {0x00, 0x02, (byte) 0x90, 0}, card.transmit(SELECT), "third: tampered");
        card.failLink(CardErrorCode.READER_UNAVAILABLE);
        CardLinkException e = assertThrows(CardLinkException.class, () -> card.transmit(SELECT));
        assertEquals(CardErrorCode.READER_UNAVAILABLE, e.errorCode());
        card.restoreLink();
        card.transmit(SELECT);
        inner.assertConsumed();
        assertEquals(5, card.commandsSent());
    }

    @Test
    void removeCardAfterCommandsAnswersExactlyThatMany() throws Exception {
        ScriptedCardTransport inner = new ScriptedCardTransport().expect("00a4000002ef05", "9000")
                .expect("00a4000002ef05", "9000");
        FaultyCardTransport card = FaultyCardTransport.wrap(inner).removeCardAfterCommands(2);
        card.transmit(SELECT);
        card.transmit(SELECT);
        assertThrows(CardLinkException.class, () -> card.transmit(SELECT));
        inner.assertConsumed();
    }
}
