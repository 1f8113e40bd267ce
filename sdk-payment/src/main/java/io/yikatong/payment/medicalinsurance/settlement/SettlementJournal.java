package io.yikatong.payment.medicalinsurance.settlement;

import static io.yikatong.payment.journal.internal.Schema.MI_MESSAGE;
import static io.yikatong.payment.journal.internal.Schema.MI_SEQUENCE;
import static io.yikatong.payment.journal.internal.Schema.MI_SIGN_IN;
import static io.yikatong.payment.journal.internal.Schema.MI_VISIT;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.JournalStorageException;
import io.yikatong.payment.journal.internal.Checks;
import io.yikatong.payment.journal.internal.DriverManagerDataSource;
import io.yikatong.payment.journal.internal.SchemaMigrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The durable journal of the settlement client, in the payment journal's database (tables {@code yk_mi_*}, schema
 * version 4 of {@link JdbcPaymentJournal}'s versioned schema): the msgid sequence, every state-changing message
 * (journalled {@link MessageState#SENT} <em>before</em> it is sent), the day's sign-ins and the visits of
 * {@link OutpatientSettlement}.
 *
 * <p><b>msgid.</b> {@code 定点编号(12) + yyyyMMddHHmmss(14) + 顺序号(4)}: the sequence is per institution and per
 * second, allocated in the database under a row lock, so it survives restarts and is unique across every process on
 * one database; a second with 10 000 messages borrows the next second, and a clock that went back keeps using the
 * last second issued, so a msgid is never issued twice.
 *
 * <p>Embedded: {@link #embedded(Path, Clock, String)} opens the same H2 file as {@link JdbcPaymentJournal#embedded}
 * in the same directory (both may be open in one process at once). Shared: {@link #open(DataSource, Clock, String)}
 * (PostgreSQL for several HIS servers).
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class SettlementJournal implements AutoCloseable {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String VISIT_COLUMNS = "visit_no, state, opter, psn_no, insutype, insuplc_admdvs, mdtrt_id, "
            + "chrg_bchno, settle_msgid, setl_id, medfee_fen, fund_fen, acct_fen, cash_fen, clr_optins, cash_order_no, "
            + "message, created_at, updated_at, version";
    private static final String MESSAGE_COLUMNS = "msgid, infno, opter, psn_no, insuplc_admdvs, visit_no, state, code, "
            + "detail, created_at, updated_at";
    private static final int MAX_ATTEMPTS = 100;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SettlementJournal.class);

    /** How long a server holds a visit it works on; after it a crashed server's visit may be resumed by others. */
    static final java.time.Duration LEASE = java.time.Duration.ofMinutes(30);

    private final DataSource dataSource;
    private final Clock clock;
    private final String instanceName;
    private final String owner;
    private final Connection keepAlive;

    private SettlementJournal(DataSource dataSource, Clock clock, String instanceName, Connection keepAlive) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.instanceName = instanceName;
        this.owner = instanceName + "/" + java.util.UUID.randomUUID();
        this.keepAlive = keepAlive;
    }

    /**
     * Opens the journal on a data source and brings the schema up to date.
     *
     * @param dataSource the data source (not closed by the journal)
     * @param clock the clock of the timestamps
     * @param instanceName this server's name (recorded with schema upgrades)
     * @return the journal
     * @throws InvalidInputException if an argument is null or malformed
     * @throws JournalStorageException if the database fails
     */
    public static SettlementJournal open(DataSource dataSource, Clock clock, String instanceName) {
        Checks.notNull("dataSource", dataSource);
        Checks.notNull("clock", clock);
        Checks.number("instanceName", instanceName);
        SettlementJournal j = new SettlementJournal(dataSource, clock, instanceName, null);
        j.migrate();
        return j;
    }

    /**
     * Opens (or creates) the embedded H2 journal file in a directory (the payment journal's file).
     *
     * @param directory the directory, created if missing
     * @param clock the clock of the timestamps
     * @param instanceName this server's name
     * @return the journal; {@link #close()} it
     * @throws InvalidInputException if an argument is null or malformed
     * @throws JournalStorageException if the file cannot be opened or H2 is missing
     */
    public static SettlementJournal embedded(Path directory, Clock clock, String instanceName) {
        Checks.notNull("directory", directory);
        Checks.notNull("clock", clock);
        Checks.number("instanceName", instanceName);
        Path dir = directory.toAbsolutePath();
        DataSource h2;
        Connection keep;
        try {
            Files.createDirectories(dir);
            h2 = DriverManagerDataSource.h2File(dir.resolve(JdbcPaymentJournal.EMBEDDED_FILE_NAME),
                    ";WRITE_DELAY=0;LOCK_TIMEOUT=10000");
            keep = h2.getConnection();
        } catch (java.io.IOException | SQLException e) {
            throw new JournalStorageException("cannot open the embedded journal database", e);
        }
        SettlementJournal j = new SettlementJournal(h2, clock, instanceName, keep);
        try {
            j.migrate();
        } catch (RuntimeException e) {
            j.close();
            throw e;
        }
        return j;
    }

    private void migrate() {
        try {
            SchemaMigrator.migrate(dataSource, instanceName, clock.millis());
        } catch (SQLException e) {
            throw new JournalStorageException("cannot create or upgrade the journal schema (SQLState "
                    + e.getSQLState() + ")", e);
        }
    }

    /** Closes the embedded database; does nothing for a caller's data source. */
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

    /** @return the journal's clock */
    Clock clock() {
        return clock;
    }

    // ------------------------------------------------------------------ msgid

    /**
     * Allocates the next msgid of an institution: {@code fixmedinsCode + yyyyMMddHHmmss + 4-digit sequence}.
     *
     * @param fixmedinsCode the 12-character 定点医药机构编号
     * @param now the local time of the message
     * @return a 30-character msgid never issued before on this database
     * @throws JournalStorageException if the database fails
     */
    public String nextMessageId(String fixmedinsCode, LocalDateTime now) {
        if (fixmedinsCode == null || !fixmedinsCode.matches("[0-9A-Za-z]{12}")) {
            throw new InvalidInputException("fixmedinsCode", "must be 12 letters or digits");
        }
        long second = Long.parseLong(STAMP.format(now));
        for (int attempt = 1;; attempt++) {
            try {
                return allocate(fixmedinsCode, second);
            } catch (JournalStorageException e) {
                // two servers creating the institution's row at once: the loser reads the winner's row
                if (attempt >= 10 || !(e.getCause() instanceof SQLException q) || !isUniqueViolation(q)) {
                    throw e;
                }
            }
        }
    }

    private String allocate(String fixmedinsCode, long second) {
        return inTransaction(c -> {
            long lastSecond;
            int lastSeq;
            try (PreparedStatement ps = c.prepareStatement("SELECT last_second, last_seq FROM " + MI_SEQUENCE
                    + " WHERE fixmedins_code = ? FOR UPDATE")) {
                ps.setString(1, fixmedinsCode);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + MI_SEQUENCE
                                + " (fixmedins_code, last_second, last_seq) VALUES (?, ?, 0)")) {
                            ins.setString(1, fixmedinsCode);
                            ins.setLong(2, second);
                            ins.executeUpdate();
                        }
                        return fixmedinsCode + second + "0000";
                    }
                    lastSecond = rs.getLong(1);
                    lastSeq = rs.getInt(2);
                }
            }
            long useSecond;
            int seq;
            if (second > lastSecond) {
                useSecond = second;
                seq = 0;
            } else if (lastSeq < 9999) {
                useSecond = lastSecond;
                seq = lastSeq + 1;
            } else {
                useSecond = nextSecond(lastSecond);
                seq = 0;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + MI_SEQUENCE
                    + " SET last_second = ?, last_seq = ? WHERE fixmedins_code = ?")) {
                ps.setLong(1, useSecond);
                ps.setInt(2, seq);
                ps.setString(3, fixmedinsCode);
                ps.executeUpdate();
            }
            return fixmedinsCode + useSecond + String.format("%04d", seq);
        });
    }

    private static long nextSecond(long stamp) {
        LocalDateTime t = LocalDateTime.parse(Long.toString(stamp), STAMP).plusSeconds(1);
        return Long.parseLong(STAMP.format(t));
    }

    // ------------------------------------------------------------------ messages

    void recordSent(String msgid, String infno, String opter, String psnNo, String insuplcAdmdvs, String visitNo) {
        long now = clock.millis();
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + MI_MESSAGE + " (" + MESSAGE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)")) {
                bind(ps, msgid, infno, opter, psnNo, insuplcAdmdvs, visitNo, MessageState.SENT.name(), now, now);
                ps.executeUpdate();
            }
            return null;
        });
    }

    void updateMessage(String msgid, MessageState state, String code, String detail) {
        long now = clock.millis();
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + MI_MESSAGE
                    + " SET state = ?, code = ?, detail = ?, updated_at = ? WHERE msgid = ?")) {
                bind(ps, state.name(), Checks.clip(code, 16), Checks.clip(detail, 256), now, msgid);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Finds a message.
     *
     * @param msgid the msgid
     * @return the message, if journalled
     */
    public Optional<JournalledMessage> message(String msgid) {
        List<JournalledMessage> l = messages("msgid = ?", msgid);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /**
     * The messages of a visit, oldest first.
     *
     * @param visitNo the visit
     * @return the messages
     */
    public List<JournalledMessage> messagesOfVisit(String visitNo) {
        return messages("visit_no = ?", visitNo);
    }

    /**
     * The messages whose outcome is not known ({@link MessageState#SENT} or {@link MessageState#UNKNOWN}).
     *
     * @return the messages, oldest first
     */
    public List<JournalledMessage> unresolvedMessages() {
        return messages("state IN ('SENT', 'UNKNOWN')");
    }

    private List<JournalledMessage> messages(String where, Object... args) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM " + MI_MESSAGE
                    + " WHERE " + where + " ORDER BY created_at, msgid")) {
                bind(ps, args);
                List<JournalledMessage> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new JournalledMessage(rs.getString(1), rs.getString(2), rs.getString(3),
                                str(rs, 4), str(rs, 5), str(rs, 6), MessageState.valueOf(rs.getString(7)), str(rs, 8),
                                str(rs, 9), Instant.ofEpochMilli(rs.getLong(10)), Instant.ofEpochMilli(rs.getLong(11))));
                    }
                }
                return out;
            }
        });
    }

    // ------------------------------------------------------------------ sign-in

    Optional<String> signIn(String fixmedinsCode, String opter, LocalDate day) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sign_no FROM " + MI_SIGN_IN
                    + " WHERE fixmedins_code = ? AND opter = ? AND sign_day = ? AND state = 'ACTIVE'")) {
                bind(ps, fixmedinsCode, opter, day.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    void saveSignIn(String fixmedinsCode, String opter, LocalDate day, String signNo) {
        long now = clock.millis();
        inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + MI_SIGN_IN
                    + " WHERE fixmedins_code = ? AND opter = ? AND sign_day = ?")) {
                bind(del, fixmedinsCode, opter, day.toString());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + MI_SIGN_IN
                    + " (fixmedins_code, opter, sign_day, sign_no, signed_at, state) VALUES (?, ?, ?, ?, ?, 'ACTIVE')")) {
                bind(ps, fixmedinsCode, opter, day.toString(), signNo, now);
                ps.executeUpdate();
            }
            return null;
        });
    }

    void endSignIn(String fixmedinsCode, String opter, String signNo, String state) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + MI_SIGN_IN
                    + " SET state = ? WHERE fixmedins_code = ? AND opter = ? AND sign_no = ?")) {
                bind(ps, state, fixmedinsCode, opter, signNo);
                ps.executeUpdate();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ visits

    /**
     * Finds a visit.
     *
     * @param visitNo the 院内就诊号
     * @return the visit, if journalled
     */
    public Optional<VisitEntry> visit(String visitNo) {
        List<VisitEntry> l = visits("visit_no = ?", visitNo);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /**
     * Finds the visit of a settlement.
     *
     * @param setlId 结算ID
     * @return the visit, if journalled
     */
    public Optional<VisitEntry> visitBySettlement(String setlId) {
        List<VisitEntry> l = visits("setl_id = ?", setlId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /**
     * The visits not in a final state, oldest first.
     *
     * @return the visits
     */
    public List<VisitEntry> unresolvedVisits() {
        return visits("state NOT IN ('COMPLETED', 'CANCELLED', 'NEEDS_ATTENTION')");
    }

    /**
     * The visits whose settlement the platform reported in a period (by this journal's settlement time), for
     * reconciliation: {@link VisitState#SETTLED}, {@link VisitState#COLLECTING_CASH}, {@link VisitState#COMPLETED}
     * and the undo states that still hold a settlement.
     *
     * @param from inclusive
     * @param to exclusive
     * @return the visits
     */
    public List<VisitEntry> settledBetween(Instant from, Instant to) {
        return visits("setl_id IS NOT NULL AND setl_id <> '' AND created_at >= ? AND created_at < ?",
                from.toEpochMilli(), to.toEpochMilli());
    }

    private List<VisitEntry> visits(String where, Object... args) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VISIT_COLUMNS + " FROM " + MI_VISIT + " WHERE "
                    + where + " ORDER BY created_at, visit_no")) {
                bind(ps, args);
                List<VisitEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new VisitEntry(rs.getString(1), VisitState.valueOf(rs.getString(2)), rs.getString(3),
                                str(rs, 4), str(rs, 5), str(rs, 6), str(rs, 7), str(rs, 8), str(rs, 9), str(rs, 10),
                                money(rs, 11), money(rs, 12), money(rs, 13), money(rs, 14), str(rs, 15), str(rs, 16),
                                str(rs, 17), Instant.ofEpochMilli(rs.getLong(18)), Instant.ofEpochMilli(rs.getLong(19)),
                                rs.getLong(20)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Creates a visit in {@link VisitState#REGISTERING}.
     *
     * @return the visit, or empty if the visit number is already journalled
     */
    Optional<VisitEntry> createVisit(String visitNo, String opter, String psnNo, String insutype,
            String insuplcAdmdvs) {
        long now = clock.millis();
        boolean created = inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + MI_VISIT + " (visit_no, state, opter, "
                    + "psn_no, insutype, insuplc_admdvs, claimed_by, claimed_until, created_at, updated_at, version) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
                bind(ps, visitNo, VisitState.REGISTERING.name(), opter, psnNo, insutype, insuplcAdmdvs, owner,
                        now + LEASE.toMillis(), now, now);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (isUniqueViolation(e)) {
                    return false;
                }
                throw e;
            }
        });
        return created ? visit(visitNo) : Optional.empty();
    }

    /**
     * Moves a visit from the state and version it had to a new state with new column values, as one compare-and-set.
     *
     * @param current the visit as read
     * @param target the new state
     * @param columns column → value (String, Long or Money as fen, or null)
     * @return the updated visit, or empty if another instance changed it first
     */
    Optional<VisitEntry> moveVisit(VisitEntry current, VisitState target, Map<String, Object> columns) {
        long now = clock.millis();
        Map<String, Object> set = new LinkedHashMap<>(columns);
        set.put("state", target.name());
        set.put("updated_at", now);
        StringBuilder sql = new StringBuilder("UPDATE ").append(MI_VISIT).append(" SET ");
        List<Object> args = new ArrayList<>();
        set.forEach((k, v) -> {
            if (!k.matches("[a-z_]+")) {
                throw new IllegalArgumentException("bad column " + k);
            }
            sql.append(k).append(" = ?, ");
            args.add(v instanceof Money m ? (Object) m.fen() : v);
        });
        sql.append("version = version + 1 WHERE visit_no = ? AND version = ?");
        args.add(current.visitNo());
        args.add(current.version());
        int n = inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args.toArray());
                return ps.executeUpdate();
            }
        });
        return n == 1 ? visit(current.visitNo()) : Optional.empty();
    }

    /**
     * Claims a visit for this journal instance (this run of this server): possible when nobody holds it, the holder's
     * lease ({@link #LEASE}) has run out, or the holder is an earlier run of a server with the same instance name (it
     * restarted, so that run is dead).
     *
     * @return the claimed visit, or empty if another server holds it or changed it first
     */
    Optional<VisitEntry> claim(VisitEntry v) {
        long now = clock.millis();
        int n = inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + MI_VISIT + " SET claimed_by = ?, "
                    + "claimed_until = ?, version = version + 1 WHERE visit_no = ? AND version = ? AND "
                    + "(claimed_until IS NULL OR claimed_until < ? OR (claimed_by LIKE ? AND claimed_by <> ?))")) {
                bind(ps, owner, now + LEASE.toMillis(), v.visitNo(), v.version(), now,
                        instanceName.replace("%", "").replace("_", "\\_") + "/%", owner);
                return ps.executeUpdate();
            }
        });
        return n == 1 ? visit(v.visitNo()) : Optional.empty();
    }

    /** Gives up this run's claim on a visit (resumable at once by anyone). */
    void release(String visitNo) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + MI_VISIT + " SET claimed_until = NULL "
                    + "WHERE visit_no = ? AND claimed_by = ?")) {
                bind(ps, visitNo, owner);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "SettlementJournal[" + instanceName + "]";
    }

    // ------------------------------------------------------------------ JDBC

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        int attempts = 0;
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException r) {
                        e.addSuppressed(r);
                    }
                    throw e;
                } finally {
                    try {
                        c.setAutoCommit(auto);
                    } catch (SQLException e) {
                        LOG.debug("settlement journal: cannot reset a connection ({})", e.getSQLState());
                    }
                }
            } catch (SQLException e) {
                if (isRetryable(e) && ++attempts < MAX_ATTEMPTS) {
                    continue;
                }
                throw new JournalStorageException("the settlement journal failed (SQLState " + e.getSQLState() + ")",
                        e);
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, a.toString());
            }
        }
    }

    private static String str(ResultSet rs, int i) throws SQLException {
        String s = rs.getString(i);
        return s == null ? "" : s;
    }

    private static Money money(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : Money.ofFen(v);
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    private static boolean isRetryable(SQLException e) {
        String s = e.getSQLState();
        return "40001".equals(s) || "40P01".equals(s) || "HYT00".equals(s) || "90131".equals(s);
    }
}
