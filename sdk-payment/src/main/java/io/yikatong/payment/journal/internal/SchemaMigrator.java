package io.yikatong.payment.journal.internal;

import io.yikatong.payment.journal.JournalStorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a journal database to the schema this SDK reads and writes ({@link #CURRENT}), in place, when a journal is
 * opened.
 *
 * <p><b>Versions.</b> The table {@value Schema#VERSION} holds one row per applied version (number, description, when,
 * by which journal instance) plus row 0, written when the table is created. A database without it (created by the
 * first releases, or empty) is at version 0; version 1 creates the first releases' tables if missing, so such a
 * database and a new one take the same path. A database at a version newer than {@link #CURRENT} is refused: this SDK
 * would not write what the newer one expects.
 *
 * <p><b>Lock.</b> The upgrade borrows two connections. The first locks row 0 ({@code SELECT … FOR UPDATE}) in a
 * transaction that lasts for the whole upgrade and does nothing else, so the lock is held even while H2 commits at
 * every DDL statement of the second; every other journal instance or process that opens the database meanwhile waits
 * on that row, then finds the versions applied. (A lock taken by the connection running the DDL would be released by
 * H2's implicit commit, and H2 fails when two sessions alter one table at once.) Lock waits that time out (H2's
 * {@code LOCK_TIMEOUT}) are retried.
 *
 * <p><b>Steps.</b> The second connection reads the current version and applies each missing one: its DDL, then its
 * data migration and history row in one transaction at READ COMMITTED. On PostgreSQL, whose DDL is transactional, a
 * step is atomic; on H2 the DDL is committed first, so a version's DDL must be harmless to run twice
 * ({@code IF NOT EXISTS}): a crash after it leaves the version unrecorded and the next open applies it again. The
 * history's primary key is the last guard: a second row for a version fails its transaction.
 *
 * <p>Not API. Thread-safe (stateless).
 */
public final class SchemaMigrator {

    /** The schema version this SDK reads and writes. */
    public static final int CURRENT = 4;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final int MAX_ATTEMPTS = 60;

    @FunctionalInterface
    private interface DataStep {
        void run(Connection c) throws SQLException;
    }

    private record Step(int version, String description, List<String> ddl, DataStep data) {
    }

    private static final List<Step> STEPS = List.of(
            new Step(1, "payments, refunds and event log", Schema.V1, c -> { }),
            new Step(2, "typed payment facts from event details; channel medicare is medical-insurance", Schema.V2,
                    LegacyFacts::migrate),
            new Step(3, "QR expiry, payments after close and mismatched reports", Schema.V3, c -> { }),
            new Step(4, "medical-insurance settlement journal", Schema.V4, c -> { }));

    private SchemaMigrator() {
    }

    /**
     * Applies the missing versions.
     *
     * @param dataSource the journal's data source
     * @param instanceName the journal instance, recorded with each version it applies
     * @param nowMillis the time recorded with each version it applies
     * @return the versions this call applied (0 if the database was current)
     * @throws SQLException if the database fails
     * @throws JournalStorageException if the database's schema is newer than this SDK's
     */
    public static int migrate(DataSource dataSource, String instanceName, long nowMillis) throws SQLException {
        try (Connection lock = dataSource.getConnection(); Connection work = dataSource.getConnection()) {
            try {
                createHistory(work, nowMillis, instanceName);
                for (Connection c : List.of(lock, work)) {
                    c.setAutoCommit(false);
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                return applyMissing(lock, work, nowMillis, instanceName);
            } finally {
                restoreAutoCommit(lock);
                restoreAutoCommit(work);
            }
        }
    }

    /** Hands a connection back as it came from a pool; a broken one is closed right after anyway. */
    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("journal schema upgrade: cannot reset a connection ({})", e.getSQLState());
        }
    }

    /** Creates the history table and its row 0 if missing; racing creators are expected. */
    private static void createHistory(Connection c, long now, String by) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute(Schema.CREATE_VERSION);
        } catch (SQLException e) {
            // two servers creating the table at once: PostgreSQL may refuse the second IF NOT EXISTS
            if (!isAlreadyThere(e)) {
                throw e;
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + Schema.VERSION + " WHERE version = 0")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                return;
            }
        }
        try {
            insertHistory(c, 0, "schema history", now, by);
        } catch (SQLException e) {
            if (!isAlreadyThere(e)) {
                throw e;
            }
        }
    }

    private static int applyMissing(Connection lock, Connection work, long now, String by) throws SQLException {
        int attempts = 0;
        while (true) {
            try {
                lock(lock);
                int applied = 0;
                int at;
                while ((at = version(work)) < CURRENT) {
                    Step step = STEPS.get(at);
                    try (Statement s = work.createStatement()) {
                        for (String sql : step.ddl()) {
                            s.execute(sql); // H2 commits here
                        }
                    }
                    step.data().run(work);
                    insertHistory(work, step.version(), step.description(), now, by);
                    work.commit();
                    applied++;
                    LOG.info("journal schema upgraded to version {} ({})", step.version(), step.description());
                }
                try (Statement s = work.createStatement()) {
                    for (String sql : Schema.AUXILIARY) {
                        s.execute(sql);
                    }
                }
                work.commit();
                lock.commit();
                if (at > CURRENT) {
                    throw new JournalStorageException("the journal database has schema version " + at
                            + ", newer than the " + CURRENT + " this SDK supports: upgrade the SDK", null);
                }
                return applied;
            } catch (SQLException e) {
                rollback(work, e);
                rollback(lock, e);
                if (!isRetryable(e) || ++attempts >= MAX_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("journal schema upgrade waited too long or raced ({}); trying again", e.getSQLState());
                pause(attempts);
            } catch (RuntimeException e) {
                rollback(work, e);
                rollback(lock, e);
                throw e;
            }
        }
    }

    /** Locks row 0 of the history until the lock connection's transaction ends. */
    private static void lock(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM " + Schema.VERSION
                        + " WHERE version = 0 FOR UPDATE")) {
            if (!rs.next()) {
                throw new SQLException("the journal schema history has no row 0", "55000");
            }
        }
    }

    /** The highest applied version. */
    private static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + Schema.VERSION)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void insertHistory(Connection c, int version, String description, long now, String by)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Schema.VERSION
                + " (version, description, applied_at, applied_by) VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, version);
            ps.setString(2, description);
            ps.setLong(3, now);
            ps.setString(4, by);
            ps.executeUpdate();
        }
    }

    /**
     * Another process created the same table at the same moment: PostgreSQL's {@code CREATE TABLE IF NOT EXISTS} is not
     * atomic against itself and reports the loser as a unique violation on its catalogue (23505), a duplicate table
     * (42P07) or a duplicate row type (42710, "type … already exists").
     */
    private static boolean isAlreadyThere(SQLException e) {
        String state = e.getSQLState();
        return "23505".equals(state) || "42P07".equals(state) || "42710".equals(state);
    }

    /** A lock wait that timed out, a deadlock, a serialisation failure or a lost race on a key. */
    private static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || "HYT00".equals(state) || "90131".equals(state)
                || "23505".equals(state) || "42P07".equals(state) || "42701".equals(state) || "42710".equals(state);
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void pause(int attempts) {
        try {
            Thread.sleep(Math.min(500, 10L * attempts));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
