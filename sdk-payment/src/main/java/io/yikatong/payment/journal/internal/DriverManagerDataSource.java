package io.yikatong.payment.journal.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal {@link DataSource} over a JDBC {@link Driver} found through {@link DriverManager} (or, where the driver is
 * not registered with it, loaded by name): what the embedded journal needs to reach H2 without compiling against it,
 * so that H2 is a runtime dependency only. Every {@link #getConnection()} opens a new connection with the URL's
 * user and password (empty for the embedded file).
 *
 * <p>Not API. Thread-safe.
 */
public final class DriverManagerDataSource implements DataSource {

    /** The H2 driver class. */
    public static final String H2_DRIVER = "org.h2.Driver";

    /** Why an embedded journal cannot be opened without H2. */
    public static final String H2_MISSING = "the embedded payment journal needs the H2 database engine on the class "
            + "path: add com.h2database:h2 (runtime scope) to the application, or open the journal on a DataSource of "
            + "your own with JdbcPaymentJournal.open";

    private final String url;
    private final Driver driver;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeout;

    private DriverManagerDataSource(String url, Driver driver) {
        this.url = url;
        this.driver = driver;
    }

    /**
     * Returns a data source on an H2 file database.
     *
     * @param file the database file without H2's {@code .mv.db} suffix
     * @param options the URL options, for example {@code ;WRITE_DELAY=0}
     * @return the data source
     * @throws SQLException with the message {@link #H2_MISSING} if the H2 driver is not on the class path
     */
    public static DriverManagerDataSource h2File(Path file, String options) throws SQLException {
        return of("jdbc:h2:file:" + file + options, H2_DRIVER, H2_MISSING);
    }

    /**
     * Returns a data source on a URL.
     *
     * @param url the JDBC URL
     * @param driverClass the driver's class name, loaded if no registered driver accepts the URL
     * @param missing the message of the exception thrown if there is no such driver
     * @return the data source
     * @throws SQLException with SQL state {@code 08001} and the given message if no driver accepts the URL
     */
    static DriverManagerDataSource of(String url, String driverClass, String missing) throws SQLException {
        Objects.requireNonNull(url, "url");
        Driver driver = find(url, driverClass);
        if (driver == null) {
            throw new SQLException(missing, "08001");
        }
        return new DriverManagerDataSource(url, driver);
    }

    private static Driver find(String url, String driverClass) {
        try {
            return DriverManager.getDriver(url);
        } catch (SQLException notRegistered) {
            // not registered, or registered by a class loader this code cannot see: load it by name
        }
        for (ClassLoader loader : new ClassLoader[] {DriverManagerDataSource.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                Driver d = (Driver) Class.forName(driverClass, true, loader).getDeclaredConstructor().newInstance();
                if (d.acceptsURL(url)) {
                    return d;
                }
            } catch (ReflectiveOperationException | LinkageError | ClassCastException | SQLException e) {
                // not on this loader's class path
            }
        }
        return null;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection("", "");
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user == null ? "" : user);
        p.setProperty("password", password == null ? "" : password);
        Connection c = driver.connect(url, p);
        if (c == null) {
            throw new SQLException("the JDBC driver does not accept the journal's URL", "08001");
        }
        return c;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    /** Returns the URL without its options (never credentials). */
    @Override
    public String toString() {
        int semicolon = url.indexOf(';');
        return "DriverManagerDataSource[" + (semicolon < 0 ? url : url.substring(0, semicolon)) + "]";
    }
}
