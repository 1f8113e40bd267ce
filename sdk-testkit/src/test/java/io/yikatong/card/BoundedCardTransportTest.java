package io.yikatong.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.IssuerInfo;
import io.yikatong.core.InvalidInputException;
import io.yikatong.testkit.card.FaultyCardTransport;
import io.yikatong.testkit.card.VirtualHealthCards;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Card I/O is bounded, in process: a card that stops answering ends the caller's call with a TIMEOUT
 * {@link CardLinkException} within the deadline (plus a generous margin), the reader can be used again, and a card
 * that keeps hanging does not make threads pile up.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BoundedCardTransportTest {

    private static final CardTimeouts TWO_SECONDS = CardTimeouts.of(Duration.ofSeconds(2));
    private static final long BOUND_NANOS = Duration.ofSeconds(10).toNanos();

    private static IssuerInfo readIssuer(CardTransport transport) throws CardException {
        try (HealthCardService service = HealthCardService.builder(CardSession.open(transport)).build()) {
            return service.readIssuer();
        }
    }

    private static List<Thread> workers(String reader) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("yikatong-card-io-") && t.getName().endsWith(" " + reader))
                .collect(Collectors.toList());
    }

    private static void awaitNoWorker(String reader) throws InterruptedException {
        for (Thread t : workers(reader)) {
            t.join(10_000);
            assertFalse(t.isAlive(), "worker " + t.getName() + " still alive");
        }
    }

    @Test
    void aCardThatStopsAnsweringTimesOutAndTheReaderWorksAgain() throws Exception {
        String reader = "hanging reader " + System.nanoTime();
        FaultyCardTransport card = FaultyCardTransport.wrap(VirtualHealthCards.transport(VirtualHealthCards.example()))
                .stopAnsweringAt(FaultyCardTransport.command(0x00, 0xB2)); // READ RECORD: after the SELECTs
        BoundedCardTransport bounded = BoundedCardTransport.connect(reader, TWO_SECONDS, () -> card);
        CardSession session = CardSession.open(bounded);
        HealthCardService service = HealthCardService.builder(session).build();

        long start = System.nanoTime();
        CardLinkException e = assertThrows(CardLinkException.class, service::readIssuer);
        long took = System.nanoTime() - start;
        assertTrue(e.isTimeout(), e::toString);
        assertEquals(CardErrorCode.TIMEOUT, e.errorCode());
        assertTrue(e.getMessage().contains(reader) && e.getMessage().contains("2000 ms"), e.getMessage());
        assertTrue(took >= Duration.ofMillis(1900).toNanos(), "returned before the deadline: " + took);
        assertTrue(took < BOUND_NANOS, "took " + Duration.ofNanos(took));
        assertEquals(1, card.blockedCommands(), "the stuck command still holds the worker thread");

        // the session is poisoned: later calls fail at once, closing returns at once
        start = System.nanoTime();
        CardLinkException again = assertThrows(CardLinkException.class, service::readIssuer);
        assertTrue(again.isTimeout(), again::toString);
        service.close();
        assertTrue(System.nanoTime() - start < BOUND_NANOS);

        // a healthy card in another reader is not affected
        IssuerInfo other = readIssuer(BoundedCardTransport.connect(reader + " (other)", TWO_SECONDS,
                () -> VirtualHealthCards.transport(VirtualHealthCards.example())));
        assertEquals("110105", other.cityCode());

        // while the stuck call has not returned, the reader refuses new sessions after the connect deadline, and
        // repeated attempts start no thread: one stuck thread per reader, not one per attempt
        int threads = workers(reader).size();
        assertEquals(1, threads);
        for (int i = 0; i < 3; i++) {
            start = System.nanoTime();
            CardLinkException busy = assertThrows(CardLinkException.class, () -> BoundedCardTransport.connect(reader,
                    TWO_SECONDS, () -> VirtualHealthCards.transport(VirtualHealthCards.example())));
            assertTrue(busy.isTimeout(), busy::toString);
            assertTrue(busy.getMessage().contains("still blocked"), busy.getMessage());
            assertTrue(System.nanoTime() - start < BOUND_NANOS);
        }
        assertEquals(threads, workers(reader).size(), "no thread per attempt");

        // the card answers again: the stuck command returns, the worker closes the card and ends
        card.resumeAnswering();
        awaitNoWorker(reader);
        assertEquals(0, card.blockedCommands());

        // and the reader works again
        IssuerInfo issuer = readIssuer(BoundedCardTransport.connect(reader, TWO_SECONDS,
                () -> VirtualHealthCards.transport(VirtualHealthCards.example())));
        assertEquals("110105", issuer.cityCode());
        awaitNoWorker(reader);
    }

    @Test
    void aConnectThatHangsTimesOutAndTheLateCardIsClosed() throws Exception {
        String reader = "slow connect " + System.nanoTime();
        FaultyCardTransport card = FaultyCardTransport.wrap(VirtualHealthCards.transport(VirtualHealthCards.example()))
                .stopAnswering();
        long start = System.nanoTime();
        CardLinkException e = assertThrows(CardLinkException.class, () -> BoundedCardTransport.connect(reader,
                TWO_SECONDS, () -> {
                    card.reset(); // blocks: the card does not answer its reset
                    return card;
                }));
        assertTrue(e.isTimeout(), e::toString);
        assertTrue(System.nanoTime() - start < BOUND_NANOS);
        card.resumeAnswering();
        awaitNoWorker(reader);
        assertEquals("110105", readIssuer(BoundedCardTransport.connect(reader, TWO_SECONDS,
                () -> VirtualHealthCards.transport(VirtualHealthCards.example()))).cityCode());
    }

    @Test
    void longCommandsGetTheLongerDeadline() {
        CardTimeouts t = CardTimeouts.builder().command(Duration.ofSeconds(2)).longCommand(Duration.ofSeconds(40))
                .build();
        assertEquals(Duration.ofSeconds(2), t.forCommand(new byte[] {0x00, (byte) 0xB0, 0x00, 0x00, 0x10}));
        assertEquals(Duration.ofSeconds(2), t.forCommand(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00}));
        assertEquals(Duration.ofSeconds(40), t.forCommand(new byte[] {(byte) 0x80, (byte) 0xFA, 0x00, 0x00}));
        assertEquals(Duration.ofSeconds(40), t.forCommand(new byte[] {0x00, 0x2A, (byte) 0x9E, (byte) 0x9A}));
        assertEquals(Duration.ofSeconds(40), t.forCommand(new byte[] {0x00, (byte) 0x88, 0x00, 0x00}));
        assertEquals(Duration.ofSeconds(2), t.forCommand(new byte[] {(byte) 0xFF, (byte) 0xCA, 0x00, 0x00}));
        assertEquals(Duration.ofSeconds(30), CardTimeouts.of(Duration.ofSeconds(1)).longCommand());
        assertEquals(Duration.ofSeconds(90), CardTimeouts.of(Duration.ofSeconds(90)).longCommand());
        assertThrows(InvalidInputException.class, () -> CardTimeouts.builder().command(Duration.ZERO));
        assertThrows(InvalidInputException.class, () -> CardTimeouts.builder().release(Duration.ofHours(1)));
        assertThrows(InvalidInputException.class, () -> CardTimeouts.builder().command(Duration.ofSeconds(60))
                .build());
    }
}
