package io.yikatong.card.pcsc;

import io.yikatong.testkit.card.FaultyCardTransport;
import io.yikatong.testkit.card.VpcdCardBridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CardTransport;
import io.yikatong.card.purse.PsamPurseModule;
import io.yikatong.card.purse.PurchaseResult;
import io.yikatong.card.purse.PurseTerminal;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualPurseCard;
import io.yikatong.testkit.card.VirtualPursePsam;
import io.yikatong.core.Money;
import io.yikatong.core.time.ChinaTime;
import io.yikatong.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The electronic purse end to end through the real stack: PurseTerminal -> jnasmartcardio -> pcscd -> vpcd ->
 * VpcdCardBridge -> virtual purse card (slot 0), with the virtual purse PSAM behind PsamPurseModule in slot 1. Skipped
 * without the stack, failed without it when CI=true (see {@link PcscStack}).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PursePcscEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Money START = Money.ofFen(10_000);

    private PcscReaders readers;
    private final List<VpcdCardBridge> bridges = new ArrayList<>();
    private final SettableClock clock = SettableClock.of(Instant.parse("2026-11-23T02:05:06Z"), ChinaTime.ZONE);

    @BeforeEach
    void stack() throws Exception {
        readers = PcscStack.require();
        assertTrue(readers.waitForCard(PcscStack.SLOT0, CardPresence.ABSENT, WAIT), "slot 0 still has a card");
        assertTrue(readers.waitForCard(PcscStack.SLOT1, CardPresence.ABSENT, WAIT), "slot 1 still has a card");
    }

    @AfterEach
    void removeCards() throws Exception {
        for (VpcdCardBridge bridge : bridges) {
            bridge.close();
        }
        if (readers != null) {
            readers.waitForCard(PcscStack.SLOT0, CardPresence.ABSENT, WAIT);
            readers.waitForCard(PcscStack.SLOT1, CardPresence.ABSENT, WAIT);
        }
    }

    private VpcdCardBridge insert(CardTransport card, int port, String reader) throws Exception {
        VpcdCardBridge bridge = VpcdCardBridge.start(card, port);
        bridges.add(bridge);
        assertTrue(bridge.awaitConnected(WAIT.toMillis()), "bridge did not connect to vpcd on port " + port);
        assertTrue(readers.waitForCard(reader, CardPresence.PRESENT, WAIT), "pcscd did not see the card in " + reader);
        return bridge;
    }

    private void pull(VpcdCardBridge bridge, String reader) throws Exception {
        bridge.close(); // 拔卡
        bridges.remove(bridge);
        assertTrue(readers.waitForCard(reader, CardPresence.ABSENT, WAIT), "pcscd still sees a card in " + reader);
    }

    private static VirtualPurseCard purse(long seed) {
        return VirtualPurseCard.builder().balance(START).random(new SplittableRandom(seed)).build();
    }

    @Test
    void balanceAndPurchaseThroughPcscdDebitOnceWithTheExpectedApdus() throws Exception {
        VirtualPurseCard purse = purse(11);
        VpcdCardBridge cardBridge = insert(new VirtualCardTransport(purse.card()), VpcdCardBridge.DEFAULT_PORT,
                PcscStack.SLOT0);
        VpcdCardBridge samBridge = insert(new VirtualCardTransport(VirtualPursePsam.builder().build().card()),
                VpcdCardBridge.SECOND_SLOT_PORT, PcscStack.SLOT1);
        try (PsamPurseModule sam = PsamPurseModule.open(readers.connect(PcscStack.SLOT1));
                CardSession card = CardSession.open(readers.connect(PcscStack.SLOT0))) {
            PurseTerminal terminal = PurseTerminal.builder(sam).clock(clock).build();
            long cardBefore = cardBridge.apduCount();
            assertEquals(START, terminal.balance(card));
            assertEquals(2, cardBridge.apduCount() - cardBefore, "SELECT and GET BALANCE");
            assertEquals(2, card.apduCount());

            long c0 = cardBridge.apduCount();
            long s0 = samBridge.apduCount();
            PurchaseResult.Completed done = assertInstanceOf(PurchaseResult.Completed.class,
                    terminal.purchase(card, Money.ofFen(1_234)));
            assertEquals(5, cardBridge.apduCount() - c0, "select, select 0015, read, INITIALIZE, DEBIT");
            assertEquals(3, samBridge.apduCount() - s0, "INIT SAM, GET RESPONSE, CREDIT SAM");
            assertEquals(0, done.cardTsn());
            assertEquals(Money.ofFen(1_234), done.amount());
            assertEquals(START, done.purchase().balanceBefore());
            assertEquals(Money.ofFen(10_000 - 1_234), done.balanceAfter());
            assertEquals(Money.ofFen(10_000 - 1_234), terminal.balance(card), "the card's own answer, through pcscd");
        }
        pull(cardBridge, PcscStack.SLOT0); // joins the bridge thread: the card's state is visible here
        assertEquals(Money.ofFen(10_000 - 1_234), purse.balance());
        assertEquals(1, purse.transactionSerial());
    }

    @Test
    void cardPulledRightAfterDebitIsUnknownAndRecoversAsCompletedAfterReinsertion() throws Exception {
        VirtualPurseCard purse = purse(12);
        FaultyCardTransport pulling = FaultyCardTransport.wrap(new VirtualCardTransport(purse.card()))
                .removeCardAfter(FaultyCardTransport.command(0x80, 0x54), true); // the card debits, the answer is lost
        VpcdCardBridge cardBridge = insert(pulling, VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0);
        insert(new VirtualCardTransport(VirtualPursePsam.builder().build().card()), VpcdCardBridge.SECOND_SLOT_PORT,
                PcscStack.SLOT1);
        try (PsamPurseModule sam = PsamPurseModule.open(readers.connect(PcscStack.SLOT1))) {
            PurseTerminal terminal = PurseTerminal.builder(sam).clock(clock).build();
            CardSession card = CardSession.open(readers.connect(PcscStack.SLOT0));
            PurchaseResult.Unknown unknown = assertInstanceOf(PurchaseResult.Unknown.class,
                    terminal.purchase(card, Money.ofFen(2_500)));
            assertEquals(1, pulling.matches(0), "the card processed DEBIT once");
            assertEquals(0, unknown.request().cardTsn());
            assertEquals(Money.ofFen(2_500), unknown.request().amount());
            assertEquals(START, unknown.request().balanceBefore());
            try {
                card.close();
            } catch (CardLinkException e) {
                assertTrue(e.errorCode() == CardErrorCode.CARD_REMOVED || e.errorCode() == CardErrorCode.NO_CARD,
                        e::toString);
            }
            pull(cardBridge, PcscStack.SLOT0);
            assertEquals(Money.ofFen(7_500), purse.balance(), "the card did debit before it was pulled");

            // 插卡: the same card again (power-on reset), recovered through the stack
            VpcdCardBridge again = insert(new VirtualCardTransport(purse.card()), VpcdCardBridge.DEFAULT_PORT,
                    PcscStack.SLOT0);
            try (CardSession s = CardSession.open(connectWhenReady())) {
                long before = again.apduCount();
                PurchaseResult.Completed done = assertInstanceOf(PurchaseResult.Completed.class,
                        terminal.recover(s, unknown));
                assertEquals(4, again.apduCount() - before, "select, select 0015, read, GET TRANSACTION PROOF");
                assertEquals(0, done.cardTsn());
                assertEquals(Money.ofFen(2_500), done.amount());
                assertEquals(Money.ofFen(7_500), done.balanceAfter());
                assertEquals(Money.ofFen(7_500), terminal.balance(s));
                // recovering again debits nothing more
                assertInstanceOf(PurchaseResult.Completed.class, terminal.recover(s, unknown));
                assertEquals(Money.ofFen(7_500), terminal.balance(s));
            }
            pull(again, PcscStack.SLOT0);
            assertEquals(Money.ofFen(7_500), purse.balance(), "debited exactly once");
            assertEquals(1, purse.transactionSerial());
        }
    }

    /** After a removal pcscd may report the old card for one poll: retry briefly. */
    private PcscCardTransport connectWhenReady() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                PcscCardTransport t = readers.connect(PcscStack.SLOT0);
                t.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00, 0x02, 0x3F, 0x00});
                return t;
            } catch (CardLinkException e) {
                if (System.nanoTime() > deadline || e.errorCode() == CardErrorCode.READER_UNAVAILABLE) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * The card side of slot 0: forwards to the virtual purse card; once the card has processed DEBIT FOR PURCHASE
     * ({@code 8054}), its answer is lost as if the card were pulled at that instant (the bridge drops the vpcd
     * connection; pcscd reports the card removed). Called on the bridge's thread only.
     */
}
