package io.yikatong.payment.journal.internal;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.journal.Decline;
import io.yikatong.payment.journal.PaymentKind;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceSplit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data migration of schema version 2: reads, once, the facts that earlier versions wrote into event details, and
 * stores them in the payment's typed columns. This is the only code that knows those formats; nothing reads them
 * afterwards (the event rows keep their details, as the log is append-only).
 *
 * <p>Each fact is read as the earlier version's reader read it:
 * <ul>
 *   <li>kind: the note of the first applied change to {@code SENT}, {@code kind=barcode} or {@code kind=qr}
 *       (PaymentClient); every order of channel {@code medical-insurance} is
 *       {@link PaymentKind#MEDICAL_INSURANCE};</li>
 *   <li>QR code URL: the first payment event whose note starts with {@code code_url=} (PaymentClient);</li>
 *   <li>decline: the note of the last applied change to {@code DECLINED}, {@code REASON|code|message}, a reason that
 *       is not a {@link DeclineReason} read as {@link DeclineReason#OTHER} (PaymentClient; not for
 *       medical-insurance orders, whose notes were the platform's refusal text and were never read back);</li>
 *   <li>split: the last payment event whose note is {@code split fee=… fund=… acct=… own=…} in yuan, of a
 *       medical-insurance order (MedicalInsuranceCheckout); a split that does not add up is left out and logged;</li>
 *   <li>charge batch: the first payment event whose note contains {@code chrgBchno=…}, of a medical-insurance
 *       order.</li>
 * </ul>
 * Before that, orders of channel {@code medicare} (the channel's earlier name) are renamed {@code medical-insurance}.
 * Row versions and times are left alone: no state changes. Facts already in the columns are kept, so running it again
 * changes nothing.
 *
 * <p>Not API. Thread-safe (stateless).
 */
final class LegacyFacts {

    /** The channel identifier of medical-insurance orders, and its earlier name. */
    static final String INSURANCE = "medical-insurance";
    static final String OLD_INSURANCE = "medicare";

    private static final Logger LOG = LoggerFactory.getLogger(LegacyFacts.class);
    private static final String KIND_BARCODE = "kind=barcode";
    private static final String KIND_QR = "kind=qr";
    private static final String CODE_URL = "code_url=";
    private static final Pattern SPLIT = Pattern.compile(
            "split fee=(\\d+\\.\\d{2}) fund=(\\d+\\.\\d{2}) acct=(\\d+\\.\\d{2}) own=(\\d+\\.\\d{2})");
    private static final Pattern BATCH = Pattern.compile("chrgBchno=(\\S+)");
    private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9_\\-|*@.]{1,64}");
    private static final int BATCH_SIZE = 500;

    private LegacyFacts() {
    }

    /** The facts found for one order. */
    private static final class Facts {
        final String orderNo;
        final boolean insurance;
        PaymentKind kind;
        String codeUrl;
        Decline decline;
        MedicalInsuranceSplit split;
        String batch;
        boolean sentSeen;

        Facts(String orderNo, boolean insurance) {
            this.orderNo = orderNo;
            this.insurance = insurance;
        }

        boolean any() {
            return kind != null || codeUrl != null || decline != null || split != null || batch != null;
        }
    }

    /**
     * Runs the migration in the caller's transaction.
     *
     * @param c the connection, in a transaction
     * @throws SQLException if the database fails
     */
    static void migrate(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + Schema.PAYMENT
                + " SET channel = ? WHERE channel = ?")) {
            ps.setString(1, INSURANCE);
            ps.setString(2, OLD_INSURANCE);
            int renamed = ps.executeUpdate();
            if (renamed > 0) {
                LOG.info("journal: {} orders of channel {} renamed {}", renamed, OLD_INSURANCE, INSURANCE);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + Schema.PAYMENT
                + " SET kind = ? WHERE channel = ? AND kind IS NULL")) {
            ps.setString(1, PaymentKind.MEDICAL_INSURANCE.name());
            ps.setString(2, INSURANCE);
            ps.executeUpdate();
        }
        int updated = 0;
        try (PreparedStatement read = c.prepareStatement("SELECT e.merchant_order_no, p.channel, e.kind, e.to_state, "
                + "e.detail FROM " + Schema.EVENT + " e JOIN " + Schema.PAYMENT + " p "
                + "ON p.merchant_order_no = e.merchant_order_no "
                + "WHERE e.merchant_refund_no IS NULL AND e.detail IS NOT NULL AND (e.to_state = 'SENT' "
                + "OR e.to_state = 'DECLINED' OR e.detail LIKE 'code%' OR e.detail LIKE 'split fee=%' "
                + "OR e.detail LIKE '%chrgBchno=%') ORDER BY e.merchant_order_no, e.id");
                PreparedStatement write = c.prepareStatement("UPDATE " + Schema.PAYMENT + " SET "
                        + "kind = COALESCE(kind, ?), code_url = COALESCE(code_url, ?), "
                        + "decline_reason = COALESCE(decline_reason, ?), decline_code = COALESCE(decline_code, ?), "
                        + "decline_message = COALESCE(decline_message, ?), "
                        + "fee_total_fen = COALESCE(fee_total_fen, ?), fund_pay_fen = COALESCE(fund_pay_fen, ?), "
                        + "account_pay_fen = COALESCE(account_pay_fen, ?), self_pay_fen = COALESCE(self_pay_fen, ?), "
                        + "charge_batch_no = COALESCE(charge_batch_no, ?) WHERE merchant_order_no = ?")) {
            read.setFetchSize(BATCH_SIZE);
            int pending = 0;
            try (ResultSet rs = read.executeQuery()) {
                Facts facts = null;
                while (rs.next()) {
                    String no = rs.getString(1);
                    if (facts == null || !facts.orderNo.equals(no)) {
                        pending += flush(write, facts);
                        facts = new Facts(no, INSURANCE.equals(rs.getString(2)));
                    }
                    read(facts, rs.getString(3), rs.getString(4), rs.getString(5));
                    if (pending >= BATCH_SIZE) {
                        updated += count(write.executeBatch());
                        pending = 0;
                    }
                }
                pending += flush(write, facts);
            }
            if (pending > 0) {
                updated += count(write.executeBatch());
            }
        }
        if (updated > 0) {
            LOG.info("journal: typed facts read from the event log of {} orders", updated);
        }
    }

    /** Reads one event's note (events come in insertion order). */
    private static void read(Facts f, String eventKind, String toState, String detail) {
        boolean changed = "CHANGED".equals(eventKind);
        if (changed && "SENT".equals(toState) && !f.sentSeen) {
            f.sentSeen = true;
            f.kind = KIND_BARCODE.equals(detail) ? PaymentKind.BARCODE : KIND_QR.equals(detail) ? PaymentKind.QR
                    : f.kind;
        }
        if (f.codeUrl == null && detail.startsWith(CODE_URL) && detail.length() > CODE_URL.length()) {
            f.codeUrl = Checks.clip(detail.substring(CODE_URL.length()), 512);
        }
        if (changed && "DECLINED".equals(toState) && !f.insurance) {
            f.decline = decline(detail);
        }
        if (f.insurance) {
            Matcher split = SPLIT.matcher(detail);
            if (split.matches()) {
                try {
                    f.split = new MedicalInsuranceSplit(Money.parseYuan(split.group(1)),
                            Money.parseYuan(split.group(2)), Money.parseYuan(split.group(3)),
                            Money.parseYuan(split.group(4)));
                } catch (InvalidInputException e) {
                    LOG.warn("journal: order {} has a recorded split that does not add up; left out", f.orderNo);
                }
            }
            Matcher batch = BATCH.matcher(detail);
            if (f.batch == null && batch.find() && NUMBER.matcher(batch.group(1)).matches()) {
                f.batch = batch.group(1);
            }
        }
    }

    private static Decline decline(String detail) {
        String[] parts = detail.split("\\|", 3);
        DeclineReason reason = DeclineReason.OTHER;
        try {
            reason = DeclineReason.valueOf(parts[0]);
        } catch (IllegalArgumentException ignored) {
            // written by another tool: OTHER, as the earlier reader did
        }
        return Decline.of(reason, parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "");
    }

    private static int flush(PreparedStatement write, Facts f) throws SQLException {
        if (f == null || !f.any()) {
            return 0;
        }
        setText(write, 1, f.kind == null ? null : f.kind.name());
        setText(write, 2, f.codeUrl);
        setText(write, 3, f.decline == null ? null : f.decline.reason().name());
        setText(write, 4, f.decline == null ? null : f.decline.channelCode());
        setText(write, 5, f.decline == null ? null : f.decline.channelMessage());
        setFen(write, 6, f.split == null ? null : f.split.total());
        setFen(write, 7, f.split == null ? null : f.split.fundPay());
        setFen(write, 8, f.split == null ? null : f.split.accountPay());
        setFen(write, 9, f.split == null ? null : f.split.selfPay());
        setText(write, 10, f.batch);
        write.setString(11, f.orderNo);
        write.addBatch();
        return 1;
    }

    private static void setText(PreparedStatement ps, int i, String value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, value);
        }
    }

    private static void setFen(PreparedStatement ps, int i, Money value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, value.fen());
        }
    }

    private static int count(int[] results) {
        int n = 0;
        for (int r : results) {
            n += r == Statement.SUCCESS_NO_INFO ? 1 : Math.max(r, 0);
        }
        return n;
    }
}
