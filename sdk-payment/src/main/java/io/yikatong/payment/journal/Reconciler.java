package io.yikatong.payment.journal;

import io.yikatong.core.InvalidInputException;
import io.yikatong.payment.journal.internal.Checks;
import io.yikatong.payment.spi.BillLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a channel's bill for a period with the journal (对账).
 *
 * <p>Every bill line is looked up in the journal by its key, whatever the journal's time for it, so a payment made
 * just before midnight and billed the next day still matches. A payment line matches a {@link PaymentState#PAID}
 * entry with the same amount (and the same channel number, when both sides have one), or a {@link PaymentState#CLOSED}
 * one with a recorded {@linkplain PaymentEntry#latePayment() payment after the close}; a refund line matches a
 * {@link RefundState#SUCCEEDED} refund of the same payment with the same amount. Then every journal payment that
 * became paid in {@code [from, to)} and every refund that succeeded in it, but is not in the bill, is reported as
 * {@link Discrepancy.Kind#MISSING_IN_BILL}. Only entries still {@code PAID} are expected in the bill: an entry paid in
 * the period and reversed since is not reported missing, because channels differ in whether a same-day reversal
 * appears in the bill [?]; a bill line for it is reported as {@link Discrepancy.Kind#STATE_MISMATCH}.
 *
 * <p>Bills are per channel: pass the lines of one channel and set {@code channel} so that the journal's entries of
 * other channels are not reported missing.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Reconciler {

    private Reconciler() {
    }

    /**
     * Compares a bill with the journal.
     *
     * @param bill the bill lines of one channel
     * @param journal the journal
     * @param channel the channel identifier of the bill, for example {@code wechat}
     * @param from the start of the billing period, inclusive (for example 00:00 Beijing time)
     * @param to the end of the billing period, exclusive
     * @return the report
     * @throws InvalidInputException if an argument is null or {@code to} is before {@code from}
     * @throws JournalStorageException if the journal's database fails
     */
    public static ReconciliationReport compare(List<BillLine> bill, PaymentJournal journal, String channel,
            Instant from, Instant to) {
        Checks.notNull("bill", bill);
        Checks.notNull("journal", journal);
        Checks.channel(channel);
        Checks.notNull("from", from);
        Checks.notNull("to", to);
        if (to.isBefore(from)) {
            throw new InvalidInputException("to", "must not be before from");
        }
        List<Discrepancy> out = new ArrayList<>();
        Set<String> seenPayments = new HashSet<>();
        Set<String> seenRefunds = new HashSet<>();
        int matched = 0;
        for (BillLine line : bill) {
            Checks.notNull("bill line", line);
            boolean first = (line.type() == BillLine.Type.PAYMENT ? seenPayments : seenRefunds).add(line.key());
            if (!first) {
                out.add(new Discrepancy(Discrepancy.Kind.DUPLICATE_IN_BILL, line.type(), line.key(), line.amount(),
                        null, null));
                continue;
            }
            Discrepancy d = line.type() == BillLine.Type.PAYMENT ? checkPayment(line, journal, channel)
                    : checkRefund(line, journal);
            if (d == null) {
                matched++;
            } else {
                out.add(d);
            }
        }
        for (PaymentEntry e : journal.paidBetween(from, to)) {
            if (e.channel().equals(channel) && e.state() == PaymentState.PAID
                    && !seenPayments.contains(e.merchantOrderNo())) {
                out.add(new Discrepancy(Discrepancy.Kind.MISSING_IN_BILL, BillLine.Type.PAYMENT, e.merchantOrderNo(),
                        null, e.amount(), e.state().name()));
            }
        }
        for (RefundEntry r : journal.refundedBetween(from, to)) {
            if (seenRefunds.contains(r.merchantRefundNo())) {
                continue;
            }
            Optional<PaymentEntry> payment = journal.find(r.merchantOrderNo());
            if (payment.isPresent() && payment.get().channel().equals(channel)) {
                out.add(new Discrepancy(Discrepancy.Kind.MISSING_IN_BILL, BillLine.Type.REFUND, r.merchantRefundNo(),
                        null, r.amount(), r.state().name()));
            }
        }
        return new ReconciliationReport(matched, out);
    }

    private static Discrepancy checkPayment(BillLine line, PaymentJournal journal, String channel) {
        Optional<PaymentEntry> found = journal.find(line.merchantOrderNo());
        if (found.isEmpty() || !found.get().channel().equals(channel)) {
            return new Discrepancy(Discrepancy.Kind.MISSING_IN_JOURNAL, line.type(), line.key(), line.amount(), null,
                    null);
        }
        PaymentEntry e = found.get();
        if (!e.amount().equals(line.amount())) {
            return new Discrepancy(Discrepancy.Kind.AMOUNT_MISMATCH, line.type(), line.key(), line.amount(),
                    e.amount(), e.state().name());
        }
        boolean paidAfterClose = e.state() == PaymentState.CLOSED && e.latePayment() != null;
        if (e.state() != PaymentState.PAID && !paidAfterClose) {
            return new Discrepancy(Discrepancy.Kind.STATE_MISMATCH, line.type(), line.key(), line.amount(),
                    e.amount(), e.state().name());
        }
        String tradeNo = paidAfterClose ? e.latePayment().channelTradeNo() : e.channelTradeNo();
        if (line.channelTradeNo() != null && tradeNo != null && !Objects.equals(line.channelTradeNo(), tradeNo)) {
            return new Discrepancy(Discrepancy.Kind.CHANNEL_TRADE_NO_MISMATCH, line.type(), line.key(),
                    line.amount(), e.amount(), e.state().name());
        }
        return null;
    }

    private static Discrepancy checkRefund(BillLine line, PaymentJournal journal) {
        Optional<RefundEntry> found = journal.findRefund(line.merchantRefundNo());
        if (found.isEmpty() || !found.get().merchantOrderNo().equals(line.merchantOrderNo())) {
            return new Discrepancy(Discrepancy.Kind.MISSING_IN_JOURNAL, line.type(), line.key(), line.amount(), null,
                    null);
        }
        RefundEntry r = found.get();
        if (!r.amount().equals(line.amount())) {
            return new Discrepancy(Discrepancy.Kind.AMOUNT_MISMATCH, line.type(), line.key(), line.amount(),
                    r.amount(), r.state().name());
        }
        if (r.state() != RefundState.SUCCEEDED) {
            return new Discrepancy(Discrepancy.Kind.STATE_MISMATCH, line.type(), line.key(), line.amount(),
                    r.amount(), r.state().name());
        }
        return null;
    }
}
