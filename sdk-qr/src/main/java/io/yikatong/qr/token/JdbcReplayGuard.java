package io.yikatong.qr.token;

import io.yikatong.core.InvalidInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A {@link ReplayGuard} in a SQL database, for several HIS servers that verify the same one-time codes: all of them
 * point at one database, and its primary key decides.
 *
 * <p>The table (default {@value #DEFAULT_TABLE}) is created if missing:
 * <pre>{@code
 * CREATE TABLE IF NOT EXISTS ykt_token_replay (
 *     issuer       VARCHAR(32) NOT NULL,
 *     nonce        BIGINT      NOT NULL,
 *     forget_after BIGINT      NOT NULL,   -- epoch milliseconds
 *     PRIMARY KEY (issuer, nonce))
 * }</pre>
 * Recording a first use is one {@code INSERT}; a duplicate-key error (SQLSTATE class 23) means another server (or this
 * one) accepted the token before, so of two servers racing on the same token exactly one succeeds. Rows whose
 * {@code forget_after} has passed are deleted at most once per purge interval (default 1 minute), by whichever server
 * gets there. The SQL is portable (H2, PostgreSQL); each call uses its own connection from the pool and commits it
 * if the connection is not in auto-commit mode.
 *
 * <p>Any other {@link SQLException} is reported as {@link ReplayGuardException} with kind
 * {@link ReplayGuardException.Kind#STORE_FAILED}: the verifier then refuses the token rather than accept it unchecked.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class JdbcReplayGuard implements ReplayGuard {

    /** The default table name. */
    public static final String DEFAULT_TABLE = "ykt_token_replay";

    private final DataSource dataSource;
    private final String insertSql;
    private final String purgeSql;
    private final long purgeIntervalMillis;
    private final AtomicLong nextPurge = new AtomicLong(Long.MIN_VALUE);
    private final String table;

    private JdbcReplayGuard(DataSource dataSource, String table, Duration purgeInterval) {
        this.dataSource = dataSource;
        this.table = table;
        this.insertSql = "INSERT INTO " + table + " (issuer, nonce, forget_after) VALUES (?, ?, ?)";
        this.purgeSql = "DELETE FROM " + table + " WHERE forget_after <= ?";
        this.purgeIntervalMillis = purgeInterval.toMillis();
    }

    /**
     * Creates a guard on the default table, creating the table if missing.
     *
     * @param dataSource the shared database
     * @return the guard
     * @throws ReplayGuardException if the table cannot be created
     */
    public static JdbcReplayGuard create(DataSource dataSource) throws ReplayGuardException {
        return create(dataSource, DEFAULT_TABLE, Duration.ofMinutes(1));
    }

    /**
     * Creates a guard, creating its table if missing.
     *
     * @param dataSource the shared database
     * @param table the table name, 1 to 63 characters of {@code A-Z a-z 0-9 _}, starting with a letter
     * @param purgeInterval how often expired rows are deleted, 0 (every call) to 1 day
     * @return the guard
     * @throws InvalidInputException naming {@code table} or {@code purgeInterval} if out of range
     * @throws ReplayGuardException if the table cannot be created
     */
    public static JdbcReplayGuard create(DataSource dataSource, String table, Duration purgeInterval)
            throws ReplayGuardException {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        if (!table.matches("[A-Za-z][A-Za-z0-9_]{0,62}")) {
            throw new InvalidInputException("table", "must be 1 to 63 characters of A-Z a-z 0-9 _, starting with a "
                    + "letter");
        }
        if (purgeInterval.isNegative() || purgeInterval.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidInputException("purgeInterval", "must be 0 to 1 day, was " + purgeInterval);
        }
        JdbcReplayGuard guard = new JdbcReplayGuard(dataSource, table, purgeInterval);
        guard.createTable();
        return guard;
    }

    private void createTable() throws ReplayGuardException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS " + table + " (issuer VARCHAR(32) NOT NULL, "
                    + "nonce BIGINT NOT NULL, forget_after BIGINT NOT NULL, PRIMARY KEY (issuer, nonce))");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw storeFailed("creating table " + table, e);
        }
    }

    @Override
    public boolean recordFirstUse(String issuer, long nonce, Instant forgetAfter, Instant now)
            throws ReplayGuardException {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(forgetAfter, "forgetAfter");
        Objects.requireNonNull(now, "now");
        long nowMillis = now.toEpochMilli();
        try (Connection c = dataSource.getConnection()) {
            purgeIfDue(c, nowMillis);
            try (PreparedStatement ps = c.prepareStatement(insertSql)) {
                ps.setString(1, issuer);
                ps.setLong(2, nonce);
                ps.setLong(3, forgetAfter.toEpochMilli());
                ps.executeUpdate();
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                return true;
            } catch (SQLException e) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                if (isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw storeFailed("recording a one-time token", e);
        }
    }

    private void purgeIfDue(Connection c, long nowMillis) throws SQLException {
        long due = nextPurge.get();
        if (nowMillis < due || !nextPurge.compareAndSet(due, nowMillis + purgeIntervalMillis)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(purgeSql)) {
            ps.setLong(1, nowMillis);
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    private static boolean isDuplicateKey(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (x instanceof SQLIntegrityConstraintViolationException || state != null && state.startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private static ReplayGuardException storeFailed(String step, SQLException e) {
        return new ReplayGuardException(ReplayGuardException.Kind.STORE_FAILED, "replay-guard database failed while "
                + step + " (SQLSTATE " + e.getSQLState() + ")", e);
    }

    @Override
    public String toString() {
        return "JdbcReplayGuard[" + table + "]";
    }
}
