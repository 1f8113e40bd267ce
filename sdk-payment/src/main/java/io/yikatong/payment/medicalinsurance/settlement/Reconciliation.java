package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import io.yikatong.payment.medicalinsurance.settlement.internal.TabFiles;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reconciliation with the platform (reference §4): 3201 totals per (险种 {@code insutype} × 清算机构
 * {@code clr_optins}) group, and the 3202 detail cycle (9101 upload of the institution's settlements → 3202 → 9102
 * download of the platform's verdict per settlement), reported as typed {@link Mismatch}es.
 *
 * <p>The institution's side is the {@link SettlementJournal}: every visit that still holds a settlement
 * ({@code setl_id} set and not cancelled), dated by when the visit was journalled in the profile's time zone [I: the
 * platform dates by {@code setl_time}; they differ only for a visit settled across midnight]. Settlements cancelled by
 * 2208 are left out of the totals and the file ({@code refd_setl_flag = 0}) [I: how 3201 counts reversals is
 * unknown, reference §8].
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class Reconciliation {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final SettlementClient client;

    /**
     * Creates reconciliation over a client and its journal.
     *
     * @param client the client
     */
    public Reconciliation(SettlementClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * One group's 3201 exchange.
     *
     * @param sent the institution's totals as sent
     * @param result the platform's verdict
     */
    public record GroupResult(StatementTotals sent, StatementResult result) {
    }

    /**
     * A settlement on which the two sides disagree (reference §4, "mismatch meaning").
     *
     * <p>Implementations are immutable and thread-safe.
     */
    public sealed interface Mismatch {
        /** @return 结算ID, or "" when the platform could not name one */
        String setlId();
    }

    /**
     * 中心多: the platform holds a settlement the institution lacks (typically a 2207 whose answer was lost). Reverse
     * it with 2601 using {@link #msgid()} ({@code oinfno 2207}), or adopt it.
     *
     * @param setlId 结算ID
     * @param mdtrtId 就诊ID
     * @param psnNo 人员编号
     * @param msgid the original 2207's msgid, the 冲正 key
     * @param medfeeSumamt the platform's 医疗费总额
     * @param fundPaySumamt the platform's 基金支付总额
     * @param acctPay the platform's 个人账户支付
     */
    public record CenterOnly(String setlId, String mdtrtId, String psnNo, String msgid, Money medfeeSumamt,
            Money fundPaySumamt, Money acctPay) implements Mismatch {
    }

    /**
     * 医药机构多: only the institution holds it; void or re-settle locally.
     *
     * @param setlId 结算ID
     * @param visitNo the visit
     * @param medfeeSumamt the institution's 医疗费总额
     */
    public record InstitutionOnly(String setlId, String visitNo, Money medfeeSumamt) implements Mismatch {
    }

    /**
     * 数据不一致: both hold it with different amounts; compare with 5203.
     *
     * @param setlId 结算ID
     * @param visitNo the visit, or ""
     * @param institution the institution's 医疗费总额, 基金支付总额, 个人账户支付
     * @param center the platform's 医疗费总额, 基金支付总额, 个人账户支付
     * @param memo the platform's memo
     */
    public record AmountsDiffer(String setlId, String visitNo, List<Money> institution, List<Money> center,
            String memo) implements Mismatch {
        /** Copies the lists. */
        public AmountsDiffer {
            institution = List.copyOf(institution);
            center = List.copyOf(center);
        }
    }

    /**
     * The outcome of a 3202 cycle.
     *
     * @param setlOptins 清算机构
     * @param file the platform's result file
     * @param linesChecked the platform's lines read
     * @param mismatches the disagreements, empty when balanced
     */
    public record DetailReport(String setlOptins, PlatformFile file, int linesChecked, List<Mismatch> mismatches) {
        /** Copies the list. */
        public DetailReport {
            mismatches = List.copyOf(mismatches);
        }

        /** @return whether nothing disagrees */
        public boolean balanced() {
            return mismatches.isEmpty();
        }
    }

    /**
     * Sends 3201 for every (insutype × clr_optins) group the journal holds in the period.
     *
     * @param operator the operator
     * @param from the first day (inclusive)
     * @param to the last day (inclusive)
     * @return one result per group
     * @throws ChannelException if a call fails
     */
    public List<GroupResult> totals(Operator operator, LocalDate from, LocalDate to) throws ChannelException {
        Map<List<String>, List<VisitEntry>> groups = groups(from, to);
        List<GroupResult> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<VisitEntry>> g : groups.entrySet()) {
            List<VisitEntry> vs = g.getValue();
            StatementTotals t = new StatementTotals(g.getKey().get(0), "11", g.getKey().get(1), from, to,
                    sum(vs, VisitEntry::medfeeSumamt), sum(vs, VisitEntry::fundPaySumamt), sum(vs, VisitEntry::acctPay),
                    vs.size(), "0");
            out.add(new GroupResult(t, client.statementTotals(operator, t)));
        }
        return out;
    }

    /**
     * Runs the detail cycle for one 清算机构: uploads the institution's settlements (9101), asks for the detail
     * reconciliation (3202), downloads the verdict (9102) and reports every disagreement.
     *
     * @param operator the operator
     * @param setlOptins the 清算机构
     * @param from the first day (inclusive)
     * @param to the last day (inclusive)
     * @return the report
     * @throws ChannelException if a call fails or the platform's file is malformed
     */
    public DetailReport details(Operator operator, String setlOptins, LocalDate from, LocalDate to)
            throws ChannelException {
        Fields.required("setlOptins", setlOptins, 6);
        List<VisitEntry> local = new ArrayList<>();
        groups(from, to).forEach((k, v) -> {
            if (k.get(1).equals(setlOptins)) {
                local.addAll(v);
            }
        });
        List<List<String>> rows = new ArrayList<>();
        for (VisitEntry v : local) {
            rows.add(List.of(v.setlId(), v.mdtrtId(), v.psnNo(), yuan(v.medfeeSumamt()), yuan(v.fundPaySumamt()),
                    yuan(v.acctPay()), "0"));
        }
        String name = client.institution().fixmedinsCode() + "_" + DAY.format(from) + "_" + DAY.format(to);
        PlatformFile up = client.uploadFile(operator, name + ".zip", TabFiles.zip(name + ".txt", rows));
        Money medfee = sum(local, VisitEntry::medfeeSumamt);
        Money fund = sum(local, VisitEntry::fundPaySumamt);
        Money acct = sum(local, VisitEntry::acctPay);
        StatementDetailRequest req = new StatementDetailRequest(setlOptins, up.fileQuryNo(), from, to, medfee, fund,
                Money.ofFen(medfee.fen() - fund.fen() - acct.fen()), local.size(), "11", "0");
        PlatformFile result = client.statementDetail(operator, req);
        byte[] zip = client.downloadFile(operator, result);
        List<List<String>> lines = TabFiles.unzip(zip);
        Map<String, VisitEntry> bySetl = new HashMap<>();
        local.forEach(v -> bySetl.put(v.setlId(), v));
        List<Mismatch> mismatches = new ArrayList<>();
        for (List<String> l : lines) {
            if (l.size() < 10) {
                throw Json.malformed("9102: a reconciliation line has " + l.size() + " fields, not 10");
            }
            String psnNo = l.get(0);
            String mdtrtId = l.get(1);
            String setlId = l.get(2);
            String msgid = l.get(3);
            String rslt = l.get(4);
            List<Money> center = List.of(fen(l.get(7)), fen(l.get(8)), fen(l.get(9)));
            VisitEntry mine = bySetl.get(setlId);
            switch (rslt) {
                case "0" -> { }
                case "1" -> {
                    if (mine == null) {
                        mismatches.add(new CenterOnly(setlId, mdtrtId, psnNo, msgid, center.get(0), center.get(1),
                                center.get(2)));
                    } else if (amounts(mine).equals(center)) {
                        // a 不平 line about a settlement this journal holds, with our own amounts: the only thing it
                        // can report is that the platform lacks it (Hunan's stmt_rslt has 0 平 / 1 不平 only; in the
                        // national coding 1 is 中心多, which a settlement we hold cannot be)
                        mismatches.add(new InstitutionOnly(setlId, mine.visitNo(), mine.medfeeSumamt()));
                    } else {
                        mismatches.add(new AmountsDiffer(setlId, mine.visitNo(), amounts(mine), center, l.get(6)));
                    }
                }
                case "2" -> mismatches.add(new InstitutionOnly(setlId, mine == null ? "" : mine.visitNo(),
                        mine == null ? center.get(0) : mine.medfeeSumamt()));
                case "3" -> mismatches.add(new AmountsDiffer(setlId, mine == null ? "" : mine.visitNo(),
                        mine == null ? List.of() : amounts(mine), center, l.get(6)));
                default -> throw Json.malformed("9102: stmt_rslt is not 0 to 3");
            }
        }
        return new DetailReport(setlOptins, result, lines.size(), mismatches);
    }

    private static List<Money> amounts(VisitEntry v) {
        return List.of(v.medfeeSumamt(), v.fundPaySumamt(), v.acctPay());
    }

    private static Money fen(String yuan) throws ChannelMalformedResponseException {
        if (yuan.isEmpty()) {
            return Money.ZERO;
        }
        if (yuan.length() > 24 || !yuan.matches("[+-]?\\d+(\\.\\d+)?")) {
            throw Json.malformed("9102: an amount is not a decimal");
        }
        return Money.ofFen(Json.exactFen(new BigDecimal(yuan), "9102 amount"));
    }

    private static String yuan(Money m) {
        return Json.yuan(m).toPlainString();
    }

    private Map<List<String>, List<VisitEntry>> groups(LocalDate from, LocalDate to) {
        if (from == null || to == null || to.isBefore(from)) {
            throw new InvalidInputException("to", "must be on or after from");
        }
        var zone = client.profile().zone();
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        Map<List<String>, List<VisitEntry>> groups = new LinkedHashMap<>();
        for (VisitEntry v : client.journal().settledBetween(start, end)) {
            if (v.state() == VisitState.CANCELLED || v.medfeeSumamt() == null) {
                continue;
            }
            groups.computeIfAbsent(List.of(v.insutype(), v.clrOptins()), k -> new ArrayList<>()).add(v);
        }
        return groups;
    }

    private static Money sum(List<VisitEntry> vs, java.util.function.Function<VisitEntry, Money> f) {
        long s = 0;
        for (VisitEntry v : vs) {
            Money m = f.apply(v);
            s = Math.addExact(s, m == null ? 0 : m.fen());
        }
        return Money.ofFen(s);
    }
}
