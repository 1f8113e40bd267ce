package io.yikatong.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.payment.PaymentClient;
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
import io.yikatong.samples.agent.SettlementJson;
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
import java.util.List;

import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code yikatong yb …}: the medical-insurance settlement interface (医保 "两定" 接口): a platform simulator, one
 * outpatient settlement from a credential and a fees file, its undo, and reconciliation with the platform.
 *
 * <p>Gateway credentials: the simulator's development ones, unless the environment has {@code YB_PAAS_ID} and
 * {@code YB_PAAS_TOKEN} (TIF) or {@code YB_ACCESS_KEY} and {@code YB_SECRET_KEY} (CSB); the institution is
 * {@code YB_FIXMEDINS_CODE} (default the simulator's {@code H11010500001}), {@code YB_ADMDVS} (default 110100). The
 * agent ({@code agent --yb-gateway URL --yb-profile NAME}) opens its client with {@link Session#open} the same way, and
 * both read fees and write answers through {@link SettlementJson}.
 */
final class YbCommands {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Operator OPERATOR = SettlementJson.OPERATOR;
    static final String PROFILES = "national|guangdong|hebei|hunan|jiangxi";

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

    /** The client and its journal; closes the journal. */
    static final class Session implements AutoCloseable {
        final SettlementJournal journal;
        final SettlementClient client;
        final Path journalDir;

        private Session(SettlementJournal journal, SettlementClient client, Path journalDir) {
            this.journal = journal;
            this.client = client;
            this.journalDir = journalDir;
        }

        /**
         * Opens the journal (the payment journal's embedded file in the directory) and builds the client: gateway
         * credentials and institution from the environment (see the class comment), never from the command line.
         *
         * @param gatewayOption the option that named the gateway, for the error messages
         * @param gatewayUrl the gateway's base URL
         * @param profileOption the option that named the profile
         * @param profileName the province profile
         * @param journalDir the journal's directory
         * @param instance this process's name in the journal ({@code cli}, {@code agent})
         * @return the session; close it
         * @throws UsageException if the URL or the profile is not valid
         */
        static Session open(String gatewayOption, String gatewayUrl, String profileOption, String profileName,
                Path journalDir, String instance) throws UsageException {
            URI gateway;
            try {
                gateway = URI.create(gatewayUrl);
            } catch (IllegalArgumentException e) {
                throw new UsageException(gatewayOption + " is not a URL");
            }
            if (!"http".equals(gateway.getScheme()) && !"https".equals(gateway.getScheme())) {
                throw new UsageException(gatewayOption + " must be an http or https URL");
            }
            ProvinceProfile profile;
            try {
                profile = ProvinceProfile.named(profileName);
            } catch (io.yikatong.core.InvalidInputException e) {
                throw new UsageException(profileOption + " must be one of " + PROFILES.replace('|', ' ')
                        + " (" + e.getMessage() + ")");
            }
            SettlementJournal journal = SettlementJournal.embedded(journalDir, Clock.systemUTC(), instance);
            try {
                return new Session(journal, SettlementClient.builder().gateway(gateway).profile(profile)
                        .institution(new Institution(env("YB_FIXMEDINS_CODE",
                                SettlementPlatformSimulator.DEFAULT_FIXMEDINS_CODE), "一卡通示例医院",
                                env("YB_ADMDVS", "110100"))).credentials(credentials(profile)).journal(journal)
                        .build(), journalDir);
            } catch (RuntimeException e) {
                journal.close();
                throw e;
            }
        }

        /** The session of {@code yb settle|undo|reconcile}: {@code --gateway}, {@code --profile}, {@code --journal}. */
        static Session of(Args args) throws UsageException {
            return open("--gateway", args.require("gateway"), "--profile", args.require("profile"),
                    args.option("journal").map(Path::of).orElseGet(YbCommands::defaultJournal), "cli");
        }

        @Override
        public void close() {
            journal.close();
        }
    }

    static Path defaultJournal() {
        return Path.of(System.getProperty("user.home"), ".yikatong", "journal");
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
     * Reads a fees file (see {@code samples/examples/fees.json} and the README; the format is
     * {@link SettlementJson#visit}'s): the visit's doctor, department, diagnosis and fee lines.
     */
    static OutpatientVisit readFees(Path file, Credential credential, String visitNo) throws IOException,
            UsageException {
        JsonNode f;
        try {
            f = JSON.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException("--fees: not JSON (" + e.getOriginalMessage() + ")");
        }
        try {
            return SettlementJson.visit(f, credential, visitNo, LocalDateTime.now(PayCommands.CHINA));
        } catch (io.yikatong.core.InvalidInputException e) {
            throw new UsageException("--fees: " + e.getMessage());
        }
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

    static Credential credential(Args args) throws UsageException {
        String type = args.require("cert-type");
        String no = args.require("cert-no");
        try {
            return SettlementJson.credential(type, no, args.option("card-sn").orElse(null));
        } catch (io.yikatong.core.InvalidInputException e) {
            String option = switch (e.field()) {
                case "certType" -> "--cert-type";
                case "cardSn" -> "--card-sn";
                default -> "--cert-no";
            };
            throw new UsageException(option + ": " + e.getMessage().substring(e.field().length() + 2)
                    + ("cardSn".equals(e.field()) ? " (--cert-type 03 needs --card-sn)" : ""));
        }
    }

    /** Cash at the counter: the clerk takes the cash share; nothing to ask later. */
    static CashLeg counter() {
        return SettlementJson.counter();
    }

    /** Prints a visit outcome as one JSON object; exit 0 only when settled. */
    static int print(VisitOutcome outcome, String cashChannel, Command.Io io) throws IOException {
        io.out().println(JSON.writeValueAsString(SettlementJson.outcome(outcome, cashChannel, PayCommands::json)));
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
            try (Session s = Session.of(args)) {
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
            try (Session s = Session.of(args)) {
                VisitOutcome o = OutpatientSettlement.of(s.client, null).undo(OPERATOR, setlId);
                io.out().println(JSON.writeValueAsString(SettlementJson.undo(o, setlId)));
                boolean undone = o instanceof VisitOutcome.Declined;
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
            try (Session s = Session.of(args)) {
                ObjectNode out = SettlementJson.reconcile(new Reconciliation(s.client), OPERATOR, day);
                io.out().println(JSON.writeValueAsString(out));
                boolean balanced = "balanced".equals(out.path("status").asText());
                return balanced ? OK : NEGATIVE;
            }
        }
    }

}
