package io.yikatong.payment.journal;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Opens journals on the databases the parameterised tests run against: "h2" (an embedded H2 file in the test's
 * temporary directory) and "postgresql" (the throwaway server of postgres-stack.sh, skipped or failed when missing).
 * Test scope only.
 */
public final class Databases implements AutoCloseable {

    private final String kind;
    private final Path dir;
    private final String h2Url;
    private final String pgSchema;
    private final List<AutoCloseable> open = new ArrayList<>();

    /**
     * Prepares a database of the kind.
     *
     * @param kind "h2" or "postgresql"
     * @param dir the test's temporary directory
     */
    public Databases(String kind, Path dir) {
        this(kind, dir, false);
    }

    private Databases(String kind, Path dir, boolean ownSchema) {
        this.kind = kind;
        this.dir = dir;
        this.h2Url = "jdbc:h2:file:" + dir.resolve("shared-" + UUID.randomUUID()).toAbsolutePath()
                + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1";
        this.pgSchema = ownSchema && kind.equals("postgresql")
                ? "yk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : null;
        if (pgSchema != null) {
            PostgresStack.requireServer();
            try (var c = PostgresStack.connect(); var s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + pgSchema);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot create schema " + pgSchema, e);
            }
        } else if (kind.equals("postgresql")) {
            PostgresStack.requireClean();
        }
    }

    /**
     * Like the constructor, but on PostgreSQL in a schema of its own (dropped on close) instead of the default
     * schema's tables, so that the test does not share them with other tests on the server.
     *
     * @param kind "h2" or "postgresql"
     * @param dir the test's temporary directory
     * @return the databases
     */
    public static Databases ownSchema(String kind, Path dir) {
        return new Databases(kind, dir, true);
    }

    /**
     * The kinds.
     *
     * @return h2 and postgresql
     */
    public static Stream<String> kinds() {
        return Stream.of("h2", "postgresql");
    }

    /** A journal; for "h2" the first call is the embedded one, later calls are further instances on the same file. */
    public JdbcPaymentJournal journal(Clock clock, String instance) {
        TestPool pool = kind.equals("postgresql") ? new TestPool(() -> PostgresStack.connect(pgSchema))
                : new TestPool(() -> DriverManager.getConnection(h2Url));
        open.add(pool);
        JdbcPaymentJournal journal = JdbcPaymentJournal.open(pool, clock, instance);
        open.add(journal);
        return journal;
    }

    @Override
    public void close() throws Exception {
        if (kind.equals("h2")) {
            try (var c = DriverManager.getConnection(h2Url); var s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (pgSchema != null) {
            try (var c = PostgresStack.connect(); var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + pgSchema + " CASCADE");
            }
        }
    }

    @Override
    public String toString() {
        return kind + " in " + dir;
    }
}
