package io.yikatong.card.purse;

import io.yikatong.testkit.card.FaultyCardTransport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.CardSession;
import io.yikatong.card.StatusWord;
import io.yikatong.card.purse.internal.PurseCrypto;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualPurseCard;
import io.yikatong.testkit.card.VirtualPursePsam;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.time.ChinaTime;
import io.yikatong.testkit.SettableClock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The purse purchase end to end: {@link PurseTerminal} on a {@link VirtualPurseCard} with a {@link PsamPurseModule}
 * on a {@link VirtualPursePsam} (health-card-spec §4.1), including lost answers and their recovery.
 */
class PurseTerminalTest {

    private static final Money START = Money.ofFen(10_000);

    private final VirtualPurseCard purse = VirtualPurseCard.builder().balance(START).random(new SplittableRandom(7))
            .build();
    private final VirtualPursePsam psam = VirtualPursePsam.builder().build();
    private final SettableClock clock = SettableClock.of(Instant.parse("2025-03-04T02:05:06Z"), ChinaTime.ZONE);
    private final PsamPurseModule sam = open(psam);
    private final PurseTerminal terminal = PurseTerminal.builder(sam).clock(clock).build();

    private static PsamPurseModule open(VirtualPursePsam p) {
        try {
            return PsamPurseModule.open(new VirtualCardTransport(p.card()));
        } catch (CardException e) {
            throw new AssertionError(e);
        }
    }

    private static CardSession insert(VirtualPurseCard card) {
        return CardSession.open(new VirtualCardTransport(card.card()));
    }

    @Test
    void balanceIsReadWithTwoApdus() throws Exception {
        CardSession card = insert(purse);
        assertEquals(START, terminal.balance(card));
        assertEquals(2, card.apduCount());
    }

    @Test
    void purchaseDebitsOnceWithFiveCardApdusAndThreePsamApdus() throws Exception {
        CardSession card = insert(purse);
        long psamBefore = psam.card().commandCount();
        PurchaseResult r = terminal.purchase(card, Money.ofFen(1_234));
        assertEquals(5, card.apduCount());
        assertEquals(3, psam.card().commandCount() - psamBefore);

        PurchaseResult.Completed c = assertInstanceOf(PurchaseResult.Completed.class, r);
        assertEquals(0, c.cardTsn());
        assertEquals(1, c.terminalTsn());
        assertEquals(Money.ofFen(1_234), c.amount());
        assertEquals(START, c.purchase().balanceBefore());
        assertEquals(Money.ofFen(10_000 - 1_234), c.balanceAfter());
        assertEquals(Money.ofFen(10_000 - 1_234), purse.balance());
        assertEquals(1, purse.transactionSerial());
        assertEquals(purse.applicationSerial(), c.purchase().transaction().applicationSerial());
        // the TAC the issuer's back end recomputes from the card's TAC key and the purchase data
        Sm4Key tacKey = PurseCrypto.cardKey(InsecureSoftwarePurseModule.developmentTacMasterKey(),
                purse.applicationSerial());
        assertEquals(Bytes.copyOf(PurseCrypto.tac(tacKey, 1_234, InsecureSoftwarePurseModule.DEVELOPMENT_TERMINAL, 1,
                java.time.LocalDateTime.of(2025, 3, 4, 10, 5, 6))), c.tac());
        assertEquals(Money.ofFen(10_000 - 1_234), terminal.balance(card));

        // the card's transaction log (EF0018, record 1 = newest): TSN, overdraft, amount, type, terminal, date, time
        card.send(io.yikatong.card.CommandApdu.of(0x00, 0xA4, 0x00, 0x00, new byte[] {0x00, 0x18}), "select log");
        byte[] log = card.send(io.yikatong.card.CommandApdu.withNe(0x00, 0xB2, 0x01, 0x04, 23), "read log");
        assertEquals("0000" + "000000" + "000004d2" + "06" + "000000000001" + "20250304" + "100506", Hex.encode(log));

        PurchaseResult.Completed second = assertInstanceOf(PurchaseResult.Completed.class,
                terminal.purchase(card, Money.ofFen(766)));
        assertEquals(1, second.cardTsn());
        assertEquals(2, second.terminalTsn());
        assertEquals(Money.ofFen(8_000), second.balanceAfter());
        assertEquals(Money.ofFen(8_000), purse.balance());
    }

    @Test
    void insufficientBalanceIsDeclinedAndLeavesTheBalance() throws Exception {
        PurchaseResult r = terminal.purchase(insert(purse), Money.ofFen(10_001));
        PurchaseResult.Declined d = assertInstanceOf(PurchaseResult.Declined.class, r);
        assertEquals(StatusWord.INSUFFICIENT_BALANCE, d.statusWord());
        assertTrue(d.insufficientBalance());
        assertEquals(START, purse.balance());
        assertEquals(0, purse.transactionSerial());
        // the whole balance can be spent
        assertInstanceOf(PurchaseResult.Completed.class, terminal.purchase(insert(purse), START));
        assertEquals(Money.ZERO, purse.balance());
    }

    @Test
    void psamWithTheWrongMasterKeyGetsMac1RefusedAndNothingIsDebited() throws Exception {
        VirtualPursePsam wrong = VirtualPursePsam.builder()
                .masterPurchaseKey(Sm4Key.of(new byte[16]), 1, 4).build();
        PurseTerminal t = PurseTerminal.builder(open(wrong)).clock(clock).build();
        PurchaseResult.Declined d = assertInstanceOf(PurchaseResult.Declined.class,
                t.purchase(insert(purse), Money.ofFen(100)));
        assertEquals(StatusWord.MAC_INVALID, d.statusWord());
        assertEquals(START, purse.balance());
        assertEquals(0, purse.transactionSerial());
    }

    @Test
    void recorderSeesTheProofRequestBeforeDebitAndCanStopThePurchase() throws Exception {
        List<PurchaseProofRequest> seen = new java.util.ArrayList<>();
        PurchaseResult r = terminal.purchase(insert(purse), Money.ofFen(300), req -> {
            assertEquals(START, purse.balance(), "recorded before the card debited");
            seen.add(req);
        });
        PurchaseResult.Completed c = assertInstanceOf(PurchaseResult.Completed.class, r);
        assertEquals(1, seen.size());
        assertEquals(c.purchase(), seen.get(0));

        // a recorder that cannot store the request stops the purchase before DEBIT: nothing is taken
        Money before = purse.balance();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> terminal.purchase(insert(purse), Money.ofFen(300), req -> {
                    throw new IllegalStateException("disk full");
                }));
        assertEquals("disk full", e.getMessage());
        assertEquals(before, purse.balance());
        assertEquals(1, purse.transactionSerial());
        assertEquals(purse.applicationSerial(), terminal.applicationSerial(insert(purse)));
    }

    @Test
    void linkDroppedAfterTheCardDebitedIsUnknownThenRecoveredAsCompletedOnce() throws Exception {
        FaultyCardTransport link = dropping(new VirtualCardTransport(purse.card()), true);
        PurchaseResult r = terminal.purchase(CardSession.open(link), Money.ofFen(2_500));
        PurchaseResult.Unknown u = assertInstanceOf(PurchaseResult.Unknown.class, r);
        assertEquals(0, u.request().cardTsn());
        assertEquals(1, u.request().terminalTsn());
        assertEquals(Money.ofFen(2_500), u.request().amount());
        assertEquals(Money.ofFen(7_500), purse.balance()); // the card did debit

        CardSession again = insert(purse); // re-inserted: power-on
        PurchaseResult.Completed c = assertInstanceOf(PurchaseResult.Completed.class, terminal.recover(again, u));
        assertEquals(0, c.cardTsn());
        assertEquals(1, c.terminalTsn());
        assertEquals(Money.ofFen(7_500), c.balanceAfter());
        assertEquals(Money.ofFen(7_500), terminal.balance(again));
        assertEquals(1, purse.transactionSerial());
        // recovering twice gives the same answer and debits nothing more
        assertInstanceOf(PurchaseResult.Completed.class, terminal.recover(insert(purse), u));
        assertEquals(Money.ofFen(7_500), purse.balance());
    }

    @Test
    void linkDroppedBeforeTheCardProcessedDebitIsRecoveredAsNotDebited() throws Exception {
        FaultyCardTransport link = dropping(new VirtualCardTransport(purse.card()), false);
        PurchaseResult.Unknown u = assertInstanceOf(PurchaseResult.Unknown.class,
                terminal.purchase(CardSession.open(link), Money.ofFen(2_500)));
        assertEquals(START, purse.balance());

        PurchaseResult.NotDebited n = assertInstanceOf(PurchaseResult.NotDebited.class,
                terminal.recover(insert(purse), u));
        assertEquals(u.request(), n.request());
        assertEquals(START, purse.balance());
        assertEquals(0, purse.transactionSerial());
    }

    @Test
    void recoveryWorksAfterThePsamAuthorisedAnotherPurchase() throws Exception {
        FaultyCardTransport link = dropping(new VirtualCardTransport(purse.card()), true);
        PurchaseResult.Unknown u = assertInstanceOf(PurchaseResult.Unknown.class,
                terminal.purchase(CardSession.open(link), Money.ofFen(300)));
        VirtualPurseCard other = VirtualPurseCard.builder().applicationSerial(Bytes.fromHex("0000000000000002"))
                .balance(Money.ofFen(500)).random(new SplittableRandom(8)).build();
        assertInstanceOf(PurchaseResult.Completed.class, terminal.purchase(insert(other), Money.ofFen(200)));

        PurchaseResult.Completed c = assertInstanceOf(PurchaseResult.Completed.class,
                terminal.recover(insert(purse), u));
        assertEquals(Money.ofFen(9_700), c.balanceAfter());
        List<Bytes> psamLog = psam.card().recentCommands();
        assertEquals("80720100", psamLog.get(psamLog.size() - 1).toHex().substring(0, 8));
        // a restarted PSAM module (PSAM power-cycled) verifies it too
        PurseTerminal restarted = PurseTerminal.builder(open(psam)).clock(clock).build();
        assertInstanceOf(PurchaseResult.Completed.class, restarted.recover(insert(purse), u));
    }

    @Test
    void recoveryWithAnotherCardIsRefused() throws Exception {
        PurchaseResult.Unknown u = assertInstanceOf(PurchaseResult.Unknown.class, terminal.purchase(
                CardSession.open(dropping(new VirtualCardTransport(purse.card()), true)),
                Money.ofFen(1)));
        VirtualPurseCard other = VirtualPurseCard.builder().applicationSerial(Bytes.fromHex("0000000000000002"))
                .build();
        assertThrows(PurseCardMismatchException.class, () -> terminal.recover(insert(other), u));
    }

    @Test
    void tamperedMac2IsNotAuthenticAndNeverPaid() throws Exception {
        FaultyCardTransport link = tampering(new VirtualCardTransport(purse.card()), 0x54, r -> {
            r[7] ^= 0x01; // last MAC2 byte (response: TAC 4, MAC2 4, SW)
            return r;
        });
        CardAnswerNotAuthenticException e = assertThrows(CardAnswerNotAuthenticException.class,
                () -> terminal.purchase(CardSession.open(link), Money.ofFen(1_000)));
        PurchaseProofRequest request = e.request().orElseThrow();
        assertEquals(0, request.cardTsn());
        assertEquals(CardErrorCode.MALFORMED_RESPONSE, e.errorCode());
        // the genuine card did debit; its own proof, asked for again, verifies
        PurchaseResult.Completed c = assertInstanceOf(PurchaseResult.Completed.class,
                terminal.recover(insert(purse), new PurchaseResult.Unknown(request)));
        assertEquals(Money.ofFen(9_000), c.balanceAfter());
    }

    @Test
    void debitAnsweredWithAnAmbiguousStatusIsUnknown() throws Exception {
        FaultyCardTransport link = tampering(new VirtualCardTransport(purse.card()), 0x54,
                r -> new byte[] {0x65, (byte) 0x81}); // memory failure: did the card write?
        PurchaseResult.Unknown u = assertInstanceOf(PurchaseResult.Unknown.class,
                terminal.purchase(CardSession.open(link), Money.ofFen(50)));
        assertInstanceOf(PurchaseResult.Completed.class, terminal.recover(insert(purse), u));
        assertEquals(Money.ofFen(9_950), purse.balance());
    }

    @Test
    void tamperedProofIsNotAuthentic() throws Exception {
        PurchaseResult.Unknown u = assertInstanceOf(PurchaseResult.Unknown.class, terminal.purchase(
                CardSession.open(dropping(new VirtualCardTransport(purse.card()), true)),
                Money.ofFen(10)));
        FaultyCardTransport link = tampering(new VirtualCardTransport(purse.card()), 0x5A, r -> {
            r[0] ^= (byte) 0x80; // first MAC2 byte (proof response: MAC2 4, TAC 4, SW)
            return r;
        });
        assertThrows(CardAnswerNotAuthenticException.class, () -> terminal.recover(CardSession.open(link), u));
    }

    @Test
    void psamLinkLostWhileCheckingMac2IsUnknownAndRecoverable() throws Exception {
        FaultyCardTransport samLink = dropping(new VirtualCardTransport(psam.card()), 0x72, false);
        PurseTerminal t = PurseTerminal.builder(PsamPurseModule.open(samLink)).clock(clock).build();
        PurchaseResult.Unknown u = assertInstanceOf(PurchaseResult.Unknown.class,
                t.purchase(insert(purse), Money.ofFen(400)));
        assertEquals(Money.ofFen(9_600), purse.balance());
        PurseTerminal fresh = PurseTerminal.builder(open(psam)).clock(clock).build();
        assertInstanceOf(PurchaseResult.Completed.class, fresh.recover(insert(purse), u));
    }

    @Test
    void psamUnreachableBeforeDebitIsAnExceptionAndNothingIsDebited() throws Exception {
        FaultyCardTransport samLink = dropping(new VirtualCardTransport(psam.card()), 0x70, false);
        PurseTerminal t = PurseTerminal.builder(PsamPurseModule.open(samLink)).clock(clock).build();
        CardLinkException e = assertThrows(CardLinkException.class, () -> t.purchase(insert(purse), Money.ofFen(1)));
        assertEquals(CardErrorCode.CARD_REMOVED, e.errorCode());
        assertEquals(START, purse.balance());
    }

    @Test
    void psamRefusingTheKeyVersionIsAnException() throws Exception {
        VirtualPursePsam v2 = VirtualPursePsam.builder()
                .masterPurchaseKey(InsecureSoftwarePurseModule.developmentPurchaseMasterKey(), 2, 4).build();
        PurseTerminal t = PurseTerminal.builder(open(v2)).clock(clock).build();
        CardRefusedException e = assertThrows(CardRefusedException.class,
                () -> t.purchase(insert(purse), Money.ofFen(1)));
        assertEquals(StatusWord.REFERENCED_DATA_NOT_FOUND, e.statusWord());
        assertEquals(START, purse.balance());
        // the software module refuses a foreign key version with a typed exception too
        PurseTerminal soft = PurseTerminal.builder(InsecureSoftwarePurseModule.of(
                InsecureSoftwarePurseModule.developmentPurchaseMasterKey(), 2,
                InsecureSoftwarePurseModule.DEVELOPMENT_TERMINAL, 1)).clock(clock).build();
        CardException se = assertThrows(CardException.class, () -> soft.purchase(insert(purse), Money.ofFen(1)));
        assertEquals(CardErrorCode.CARD_REFUSED, se.errorCode());
    }

    @Test
    void unknownKeyIndexIsDeclined() throws Exception {
        PurseTerminal t = PurseTerminal.builder(sam).clock(clock).keyIndex(2).build();
        PurchaseResult.Declined d = assertInstanceOf(PurchaseResult.Declined.class,
                t.purchase(insert(purse), Money.ofFen(1)));
        assertEquals(StatusWord.KEY_INDEX_NOT_SUPPORTED, d.statusWord());
    }

    @Test
    void otherApplicationIsRefused() {
        PurseTerminal t = PurseTerminal.builder(sam).application(Bytes.fromHex("A000000333010101")).build();
        CardRefusedException e = assertThrows(CardRefusedException.class,
                () -> t.purchase(insert(purse), Money.ofFen(1)));
        assertEquals(StatusWord.FILE_NOT_FOUND, e.statusWord());
    }

    @Test
    void amountsOutsideOneFenToTheFieldMaximumAreRejected() {
        CardSession card = insert(purse);
        for (long fen : new long[] {0, -1, PurseCrypto.MAX_AMOUNT + 1, Long.MAX_VALUE}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> terminal.purchase(card, Money.ofFen(fen)));
            assertEquals("amount", e.field());
        }
        assertThrows(InvalidInputException.class, () -> terminal.purchase(card, null));
        assertEquals(0, card.apduCount());
    }

    @Test
    void softwareModuleSendsTheSameBytesAsThePsam() throws Exception {
        VirtualPurseCard twin = VirtualPurseCard.builder().balance(START).random(new SplittableRandom(7)).build();
        PurseTerminal soft = PurseTerminal.builder(InsecureSoftwarePurseModule.development()).clock(clock).build();
        PurchaseResult.Completed a = assertInstanceOf(PurchaseResult.Completed.class,
                terminal.purchase(insert(purse), Money.ofFen(42)));
        PurchaseResult.Completed b = assertInstanceOf(PurchaseResult.Completed.class,
                soft.purchase(insert(twin), Money.ofFen(42)));
        assertEquals(a, b);
        assertEquals(purse.card().recentCommands(), twin.card().recentCommands());
        // and it recovers too
        PurchaseResult.Unknown u = assertInstanceOf(PurchaseResult.Unknown.class, soft.purchase(
                CardSession.open(dropping(new VirtualCardTransport(twin.card()), true)),
                Money.ofFen(8)));
        assertInstanceOf(PurchaseResult.Completed.class, soft.recover(insert(twin), u));
    }

    @Test
    void valuesHideTheApplicationSerial() throws Exception {
        PurchaseResult.Completed c = assertInstanceOf(PurchaseResult.Completed.class,
                terminal.purchase(insert(purse), Money.ofFen(1)));
        String text = c.toString();
        assertTrue(text.contains("applicationSerial=****"), text);
        assertTrue(!text.contains(purse.applicationSerial().toHex()), text);
    }

    /** Forwards to a card; on the first command with INS {@code ins} (CLA 80) it fails, before or after forwarding. */

    /** Forwards to a card and rewrites the response of the command with INS {@code ins} (CLA 80). */

    /** The card (or PSAM) is pulled at the purse command {@code 80 ins}; the command reaches it first if asked. */
    private static FaultyCardTransport dropping(VirtualCardTransport inner, boolean forwardDebitFirst) {
        return dropping(inner, 0x54, forwardDebitFirst);
    }

    private static FaultyCardTransport dropping(VirtualCardTransport inner, int ins, boolean forward) {
        return FaultyCardTransport.wrap(inner).removeCardAfter(FaultyCardTransport.command(0x80, ins), forward);
    }

    /** The answer to {@code 80 ins} is altered on the way; the alteration must change it. */
    private static FaultyCardTransport tampering(VirtualCardTransport inner, int ins, UnaryOperator<byte[]> change) {
        return FaultyCardTransport.wrap(inner).tamperResponse(FaultyCardTransport.command(0x80, ins), r -> {
            byte[] original = r.clone();
            byte[] changed = change.apply(r);
            assertTrue(!Arrays.equals(original, changed));
            return changed;
        });
    }
}
