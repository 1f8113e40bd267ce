package io.yikatong.card.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CardTimeouts;
import io.yikatong.card.health.HealthCard;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.testkit.card.InsecureDevelopmentPki;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.testkit.card.VpcdCardBridge;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Card I/O is bounded through the real stack: a virtual card behind pcscd + vpcd that stops answering (the bridge holds
 * vpcd's message, as a card process stopped with SIGSTOP does) makes a full read end with a TIMEOUT
 * {@link CardLinkException} within the deadline plus a generous margin; the reader works again once the card answers.
 * Skipped without the stack, failed without it when CI=true (see {@link PcscStack}).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PcscTimeoutEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long BOUND_NANOS = Duration.ofSeconds(10).toNanos();

    private PcscReaders readers;
    private VpcdCardBridge bridge;

    @BeforeEach
    void stack() throws Exception {
        PcscStack.require();
        readers = PcscReaders.open(CardTimeouts.of(Duration.ofSeconds(2)));
        assertTrue(readers.waitForCard(PcscStack.SLOT0, CardPresence.ABSENT, WAIT), "slot 0 still has a card");
    }

    @AfterEach
    void removeCard() throws Exception {
        if (bridge != null) {
            bridge.close();
            readers.waitForCard(PcscStack.SLOT0, CardPresence.ABSENT, WAIT);
        }
    }

    private HealthCard readAll() throws Exception {
        try (HealthCardService service = HealthCardService.builder(CardSession.open(readers.connect(PcscStack.SLOT0)))
                .securityModule(InsecureDevelopmentPki.securityModule()).build()) {
            return service.readAll();
        }
    }

    private static List<Thread> workers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("yikatong-card-io-")
                        && t.getName().endsWith(" " + PcscStack.SLOT0))
                .collect(Collectors.toList());
    }

    @Test
    void aFrozenCardTimesOutAndTheReaderWorksAgainAfterItThaws() throws Exception {
        bridge = VpcdCardBridge.start(VirtualHealthCards.transport(VirtualHealthCards.example()),
                VpcdCardBridge.DEFAULT_PORT);
        assertTrue(bridge.awaitConnected(WAIT.toMillis()));
        assertTrue(readers.waitForCard(PcscStack.SLOT0, CardPresence.PRESENT, WAIT));
        assertEquals("张晓虹", readAll().holder().name());

        try (HealthCardService service = HealthCardService.builder(CardSession.open(readers.connect(PcscStack.SLOT0)))
                .securityModule(InsecureDevelopmentPki.securityModule()).build()) {
            bridge.freeze();
            long start = System.nanoTime();
            CardLinkException e = assertThrows(CardLinkException.class, service::readAll);
            long took = System.nanoTime() - start;
            assertEquals(CardErrorCode.TIMEOUT, e.errorCode(), e::toString);
            assertTrue(e.getMessage().contains(PcscStack.SLOT0), e.getMessage());
            assertTrue(took < BOUND_NANOS, "took " + Duration.ofNanos(took));
            assertTrue(bridge.isHoldingMessage(), "the command reached the frozen card");
        }

        // while the card is frozen the reader refuses new sessions promptly, without piling up threads
        int stuck = workers().size();
        assertEquals(1, stuck, "one worker waits in SCardTransmit");
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            CardLinkException busy = assertThrows(CardLinkException.class, () -> readers.connect(PcscStack.SLOT0));
            assertTrue(busy.isTimeout(), busy::toString);
            assertTrue(System.nanoTime() - start < BOUND_NANOS);
        }
        assertEquals(stuck, workers().size());

        // the card answers again: the stuck call returns, the card is reset and released, and the reader works
        bridge.unfreeze();
        for (Thread t : workers()) {
            t.join(WAIT.toMillis());
            assertFalse(t.isAlive(), "worker still stuck: " + t.getName());
        }
        HealthCard card = readAll();
        assertEquals("张晓虹", card.holder().name());
        assertTrue(card.visits().isPresent());
    }

    @Test
    void aReleaseThatHangsEndsWithinTheReleaseDeadline() throws Exception {
        bridge = VpcdCardBridge.start(VirtualHealthCards.transport(VirtualHealthCards.example()),
                VpcdCardBridge.DEFAULT_PORT);
        assertTrue(bridge.awaitConnected(WAIT.toMillis()));
        assertTrue(readers.waitForCard(PcscStack.SLOT0, CardPresence.PRESENT, WAIT));
        PcscCardTransport transport = readers.connect(PcscStack.SLOT0);
        bridge.freeze(); // the reset at disconnect needs the card's ATR: pcscd waits for the frozen card
        long start = System.nanoTime();
        CardLinkException e = assertThrows(CardLinkException.class, transport::close);
        assertTrue(e.isTimeout(), e::toString);
        assertTrue(e.getMessage().contains("release the card"), e.getMessage());
        assertTrue(System.nanoTime() - start < BOUND_NANOS);
        assertTrue(bridge.isHoldingMessage(), "pcscd waits for the frozen card");
        transport.close(); // closing twice has no effect

        bridge.unfreeze();
        for (Thread t : workers()) {
            t.join(WAIT.toMillis());
            assertFalse(t.isAlive(), "worker still stuck: " + t.getName());
        }
        assertEquals("张晓虹", readAll().holder().name());
    }

    @Test
    void aFrozenCardThatIsPulledAndReinsertedLeavesAWorkingReader() throws Exception {
        bridge = VpcdCardBridge.start(VirtualHealthCards.transport(VirtualHealthCards.example()),
                VpcdCardBridge.DEFAULT_PORT);
        assertTrue(bridge.awaitConnected(WAIT.toMillis()));
        assertTrue(readers.waitForCard(PcscStack.SLOT0, CardPresence.PRESENT, WAIT));
        bridge.freeze();
        long start = System.nanoTime();
        CardLinkException e = assertThrows(CardLinkException.class, this::readAll);
        assertTrue(e.isTimeout(), e::toString);
        assertTrue(System.nanoTime() - start < BOUND_NANOS);

        bridge.close(); // the frozen card is pulled: vpcd's connection drops, the stuck driver call fails
        assertTrue(readers.waitForCard(PcscStack.SLOT0, CardPresence.ABSENT, WAIT));
        for (Thread t : workers()) {
            t.join(WAIT.toMillis());
            assertFalse(t.isAlive(), "worker still stuck: " + t.getName());
        }
        bridge = VpcdCardBridge.start(VirtualHealthCards.transport(VirtualHealthCards.example()),
                VpcdCardBridge.DEFAULT_PORT);
        assertTrue(bridge.awaitConnected(WAIT.toMillis()));
        assertTrue(readers.waitForCard(PcscStack.SLOT0, CardPresence.PRESENT, WAIT));
        assertEquals("张晓虹", readAll().holder().name());
    }
}
