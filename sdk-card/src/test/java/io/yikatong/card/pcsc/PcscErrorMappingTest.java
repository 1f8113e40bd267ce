package io.yikatong.card.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnasmartcardio.Smartcardio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How provider failures become CardLinkException codes; the service-down case also for real, in a child JVM. */
class PcscErrorMappingTest {

    private static CardErrorCode code(Throwable providerFailure, boolean duringTransmit) {
        CardLinkException mapped = PcscCardTransport.map(providerFailure, "test", duringTransmit);
        assertSame(providerFailure, mapped.getCause(), "the provider's exception is kept as the cause");
        return (CardErrorCode) mapped.errorCode();
    }

    private static Smartcardio.JnaPCSCException pcsc(long code) {
        return new Smartcardio.JnaPCSCException(code, "test");
    }

    @Test
    void serviceAndReaderFailuresAreReaderUnavailable() {
        // pcscd not running: jnasmartcardio throws a RuntimeException around SCARD_E_NO_SERVICE from terminals()
        assertEquals(CardErrorCode.READER_UNAVAILABLE,
                code(new Smartcardio.EstablishContextException(pcsc(0x8010001DL)), false));
        for (long c : List.of(0x8010001DL, 0x8010001EL, 0x8010002EL, 0x80100017L, 0x80100009L)) {
            assertEquals(CardErrorCode.READER_UNAVAILABLE, code(pcsc(c), false), Long.toHexString(c));
            assertEquals(CardErrorCode.READER_UNAVAILABLE, code(pcsc(c), true), Long.toHexString(c));
        }
    }

    @Test
    void noCardAndRemovedCard() {
        assertEquals(CardErrorCode.NO_CARD, code(pcsc(0x8010000CL), false));
        assertEquals(CardErrorCode.NO_CARD, code(new Smartcardio.JnaCardNotPresentException(0x8010000CL, "t"), false));
        for (long c : List.of(0x80100069L, 0x80100068L, 0x80100067L)) {
            assertEquals(CardErrorCode.CARD_REMOVED, code(pcsc(c), false), Long.toHexString(c));
            assertEquals(CardErrorCode.CARD_REMOVED, code(pcsc(c), true), Long.toHexString(c));
        }
        // the card vanished mid-command: pcscd says "not transacted", or answers 0 bytes and the provider throws IAE
        assertEquals(CardErrorCode.CARD_REMOVED, code(pcsc(0x80100016L), true));
        assertEquals(CardErrorCode.CARD_REMOVED,
                code(new IllegalArgumentException("newPosition < 0: (-2 < 0)"), true));
        assertEquals(CardErrorCode.CARD_REMOVED,
                code(new IllegalArgumentException("apdu must be at least 2 bytes long"), true));
    }

    @Test
    void everythingElseIsLinkFailed() {
        assertEquals(CardErrorCode.LINK_FAILED, code(pcsc(0x80100016L), false));
        assertEquals(CardErrorCode.LINK_FAILED, code(pcsc(0x80100008L), true)); // SCARD_E_INSUFFICIENT_BUFFER
        assertEquals(CardErrorCode.LINK_FAILED, code(new IllegalArgumentException("x"), false));
        assertEquals(CardErrorCode.LINK_FAILED, code(new IllegalStateException("x"), true));
        assertEquals(CardErrorCode.LINK_FAILED, code(new javax.smartcardio.CardException("x"), true));
    }

    @Test
    void messageNamesTheCodeButNoData() {
        CardLinkException e = PcscCardTransport.map(pcsc(0x80100069L), "transmit to the card in reader 'R'", true);
        assertTrue(e.getMessage().contains("0x80100069"), e.getMessage());
        assertTrue(e.getMessage().contains("'R'"), e.getMessage());
    }

    /**
     * A PC/SC service that is not running, for real, without stopping the shared pcscd: a child JVM whose pcsc-lite
     * client looks for pcscd's socket where there is none ({@code PCSCLITE_CSOCK_NAME}).
     */
    @Test
    void pcscdNotRunningIsReaderUnavailable(@TempDir Path dir) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                PcscServiceProbe.class.getName());
        pb.environment().put("PCSCLITE_CSOCK_NAME", dir.resolve("no-pcscd.comm").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("CODE " + CardErrorCode.READER_UNAVAILABLE.code()), () -> "probe said: " + out);
        assertTrue(out.contains("0x8010001D") || out.toLowerCase().contains("no_service")
                || out.contains("8010001d"), () -> "expected SCARD_E_NO_SERVICE in the cause: " + out);
    }
}
