package io.yikatong.payment.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Money;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 is a runtime dependency of sdk-payment, reached through JDBC only: an application without it can load the
 * journal classes, and {@link JdbcPaymentJournal#embedded} then fails with a {@link JournalStorageException} that
 * names the dependency to add. The journal runs here in a class loader (also the thread's context class loader) that
 * sees sdk-payment and sdk-core but not H2.
 */
class EmbeddedJournalWithoutH2Test {

    @Test
    void embeddedWithoutH2SaysToAddIt(@TempDir Path dir) throws Exception {
        URL payment = JdbcPaymentJournal.class.getProtectionDomain().getCodeSource().getLocation();
        URL core = Money.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader withoutH2 = new URLClassLoader(new URL[] {payment, core},
                ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> withoutH2.loadClass("org.h2.Driver"));
            Class<?> journal = withoutH2.loadClass(JdbcPaymentJournal.class.getName());
            Method embedded = journal.getMethod("embedded", Path.class, Clock.class, String.class);
            Thread thread = Thread.currentThread();
            ClassLoader context = thread.getContextClassLoader();
            thread.setContextClassLoader(withoutH2);
            InvocationTargetException thrown;
            try {
                thrown = assertThrows(InvocationTargetException.class,
                        () -> embedded.invoke(null, dir, Clock.systemUTC(), "embedded"));
            } finally {
                thread.setContextClassLoader(context);
            }
            Throwable e = thrown.getCause();
            assertEquals(JournalStorageException.class.getName(), e.getClass().getName(), e::toString);
            assertTrue(e.getMessage().contains("add com.h2database:h2"), e.getMessage());
        }
    }
}
