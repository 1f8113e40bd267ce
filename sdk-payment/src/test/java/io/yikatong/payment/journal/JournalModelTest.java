package io.yikatong.payment.journal;

import static io.yikatong.payment.journal.PaymentState.CLOSED;
import static io.yikatong.payment.journal.PaymentState.CREATED;
import static io.yikatong.payment.journal.PaymentState.DECLINED;
import static io.yikatong.payment.journal.PaymentState.PAID;
import static io.yikatong.payment.journal.PaymentState.PENDING;
import static io.yikatong.payment.journal.PaymentState.REVERSED;
import static io.yikatong.payment.journal.PaymentState.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** States, value types and error paths that need no database. */
class JournalModelTest {

    /** The allowed moves, written out independently of the enum's switch. */
    private static final Map<PaymentState, Set<PaymentState>> ALLOWED = Map.of(
            CREATED, EnumSet.of(SENT, PENDING, PAID, DECLINED, CLOSED, REVERSED),
            SENT, EnumSet.of(PENDING, PAID, DECLINED, CLOSED, REVERSED),
            PENDING, EnumSet.of(PAID, DECLINED, CLOSED, REVERSED),
            PAID, EnumSet.of(REVERSED),
            DECLINED, EnumSet.noneOf(PaymentState.class),
            CLOSED, EnumSet.noneOf(PaymentState.class),
            REVERSED, EnumSet.noneOf(PaymentState.class));

    @Test
    void paymentTransitionsMatchTheTableExhaustively() {
        for (PaymentState from : PaymentState.values()) {
            for (PaymentState to : PaymentState.values()) {
                assertEquals(ALLOWED.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
            }
            assertEquals(ALLOWED.get(from).isEmpty(), from.isTerminal(), from.name());
            assertEquals(from == CREATED || from == SENT || from == PENDING, from.isUnresolved(), from.name());
            assertThrows(UnsupportedOperationException.class, () -> from.next().add(CREATED));
        }
        assertEquals(EnumSet.of(CREATED, SENT, PENDING), PaymentState.leadingTo(PAID));
        assertEquals(EnumSet.of(CREATED, SENT, PENDING, PAID), PaymentState.leadingTo(REVERSED));
        assertTrue(PaymentState.leadingTo(CREATED).isEmpty());
    }

    @Test
    void refundTransitionsMatchTheTableExhaustively() {
        Map<RefundState, Set<RefundState>> allowed = Map.of(
                RefundState.REQUESTED, EnumSet.of(RefundState.PENDING, RefundState.SUCCEEDED, RefundState.FAILED),
                RefundState.PENDING, EnumSet.of(RefundState.SUCCEEDED, RefundState.FAILED),
                RefundState.SUCCEEDED, EnumSet.noneOf(RefundState.class),
                RefundState.FAILED, EnumSet.noneOf(RefundState.class));
        for (RefundState from : RefundState.values()) {
            for (RefundState to : RefundState.values()) {
                assertEquals(allowed.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
            }
            assertEquals(allowed.get(from).isEmpty(), from.isTerminal(), from.name());
        }
    }

    @Test
    void valueTypesValidateAndHideFreeText() {
        NewPayment p = NewPayment.of("ORD_1-a|b*c@d.e", "wechat", Money.ofFen(1), "张三 门诊缴费");
        assertFalse(p.toString().contains("张三"));
        assertEquals(1, p.attempt());
        assertEquals("merchantOrderNo", assertThrows(InvalidInputException.class,
                () -> NewPayment.of("has space", "wechat", Money.ofFen(1), null)).field());
        assertEquals("merchantOrderNo", assertThrows(InvalidInputException.class,
                () -> NewPayment.of("x".repeat(65), "wechat", Money.ofFen(1), null)).field());
        assertEquals("merchantOrderNo", assertThrows(InvalidInputException.class,
                () -> NewPayment.of(null, "wechat", Money.ofFen(1), null)).field());
        assertEquals("channel", assertThrows(InvalidInputException.class,
                () -> NewPayment.of("A", "WeChat", Money.ofFen(1), null)).field());
        assertEquals("amount", assertThrows(InvalidInputException.class,
                () -> NewPayment.of("A", "wechat", Money.ZERO, null)).field());
        assertEquals("amount", assertThrows(InvalidInputException.class,
                () -> NewPayment.of("A", "wechat", null, null)).field());
        assertEquals("description", assertThrows(InvalidInputException.class,
                () -> NewPayment.of("A", "wechat", Money.ofFen(1), "x".repeat(257))).field());
        assertEquals("description", assertThrows(InvalidInputException.class,
                () -> NewPayment.of("A", "wechat", Money.ofFen(1), "a\nb")).field());
        assertEquals("attempt", assertThrows(InvalidInputException.class,
                () -> new NewPayment("A", "wechat", Money.ofFen(1), null, 0)).field());
        NewRefund r = new NewRefund("R", "A", Money.ofFen(1), "李四退费");
        assertFalse(r.toString().contains("李四"));
        assertEquals("amount", assertThrows(InvalidInputException.class,
                () -> new NewRefund("R", "A", Money.ofFen(-1), null)).field());
        assertEquals("channelTradeNo", assertThrows(InvalidInputException.class,
                () -> StateChange.to(PAID, EventSource.QUERY).withChannelTradeNo("bad no")).field());
        assertEquals("detail", assertThrows(InvalidInputException.class,
                () -> StateChange.to(PAID, EventSource.QUERY).withDetail("x".repeat(300))).field());
        assertEquals("source", assertThrows(InvalidInputException.class,
                () -> StateChange.to(PAID, null)).field());
        assertTrue(new Transition<>(Transition.Outcome.APPLIED, "x").changed());
        for (Transition.Outcome o : Transition.Outcome.values()) {
            assertEquals(o == Transition.Outcome.APPLIED, new Transition<>(o, "x").changed());
        }
        assertEquals(ErrorCategory.UNAVAILABLE, JournalErrorCode.STORAGE.category());
        for (JournalErrorCode c : JournalErrorCode.values()) {
            assertTrue(c.code().startsWith("payment.journal_"), c.code());
            assertEquals(c.code(), c.toString());
        }
    }

    @Test
    void databaseFailuresBecomeStorageExceptions() {
        DataSource broken = new BrokenDataSource();
        JournalStorageException e = assertThrows(JournalStorageException.class,
                () -> JdbcPaymentJournal.open(broken, Clock.systemUTC(), "his-1"));
        assertEquals(JournalErrorCode.STORAGE, e.errorCode());
        assertTrue(e.getCause() instanceof SQLException);
        assertThrows(InvalidInputException.class, () -> JdbcPaymentJournal.open(null, Clock.systemUTC(), "h"));
        assertThrows(InvalidInputException.class, () -> JdbcPaymentJournal.open(broken, null, "h"));
        assertThrows(InvalidInputException.class, () -> JdbcPaymentJournal.open(broken, Clock.systemUTC(), ""));
    }

    private static final class BrokenDataSource implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("connection refused", "08001");
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return getConnection();
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
}
