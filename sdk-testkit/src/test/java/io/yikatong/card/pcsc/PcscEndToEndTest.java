package io.yikatong.card.pcsc;

import io.yikatong.testkit.card.VpcdCardBridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.ResponseApdu;
import io.yikatong.card.StatusWord;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End to end through the real stack: CardSession -> PcscCardTransport (jnasmartcardio) -> libpcsclite -> pcscd ->
 * vpcd -> TCP -> VpcdCardBridge -> TestBackendCard. Needs pcscd with the vpcd driver
 * ({@code bash sdk-testkit/src/test/scripts/pcscd-stack.sh start}); skipped without it, failed without it when CI=true.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a native SCardConnect can block forever
class PcscEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ATR0 = "3b80800101";
    private static final String ATR1 = "3b8180018080";

    private PcscReaders readers;
    private final List<VpcdCardBridge> bridges = new ArrayList<>();

    @BeforeEach
    void stack() throws Exception {
        readers = PcscStack.require();
        // a previous test's card must be gone from both slots
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

    private VpcdCardBridge insert(TestBackendCard card, int port, String reader) throws Exception {
        VpcdCardBridge bridge = VpcdCardBridge.start(card, port);
        bridges.add(bridge);
        assertTrue(bridge.awaitConnected(WAIT.toMillis()), "bridge did not connect to vpcd on port " + port);
        assertTrue(readers.waitForCard(reader, CardPresence.PRESENT, WAIT), "pcscd did not see the card in " + reader);
        return bridge;
    }

    @Test
    void exchangesApdusThroughPcscdAndVpcd() throws Exception {
        TestBackendCard card = new TestBackendCard(ATR0, 3);
        insert(card, VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0);
        String reader = readers.find(Pattern.compile("Virtual PCD 00 00"));
        assertEquals(PcscStack.SLOT0, reader);
        assertTrue(readers.list().contains(new PcscReader(PcscStack.SLOT0, true)), () -> "list: " + safeList());

        try (CardSession session = CardSession.open(readers.connect(reader))) {
            PcscCardTransport transport = (PcscCardTransport) session.transport();
            assertEquals(Bytes.fromHex(ATR0), transport.atr());
            assertEquals(PcscStack.SLOT0, transport.readerName());
            assertTrue(transport.supportsExtendedLength(), "vpcd connects with T=1");

            byte[] select = session.send(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, Bytes.fromHex("a0000002471001")
                    .toByteArray(), 256), "select");
            assertEquals(0, select.length);

            byte[] file = session.readBinary(0, 600, "EF05");
            assertArrayEquals(Arrays.copyOf(TestBackendCard.fileContent(3), 600), file);

            // 61xx: the card answers 612C, GET RESPONSE (00C000002C) fetches the 44 bytes
            ResponseApdu chained = session.transmit(CommandApdu.of(0x00, 0xCA, 0x01, 0x00));
            assertEquals(StatusWord.SUCCESS, chained.statusWord());
            assertArrayEquals(TestBackendCard.dataObject(44), chained.data());
            assertTrue(card.commands().contains("00c000002c"), () -> "no GET RESPONSE reached the card: "
                    + card.commands());

            // 300-byte response in one extended-length answer
            ResponseApdu big = session.transmit(CommandApdu.withNe(0x00, 0xCA, 0x03, 0x00, 65536));
            assertEquals(StatusWord.SUCCESS, big.statusWord());
            assertArrayEquals(TestBackendCard.dataObject(300), big.data());

            // 300-byte response with short Le: 256 bytes + 612C, then GET RESPONSE
            ResponseApdu shortLe = session.transmit(CommandApdu.withNe(0x00, 0xCA, 0x03, 0x00, 256));
            assertEquals(StatusWord.SUCCESS, shortLe.statusWord());
            assertArrayEquals(TestBackendCard.dataObject(300), shortLe.data());

            assertEquals(new StatusWord(0x6D00), session.transmit(CommandApdu.of(0x00, 0x42, 0, 0)).statusWord());
        }
    }

    @Test
    void twoHundredApdusTakeFarLessThanTheDelayedAckStall() throws Exception {
        assertTrue(VpcdCardBridge.quickAckSupported(), "TCP_QUICKACK must be available on Linux");
        TestBackendCard card = new TestBackendCard(ATR0, 5);
        VpcdCardBridge bridge = insert(card, VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0);
        try (CardSession session = CardSession.open(readers.connect(PcscStack.SLOT0))) {
            CommandApdu read = CommandApdu.withNe(0x00, 0xB0, 0x00, 0x10, 16);
            byte[] expected = Arrays.copyOfRange(TestBackendCard.fileContent(5), 16, 32);
            for (int i = 0; i < 50; i++) { // warm-up
                session.send(read, "warm-up");
            }
            long before = bridge.apduCount();
            long[] nanos = new long[200];
            long start = System.nanoTime();
            for (int i = 0; i < nanos.length; i++) {
                long t = System.nanoTime();
                assertArrayEquals(expected, session.send(read, "EF05"));
                nanos[i] = System.nanoTime() - t;
            }
            long total = System.nanoTime() - start;
            assertEquals(200, bridge.apduCount() - before, "every APDU went through vpcd and the bridge");
            Arrays.sort(nanos);
            double meanMs = total / 200 / 1e6;
            System.out.printf("PC/SC round trip over pcscd+vpcd: mean %.3f ms, median %.3f ms, p90 %.3f ms, max %.3f ms%n",
                    meanMs, nanos[100] / 1e6, nanos[180] / 1e6, nanos[199] / 1e6);
            // without TCP_QUICKACK every APDU costs about 44 ms; with it, well under 1 ms on this machine
            assertTrue(meanMs < 10.0, "mean APDU round trip " + meanMs + " ms: the 44 ms delayed-ACK stall is back?");
        }
    }

    @Test
    void cardRemovedMidSessionThenReinserted() throws Exception {
        TestBackendCard card = new TestBackendCard(ATR0, 7);
        VpcdCardBridge bridge = insert(card, VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0);
        CardSession session = CardSession.open(readers.connect(PcscStack.SLOT0));
        session.send(CommandApdu.of(0x00, 0xA4, 0x00, 0x00, new byte[] {0x3F, 0x00}), "select MF");

        bridge.close(); // 拔卡
        CardLinkException removed = assertThrows(CardLinkException.class,
                () -> session.send(CommandApdu.withNe(0x00, 0xB0, 0, 0, 16), "EF05"));
        assertTrue(Set.of(CardErrorCode.CARD_REMOVED, CardErrorCode.NO_CARD).contains(removed.errorCode()),
                () -> "unexpected code " + removed.errorCode() + ": " + removed);
        assertNotNull(removed.getCause(), "the provider's exception is kept");
        System.out.println("card removed mid-session surfaced as " + removed.errorCode() + " caused by " + removed.getCause());
        // every later command on the dead handle fails the same way, never with a stale answer
        CardLinkException again = assertThrows(CardLinkException.class,
                () -> session.send(CommandApdu.withNe(0x00, 0xB0, 0, 0, 16), "EF05"));
        assertTrue(Set.of(CardErrorCode.CARD_REMOVED, CardErrorCode.NO_CARD).contains(again.errorCode()),
                () -> "unexpected code " + again.errorCode());
        session.close(); // releasing a removed card is not an error
        session.close();

        assertTrue(readers.waitForCard(PcscStack.SLOT0, CardPresence.ABSENT, WAIT), "pcscd did not see the removal");
        CardLinkException noCard = assertThrows(CardLinkException.class, () -> readers.connect(PcscStack.SLOT0));
        assertEquals(CardErrorCode.NO_CARD, noCard.errorCode(), () -> noCard.toString());

        TestBackendCard second = new TestBackendCard(ATR1, 9); // 插卡 again
        insert(second, VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0);
        try (CardSession reconnected = CardSession.open(readers.connect(PcscStack.SLOT0))) {
            assertEquals(Bytes.fromHex(ATR1), reconnected.transport().atr());
            assertArrayEquals(Arrays.copyOf(TestBackendCard.fileContent(9), 100),
                    reconnected.readBinary(0, 100, "EF05"));
        }
    }

    @Test
    void cardDyingMidCommandIsCardRemovedNotAnEmptyAnswer() throws Exception {
        TestBackendCard card = new TestBackendCard(ATR0, 15);
        VpcdCardBridge bridge = insert(card, VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0);
        try (CardSession session = CardSession.open(readers.connect(PcscStack.SLOT0))) {
            session.send(CommandApdu.of(0x00, 0xA4, 0x00, 0x00, new byte[] {0x3F, 0x00}), "select MF");
            // the bridge drops vpcd's connection in the middle of this command: vpcd answers pcscd with 0 bytes
            CardLinkException dead = assertThrows(CardLinkException.class,
                    () -> session.transmit(CommandApdu.withNe(0x80, 0xEE, 0, 0, 16)));
            System.out.println("card dying mid-command surfaced as " + dead.errorCode() + ": " + dead.getMessage());
            assertEquals(CardErrorCode.CARD_REMOVED, dead.errorCode(), () -> dead.toString());
        }
        // pull the card for good, then insert a fresh one: a new connection works
        bridge.close();
        assertTrue(readers.waitForCard(PcscStack.SLOT0, CardPresence.ABSENT, WAIT), "pcscd did not see the removal");
        insert(new TestBackendCard(ATR1, 17), VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0);
        try (CardSession session = connectWhenReady(PcscStack.SLOT0)) {
            assertArrayEquals(Arrays.copyOf(TestBackendCard.fileContent(17), 32), session.readBinary(0, 32, "EF05"));
        }
    }

    /** After a removal pcscd may still report the old card for one poll (400 ms): retry NO_CARD/CARD_REMOVED briefly. */
    private CardSession connectWhenReady(String reader) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                CardSession session = CardSession.open(readers.connect(reader));
                session.send(CommandApdu.of(0x00, 0xA4, 0x00, 0x00, new byte[] {0x3F, 0x00}), "select MF");
                return session;
            } catch (CardLinkException e) {
                if (System.nanoTime() > deadline || e.errorCode() == CardErrorCode.READER_UNAVAILABLE) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void twoReadersAtOnce() throws Exception {
        TestBackendCard first = new TestBackendCard(ATR0, 11);
        TestBackendCard second = new TestBackendCard(ATR1, 13);
        insert(first, VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0);
        insert(second, VpcdCardBridge.SECOND_SLOT_PORT, PcscStack.SLOT1);
        assertTrue(readers.list().containsAll(List.of(new PcscReader(PcscStack.SLOT0, true),
                new PcscReader(PcscStack.SLOT1, true))), () -> "list: " + safeList());
        try (CardSession a = CardSession.open(readers.connect(readers.find(Pattern.compile("Virtual PCD 00 00"))));
                CardSession b = CardSession.open(readers.connect(readers.find(Pattern.compile(".*PCD 00 01"))))) {
            assertEquals(Bytes.fromHex(ATR0), a.transport().atr());
            assertEquals(Bytes.fromHex(ATR1), b.transport().atr());
            for (int round = 0; round < 10; round++) { // interleaved
                int offset = round * 50;
                assertArrayEquals(Arrays.copyOfRange(TestBackendCard.fileContent(11), offset, offset + 50),
                        a.readBinary(offset, 50, "EF05@0"));
                assertArrayEquals(Arrays.copyOfRange(TestBackendCard.fileContent(13), offset, offset + 50),
                        b.readBinary(offset, 50, "EF05@1"));
            }
        }
        assertFalse(first.commands().isEmpty());
        assertFalse(second.commands().isEmpty());
    }

    @Test
    void readerChosenByNameNeverByIndex() throws Exception {
        CardLinkException none = assertThrows(CardLinkException.class,
                () -> readers.find(Pattern.compile("No Such Reader.*")));
        assertEquals(CardErrorCode.READER_UNAVAILABLE, none.errorCode());
        assertThrows(InvalidInputException.class, () -> readers.find(Pattern.compile("Virtual PCD 00 0[01]")));
        // partial names do not match: the pattern must match the whole name
        assertThrows(CardLinkException.class, () -> readers.find(Pattern.compile("Virtual PCD")));
        CardLinkException unknown = assertThrows(CardLinkException.class, () -> readers.connect("Virtual PCD 00 07"));
        assertEquals(CardErrorCode.READER_UNAVAILABLE, unknown.errorCode());
        CardLinkException empty = assertThrows(CardLinkException.class, () -> readers.connect(PcscStack.SLOT1));
        assertEquals(CardErrorCode.NO_CARD, empty.errorCode(), () -> empty.toString());
        assertFalse(readers.waitForCard(PcscStack.SLOT1, CardPresence.PRESENT, Duration.ofMillis(300)),
                "no card was inserted");
        assertThrows(InvalidInputException.class,
                () -> readers.waitForCard(PcscStack.SLOT1, CardPresence.PRESENT, Duration.ZERO));
    }

    private String safeList() {
        try {
            return readers.list().toString();
        } catch (CardLinkException e) {
            return e.toString();
        }
    }
}
