package io.yikatong.benchmarks;

import io.yikatong.core.Money;
import io.yikatong.payment.journal.EventSource;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.JournalConflictException;
import io.yikatong.payment.journal.NewPayment;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.journal.StateChange;
import io.yikatong.payment.journal.Transition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Journal writes per payment on the embedded H2 file (the default journal of a single HIS server): {@code create}
 * (CREATED), then SENT and PAID, each a compare-and-set transaction with an event-log row, as a code-pay that
 * succeeds at once. The baseline is the bare minimum on the same kind of H2 file: one auto-committed INSERT and two
 * UPDATEs of one row, no version check, no event log. Both databases are opened with {@code WRITE_DELAY=0}, so every
 * commit reaches the operating system; the numbers depend on the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalBenchmark {

    private Path dir;
    private JdbcPaymentJournal journal;
    private Connection raw;
    private PreparedStatement rawInsert;
    private PreparedStatement rawUpdate;
    private long counter;

    @Setup
    public void setup() throws IOException, SQLException {
        dir = Files.createTempDirectory("yikatong-journal-bench");
        journal = JdbcPaymentJournal.embedded(dir.resolve("journal"), Clock.systemUTC(), "bench");
        raw = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("raw/raw").toAbsolutePath()
                + ";WRITE_DELAY=0");
        try (Statement s = raw.createStatement()) {
            s.execute("CREATE TABLE payment (no VARCHAR(64) PRIMARY KEY, amount_fen BIGINT, state VARCHAR(16))");
        }
        rawInsert = raw.prepareStatement("INSERT INTO payment VALUES (?, ?, 'CREATED')");
        rawUpdate = raw.prepareStatement("UPDATE payment SET state = ? WHERE no = ?");
    }

    @TearDown
    public void tearDown() throws IOException, SQLException {
        journal.close();
        raw.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One payment's journal life: create, SENT, PAID (three transactions, four rows written, three events). */
    @Benchmark
    public Transition<?> createSentPaid() throws JournalConflictException {
        String no = "B" + (counter++);
        journal.create(NewPayment.of(no, "wechat", Money.ofFen(1230), "门诊缴费"));
        journal.apply(no, StateChange.to(PaymentState.SENT, EventSource.SUBMIT));
        return journal.apply(no, StateChange.to(PaymentState.PAID, EventSource.RESPONSE).withChannelTradeNo("42" + no));
    }

    /** Baseline: the same three writes as bare auto-committed statements on one table. */
    @Benchmark
    public int baselineRawJdbc() throws SQLException {
        String no = "B" + (counter++);
        rawInsert.setString(1, no);
        rawInsert.setLong(2, 1230);
        rawInsert.executeUpdate();
        rawUpdate.setString(1, "SENT");
        rawUpdate.setString(2, no);
        rawUpdate.executeUpdate();
        rawUpdate.setString(1, "PAID");
        rawUpdate.setString(2, no);
        return rawUpdate.executeUpdate();
    }
}
