package io.yikatong.payment.journal;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Checks that the throwaway PostgreSQL of {@code postgres-stack.sh} is reachable; in CI (env CI=true) a missing server
 * fails the test, elsewhere it skips it. Test scope only.
 */
final class PostgresStack {

    static final String URL = System.getProperty("yikatong.pg.url", "jdbc:postgresql://127.0.0.1:55432/yikatong");
    static final String USER = "yikatong";
    static final String PASSWORD = "yikatong";

    private PostgresStack() {
    }

    static Connection connect() throws SQLException {
        return connect(null);
    }

    /** Connects with {@code schema} as the only schema on the search path ({@code null}: the default). */
    static Connection connect(String schema) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("connectTimeout", "3");
        if (schema != null) {
            p.setProperty("currentSchema", schema);
        }
        return DriverManager.getConnection(URL, p);
    }

    /** Skips (or in CI fails) unless the server answers; touches nothing. */
    static void requireServer() {
        try (Connection c = connect()) {
            c.isValid(3);
        } catch (SQLException e) {
            skipOrFail("PostgreSQL at " + URL + " is not reachable (" + e.getMessage() + ")");
        }
    }

    /**
     * Skips (or in CI fails) unless the server answers; then drops the journal tables (and the schema history) for a
     * clean start.
     */
    static void requireClean() {
        String problem;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS yk_journal_event, yk_refund, yk_payment, yk_journal_schema");
            return;
        } catch (SQLException e) {
            problem = "PostgreSQL at " + URL + " is not reachable (" + e.getMessage() + ")";
        }
        skipOrFail(problem);
    }

    private static void skipOrFail(String problem) {
        String message = problem + ": start it with `bash sdk-testkit/src/test/scripts/postgres-stack.sh start`";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and PostgreSQL is required: " + message);
        }
        assumeTrue(false, "skipping the PostgreSQL journal tests: " + message);
    }
}
