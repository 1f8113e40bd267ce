package io.yikatong.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.Money;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.medicalinsurance.settlement.CashLeg;
import io.yikatong.payment.medicalinsurance.settlement.Credential;
import io.yikatong.payment.medicalinsurance.settlement.Diagnosis;
import io.yikatong.payment.medicalinsurance.settlement.FeeLine;
import io.yikatong.payment.medicalinsurance.settlement.GatewayCredentials;
import io.yikatong.payment.medicalinsurance.settlement.Institution;
import io.yikatong.payment.medicalinsurance.settlement.Operator;
import io.yikatong.payment.medicalinsurance.settlement.OutpatientSettlement;
import io.yikatong.payment.medicalinsurance.settlement.OutpatientVisit;
import io.yikatong.payment.medicalinsurance.settlement.ProvinceProfile;
import io.yikatong.payment.medicalinsurance.settlement.Quantity;
import io.yikatong.payment.medicalinsurance.settlement.Reconciliation;
import io.yikatong.payment.medicalinsurance.settlement.SettlementClient;
import io.yikatong.payment.medicalinsurance.settlement.SettlementJournal;
import io.yikatong.payment.medicalinsurance.settlement.UnitPrice;
import io.yikatong.payment.medicalinsurance.settlement.VisitOutcome;
import io.yikatong.testkit.payment.medicalinsurance.settlement.SettlementPlatformSimulator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code yikatong yb …}: the medical-insurance settlement interface (医保 "两定" 接口): a platform simulator, one
 * outpatient settlement from a credential and a fees file, its undo, and reconciliation with the platform.
 *
 * <p>Gateway credentials: the simulator's development ones, unless the environment has {@code YB_PAAS_ID} and
 * {@code YB_PAAS_TOKEN} (TIF) or {@code YB_ACCESS_KEY} and {@code YB_SECRET_KEY} (CSB); the institution is
 * {@code YB_FIXMEDINS_CODE} (default the simulator's {@code H11010500001}), {@code YB_ADMDVS} (default 110100).
 */
final class YbCommands {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Operator OPERATOR = Operator.clerk("OP001", "收费员");
    private static final String PROFILES = "national|guangdong|hebei|hunan|jiangxi";

    private YbCommands() {
    }

    static List<Command> all() {
        return List.of(new Simulator(), new Settle(), new Undo(), new Reconcile());
    }

    /** {@code yb simulator}. */
    static final class Simulator implements Command {
        @Override
        public String name() {
            return "yb simulator";
        }

        @Override
        public String synopsis() {
            return "yb simulator [--port N] [--profile " + PROFILES + "]   the national medical insurance platform"
                    + " simulator (两定 interface) on 127.0.0.1 until Ctrl-C; prints its base URL and the profile";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("port", "profile"), Set.of());
            args.requireNoPositional();
            String profile = args.option("profile").orElse("national");
            CountDownLatch stop = new CountDownLatch(1);
            try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder().profile(profile)
                    .port(PayCommands.port(args)).start()) {
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "yikatong-yb-simulator-stop"));
                io.out().println("Medical-insurance settlement platform simulator at " + sim.gatewayUri() + " profile "
                        + sim.profile().name() + "; use: yikatong yb settle --gateway " + sim.gatewayUri()
                        + " --profile " + sim.profile().name() + " --cert-type 02 --cert-no 11010519491231002X --fees"
                        + " samples/examples/fees.json; Ctrl-C to stop");
                io.out().flush();
                stop.await();
            }
            return OK;
        }
    }

    /** The client, its journal, the orchestration; closes the journals. */
    static final class Session implements AutoCloseable {
        final SettlementJournal journal;
        final SettlementClient client;
        final Path journalDir;

        Session(Args args) throws UsageException {
            URI gateway;
            try {
                gateway = URI.create(args.require("gateway"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--gateway is not a URL");
            }
            if (!"http".equals(gateway.getScheme()) && !"https".equals(gateway.getScheme())) {
                throw new UsageException("--gateway must be an http or https URL");
            }
            ProvinceProfile profile = ProvinceProfile.named(args.require("profile"));
            journalDir = args.option("journal").map(Path::of)
                    .orElseGet(() -> Path.of(System.getProperty("user.home"), ".yikatong", "journal"));
            journal = SettlementJournal.embedded(journalDir, Clock.systemUTC(), "cli");
            try {
                client = SettlementClient.builder().gateway(gateway).profile(profile).institution(new Institution(
                        env("YB_FIXMEDINS_CODE", SettlementPlatformSimulator.DEFAULT_FIXMEDINS_CODE), "一卡通示例医院",
                        env("YB_ADMDVS", "110100"))).credentials(credentials(profile)).journal(journal).build();
            } catch (RuntimeException e) {
                journal.close();
                throw e;
            }
        }

        @Override
        public void close() {
            journal.close();
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static GatewayCredentials credentials(ProvinceProfile profile) {
        return switch (profile.auth()) {
            case TIF -> GatewayCredentials.tif(env("YB_PAAS_ID", SettlementPlatformSimulator.DEVELOPMENT_PAAS_ID),
                    env("YB_PAAS_TOKEN", SettlementPlatformSimulator.DEVELOPMENT_PAAS_TOKEN));
            case CSB -> GatewayCredentials.csb(env("YB_ACCESS_KEY", SettlementPlatformSimulator.DEVELOPMENT_ACCESS_KEY),
                    env("YB_SECRET_KEY", SettlementPlatformSimulator.DEVELOPMENT_SECRET_KEY));
            default -> GatewayCredentials.none();
        };
    }

    /**
     * Reads a fees file (see {@code samples/examples/fees.json} and the README): the visit's doctor, department,
     * diagnosis and fee lines.
     */
    static OutpatientVisit readFees(Path file, Credential credential, String visitNo) throws IOException,
            UsageException {
        JsonNode f;
        try {
            f = JSON.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException("--fees: not JSON (" + e.getOriginalMessage() + ")");
        }
        if (f == null || !f.isObject() || !f.path("fees").isArray() || f.path("fees").isEmpty()) {
            throw new UsageException("--fees: a JSON object with a non-empty \"fees\" array");
        }
        LocalDateTime now = LocalDateTime.now(PayCommands.CHINA).withNano(0);
        String deptCode = text(f, "deptCode", "A03");
        String deptName = text(f, "deptName", "内科");
        String drCode = text(f, "doctorCode", "D001");
        String drName = text(f, "doctorName", "医生");
        List<FeeLine> lines = new ArrayList<>();
        int n = 0;
        for (JsonNode l : f.path("fees")) {
            n++;
            String where = "--fees: fees[" + (n - 1) + "]";
            if (!l.path("code").isTextual() || !l.path("price").isTextual()) {
                throw new UsageException(where + " needs \"code\" and \"price\" (yuan text such as \"12.50\")");
            }
            try {
                lines.add(FeeLine.of(text(l, "sn", Integer.toString(1000 + n)), now, l.path("code").asText(),
                        text(l, "hospitalCode", l.path("code").asText()), Quantity.of(text(l, "count", "1")),
                        UnitPrice.of(l.path("price").asText()), deptCode, deptName, drCode, drName));
            } catch (io.yikatong.core.InvalidInputException e) {
                throw new UsageException(where + ": " + e.getMessage());
            }
        }
        String diseCodg = text(f, "diagnosisCode", "");
        String diseName = text(f, "diagnosisName", "");
        List<Diagnosis> diagnoses = diseCodg.isEmpty() ? List.of() : List.of(new Diagnosis("1", 1, diseCodg,
                diseName.isEmpty() ? diseCodg : diseName, deptName, drCode, drName, now, true));
        return new OutpatientVisit(OPERATOR, credential, text(f, "insutype", ""), text(f, "visitNo", visitNo), now,
                text(f, "medType", "11"), drCode, drName, deptCode, deptName, text(f, "caty", deptCode), diseCodg,
                diseName, diagnoses, text(f, "chrgBchno", "1"), lines, !f.has("acctUsed") || f.path("acctUsed")
                        .asBoolean(), "");
    }

    /**
     * The visit of {@code samples/examples/fees.json}, built in code (the demo's): 240.00 yuan in four lines of the
     * simulator's catalogue.
     */
    static OutpatientVisit exampleVisit(Credential credential, String visitNo) {
        LocalDateTime now = LocalDateTime.now(PayCommands.CHINA).withNano(0);
        String[][] lines = {{"1001", "YKT-A-0001", "100.00", "1"}, {"1002", "YKT-L-0001", "30.00", "2"},
            {"1003", "YKT-B-0001", "25.00", "2"}, {"1004", "YKT-C-0001", "30.00", "1"}};
        List<FeeLine> fees = new ArrayList<>();
        for (String[] l : lines) {
            fees.add(FeeLine.of(l[0], now, l[1], "H-" + l[1], Quantity.of(l[3]), UnitPrice.of(l[2]), "A03", "内科",
                    "D001", "李医生"));
        }
        return new OutpatientVisit(OPERATOR, credential, "310", visitNo, now, "11", "D001", "李医生", "A03", "内科",
                "A03", "J06.900", "急性上呼吸道感染", List.of(new Diagnosis("1", 1, "J06.900", "急性上呼吸道感染", "内科",
                        "D001", "李医生", now, true)), "1", fees, true, "");
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    static Credential credential(Args args) throws UsageException {
        String type = args.require("cert-type");
        String no = args.require("cert-no");
        return switch (type) {
            case "01" -> new Credential.EcToken(no, "", "", "");
            case "02" -> new Credential.IdNumber(no);
            case "03" -> new Credential.SocialSecurityCard(no, args.option("card-sn").orElseThrow(() ->
                    new UsageException("--cert-type 03 needs --card-sn (the card identification code, 卡识别码)")));
            default -> throw new UsageException("--cert-type must be 01 (e-voucher ecToken), 02 (ID number) or 03"
                    + " (social security card)");
        };
    }

    /** Cash at the counter: the clerk takes the cash share; nothing to ask later. */
    static CashLeg counter() {
        return new CashLeg() {
            @Override
            public PaymentOutcome collect(Money amount, String merchantOrderNo) {
                return new PaymentOutcome.Paid(merchantOrderNo, null, amount);
            }

            @Override
            public PaymentOutcome status(String merchantOrderNo) {
                return new PaymentOutcome.Closed(merchantOrderNo, false);
            }
        };
    }

    /** Prints a visit outcome as one JSON object; exit 0 only when settled. */
    static int print(VisitOutcome outcome, String cashChannel, Command.Io io) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", outcome.status()).put("visitNo", outcome.visitNo());
        if (outcome instanceof VisitOutcome.Settled s) {
            o.put("setlId", s.setlId()).put("medfeeSumamt", s.medfeeSumamt().toYuanString())
                    .put("fundPaySumamt", s.fundPaySumamt().toYuanString()).put("acctPay", s.acctPay().toYuanString())
                    .put("psnCashPay", s.psnCashPay().toYuanString());
            ObjectNode cash = s.cash() == null ? JSON.createObjectNode().put("status", "none")
                    : PayCommands.json(s.cash());
            cash.put("channel", cashChannel);
            o.set("cash", cash);
        } else if (outcome instanceof VisitOutcome.Pending p) {
            o.put("state", p.state().name().toLowerCase(java.util.Locale.ROOT)).put("reason", p.reason());
        } else if (outcome instanceof VisitOutcome.Declined d) {
            o.put("step", d.infno()).put("code", d.code()).put("message", d.message());
        }
        io.out().println(JSON.writeValueAsString(o));
        return outcome instanceof VisitOutcome.Settled ? Command.OK : Command.NEGATIVE;
    }

    /** {@code yb settle}. */
    static final class Settle implements Command {
        @Override
        public String name() {
            return "yb settle";
        }

        @Override
        public String synopsis() {
            return "yb settle --gateway URL --profile " + PROFILES + " --cert-type 01|02|03 --cert-no NO"
                    + " [--card-sn SN] --fees FILE.json [--cash-channel C --cash-code CODE] [--journal DIR]   settles one"
                    + " outpatient visit (1101 → 2201 → 2203 → 2204 → 2206 → 2207, cash share); one JSON object with"
                    + " status settled (exit 0) / pending / declined (exit 1), setlId and the split as yuan strings; the"
                    + " cash share by payment code on C's in-process simulator, else as cash at the counter";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("gateway", "profile", "cert-type", "cert-no", "card-sn", "fees",
                    "cash-channel", "cash-code", "journal"), Set.of());
            args.requireNoPositional();
            Credential credential = credential(args);
            Path fees = Path.of(args.require("fees"));
            if (args.option("cash-channel").isPresent() != args.option("cash-code").isPresent()) {
                throw new UsageException("--cash-channel and --cash-code go together");
            }
            String visitNo = "CLI" + System.currentTimeMillis() % 100_000_000_000L;
            OutpatientVisit visit = readFees(fees, credential, visitNo);
            try (Session s = new Session(args)) {
                if (args.option("cash-channel").isEmpty()) {
                    VisitOutcome o = OutpatientSettlement.of(s.client, null).settle(visit, counter());
                    return print(o, "counter", io);
                }
                String channel = PayGateways.checkChannel(args.option("cash-channel").get());
                try (PayGateways.Gateway gateway = PayGateways.simulate(channel, 0);
                        JdbcPaymentJournal payments = JdbcPaymentJournal.embedded(s.journalDir.resolve("cash"))) {
                    PaymentClient pay = PaymentClient.builder().journal(payments).channel(gateway.adapter(payments))
                            .build();
                    CashLeg cash = CashLeg.barcode(pay, channel, args.option("cash-code").get(), "门诊医保结算自付");
                    return print(OutpatientSettlement.of(s.client, cash).settle(visit, cash), channel, io);
                }
            }
        }
    }

    /** {@code yb undo}. */
    static final class Undo implements Command {
        @Override
        public String name() {
            return "yb undo";
        }

        @Override
        public String synopsis() {
            return "yb undo --gateway URL --profile " + PROFILES + " --setl-id ID [--journal DIR]   undoes a settled"
                    + " visit of the journal (2208 → 2205 → 2202); status undone (exit 0) or pending (exit 1)";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("gateway", "profile", "setl-id", "journal"), Set.of());
            args.requireNoPositional();
            String setlId = args.require("setl-id");
            try (Session s = new Session(args)) {
                VisitOutcome o = OutpatientSettlement.of(s.client, null).undo(OPERATOR, setlId);
                ObjectNode out = JSON.createObjectNode();
                boolean undone = o instanceof VisitOutcome.Declined;
                out.put("status", undone ? "undone" : o.status()).put("setlId", setlId).put("visitNo", o.visitNo());
                if (o instanceof VisitOutcome.Pending p) {
                    out.put("reason", p.reason());
                }
                io.out().println(JSON.writeValueAsString(out));
                return undone ? OK : NEGATIVE;
            }
        }
    }

    /** {@code yb reconcile}. */
    static final class Reconcile implements Command {
        @Override
        public String name() {
            return "yb reconcile";
        }

        @Override
        public String synopsis() {
            return "yb reconcile --gateway URL --profile " + PROFILES + " --date yyyy-MM-dd [--journal DIR]   3201"
                    + " totals per (insutype, clr_optins) group and the 3202 detail cycle (9101 → 3202 → 9102) against"
                    + " the journal; JSON report, exit 1 on a mismatch";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("gateway", "profile", "date", "journal"), Set.of());
            args.requireNoPositional();
            LocalDate day;
            try {
                day = LocalDate.parse(args.require("date"));
            } catch (DateTimeParseException e) {
                throw new UsageException("--date must be yyyy-MM-dd");
            }
            try (Session s = new Session(args)) {
                Reconciliation r = new Reconciliation(s.client);
                ObjectNode out = JSON.createObjectNode();
                ArrayNode groups = out.putArray("groups");
                ArrayNode mismatches = JSON.createArrayNode();
                boolean balanced = true;
                Set<String> optins = new LinkedHashSet<>();
                for (Reconciliation.GroupResult g : r.totals(OPERATOR, day, day)) {
                    groups.addObject().put("insutype", g.sent().insutype()).put("setlOptins", g.sent().setlOptins())
                            .put("medfeeSumamt", g.sent().medfeeSumamt().toYuanString())
                            .put("count", g.sent().settlementCount()).put("stmtRslt", g.result().stmtRslt())
                            .put("stmtRsltDscr", g.result().stmtRsltDscr());
                    balanced &= "0".equals(g.result().stmtRslt());
                    optins.add(g.sent().setlOptins());
                }
                for (String o : optins) {
                    Reconciliation.DetailReport d = r.details(OPERATOR, o, day, day);
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
                io.out().println(JSON.writeValueAsString(out));
                return balanced ? OK : NEGATIVE;
            }
        }
    }

}
