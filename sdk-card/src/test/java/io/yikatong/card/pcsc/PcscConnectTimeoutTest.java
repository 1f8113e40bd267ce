package io.yikatong.card.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTimeouts;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A PC/SC connect that hangs (SCardEstablishContext or SCardConnect stuck in the service or driver, as seen with a
 * frozen card) ends within the connect deadline, without a PC/SC service: the hang is simulated in the context opener.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PcscConnectTimeoutTest {

    @Test
    void aHangingConnectTimesOutAndTheReaderIsFreeOnceItReturns() throws Exception {
        String reader = "stuck connect " + System.nanoTime();
        CardTimeouts timeouts = CardTimeouts.of(Duration.ofSeconds(1));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        long start = System.nanoTime();
        CardLinkException e = assertThrows(CardLinkException.class, () -> PcscCardTransport.connect(() -> {
            entered.countDown();
            try {
                release.await(); // the native call that does not return
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw new CardLinkException(CardErrorCode.NO_CARD, "returned late", null);
        }, reader, timeouts));
        assertEquals(CardErrorCode.TIMEOUT, e.errorCode(), e::toString);
        assertTrue(e.getMessage().contains("connect to the card in reader '" + reader + "'"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        // still stuck: the next connect is refused after the connect deadline, without calling the opener again
        CardLinkException busy = assertThrows(CardLinkException.class, () -> PcscCardTransport.connect(() -> {
            throw new AssertionError("must not open a context while a call on the reader is stuck");
        }, reader, timeouts));
        assertTrue(busy.isTimeout() && busy.getMessage().contains("still blocked"), busy::toString);

        release.countDown();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("yikatong-card-io-") && t.getName().endsWith(" " + reader)) {
                t.join(10_000);
                assertFalse(t.isAlive(), t.getName());
            }
        }
        CardLinkException late = assertThrows(CardLinkException.class, () -> PcscCardTransport.connect(() -> {
            throw new CardLinkException(CardErrorCode.NO_CARD, "no card now", null);
        }, reader, timeouts));
        assertEquals(CardErrorCode.NO_CARD, late.errorCode(), "the reader is tried again: " + late);
    }
}
