package io.yikatong.payment.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 file journal survives a killed JVM and a normal restart. */
class EmbeddedJournalCrashTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Child JVM: writes one payment in SENT and one PAID, then halts without closing anything. */
    public static void main(String[] args) throws Exception {
        JdbcPaymentJournal j = JdbcPaymentJournal.embedded(Path.of(args[0]), CLOCK, "his-crashed");
        j.create(NewPayment.of("CRASH-SENT", "wechat", Money.ofFen(1230), null));
        j.apply("CRASH-SENT", StateChange.to(PaymentState.SENT, EventSource.SUBMIT));
        j.create(NewPayment.of("CRASH-PAID", "wechat", Money.ofFen(99), null));
        j.apply("CRASH-PAID", StateChange.to(PaymentState.PAID, EventSource.RESPONSE));
        System.out.println("written");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    @Test
    void entryLeftInSentIsFoundAfterTheJvmIsKilled() throws Exception {
        Path db = dir.resolve("journal");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                EmbeddedJournalCrashTest.class.getName(), db.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("written"), out);
        assertTrue(Files.exists(db.resolve(JdbcPaymentJournal.EMBEDDED_FILE_NAME + ".mv.db")));

        try (JdbcPaymentJournal j = JdbcPaymentJournal.embedded(db, CLOCK, "his-restarted")) {
            List<PaymentEntry> unresolved = j.unresolved();
            assertEquals(List.of("CRASH-SENT"), unresolved.stream().map(PaymentEntry::merchantOrderNo).toList());
            assertEquals(PaymentState.SENT, unresolved.get(0).state());
            assertEquals(PaymentState.PAID, j.find("CRASH-PAID").orElseThrow().state());
            // recovery queries the channel and completes the payment exactly once
            assertTrue(j.apply("CRASH-SENT", StateChange.to(PaymentState.PAID, EventSource.RECOVERY)).changed());
            assertEquals(Transition.Outcome.DUPLICATE,
                    j.apply("CRASH-SENT", StateChange.to(PaymentState.PAID, EventSource.NOTIFICATION)).outcome());
            assertTrue(j.unresolved().isEmpty());
            List<JournalEvent> events = j.events("CRASH-SENT");
            assertEquals(List.of("his-crashed", "his-crashed", "his-restarted"),
                    events.stream().map(JournalEvent::instance).toList());
        }
    }

    @Test
    void closedEmbeddedJournalReopensWithItsEntries() throws Exception {
        try (JdbcPaymentJournal j = JdbcPaymentJournal.embedded(dir)) {
            j.create(NewPayment.of("KEEP-1", "alipay", Money.ofFen(1), null));
            assertTrue(j.toString().contains("embedded"));
        }
        try (JdbcPaymentJournal j = JdbcPaymentJournal.embedded(dir)) {
            assertEquals(PaymentState.CREATED, j.find("KEEP-1").orElseThrow().state());
            assertEquals(JournalErrorCode.DUPLICATE_ORDER, org.junit.jupiter.api.Assertions.assertThrows(
                    JournalConflictException.class,
                    () -> j.create(NewPayment.of("KEEP-1", "alipay", Money.ofFen(1), null))).errorCode());
        }
    }

    @Test
    void embeddedRefusesBadArgumentsAndAnUnusableDirectory() throws Exception {
        org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> JdbcPaymentJournal.embedded(null));
        org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> JdbcPaymentJournal.embedded(dir, CLOCK, "bad name"));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        JournalStorageException e = org.junit.jupiter.api.Assertions.assertThrows(JournalStorageException.class,
                () -> JdbcPaymentJournal.embedded(file.resolve("sub")));
        assertEquals(JournalErrorCode.STORAGE, e.errorCode());
    }
}
