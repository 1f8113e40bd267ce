package io.yikatong.payment.journal;

import static io.yikatong.payment.journal.internal.Schema.EVENT;
import static io.yikatong.payment.journal.internal.Schema.PAYMENT;
import static io.yikatong.payment.journal.internal.Schema.REFUND;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.journal.internal.Checks;
import io.yikatong.payment.journal.internal.DriverManagerDataSource;
import io.yikatong.payment.journal.internal.Schema;
import io.yikatong.payment.journal.internal.SchemaMigrator;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A {@link PaymentJournal} in a relational database through JDBC: an embedded H2 file ({@link #embedded(Path)}, no
 * server, the default for a single HIS server) or a PostgreSQL database shared by several HIS servers
 * ({@link #open(DataSource, Clock, String)}).
 *
 * <p>The tables {@code yk_payment}, {@code yk_refund} and {@code yk_journal_event} are created if missing, and a
 * journal written by an earlier version is upgraded in place when opened: the schema version is kept in
 * {@code yk_journal_schema}, and the missing versions are applied under a lock, so several servers may open one
 * database at once (one upgrades, the others wait). A database written by a newer version is refused. Every
 * change runs in one transaction at READ COMMITTED as an optimistic compare-and-set on the row's {@code version}
 * column ({@code UPDATE … WHERE version = ?}); a lost race re-reads the row and decides again, so duplicate,
 * out-of-order and racing reports leave exactly one change, also between several journal instances on one database.
 * The sum of a payment's refunds that are not failed is kept in the payment row and moved under the same
 * compare-and-set, so concurrent refund requests can never exceed the amount paid (a {@code CHECK} constraint guards it
 * as well). Every creation, applied change and anomaly appends a row to the event log with this instance's name.
 *
 * <p>Thread-safe; create one and share it. Each call borrows a connection from the data source; give it a pool for a
 * server database.
 *
 * @since 0.1
 */
public final class JdbcPaymentJournal implements PaymentJournal, AutoCloseable {

    /** The file name (without H2's {@code .mv.db} suffix) of the embedded database inside its directory. */
    public static final String EMBEDDED_FILE_NAME = "yikatong-journal";

    private static final int MAX_ATTEMPTS = 10_000;
    private static final String PAYMENT_COLUMNS = "merchant_order_no, channel, amount_fen, description, state, "
            + "channel_trade_no, attempt, refunded_fen, created_at, updated_at, paid_at, version, kind, code_url, "
            + "decline_reason, decline_code, decline_message, fee_total_fen, fund_pay_fen, account_pay_fen, "
            + "self_pay_fen, charge_batch_no, expires_at, late_trade_no, late_source, late_at, mismatch_fen, mismatch_no, "
            + "mismatch_source, mismatch_at";
    private static final String REFUND_COLUMNS = "merchant_refund_no, merchant_order_no, amount_fen, reason, state, "
            + "channel_refund_no, created_at, updated_at, version, mismatch_fen, mismatch_no, mismatch_source, "
            + "mismatch_at";

    private final DataSource dataSource;
    private final Clock clock;
    private final String instanceName;
    private final Connection keepAlive;

    private JdbcPaymentJournal(DataSource dataSource, Clock clock, String instanceName, Connection keepAlive) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.instanceName = instanceName;
        this.keepAlive = keepAlive;
    }

    /**
     * Opens a journal on a data source (for example a pooled PostgreSQL data source), creates the tables if they
     * are missing and upgrades a journal written by an earlier version.
     *
     * @param dataSource the data source (opening borrows two connections at once, to upgrade the schema under a
     *     lock); the journal does not close it
     * @param clock the clock for the entries' timestamps
     * @param instanceName this server's name for the event log (1 to 64 letters, digits and {@code _-|*@.})
     * @return the journal
     * @throws InvalidInputException if an argument is null or the name is malformed
     * @throws JournalStorageException if the database cannot be reached, the schema cannot be created or upgraded, or
     *     it is newer than this version supports
     */
    public static JdbcPaymentJournal open(DataSource dataSource, Clock clock, String instanceName) {
        Checks.notNull("dataSource", dataSource);
        Checks.notNull("clock", clock);
        Checks.number("instanceName", instanceName);
        JdbcPaymentJournal journal = new JdbcPaymentJournal(dataSource, clock, instanceName, null);
        journal.createSchema();
        return journal;
    }

    /**
     * Opens (or creates) the embedded H2 file journal {@value #EMBEDDED_FILE_NAME} in {@code directory}, with the
     * system UTC clock and instance name {@code embedded}.
     *
     * @param directory the directory, created if missing
     * @return the journal; {@link #close()} it on shutdown
     * @throws InvalidInputException if the directory is null
     * @throws JournalStorageException if the directory or database cannot be opened (for example another process
     *     holds it)
     */
    public static JdbcPaymentJournal embedded(Path directory) {
        return embedded(directory, Clock.systemUTC(), "embedded");
    }

    /**
     * Opens (or creates) the embedded H2 file journal {@value #EMBEDDED_FILE_NAME} in {@code directory}.
     *
     * <p>The database is opened with {@code WRITE_DELAY=0} so that every commit is handed to the operating system
     * before the call returns: a killed JVM loses no committed entry (a power failure may, as H2 does not force
     * every commit to disk). {@code LOCK_TIMEOUT} is 10 s. Several local processes may open the same directory at
     * once (a card agent and CLI commands, two tills on one PC): H2's automatic mixed mode ({@code AUTO_SERVER=TRUE})
     * lets the first process serve the file to the others over a loopback TCP port it writes into the database's
     * lock file, and another process takes over when it exits. That port is opened by H2 on the machine's address
     * and answers only clients that present the random key written in the lock file: keep the journal directory
     * readable by the HIS user only, and start the JVM with {@code -Dh2.bindAddress=127.0.0.1} to keep the port on
     * loopback. For several machines use a shared server database ({@link #open}).
     *
     * @param directory the directory, created if missing
     * @param clock the clock for the entries' timestamps
     * @param instanceName this server's name for the event log
     * @return the journal; {@link #close()} it on shutdown
     * @throws InvalidInputException if an argument is null or the name is malformed
     * @throws JournalStorageException if the directory or database cannot be opened, or the H2 database engine
     *     ({@code com.h2database:h2}, a runtime dependency) is not on the class path
     */
    public static JdbcPaymentJournal embedded(Path directory, Clock clock, String instanceName) {
        Checks.notNull("directory", directory);
        Checks.notNull("clock", clock);
        Checks.number("instanceName", instanceName);
        Path dir = directory.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new JournalStorageException("cannot create the journal directory", e);
        }
        DataSource h2;
        try {
            h2 = DriverManagerDataSource.h2File(dir.resolve(EMBEDDED_FILE_NAME),
                    ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;AUTO_SERVER=TRUE");
        } catch (SQLException e) {
            throw new JournalStorageException(e.getMessage(), e);
        }
        Connection keepAlive;
        try {
            keepAlive = h2.getConnection();
        } catch (SQLException e) {
            throw new JournalStorageException("cannot open the embedded journal database "
                    + dir.resolve(EMBEDDED_FILE_NAME + ".mv.db") + " (SQLState " + e.getSQLState() + "): if another"
                    + " process holds it, the file may belong to an older version that opened it exclusively; stop"
                    + " that process, or give this one another journal directory", e);
        }
        JdbcPaymentJournal journal = new JdbcPaymentJournal(h2, clock, instanceName, keepAlive);
        try {
            journal.createSchema();
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
        return journal;
    }

    /**
     * Closes the embedded database (it is closed when the last connection goes); does nothing for a journal opened on
     * a caller's data source. Calls after closing an embedded journal reopen the file.
     *
     * @throws JournalStorageException if the embedded database fails while closing
     */
    @Override
    public void close() {
        if (keepAlive != null) {
            try {
                keepAlive.close();
            } catch (SQLException e) {
                throw new JournalStorageException("cannot close the embedded journal database", e);
            }
        }
    }

    private void createSchema() {
        try {
            SchemaMigrator.migrate(dataSource, instanceName, now());
        } catch (SQLException e) {
            throw new JournalStorageException("cannot create or upgrade the journal schema (SQLState "
                    + e.getSQLState() + ")", e);
        }
    }

    // ---------------------------------------------------------------- payments

    @Override
    public PaymentEntry create(NewPayment payment) throws JournalConflictException {
        Checks.notNull("payment", payment);
        long now = now();
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + PAYMENT + " (" + PAYMENT_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, NULL, 0, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                    + "NULL, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")) {
                ps.setString(1, payment.merchantOrderNo());
                ps.setString(2, payment.channel());
                ps.setLong(3, payment.amount().fen());
                ps.setString(4, payment.description());
                ps.setString(5, PaymentState.CREATED.name());
                ps.setNull(6, Types.VARCHAR);
                ps.setInt(7, payment.attempt());
                ps.setLong(8, now);
                ps.setLong(9, now);
                setText(ps, 10, payment.kind() == null ? null : payment.kind().name());
                setText(ps, 11, payment.chargeBatchNo());
                setBigint(ps, 12, payment.expiresAt() == null ? null : payment.expiresAt().toEpochMilli());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (isUniqueViolation(e)) {
                    throw new JournalConflictException(JournalErrorCode.DUPLICATE_ORDER, payment.merchantOrderNo(),
                            "merchant order number " + payment.merchantOrderNo() + " is already in the journal");
                }
                throw e;
            }
            event(c, payment.merchantOrderNo(), null, JournalEvent.Kind.CREATED, EventSource.SUBMIT, null,
                    PaymentState.CREATED.name(), now, null);
            return new PaymentEntry(payment.merchantOrderNo(), payment.channel(), payment.amount(),
                    payment.description(), PaymentState.CREATED, null, payment.attempt(), Money.ZERO,
                    Instant.ofEpochMilli(now), Instant.ofEpochMilli(now), null, 0, payment.kind(), null, null, null,
                    payment.chargeBatchNo(), payment.expiresAt() == null ? null
                            : Instant.ofEpochMilli(payment.expiresAt().toEpochMilli()), null, null);
        });
    }

    @Override
    public Transition<PaymentEntry> transition(String merchantOrderNo, Set<PaymentState> expected,
            StateChange change) throws JournalConflictException {
        Checks.number("merchantOrderNo", merchantOrderNo);
        Checks.notNull("change", change);
        if (expected == null || expected.isEmpty()) {
            throw new InvalidInputException("expected", "must name at least one state");
        }
        PaymentState target = change.target();
        for (PaymentState s : expected) {
            if (s == null || !s.canMoveTo(target)) {
                throw new InvalidInputException("expected", "contains " + s + ", which cannot move to " + target);
            }
        }
        Set<PaymentState> from = EnumSet.copyOf(expected);
        return inTransaction(c -> {
            PaymentEntry current = selectPayment(c, merchantOrderNo)
                    .orElseThrow(() -> unknown("merchant order number", merchantOrderNo));
            PaymentState state = current.state();
            if (state == target) {
                return new Transition<>(Transition.Outcome.DUPLICATE, current);
            }
            if (!from.contains(state)) {
                if (contradicts(state, target)) {
                    event(c, merchantOrderNo, null, JournalEvent.Kind.ANOMALY, change.source(), state.name(),
                            target.name(), now(), change.detail());
                    return new Transition<>(Transition.Outcome.ANOMALY, current);
                }
                return new Transition<>(Transition.Outcome.STALE, current);
            }
            if (state == PaymentState.PAID && current.refunded().isPositive()) {
                // a reversal of a payment with refunds outstanding: the channel and the journal disagree
                event(c, merchantOrderNo, null, JournalEvent.Kind.ANOMALY, change.source(), state.name(),
                        target.name(), now(), "refunds outstanding; " + (change.detail() == null ? "" : change.detail()));
                return new Transition<>(Transition.Outcome.ANOMALY, current);
            }
            long now = now();
            String tradeNo = current.channelTradeNo() != null ? current.channelTradeNo() : change.channelTradeNo();
            Long paidAt = target == PaymentState.PAID ? Long.valueOf(now)
                    : current.paidAt() == null ? null : current.paidAt().toEpochMilli();
            // like the trade number, each fact is kept from the first applied change that carried it
            String codeUrl = current.codeUrl() != null ? current.codeUrl() : change.codeUrl();
            Decline decline = current.decline() != null ? current.decline() : change.decline();
            MedicalInsuranceSplit split = current.split() != null ? current.split() : change.split();
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + PAYMENT + " SET state = ?, channel_trade_no = ?, "
                    + "updated_at = ?, paid_at = ?, code_url = ?, decline_reason = ?, decline_code = ?, "
                    + "decline_message = ?, fee_total_fen = ?, fund_pay_fen = ?, account_pay_fen = ?, "
                    + "self_pay_fen = ?, version = version + 1 WHERE merchant_order_no = ? AND version = ?")) {
                ps.setString(1, target.name());
                ps.setString(2, tradeNo);
                ps.setLong(3, now);
                setBigint(ps, 4, paidAt);
                setText(ps, 5, codeUrl);
                setText(ps, 6, decline == null ? null : decline.reason().name());
                setText(ps, 7, decline == null ? null : decline.channelCode());
                setText(ps, 8, decline == null ? null : decline.channelMessage());
                setBigint(ps, 9, split == null ? null : split.total().fen());
                setBigint(ps, 10, split == null ? null : split.fundPay().fen());
                setBigint(ps, 11, split == null ? null : split.accountPay().fen());
                setBigint(ps, 12, split == null ? null : split.selfPay().fen());
                ps.setString(13, merchantOrderNo);
                ps.setLong(14, current.version());
                if (ps.executeUpdate() != 1) {
                    throw Retry.INSTANCE;
                }
            }
            event(c, merchantOrderNo, null, JournalEvent.Kind.CHANGED, change.source(), state.name(), target.name(),
                    now, change.detail());
            return new Transition<>(Transition.Outcome.APPLIED, new PaymentEntry(merchantOrderNo, current.channel(),
                    current.amount(), current.description(), target, tradeNo, current.attempt(), current.refunded(),
                    current.createdAt(), Instant.ofEpochMilli(now), paidAt == null ? null : Instant.ofEpochMilli(paidAt),
                    current.version() + 1, current.kind(), codeUrl, decline, split, current.chargeBatchNo(),
                    current.expiresAt(), current.latePayment(), current.mismatch()));
        });
    }

    @Override
    public Transition<PaymentEntry> recordLatePayment(String merchantOrderNo, String channelTradeNo,
            EventSource source) throws JournalConflictException {
        Checks.number("merchantOrderNo", merchantOrderNo);
        Checks.optionalNumber("channelTradeNo", channelTradeNo);
        Checks.notNull("source", source);
        return inTransaction(c -> {
            PaymentEntry current = selectPayment(c, merchantOrderNo)
                    .orElseThrow(() -> unknown("merchant order number", merchantOrderNo));
            if (current.latePayment() != null) {
                return new Transition<>(Transition.Outcome.DUPLICATE, current);
            }
            if (current.state() != PaymentState.CLOSED) {
                return new Transition<>(Transition.Outcome.STALE, current);
            }
            long now = now();
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + PAYMENT + " SET late_trade_no = ?, "
                    + "late_source = ?, late_at = ?, updated_at = ?, version = version + 1 "
                    + "WHERE merchant_order_no = ? AND version = ?")) {
                setText(ps, 1, channelTradeNo);
                ps.setString(2, source.name());
                ps.setLong(3, now);
                ps.setLong(4, now);
                ps.setString(5, merchantOrderNo);
                ps.setLong(6, current.version());
                if (ps.executeUpdate() != 1) {
                    throw Retry.INSTANCE;
                }
            }
            event(c, merchantOrderNo, null, JournalEvent.Kind.LATE_PAYMENT, source, current.state().name(),
                    current.state().name(), now, "paid after close " + current.amount().toYuanString()
                            + (channelTradeNo == null ? "" : " " + channelTradeNo));
            LatePayment late = new LatePayment(current.amount(), channelTradeNo, source, Instant.ofEpochMilli(now));
            return new Transition<>(Transition.Outcome.APPLIED, new PaymentEntry(merchantOrderNo, current.channel(),
                    current.amount(), current.description(), current.state(), current.channelTradeNo(),
                    current.attempt(), current.refunded(), current.createdAt(), Instant.ofEpochMilli(now),
                    current.paidAt(), current.version() + 1, current.kind(), current.codeUrl(), current.decline(),
                    current.split(), current.chargeBatchNo(), current.expiresAt(), late, current.mismatch()));
        });
    }

    @Override
    public Transition<PaymentEntry> recordMismatch(String merchantOrderNo, Money reported, String channelTradeNo,
            EventSource source) throws JournalConflictException {
        Checks.number("merchantOrderNo", merchantOrderNo);
        Checks.notNull("reported", reported);
        Checks.optionalNumber("channelTradeNo", channelTradeNo);
        Checks.notNull("source", source);
        return inTransaction(c -> {
            PaymentEntry current = selectPayment(c, merchantOrderNo)
                    .orElseThrow(() -> unknown("merchant order number", merchantOrderNo));
            if (current.mismatch() != null) {
                return new Transition<>(Transition.Outcome.DUPLICATE, current);
            }
            PaymentState target = current.state().isUnresolved() ? PaymentState.DECLINED : current.state();
            long now = now();
            writeMismatch(c, PAYMENT + " SET state = ?", "merchant_order_no", merchantOrderNo, target.name(), reported,
                    channelTradeNo, source, now, current.version());
            event(c, merchantOrderNo, null, JournalEvent.Kind.MISMATCH, source, current.state().name(), target.name(),
                    now, "channel reports " + reported.toYuanString() + ", journal has "
                            + current.amount().toYuanString() + (channelTradeNo == null ? "" : " " + channelTradeNo));
            Mismatch mismatch = new Mismatch(reported, channelTradeNo, source, Instant.ofEpochMilli(now));
            return new Transition<>(Transition.Outcome.APPLIED, new PaymentEntry(merchantOrderNo, current.channel(),
                    current.amount(), current.description(), target, current.channelTradeNo(), current.attempt(),
                    current.refunded(), current.createdAt(), Instant.ofEpochMilli(now), current.paidAt(),
                    current.version() + 1, current.kind(), current.codeUrl(), current.decline(), current.split(),
                    current.chargeBatchNo(), current.expiresAt(), current.latePayment(), mismatch));
        });
    }

    /** A report of a settled outcome that the settled current state does not allow. */
    private static boolean contradicts(PaymentState current, PaymentState target) {
        boolean settledCurrent = current.isTerminal() || current == PaymentState.PAID;
        boolean settledTarget = target.isTerminal() || target == PaymentState.PAID;
        return settledCurrent && settledTarget && !current.canMoveTo(target);
    }

    @Override
    public Optional<PaymentEntry> find(String merchantOrderNo) {
        Checks.number("merchantOrderNo", merchantOrderNo);
        return read(c -> selectPayment(c, merchantOrderNo));
    }

    @Override
    public List<PaymentEntry> unresolved() {
        return read(c -> listPayments(c, "state IN (?, ?, ?) ORDER BY created_at, merchant_order_no",
                PaymentState.CREATED.name(), PaymentState.SENT.name(), PaymentState.PENDING.name()));
    }

    @Override
    public List<PaymentEntry> paidBetween(Instant from, Instant to) {
        Checks.notNull("from", from);
        Checks.notNull("to", to);
        return read(c -> listPayments(c, "paid_at >= ? AND paid_at < ? ORDER BY paid_at, merchant_order_no",
                from.toEpochMilli(), to.toEpochMilli()));
    }

    // ---------------------------------------------------------------- refunds

    @Override
    public RefundEntry requestRefund(NewRefund refund) throws JournalConflictException {
        Checks.notNull("refund", refund);
        return inTransaction(c -> {
            PaymentEntry payment = selectPayment(c, refund.merchantOrderNo())
                    .orElseThrow(() -> unknown("merchant order number", refund.merchantOrderNo()));
            if (payment.state() != PaymentState.PAID
                    && !(payment.state() == PaymentState.CLOSED && payment.latePayment() != null)) {
                throw new JournalConflictException(JournalErrorCode.NOT_REFUNDABLE, refund.merchantOrderNo(),
                        "payment " + refund.merchantOrderNo() + " is " + payment.state()
                                + ", only PAID (or CLOSED and paid after the close) is refundable");
            }
            if (selectRefund(c, refund.merchantRefundNo()).isPresent()) {
                throw duplicateRefund(refund.merchantRefundNo());
            }
            if (refund.amount().compareTo(payment.refundable()) > 0) {
                throw new JournalConflictException(JournalErrorCode.REFUND_EXCEEDS_PAID, refund.merchantRefundNo(),
                        "refund of " + refund.amount() + " exceeds the " + payment.refundable()
                                + " still refundable on " + refund.merchantOrderNo());
            }
            long now = now();
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + PAYMENT + " SET refunded_fen = ?, updated_at = ?, "
                    + "version = version + 1 WHERE merchant_order_no = ? AND version = ?")) {
                ps.setLong(1, payment.refunded().plus(refund.amount()).fen());
                ps.setLong(2, now);
                ps.setString(3, refund.merchantOrderNo());
                ps.setLong(4, payment.version());
                if (ps.executeUpdate() != 1) {
                    throw Retry.INSTANCE;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + REFUND + " (" + REFUND_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, NULL, ?, ?, 0, NULL, NULL, NULL, NULL)")) {
                ps.setString(1, refund.merchantRefundNo());
                ps.setString(2, refund.merchantOrderNo());
                ps.setLong(3, refund.amount().fen());
                ps.setString(4, refund.reason());
                ps.setString(5, RefundState.REQUESTED.name());
                ps.setLong(6, now);
                ps.setLong(7, now);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (isUniqueViolation(e)) {
                    throw duplicateRefund(refund.merchantRefundNo());
                }
                throw e;
            }
            event(c, refund.merchantOrderNo(), refund.merchantRefundNo(), JournalEvent.Kind.CREATED,
                    EventSource.SUBMIT, null, RefundState.REQUESTED.name(), now, refund.amount().toYuanString());
            return new RefundEntry(refund.merchantRefundNo(), refund.merchantOrderNo(), refund.amount(),
                    refund.reason(), RefundState.REQUESTED, null, Instant.ofEpochMilli(now), Instant.ofEpochMilli(now),
                    0);
        });
    }

    @Override
    public Transition<RefundEntry> transitionRefund(String merchantRefundNo, RefundState target, EventSource source,
            String channelRefundNo) throws JournalConflictException {
        Checks.number("merchantRefundNo", merchantRefundNo);
        Checks.notNull("target", target);
        Checks.notNull("source", source);
        Checks.optionalNumber("channelRefundNo", channelRefundNo);
        if (target == RefundState.REQUESTED) {
            throw new InvalidInputException("target", "REQUESTED is only written by requestRefund");
        }
        return inTransaction(c -> {
            RefundEntry current = selectRefund(c, merchantRefundNo)
                    .orElseThrow(() -> unknown("merchant refund number", merchantRefundNo));
            RefundState state = current.state();
            if (state == target) {
                return new Transition<>(Transition.Outcome.DUPLICATE, current);
            }
            if (!state.canMoveTo(target)) {
                if (state.isTerminal() && target.isTerminal()) {
                    event(c, current.merchantOrderNo(), merchantRefundNo, JournalEvent.Kind.ANOMALY, source,
                            state.name(), target.name(), now(), null);
                    return new Transition<>(Transition.Outcome.ANOMALY, current);
                }
                return new Transition<>(Transition.Outcome.STALE, current);
            }
            long now = now();
            String refundNo = current.channelRefundNo() != null ? current.channelRefundNo() : channelRefundNo;
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + REFUND + " SET state = ?, channel_refund_no = ?, "
                    + "updated_at = ?, version = version + 1 WHERE merchant_refund_no = ? AND version = ?")) {
                ps.setString(1, target.name());
                ps.setString(2, refundNo);
                ps.setLong(3, now);
                ps.setString(4, merchantRefundNo);
                ps.setLong(5, current.version());
                if (ps.executeUpdate() != 1) {
                    throw Retry.INSTANCE;
                }
            }
            if (target == RefundState.FAILED) {
                releaseRefundedAmount(c, current, now);
            }
            event(c, current.merchantOrderNo(), merchantRefundNo, JournalEvent.Kind.CHANGED, source, state.name(),
                    target.name(), now, null);
            return new Transition<>(Transition.Outcome.APPLIED, new RefundEntry(merchantRefundNo,
                    current.merchantOrderNo(), current.amount(), current.reason(), target, refundNo,
                    current.createdAt(), Instant.ofEpochMilli(now), current.version() + 1, current.mismatch()));
        });
    }

    @Override
    public Transition<RefundEntry> recordRefundMismatch(String merchantRefundNo, Money reported,
            String channelRefundNo, EventSource source) throws JournalConflictException {
        Checks.number("merchantRefundNo", merchantRefundNo);
        Checks.notNull("reported", reported);
        Checks.optionalNumber("channelRefundNo", channelRefundNo);
        Checks.notNull("source", source);
        return inTransaction(c -> {
            RefundEntry current = selectRefund(c, merchantRefundNo)
                    .orElseThrow(() -> unknown("merchant refund number", merchantRefundNo));
            if (current.mismatch() != null) {
                return new Transition<>(Transition.Outcome.DUPLICATE, current);
            }
            RefundState target = current.state().isTerminal() ? current.state() : RefundState.FAILED;
            long now = now();
            writeMismatch(c, REFUND + " SET state = ?", "merchant_refund_no", merchantRefundNo, target.name(), reported,
                    channelRefundNo, source, now, current.version());
            if (target == RefundState.FAILED && current.state() != RefundState.FAILED) {
                releaseRefundedAmount(c, current, now);
            }
            event(c, current.merchantOrderNo(), merchantRefundNo, JournalEvent.Kind.MISMATCH, source,
                    current.state().name(), target.name(), now, "channel reports " + reported.toYuanString()
                            + ", journal has " + current.amount().toYuanString()
                            + (channelRefundNo == null ? "" : " " + channelRefundNo));
            return new Transition<>(Transition.Outcome.APPLIED, new RefundEntry(merchantRefundNo,
                    current.merchantOrderNo(), current.amount(), current.reason(), target, current.channelRefundNo(),
                    current.createdAt(), Instant.ofEpochMilli(now), current.version() + 1,
                    new Mismatch(reported, channelRefundNo, source, Instant.ofEpochMilli(now))));
        });
    }

    @Override
    public Optional<RefundEntry> findRefund(String merchantRefundNo) {
        Checks.number("merchantRefundNo", merchantRefundNo);
        return read(c -> selectRefund(c, merchantRefundNo));
    }

    @Override
    public List<RefundEntry> refunds(String merchantOrderNo) {
        Checks.number("merchantOrderNo", merchantOrderNo);
        return read(c -> listRefunds(c, "merchant_order_no = ? ORDER BY created_at, merchant_refund_no",
                merchantOrderNo));
    }

    @Override
    public List<RefundEntry> unresolvedRefunds() {
        return read(c -> listRefunds(c, "state IN (?, ?) ORDER BY created_at, merchant_refund_no",
                RefundState.REQUESTED.name(), RefundState.PENDING.name()));
    }

    @Override
    public List<RefundEntry> refundedBetween(Instant from, Instant to) {
        Checks.notNull("from", from);
        Checks.notNull("to", to);
        // a SUCCEEDED refund is terminal, so its updated_at is the time it succeeded
        return read(c -> listRefunds(c, "state = ? AND updated_at >= ? AND updated_at < ? "
                + "ORDER BY updated_at, merchant_refund_no", RefundState.SUCCEEDED.name(), from.toEpochMilli(),
                to.toEpochMilli()));
    }

    @Override
    public List<JournalEvent> events(String merchantOrderNo) {
        Checks.number("merchantOrderNo", merchantOrderNo);
        return read(c -> {
            List<JournalEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, merchant_order_no, merchant_refund_no, kind, "
                    + "source, from_state, to_state, instance_name, at_millis, detail FROM " + EVENT
                    + " WHERE merchant_order_no = ? ORDER BY id")) {
                ps.setString(1, merchantOrderNo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new JournalEvent(rs.getLong(1), rs.getString(2), rs.getString(3),
                                JournalEvent.Kind.valueOf(rs.getString(4)), EventSource.valueOf(rs.getString(5)),
                                rs.getString(6), rs.getString(7), rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)),
                                rs.getString(10)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One row per key in {@code yk_recovery_claim}: an insert claims a free key; an update with
     * {@code WHERE until_ms <= now OR owner = ?} takes over a lapsed claim or renews one's own. Each statement is
     * atomic on its own (auto-commit), so of racing processes exactly one holds the claim.
     */
    @Override
    public boolean claim(String key, String owner, java.time.Duration lease) {
        Checks.number("key", key);
        Checks.number("owner", owner);
        Checks.notNull("lease", lease);
        if (lease.isNegative() || lease.isZero()) {
            throw new InvalidInputException("lease", "must be positive");
        }
        long now = now();
        long until = now + lease.toMillis();
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + Schema.CLAIM
                    + " SET owner = ?, until_ms = ? WHERE claim_key = ? AND (until_ms <= ? OR owner = ?)")) {
                bind(ps, owner, until, key, now, owner);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Schema.CLAIM
                    + " (claim_key, owner, until_ms) VALUES (?, ?, ?)")) {
                bind(ps, key, owner, until);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (isUniqueViolation(e)) {
                    return false; // another process holds it (or just took it)
                }
                throw e;
            }
        });
    }

    @Override
    public void release(String key, String owner) {
        Checks.number("key", key);
        Checks.number("owner", owner);
        read(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + Schema.CLAIM
                    + " WHERE claim_key = ? AND owner = ?")) {
                bind(ps, key, owner);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public String toString() {
        return "JdbcPaymentJournal[" + instanceName + (keepAlive != null ? ", embedded" : "") + "]";
    }

    // ---------------------------------------------------------------- plumbing

    private long now() {
        return clock.millis();
    }

    private static JournalConflictException unknown(String what, String number) {
        return new JournalConflictException(JournalErrorCode.UNKNOWN_ENTRY, number,
                what + " " + number + " is not in the journal");
    }

    private static JournalConflictException duplicateRefund(String number) {
        return new JournalConflictException(JournalErrorCode.DUPLICATE_REFUND, number,
                "merchant refund number " + number + " is already in the journal");
    }

    private void event(Connection c, String orderNo, String refundNo, JournalEvent.Kind kind, EventSource source,
            String fromState, String toState, long at, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + EVENT + " (merchant_order_no, "
                + "merchant_refund_no, kind, source, from_state, to_state, instance_name, at_millis, detail) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, orderNo);
            ps.setString(2, refundNo);
            ps.setString(3, kind.name());
            ps.setString(4, source.name());
            ps.setString(5, fromState);
            ps.setString(6, toState);
            ps.setString(7, instanceName);
            ps.setLong(8, at);
            ps.setString(9, detail == null ? null : detail.length() > 256 ? detail.substring(0, 256) : detail);
            ps.executeUpdate();
        }
    }

    private static Optional<PaymentEntry> selectPayment(Connection c, String orderNo) throws SQLException {
        List<PaymentEntry> list = listPayments(c, "merchant_order_no = ?", orderNo);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    private static List<PaymentEntry> listPayments(Connection c, String where, Object... args) throws SQLException {
        List<PaymentEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PAYMENT_COLUMNS + " FROM " + PAYMENT + " WHERE "
                + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long paidAt = rs.getLong(11);
                    Instant paid = rs.wasNull() ? null : Instant.ofEpochMilli(paidAt);
                    String kind = rs.getString(13);
                    String declineReason = rs.getString(15);
                    Decline decline = declineReason == null ? null
                            : new Decline(DeclineReason.valueOf(declineReason), rs.getString(16), rs.getString(17));
                    long total = rs.getLong(18);
                    MedicalInsuranceSplit split = rs.wasNull() ? null : new MedicalInsuranceSplit(Money.ofFen(total),
                            Money.ofFen(rs.getLong(19)), Money.ofFen(rs.getLong(20)), Money.ofFen(rs.getLong(21)));
                    Money amount = Money.ofFen(rs.getLong(3));
                    Instant expiresAt = instant(rs, 23);
                    Instant lateAt = instant(rs, 26);
                    LatePayment late = lateAt == null ? null : new LatePayment(amount, rs.getString(24),
                            EventSource.valueOf(rs.getString(25)), lateAt);
                    Mismatch mismatch = mismatch(rs, 27);
                    out.add(new PaymentEntry(rs.getString(1), rs.getString(2), amount,
                            rs.getString(4), PaymentState.valueOf(rs.getString(5)), rs.getString(6), rs.getInt(7),
                            Money.ofFen(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)),
                            Instant.ofEpochMilli(rs.getLong(10)), paid, rs.getLong(12),
                            kind == null ? null : PaymentKind.valueOf(kind), rs.getString(14), decline, split,
                            rs.getString(22), expiresAt, late, mismatch));
                }
            }
        }
        return out;
    }

    private static Optional<RefundEntry> selectRefund(Connection c, String refundNo) throws SQLException {
        List<RefundEntry> list = listRefunds(c, "merchant_refund_no = ?", refundNo);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    private static List<RefundEntry> listRefunds(Connection c, String where, Object... args) throws SQLException {
        List<RefundEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + REFUND_COLUMNS + " FROM " + REFUND + " WHERE "
                + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RefundEntry(rs.getString(1), rs.getString(2), Money.ofFen(rs.getLong(3)),
                            rs.getString(4), RefundState.valueOf(rs.getString(5)), rs.getString(6),
                            Instant.ofEpochMilli(rs.getLong(7)), Instant.ofEpochMilli(rs.getLong(8)), rs.getLong(9),
                            mismatch(rs, 10)));
                }
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** Reads the four mismatch columns from {@code first} on: reported fen, channel number, source, time. */
    private static Mismatch mismatch(ResultSet rs, int first) throws SQLException {
        Instant at = instant(rs, first + 3);
        return at == null ? null : new Mismatch(Money.ofFen(rs.getLong(first)), rs.getString(first + 1),
                EventSource.valueOf(rs.getString(first + 2)), at);
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Long l) {
                ps.setLong(i + 1, l);
            } else {
                ps.setString(i + 1, (String) args[i]);
            }
        }
    }

    /** A refund that failed gives its amount back to the payment (compare-and-set on the payment's version). */
    private static void releaseRefundedAmount(Connection c, RefundEntry refund, long now)
            throws SQLException, Retry, JournalConflictException {
        PaymentEntry payment = selectPayment(c, refund.merchantOrderNo())
                .orElseThrow(() -> unknown("merchant order number", refund.merchantOrderNo()));
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + PAYMENT + " SET refunded_fen = ?, "
                + "updated_at = ?, version = version + 1 WHERE merchant_order_no = ? AND version = ?")) {
            ps.setLong(1, payment.refunded().minus(refund.amount()).fen());
            ps.setLong(2, now);
            ps.setString(3, refund.merchantOrderNo());
            ps.setLong(4, payment.version());
            if (ps.executeUpdate() != 1) {
                throw Retry.INSTANCE;
            }
        }
    }

    /** Settles a payment or refund row as mismatched (compare-and-set on its version). */
    private static void writeMismatch(Connection c, String tableAndState, String keyColumn, String key, String target,
            Money reported, String channelNo, EventSource source, long now, long version) throws SQLException, Retry {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tableAndState + ", mismatch_fen = ?, "
                + "mismatch_no = ?, mismatch_source = ?, mismatch_at = ?, updated_at = ?, version = version + 1 "
                + "WHERE " + keyColumn + " = ? AND version = ?")) {
            ps.setString(1, target);
            ps.setLong(2, reported.fen());
            setText(ps, 3, channelNo);
            ps.setString(4, source.name());
            ps.setLong(5, now);
            ps.setLong(6, now);
            ps.setString(7, key);
            ps.setLong(8, version);
            if (ps.executeUpdate() != 1) {
                throw Retry.INSTANCE;
            }
        }
    }

    private static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static void setBigint(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** Lost a compare-and-set or a lock race, or the database asked for a retry: roll back and decide again. */
    private static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || "HYT00".equals(state) || "90131".equals(state);
    }

    @FunctionalInterface
    private interface Body<T> {
        T run(Connection c) throws SQLException, JournalConflictException, Retry;
    }

    @FunctionalInterface
    private interface ReadBody<T> {
        T run(Connection c) throws SQLException;
    }

    /** Signals a lost compare-and-set; carries no stack trace. */
    private static final class Retry extends Exception {
        private static final long serialVersionUID = 1L;
        static final Retry INSTANCE = new Retry();

        private Retry() {
            super("retry", null, false, false);
        }
    }

    private <T> T read(ReadBody<T> body) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return body.run(c);
        } catch (SQLException e) {
            throw new JournalStorageException("journal read failed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private <T> T inTransaction(Body<T> body) throws JournalConflictException {
        SQLException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                try {
                    T result = body.run(c);
                    c.commit();
                    return result;
                } catch (Retry e) {
                    rollback(c, null);
                    last = null;
                } catch (SQLException e) {
                    rollback(c, e);
                    if (!isRetryable(e)) {
                        throw e;
                    }
                    last = e;
                } catch (JournalConflictException | RuntimeException e) {
                    rollback(c, e);
                    throw e;
                }
            } catch (SQLException e) {
                throw new JournalStorageException("journal write failed (SQLState " + e.getSQLState() + ")", e);
            }
            if (attempt > 8) {
                Thread.onSpinWait();
            }
        }
        throw new JournalStorageException("journal write kept losing races after " + MAX_ATTEMPTS + " attempts", last);
    }

    /** Rolls back; a failing rollback is attached to the failure being reported, or reported itself. */
    private static void rollback(Connection c, Exception failure) throws SQLException {
        try {
            c.rollback();
        } catch (SQLException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }
}
