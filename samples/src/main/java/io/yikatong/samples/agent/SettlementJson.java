package io.yikatong.samples.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.medicalinsurance.settlement.CashLeg;
import io.yikatong.payment.medicalinsurance.settlement.Credential;
import io.yikatong.payment.medicalinsurance.settlement.Diagnosis;
import io.yikatong.payment.medicalinsurance.settlement.FeeLine;
import io.yikatong.payment.medicalinsurance.settlement.Operator;
import io.yikatong.payment.medicalinsurance.settlement.OutpatientVisit;
import io.yikatong.payment.medicalinsurance.settlement.Quantity;
import io.yikatong.payment.medicalinsurance.settlement.Reconciliation;
import io.yikatong.payment.medicalinsurance.settlement.UnitPrice;
import io.yikatong.payment.medicalinsurance.settlement.VisitOutcome;
import io.yikatong.payment.spi.ChannelException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The JSON of medical-insurance settlement (医保结算) shared by {@code yikatong yb settle|undo|reconcile} and the
 * agent's {@code /v1/yb/…} endpoints, so both read the same fees file format and answer the same objects: the fees file
 * (see {@code samples/examples/fees.json}) to an {@link OutpatientVisit}, a credential from its type and number, a
 * {@link VisitOutcome} to {@code {"status","visitNo","setlId","medfeeSumamt","fundPaySumamt","acctPay","psnCashPay",
 * "cash":{…}}} (amounts as yuan strings), an undo to {@code {"status":"undone"|"pending",…}} and a reconciliation to
 * its report.
 *
 * <p>Thread-safe (stateless).
 */
public final class SettlementJson {

    /** The operator (经办人) of the CLI's and the agent's settlements: signed in (9001) once a day. */
    public static final Operator OPERATOR = Operator.clerk("OP001", "收费员");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SettlementJson() {
    }

    /**
     * Builds a credential (就诊凭证).
     *
     * @param certType {@code 01} (e-voucher ecToken), {@code 02} (ID number) or {@code 03} (social security card)
     * @param certNo the ecToken, ID number or card number
     * @param cardSn the card identification code (卡识别码) for {@code 03}, else ignored (may be {@code null})
     * @return the credential
     * @throws InvalidInputException naming {@code certType}, {@code certNo} or {@code cardSn}
     */
    public static Credential credential(String certType, String certNo, String cardSn) {
        if (certType == null || !certType.matches("0[123]")) {
            throw new InvalidInputException("certType", "must be 01 (e-voucher ecToken), 02 (ID number) or 03 (social"
                    + " security card)");
        }
        if (certNo == null || certNo.isEmpty()) {
            throw new InvalidInputException("certNo", "is required");
        }
        try {
            return switch (certType) {
                case "01" -> new Credential.EcToken(certNo, "", "", "");
                case "02" -> new Credential.IdNumber(certNo);
                default -> {
                    if (cardSn == null || cardSn.isEmpty()) {
                        throw new InvalidInputException("cardSn", "certType 03 needs the card identification code"
                                + " (卡识别码)");
                    }
                    yield new Credential.SocialSecurityCard(certNo, cardSn);
                }
            };
        } catch (InvalidInputException e) {
            String field = e.field().equals("cardSn") ? "cardSn" : "certNo";
            throw new InvalidInputException(field, problem(e));
        }
    }

    /**
     * Reads a visit from the fees file format: the doctor, department, diagnosis and fee lines; absent optional fields
     * take the defaults the README lists.
     *
     * @param fees the fees object
     * @param credential the patient's credential
     * @param visitNo the visit number when the object has no {@code visitNo}
     * @param now the visit's time (the profile's local time)
     * @return the visit
     * @throws InvalidInputException naming the field at fault, for example {@code fees[1].price}
     */
    public static OutpatientVisit visit(JsonNode fees, Credential credential, String visitNo, LocalDateTime now) {
        if (fees == null || !fees.isObject()) {
            throw new InvalidInputException("fees", "must be a JSON object with a non-empty \"fees\" array");
        }
        if (!fees.path("fees").isArray() || fees.path("fees").isEmpty()) {
            throw new InvalidInputException("fees", "must be a non-empty array of fee lines");
        }
        LocalDateTime at = now.withNano(0);
        String deptCode = text(fees, "deptCode", "A03");
        String deptName = text(fees, "deptName", "内科");
        String drCode = text(fees, "doctorCode", "D001");
        String drName = text(fees, "doctorName", "医生");
        List<FeeLine> lines = new ArrayList<>();
        int n = 0;
        for (JsonNode l : fees.path("fees")) {
            String where = "fees[" + n + "]";
            n++;
            if (!l.isObject()) {
                throw new InvalidInputException(where, "must be an object with \"code\" and \"price\"");
            }
            if (!l.path("code").isTextual() || l.path("code").asText().isEmpty()) {
                throw new InvalidInputException(where + ".code", "is required: the catalogue code (医保目录编码)");
            }
            if (!l.path("price").isTextual()) {
                throw new InvalidInputException(where + ".price", "is required: yuan as text, such as \"12.50\"");
            }
            Quantity count;
            try {
                count = Quantity.of(text(l, "count", "1"));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(where + ".count", problem(e) + " (a decimal such as \"2\")");
            }
            UnitPrice price;
            try {
                price = UnitPrice.of(l.path("price").asText());
            } catch (InvalidInputException e) {
                throw new InvalidInputException(where + ".price", problem(e) + " (yuan text such as \"12.50\")");
            }
            try {
                lines.add(FeeLine.of(text(l, "sn", Integer.toString(1000 + n)), at, l.path("code").asText(),
                        text(l, "hospitalCode", l.path("code").asText()), count, price, deptCode, deptName, drCode,
                        drName));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(where + "." + (e.field().equals("det_item_fee_sumamt") ? "price"
                        : e.field()), problem(e));
            }
        }
        String diseCodg = text(fees, "diagnosisCode", "");
        String diseName = text(fees, "diagnosisName", "");
        try {
            List<Diagnosis> diagnoses = diseCodg.isEmpty() ? List.of() : List.of(new Diagnosis("1", 1, diseCodg,
                    diseName.isEmpty() ? diseCodg : diseName, deptName, drCode, drName, at, true));
            return new OutpatientVisit(OPERATOR, credential, text(fees, "insutype", ""), text(fees, "visitNo",
                    visitNo), at, text(fees, "medType", "11"), drCode, drName, deptCode, deptName, text(fees, "caty",
                    deptCode), diseCodg, diseName, diagnoses, text(fees, "chrgBchno", "1"), lines,
                    !fees.has("acctUsed") || fees.path("acctUsed").asBoolean(), "");
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.field(), problem(e));
        }
    }

    private static String problem(InvalidInputException e) {
        String m = e.getMessage();
        String prefix = e.field() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    /**
     * Cash at the counter: the clerk takes the cash share; nothing to ask later (a crash before the visit recorded it
     * leaves the visit to be undone).
     *
     * @return the cash leg
     */
    public static CashLeg counter() {
        return new CashLeg() {
            @Override
            public PaymentOutcome collect(Money amount, String merchantOrderNo) {
                return new PaymentOutcome.Paid(merchantOrderNo, null, amount);
            }

            @Override
            public PaymentOutcome status(String merchantOrderNo) {
                return new PaymentOutcome.Closed(merchantOrderNo, false);
            }

            @Override
            public String toString() {
                return "CashLeg.counter";
            }
        };
    }

    /**
     * The JSON of a visit's outcome ({@code yb settle}'s output): settled with {@code setlId}, the split and
     * {@code cash}; pending with {@code state} and {@code reason}; declined with {@code step}, {@code code} and
     * {@code message}.
     *
     * @param outcome the outcome
     * @param cashChannel the cash leg's name for {@code cash.channel} ({@code counter} or the payment channel)
     * @param cashJson a payment outcome to JSON (the CLI's {@code pay} output)
     * @return the object
     */
    public static ObjectNode outcome(VisitOutcome outcome, String cashChannel,
            Function<PaymentOutcome, ObjectNode> cashJson) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", outcome.status()).put("visitNo", outcome.visitNo());
        if (outcome instanceof VisitOutcome.Settled s) {
            o.put("setlId", s.setlId()).put("medfeeSumamt", s.medfeeSumamt().toYuanString())
                    .put("fundPaySumamt", s.fundPaySumamt().toYuanString()).put("acctPay", s.acctPay().toYuanString())
                    .put("psnCashPay", s.psnCashPay().toYuanString());
            ObjectNode cash = s.cash() == null ? JSON.createObjectNode().put("status", "none")
                    : cashJson.apply(s.cash());
            cash.put("channel", cashChannel);
            o.set("cash", cash);
        } else if (outcome instanceof VisitOutcome.Pending p) {
            o.put("state", p.state().name().toLowerCase(Locale.ROOT)).put("reason", p.reason());
        } else if (outcome instanceof VisitOutcome.Declined d) {
            o.put("step", d.infno()).put("code", d.code()).put("message", d.message());
        }
        return o;
    }

    /**
     * The JSON of an undo ({@code yb undo}'s output): {@code status} {@code undone} or {@code pending} (with
     * {@code reason}), {@code setlId}, {@code visitNo}.
     *
     * @param outcome what {@code OutpatientSettlement.undo} returned
     * @param setlId the settlement undone
     * @return the object
     */
    public static ObjectNode undo(VisitOutcome outcome, String setlId) {
        ObjectNode out = JSON.createObjectNode();
        boolean undone = outcome instanceof VisitOutcome.Declined;
        out.put("status", undone ? "undone" : outcome.status()).put("setlId", setlId).put("visitNo",
                outcome.visitNo());
        if (outcome instanceof VisitOutcome.Pending p) {
            out.put("reason", p.reason());
        }
        return out;
    }

    /**
     * Reconciles one day ({@code yb reconcile}'s output): 3201 totals per (insutype, clr_optins) group in
     * {@code groups}, then the 3202 detail cycle per clearing institution, its differences in {@code mismatches}
     * ({@code center-only} with the msgid to 冲正, {@code institution-only}, {@code amounts-differ}); {@code status}
     * {@code balanced} or {@code mismatch}.
     *
     * @param reconciliation the reconciliation over the settlement client
     * @param operator the operator
     * @param day the day
     * @return the report
     * @throws ChannelException if a platform call fails
     */
    public static ObjectNode reconcile(Reconciliation reconciliation, Operator operator, LocalDate day)
            throws ChannelException {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode groups = out.putArray("groups");
        ArrayNode mismatches = JSON.createArrayNode();
        boolean balanced = true;
        Set<String> optins = new LinkedHashSet<>();
        for (Reconciliation.GroupResult g : reconciliation.totals(operator, day, day)) {
            groups.addObject().put("insutype", g.sent().insutype()).put("setlOptins", g.sent().setlOptins())
                    .put("medfeeSumamt", g.sent().medfeeSumamt().toYuanString())
                    .put("count", g.sent().settlementCount()).put("stmtRslt", g.result().stmtRslt())
                    .put("stmtRsltDscr", g.result().stmtRsltDscr());
            balanced &= "0".equals(g.result().stmtRslt());
            optins.add(g.sent().setlOptins());
        }
        for (String o : optins) {
            Reconciliation.DetailReport d = reconciliation.details(operator, o, day, day);
            for (Reconciliation.Mismatch m : d.mismatches()) {
                ObjectNode n = mismatches.addObject();
                n.put("setlOptins", o).put("setlId", m.setlId());
                if (m instanceof Reconciliation.CenterOnly c) {
                    n.put("kind", "center-only").put("msgid", c.msgid())
                            .put("medfeeSumamt", c.medfeeSumamt().toYuanString());
                } else if (m instanceof Reconciliation.InstitutionOnly i) {
                    n.put("kind", "institution-only").put("visitNo", i.visitNo())
                            .put("medfeeSumamt", i.medfeeSumamt().toYuanString());
                } else if (m instanceof Reconciliation.AmountsDiffer a) {
                    n.put("kind", "amounts-differ").put("visitNo", a.visitNo());
                }
            }
            balanced &= d.balanced();
        }
        out.put("status", balanced ? "balanced" : "mismatch").put("date", day.toString());
        out.set("mismatches", mismatches);
        return out;
    }
}
