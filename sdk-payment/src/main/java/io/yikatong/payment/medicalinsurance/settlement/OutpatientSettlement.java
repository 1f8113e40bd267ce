package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelRefusedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outpatient visit from the credential in the patient's hand to a settled visit, exactly once (reference §3, §5):
 * 1101 → 2201 → 2203 → 2204 → 2206 → 2207 → the patient's cash share ({@code psn_cash_pay}) through a {@link CashLeg}
 * → on failure of the cash part, undo in order 2208, 2205, 2202.
 *
 * <p>Every state-changing step is journalled before it is sent (the visit's {@link VisitState} in
 * {@link SettlementJournal}, the message with its msgid), so a crash at any point is finished by {@link #resume()},
 * which several servers on one database may run at once. A server holds each visit it works on (a claim in the
 * journal, compare-and-set): {@link #settle} from the visit's creation to its return, {@link #resume()} while it
 * finishes the visit. {@code resume()} takes a visit nobody holds, one whose holder's 30-minute lease ran out (a
 * crashed server), or one held by an earlier run of a server with the same instance name (it restarted); so a visit
 * in progress on a live server is never resumed under it, and each is resolved once.
 *
 * <p><b>Retry rules</b> (the README's table):
 * <table class="striped">
 * <caption>What happens when a step's outcome is unknown</caption>
 * <thead><tr><th scope="col">step</th><th scope="col">refused (definite)</th><th scope="col">outcome unknown</th></tr>
 * </thead><tbody>
 * <tr><th scope="row">1101, 2206</th><td>declined</td><td>sent once more (repeatable, new msgid); then declined
 *     (undoing what was done)</td></tr>
 * <tr><th scope="row">2201</th><td>declined</td><td>{@link VisitState#NEEDS_ATTENTION}: the {@code mdtrt_id} is
 *     unknown (find it with 5201 by {@code ipt_otp_no}); never registered twice</td></tr>
 * <tr><th scope="row">2203</th><td>undo (2202), declined</td><td>sent once more (an upsert); then undo</td></tr>
 * <tr><th scope="row">2204</th><td>undo (2202)</td><td>undo: 2205 of the batch, 2202</td></tr>
 * <tr><th scope="row">2207</th><td>undo (2205, 2202), declined</td><td>2601 冲正 with the journalled msgid
 *     ({@code oinfno 2207}), then undo (2205, 2202), declined; never settled again under the batch. If the 2601 fails
 *     too the visit stays {@link VisitState#REVERSING} (pending) and {@link #resume()} repeats the 2601 with the same
 *     {@code omsgid}</td></tr>
 * <tr><th scope="row">cash</th><td>declined/closed: undo 2208, 2205, 2202</td><td>pending;
 *     {@link #resume()} asks {@link CashLeg#status}</td></tr>
 * <tr><th scope="row">2208</th><td>{@link VisitState#NEEDS_ATTENTION}</td><td>2601 ({@code oinfno 2208}, the
 *     2208's msgid) restores the settlement, then 2208 again</td></tr>
 * <tr><th scope="row">2205, 2202</th><td>in the first attempt: {@link VisitState#NEEDS_ATTENTION}; after an unknown
 *     attempt: taken as done (the first one did it)</td><td>sent again (by {@link #resume()})</td></tr>
 * </tbody></table>
 *
 * <p>After a crash, {@link #resume()} does not settle anything anew: a visit left before its cash share was
 * collected is undone (the patient has left), one whose 2207 outcome is unknown is reversed.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class OutpatientSettlement {

    private static final Logger LOG = LoggerFactory.getLogger(OutpatientSettlement.class);

    private final SettlementClient client;
    private final SettlementJournal journal;
    private final CashLeg defaultCash;

    private OutpatientSettlement(SettlementClient client, CashLeg defaultCash) {
        this.client = client;
        this.journal = client.journal();
        this.defaultCash = defaultCash;
    }

    /**
     * Creates the orchestration.
     *
     * @param client the settlement client (its journal is the visits' journal)
     * @param resumeCash the cash leg {@link #resume()} asks about cash payments in progress, or {@code null} (then such
     *     visits stay pending)
     * @return the orchestration
     */
    public static OutpatientSettlement of(SettlementClient client, CashLeg resumeCash) {
        return new OutpatientSettlement(Objects.requireNonNull(client, "client"), resumeCash);
    }

    /**
     * Settles one visit.
     *
     * @param visit the visit
     * @param cash how the cash share is collected
     * @return settled, pending or declined; for a visit number already journalled, its current outcome (nothing is
     *     sent again)
     * @throws InvalidInputException if the visit breaks the profile's rules (checked before anything is sent)
     * @throws io.yikatong.payment.journal.JournalStorageException if the journal fails
     */
    public VisitOutcome settle(OutpatientVisit visit, CashLeg cash) {
        Objects.requireNonNull(visit, "visit");
        Objects.requireNonNull(cash, "cash");
        Operator op = visit.operator();
        FeeUpload probe = new FeeUpload("0", "0", "", visit.chrgBchno(), visit.diseCodg(), visit.fees());
        probe.checkFor(client.profile());
        client.checkRequired("2203", new VisitDetails("0", "0", "", visit.medType(), visit.begntime(), "",
                visit.diseCodg(), visit.diseName(), visit.diagnoses()).input());
        client.checkRequired("2204", probe.input());
        Optional<VisitEntry> known = journal.visit(visit.visitNo());
        if (known.isPresent()) {
            return outcomeOf(known.get(), null, null);
        }
        PersonInfo person;
        try {
            person = client.personInfo(op, visit.credential());
        } catch (ChannelException e) {
            if (definite(e)) {
                return new VisitOutcome.Declined(visit.visitNo(), "1101", code(e), message(e));
            }
            try {
                person = client.personInfo(op, visit.credential()); // repeatable: once more
            } catch (ChannelException again) {
                return new VisitOutcome.Declined(visit.visitNo(), "1101", code(again), message(again));
            }
        }
        PersonInfo.Insurance ins;
        try {
            ins = person.insurance(visit.insutype());
        } catch (InvalidInputException e) {
            return new VisitOutcome.Declined(visit.visitNo(), "1101", "", "the person has no insurance of type "
                    + visit.insutype());
        }
        String psnNo = person.psnNo();
        String insuplc = ins.insuplcAdmdvs();
        Optional<VisitEntry> created = journal.createVisit(visit.visitNo(), op.id(), psnNo, ins.insutype(), insuplc);
        if (created.isEmpty()) {
            return outcomeOf(journal.visit(visit.visitNo()).orElseThrow(), null, null);
        }
        try {
            return settleClaimed(created.get(), visit, cash, op, psnNo, insuplc, ins);
        } finally {
            journal.release(visit.visitNo());
        }
    }

    private VisitOutcome settleClaimed(VisitEntry created, OutpatientVisit visit, CashLeg cash, Operator op,
            String psnNo, String insuplc, PersonInfo.Insurance ins) {
        VisitEntry v = created;

        // 2201
        RegistrationResult reg;
        try {
            reg = client.register(op, new Registration(psnNo, ins.insutype(), insuplc, visit.begntime(),
                    visit.credential(), visit.visitNo(), visit.atddrNo(), visit.drName(), visit.deptCode(),
                    visit.deptName(), visit.caty()), null);
        } catch (ChannelException e) {
            if (definite(e)) {
                move(v, VisitState.CANCELLED, Map.of("message", message(e)));
                return new VisitOutcome.Declined(v.visitNo(), "2201", code(e), message(e));
            }
            v = move(v, VisitState.NEEDS_ATTENTION, Map.of("message",
                    "2201 outcome unknown: find the visit with 5201 by ipt_otp_no, then 2202 it"));
            return new VisitOutcome.Pending(v.visitNo(), v.state(), v.message());
        }
        v = move(v, VisitState.REGISTERED, Map.of("mdtrt_id", reg.mdtrtId()));

        // 2203 (upsert: one more attempt on an unknown outcome)
        VisitDetails details = new VisitDetails(reg.mdtrtId(), psnNo, insuplc, visit.medType(), visit.begntime(), "",
                visit.diseCodg(), visit.diseName(), visit.diagnoses());
        ChannelException failed = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                client.uploadVisit(op, details);
                failed = null;
                break;
            } catch (ChannelException e) {
                failed = e;
                if (definite(e)) {
                    break;
                }
            }
        }
        if (failed != null) {
            return undo(v, op, "2203", failed);
        }

        // 2204
        v = move(v, VisitState.UPLOADING_FEES, Map.of("chrg_bchno", visit.chrgBchno()));
        FeeUpload upload = new FeeUpload(reg.mdtrtId(), psnNo, insuplc, visit.chrgBchno(), visit.diseCodg(),
                visit.fees());
        try {
            client.uploadFees(op, upload, v.visitNo());
        } catch (ChannelException e) {
            if (definite(e)) {
                v = move(v, VisitState.CANCELLING_REGISTRATION, Map.of("message", message(e)));
            }
            return undo(v, op, "2204", e);
        }
        v = move(v, VisitState.FEES_UPLOADED, Map.of());

        // 2206 (repeatable: one more attempt)
        SettlementRequest request = new SettlementRequest(psnNo, insuplc, visit.credential(), visit.medType(),
                upload.total(), "01", reg.mdtrtId(), visit.chrgBchno(), visit.acctUsed(), ins.insutype(), "", null,
                Map.of());
        Settlement pre = null;
        failed = null;
        for (int attempt = 0; attempt < 2 && pre == null; attempt++) {
            try {
                pre = client.preSettle(op, request);
                failed = null;
            } catch (ChannelException e) {
                failed = e;
                if (definite(e)) {
                    break;
                }
            }
        }
        if (pre == null) {
            return undo(v, op, "2206", failed);
        }

        // 2207: the visit records the msgid (SETTLING) before the message is sent
        VisitEntry[] current = {v};
        Settlement settlement;
        try {
            settlement = client.settle(op, request.forSettlement(pre, visit.invono()), v.visitNo(), msgid ->
                    current[0] = move(current[0], VisitState.SETTLING, Map.of("settle_msgid", msgid)));
        } catch (ChannelException e) {
            v = current[0];
            if (definite(e) && v.state() == VisitState.SETTLING) {
                return undo(move(v, VisitState.CANCELLING_FEES, Map.of("message", message(e))), op, "2207", e);
            }
            if (v.state() != VisitState.SETTLING) {
                return undo(v, op, "2207", e);
            }
            LOG.warn("visit {}: 2207 outcome unknown ({}); reversing it with 2601", v.visitNo(), e.getMessage());
            return reverseAndUndo(move(v, VisitState.REVERSING, Map.of("message", message(e))), op);
        }
        v = move(current[0], VisitState.SETTLED, settledColumns(settlement));
        return collect(v, op, cash, settlement);
    }

    private static Map<String, Object> settledColumns(Settlement s) {
        Map<String, Object> m = new HashMap<>();
        m.put("setl_id", s.setlId());
        m.put("medfee_fen", s.medfeeSumamt());
        m.put("fund_fen", s.fundPaySumamt());
        m.put("acct_fen", s.acctPay());
        m.put("cash_fen", s.psnCashPay());
        m.put("clr_optins", s.clrOptins());
        return m;
    }

    private VisitOutcome collect(VisitEntry v, Operator op, CashLeg cash, Settlement settlement) {
        Money share = v.psnCashPay();
        if (share.fen() <= 0) {
            v = move(v, VisitState.COMPLETED, Map.of());
            return settled(v, null);
        }
        String orderNo = "YB" + v.settleMsgid().substring(12);
        v = move(v, VisitState.COLLECTING_CASH, Map.of("cash_order_no", orderNo));
        PaymentOutcome paid;
        try {
            paid = cash.collect(share, orderNo);
        } catch (InvalidInputException e) {
            paid = new PaymentOutcome.Closed(orderNo, false);
        } catch (RuntimeException e) {
            LOG.warn("visit {}: the cash leg failed ({}); pending", v.visitNo(), e.getClass().getSimpleName());
            return new VisitOutcome.Pending(v.visitNo(), v.state(), "the cash share's outcome is unknown");
        }
        return afterCash(v, op, paid);
    }

    private VisitOutcome afterCash(VisitEntry v, Operator op, PaymentOutcome paid) {
        if (paid instanceof PaymentOutcome.Paid) {
            v = move(v, VisitState.COMPLETED, Map.of());
            return settled(v, paid);
        }
        if (paid instanceof PaymentOutcome.Declined || paid instanceof PaymentOutcome.Closed) {
            String why = paid instanceof PaymentOutcome.Declined d ? d.reason() + " " + d.channelMessage()
                    : "the cash payment was closed";
            v = move(v, VisitState.CANCELLING_SETTLEMENT, Map.of("message", clip(why)));
            VisitOutcome undone = finishUndo(v, op);
            if (undone instanceof VisitOutcome.Declined) {
                return new VisitOutcome.Declined(v.visitNo(), "cash", paid instanceof PaymentOutcome.Declined d
                        ? d.channelCode() : "", clip(why));
            }
            return undone;
        }
        return new VisitOutcome.Pending(v.visitNo(), v.state(), "the cash share is " + paid.status());
    }

    private static VisitOutcome.Settled settled(VisitEntry v, PaymentOutcome cash) {
        return new VisitOutcome.Settled(v.visitNo(), v.setlId(), v.medfeeSumamt(), v.fundPaySumamt(), v.acctPay(),
                v.psnCashPay(), cash);
    }

    /**
     * Undoes a settled visit (2208, 2205, 2202), for example for a refund at the counter.
     *
     * @param operator the operator
     * @param setlId the 结算ID
     * @return declined (undone), or pending if a step's outcome is unknown
     * @throws InvalidInputException if the journal has no such settlement or it is not settled
     */
    public VisitOutcome undo(Operator operator, String setlId) {
        VisitEntry v = journal.visitBySettlement(setlId).orElseThrow(() ->
                new InvalidInputException("setlId", "is not a settlement in the journal"));
        if (v.state() != VisitState.COMPLETED && v.state() != VisitState.SETTLED) {
            throw new InvalidInputException("setlId", "its visit is " + v.state() + ", not settled");
        }
        Optional<VisitEntry> claimed = journal.claim(v);
        if (claimed.isEmpty()) {
            return new VisitOutcome.Pending(v.visitNo(), v.state(), "another server is working on this visit");
        }
        try {
            v = move(claimed.get(), VisitState.CANCELLING_SETTLEMENT, Map.of("message", "undone on request"));
            VisitOutcome o = finishUndo(v, operator);
            return o instanceof VisitOutcome.Declined ? new VisitOutcome.Declined(v.visitNo(), "undo", "",
                    "undone on request") : o;
        } finally {
            journal.release(v.visitNo());
        }
    }

    /**
     * Finishes every visit the journal holds unresolved (after a crash or a lost answer), each exactly once, also
     * when several servers resume at once.
     *
     * @return the outcome of each visit it resolved or tried
     */
    public List<VisitOutcome> resume() {
        List<VisitOutcome> out = new ArrayList<>();
        for (VisitEntry v : journal.unresolvedVisits()) {
            Optional<VisitEntry> claimed = journal.claim(v);
            if (claimed.isEmpty()) {
                continue; // another server has it (working on it, or crashed less than the lease ago)
            }
            try {
                out.add(resumeOne(claimed.get()));
            } catch (RuntimeException e) {
                LOG.warn("visit {}: resume failed ({})", v.visitNo(), e.getClass().getSimpleName());
                out.add(new VisitOutcome.Pending(v.visitNo(), v.state(), "resume failed: "
                        + e.getClass().getSimpleName()));
            } finally {
                journal.release(v.visitNo());
            }
        }
        return out;
    }

    private VisitOutcome resumeOne(VisitEntry v) {
        Operator op = Operator.clerk(v.operatorId(), v.operatorId());
        // a 2207 journalled (SENT) before the visit recorded it, or answered before the visit recorded the answer
        for (JournalledMessage m : journal.messagesOfVisit(v.visitNo())) {
            boolean settling = m.infno().equals("2207") && (m.state() == MessageState.SENT
                    || m.state() == MessageState.UNKNOWN || (m.state() == MessageState.ANSWERED && v.setlId().isEmpty()));
            if (settling && !m.msgid().equals(v.settleMsgid()) && v.state() != VisitState.REVERSING) {
                v = move(v, v.state(), Map.of("settle_msgid", m.msgid()));
                v = move(v, VisitState.REVERSING, Map.of("message", "2207 outcome unknown after restart"));
            }
        }
        switch (v.state()) {
            case REGISTERING:
                return resumeRegistering(v);
            case REGISTERED:
                return finishUndo(move(v, VisitState.CANCELLING_REGISTRATION, Map.of()), op);
            case UPLOADING_FEES:
            case FEES_UPLOADED:
                return finishUndo(move(v, VisitState.CANCELLING_FEES, Map.of()), op);
            case SETTLING:
            case REVERSING:
                return reverseAndUndo(v.state() == VisitState.REVERSING ? v : move(v, VisitState.REVERSING, Map.of(
                        "message", "2207 outcome unknown after restart")), op);
            case SETTLED:
                return finishUndo(move(v, VisitState.CANCELLING_SETTLEMENT, Map.of("message",
                        "settled but the cash share was never collected")), op);
            case COLLECTING_CASH:
                if (defaultCash == null) {
                    return new VisitOutcome.Pending(v.visitNo(), v.state(), "no cash leg to ask about the cash share");
                }
                PaymentOutcome status;
                try {
                    status = defaultCash.status(v.cashOrderNo());
                } catch (RuntimeException e) {
                    return new VisitOutcome.Pending(v.visitNo(), v.state(), "the cash share's outcome is unknown");
                }
                return afterCash(v, op, status);
            case CANCELLING_SETTLEMENT:
            case CANCELLING_FEES:
            case CANCELLING_REGISTRATION:
                return finishUndo(v, op);
            default:
                return outcomeOf(v, null, null);
        }
    }

    private VisitOutcome resumeRegistering(VisitEntry v) {
        List<JournalledMessage> regs = journal.messagesOfVisit(v.visitNo()).stream()
                .filter(m -> m.infno().equals("2201")).toList();
        if (regs.isEmpty() || regs.stream().allMatch(m -> m.state() == MessageState.REFUSED)) {
            move(v, VisitState.CANCELLED, Map.of("message", "2201 was never accepted"));
            return new VisitOutcome.Declined(v.visitNo(), "2201", "", "not registered");
        }
        v = move(v, VisitState.NEEDS_ATTENTION, Map.of("message",
                "2201 outcome unknown: find the visit with 5201 by ipt_otp_no, then 2202 it"));
        return new VisitOutcome.Pending(v.visitNo(), v.state(), v.message());
    }

    // ------------------------------------------------------------------ undo

    private VisitOutcome undo(VisitEntry v, Operator op, String failedStep, ChannelException cause) {
        VisitState from = switch (v.state()) {
            case REGISTERED, CANCELLING_REGISTRATION -> VisitState.CANCELLING_REGISTRATION;
            case SETTLED, COLLECTING_CASH, CANCELLING_SETTLEMENT -> VisitState.CANCELLING_SETTLEMENT;
            default -> VisitState.CANCELLING_FEES;
        };
        if (v.state() != from) {
            v = move(v, from, Map.of("message", message(cause)));
        }
        VisitOutcome o = finishUndo(v, op);
        if (o instanceof VisitOutcome.Declined) {
            return new VisitOutcome.Declined(v.visitNo(), failedStep, code(cause), message(cause));
        }
        return o;
    }

    private VisitOutcome reverseAndUndo(VisitEntry v, Operator op) {
        try {
            client.reverse(op, v.psnNo(), v.insuplcAdmdvs(), v.settleMsgid(), "2207", v.visitNo());
        } catch (ChannelException e) {
            if (!definite(e)) {
                return new VisitOutcome.Pending(v.visitNo(), v.state(), "2601 of the 2207 failed: " + message(e));
            }
            v = move(v, VisitState.NEEDS_ATTENTION, Map.of("message", clip("2601 of the 2207 refused: "
                    + message(e))));
            return new VisitOutcome.Pending(v.visitNo(), v.state(), v.message());
        }
        v = move(v, VisitState.CANCELLING_FEES, Map.of("message", "2207 reversed by 2601"));
        VisitOutcome o = finishUndo(v, op);
        return o instanceof VisitOutcome.Declined ? new VisitOutcome.Declined(v.visitNo(), "2207", "",
                "the settlement's outcome was unknown; reversed by 2601") : o;
    }

    /** Runs the undo steps from the visit's CANCELLING_* state to CANCELLED. */
    private VisitOutcome finishUndo(VisitEntry start, Operator op) {
        VisitEntry v = start;
        while (true) {
            final VisitEntry cur = v;
            switch (v.state()) {
                case CANCELLING_SETTLEMENT -> {
                    Optional<VisitOutcome> stop = step(cur, "2208", () -> {
                        JournalledMessage last = lastMessage(cur.visitNo(), "2208");
                        if (last != null && (last.state() == MessageState.SENT
                                || last.state() == MessageState.UNKNOWN)) {
                            client.reverse(op, cur.psnNo(), cur.insuplcAdmdvs(), last.msgid(), "2208", cur.visitNo());
                        }
                        client.cancelSettlement(op, cur.psnNo(), cur.insuplcAdmdvs(), cur.setlId(), cur.mdtrtId(),
                                cur.visitNo());
                    });
                    if (stop.isPresent()) {
                        return stop.get();
                    }
                    v = move(v, VisitState.CANCELLING_FEES, Map.of());
                }
                case CANCELLING_FEES -> {
                    if (!v.chrgBchno().isEmpty()) {
                        Optional<VisitOutcome> stop = step(cur, "2205", () -> client.cancelFees(op, cur.psnNo(),
                                cur.insuplcAdmdvs(), cur.mdtrtId(), cur.chrgBchno(), cur.visitNo()));
                        if (stop.isPresent()) {
                            return stop.get();
                        }
                    }
                    v = move(v, VisitState.CANCELLING_REGISTRATION, Map.of());
                }
                case CANCELLING_REGISTRATION -> {
                    if (!v.mdtrtId().isEmpty()) {
                        Optional<VisitOutcome> stop = step(cur, "2202", () -> client.cancelRegistration(op, cur.psnNo(),
                                cur.insuplcAdmdvs(), cur.mdtrtId(), cur.visitNo()));
                        if (stop.isPresent()) {
                            return stop.get();
                        }
                    }
                    v = move(v, VisitState.CANCELLED, Map.of());
                    return new VisitOutcome.Declined(v.visitNo(), "", "", v.message());
                }
                default -> {
                    return outcomeOf(v, null, null);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws ChannelException;
    }

    /** Runs an undo step; empty when it is done, else the outcome to stop with. */
    private Optional<VisitOutcome> step(VisitEntry v, String infno, Step s) {
        boolean triedBefore = journal.messagesOfVisit(v.visitNo()).stream().anyMatch(m -> m.infno().equals(infno)
                && (m.state() == MessageState.UNKNOWN || m.state() == MessageState.SENT));
        try {
            s.run();
            return Optional.empty();
        } catch (ChannelException e) {
            if (definite(e)) {
                if (triedBefore && !infno.equals("2208")) {
                    LOG.info("visit {}: {} refused after an unknown attempt; taking the first attempt as done",
                            v.visitNo(), infno);
                    return Optional.empty();
                }
                VisitEntry n = move(v, VisitState.NEEDS_ATTENTION, Map.of("message", clip(infno + " refused: "
                        + message(e))));
                return Optional.of(new VisitOutcome.Pending(n.visitNo(), n.state(), n.message()));
            }
            return Optional.of(new VisitOutcome.Pending(v.visitNo(), v.state(), infno + " outcome unknown: "
                    + message(e)));
        }
    }

    private JournalledMessage lastMessage(String visitNo, String infno) {
        JournalledMessage last = null;
        for (JournalledMessage m : journal.messagesOfVisit(visitNo)) {
            if (m.infno().equals(infno)) {
                last = m;
            }
        }
        return last;
    }

    // ------------------------------------------------------------------ helpers

    private VisitOutcome outcomeOf(VisitEntry v, Settlement s, PaymentOutcome cash) {
        return switch (v.state()) {
            case COMPLETED -> settled(v, cash);
            case CANCELLED -> new VisitOutcome.Declined(v.visitNo(), "", "", v.message());
            default -> new VisitOutcome.Pending(v.visitNo(), v.state(), v.message().isEmpty()
                    ? "the visit is " + v.state() : v.message());
        };
    }

    private VisitEntry move(VisitEntry v, VisitState target, Map<String, Object> columns) {
        Map<String, Object> c = new HashMap<>(columns);
        if (c.get("message") instanceof String m) {
            c.put("message", clip(m));
        }
        return journal.moveVisit(v, target, c).orElseThrow(() -> new io.yikatong.payment.journal
                .JournalStorageException("visit " + v.visitNo() + " was changed by another server meanwhile", null));
    }

    private static boolean definite(ChannelException e) {
        return e instanceof ChannelRefusedException r && (r.disposition() == ChannelRefusedException.Disposition.DEFINITE
                || r.disposition() == ChannelRefusedException.Disposition.CREDENTIALS_REJECTED
                || r.disposition() == ChannelRefusedException.Disposition.NOT_FOUND);
    }

    private static String code(ChannelException e) {
        return e instanceof ChannelRefusedException r ? r.channelCode() : e.kind().reason();
    }

    private static String message(ChannelException e) {
        return clip(e instanceof ChannelRefusedException r && !r.channelMessage().isEmpty() ? r.channelMessage()
                : e.getMessage());
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 250 ? s.substring(0, 250) : s;
    }

    @Override
    public String toString() {
        return "OutpatientSettlement[" + client + "]";
    }
}
