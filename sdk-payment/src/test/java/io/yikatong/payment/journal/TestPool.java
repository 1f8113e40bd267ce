package io.yikatong.payment.journal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A minimal connection pool for the tests (PostgreSQL logins with SCRAM are slow). Test scope only. */
final class TestPool implements DataSource, AutoCloseable {

    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Connection> all = new ConcurrentLinkedQueue<>();

    TestPool(Opener opener) {
        this.opener = opener;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = idle.poll();
        if (real == null) {
            real = opener.open();
            all.add(real);
        }
        Connection target = real;
        boolean[] closed = {false};
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        if (!closed[0]) {
                            closed[0] = true;
                            if (!target.getAutoCommit()) {
                                target.rollback();
                                target.setAutoCommit(true);
                            }
                            idle.add(target);
                        }
                        return null;
                    }
                    if (method.getName().equals("isClosed")) {
                        return closed[0];
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public void close() throws SQLException {
        for (Connection c : all) {
            c.close();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
