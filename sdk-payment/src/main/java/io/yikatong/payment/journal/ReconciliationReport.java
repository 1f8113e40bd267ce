package io.yikatong.payment.journal;

import java.util.List;

/**
 * The result of {@link Reconciler#compare}: how many bill lines matched and every difference found.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param matched the number of bill lines that matched a journal entry exactly
 * @param discrepancies the differences, in bill order followed by journal-only entries
 * @since 0.1
 */
public record ReconciliationReport(int matched, List<Discrepancy> discrepancies) {

    /**
     * Copies the list.
     *
     * @throws io.yikatong.core.InvalidInputException if the list is null
     */
    public ReconciliationReport {
        discrepancies = List.copyOf(io.yikatong.payment.journal.internal.Checks.notNull("discrepancies",
                discrepancies));
    }

    /**
     * Returns the lines in the bill that are not in the journal.
     *
     * @return the {@link Discrepancy.Kind#MISSING_IN_JOURNAL} entries
     */
    public List<Discrepancy> missing() {
        return of(Discrepancy.Kind.MISSING_IN_JOURNAL);
    }

    /**
     * Returns the journal entries paid or refunded in the period that are not in the bill.
     *
     * @return the {@link Discrepancy.Kind#MISSING_IN_BILL} entries
     */
    public List<Discrepancy> extra() {
        return of(Discrepancy.Kind.MISSING_IN_BILL);
    }

    /**
     * Returns the entries present on both sides that differ (amount, state, channel number, duplicate lines).
     *
     * @return the other discrepancies
     */
    public List<Discrepancy> mismatched() {
        return discrepancies.stream().filter(d -> d.kind() != Discrepancy.Kind.MISSING_IN_JOURNAL
                && d.kind() != Discrepancy.Kind.MISSING_IN_BILL).toList();
    }

    /**
     * Returns whether the bill and the journal agree.
     *
     * @return {@code true} if there is no discrepancy
     */
    public boolean isClean() {
        return discrepancies.isEmpty();
    }

    private List<Discrepancy> of(Discrepancy.Kind kind) {
        return discrepancies.stream().filter(d -> d.kind() == kind).toList();
    }
}
