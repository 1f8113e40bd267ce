package io.yikatong.samples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardSession;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.RecordSignatureVerifier;
import io.yikatong.card.health.security.PsamOptions;
import io.yikatong.card.health.security.PsamSecurityModule;
import io.yikatong.card.social.InsecureSoftwareSocialSecurityModule;
import io.yikatong.card.social.SocialSecurityCardReader;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.card.pcsc.PcscReader;
import io.yikatong.card.pcsc.PcscReaders;
import io.yikatong.payment.PaymentRecovery;
import io.yikatong.qr.QrClassifier;
import io.yikatong.samples.agent.AgentServer;
import io.yikatong.samples.agent.AgentToken;
import io.yikatong.samples.agent.CardJsonReader;
import io.yikatong.samples.agent.CardSource;
import io.yikatong.samples.agent.PcscCardSource;
import io.yikatong.samples.agent.VirtualCardSource;
import io.yikatong.testkit.card.InsecureDevelopmentPki;
import io.yikatong.testkit.card.VirtualHealthCards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code yikatong agent}: the local card agent for browser-based and non-Java HIS (see
 * {@link io.yikatong.samples.agent.AgentServer}). Without {@code --reader} it serves an in-process virtual health card
 * read with the development SAM, so it runs with no hardware; payments go to an in-process WeChat Pay simulator unless
 * {@code --gateway URL --keys DIR} is given (as for {@code pay barcode}).
 *
 * <p>Not thread-safe; confine to one thread.
 */
public final class AgentCommand implements Command {

    private static final Set<String> VALUED = Set.of("port", "reader", "dev-sam", "allow-origin", "token-file",
            "trust", "channel", "gateway", "keys", "journal", "lock-timeout-ms", "sam-reader", "sam-pin-file",
            "record-root", "ehc-platform", "ehc-app-id", "ehc-secret-file", "hospital-id", "voucher-platform",
            "voucher-org", "voucher-operator", "voucher-office", "recovery-period", "yb-gateway", "yb-profile");

    /** The environment variable that may hold the PSAM's PIN (instead of {@code --sam-pin-file}). */
    public static final String SAM_PIN_ENV = "YIKATONG_SAM_PIN";

    @Override
    public String name() {
        return "agent";
    }

    @Override
    public String synopsis() {
        return "agent [--port 18080] [--reader NAME|PATTERN] [--sam-reader NAME|PATTERN [--sam-pin-file FILE]"
                + " [--record-root PEM] | --dev-sam development] [--allow-origin ORIGIN]..."
                + " [--ehc-platform URL --ehc-app-id ID --ehc-secret-file FILE --hospital-id ID]"
                + " [--voucher-platform URL --voucher-org ORG --voucher-operator ID --voucher-office ID]"
                + " [--token-file PATH] [--trust TRUST-LIST.json] [--channel wechat|alipay|unionpay]"
                + " [--gateway URL --keys DIR] [--yb-gateway URL --yb-profile " + YbCommands.PROFILES + "]"
                + " [--journal DIR] [--lock-timeout-ms MS] [--recovery-period SECONDS]   local HTTP + WebSocket"
                + " card agent on 127.0.0.1 for browser and non-Java HIS (token in ~/.yikatong/agent-token; API at"
                + " /openapi.yaml; a second caller of a busy reader waits MS, default 10000, then gets 409; the payment"
                + " recovery loop and, with --yb-gateway, the settlement resume loop run every SECONDS, default 60)";
    }

    @Override
    public int run(List<String> argv, Io io) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        AgentServer agent = start(argv, io.err()::println);
        Thread hook = new Thread(() -> {
            agent.close();
            stop.countDown();
        }, "yikatong-agent-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        io.out().println("yikatong agent on http://127.0.0.1:" + agent.port() + " (API: /openapi.yaml, demo page: /demo/);"
                + " token file: " + tokenFile(Args.parse(argv, VALUED, Set.of())) + "; Ctrl-C to stop");
        io.out().flush();
        stop.await();
        return OK;
    }

    /**
     * Starts an agent from command-line options (the same as {@code yikatong agent}, without waiting), for tests and
     * embedding. {@code --allow-origin} may be repeated (or take several origins comma-separated).
     *
     * @param argv the options
     * @param log the request log
     * @return the running agent; the caller closes it
     * @throws Exception on a usage error ({@link UsageException}), an unavailable reader or port
     */
    public static AgentServer start(List<String> argv, Consumer<String> log) throws Exception {
        List<String> origins = new java.util.ArrayList<>();
        List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i).equals("--allow-origin") && i + 1 < argv.size()) {
                origins.addAll(List.of(argv.get(++i).split(",")));
            } else if (argv.get(i).startsWith("--allow-origin=")) {
                origins.addAll(List.of(argv.get(i).substring("--allow-origin=".length()).split(",")));
            } else {
                rest.add(argv.get(i));
            }
        }
        Args args = Args.parse(rest, VALUED, Set.of());
        args.requireNoPositional();
        int port = args.option("port").isPresent() ? PayCommands.port(args) : 18080;
        Path tokenFile = tokenFile(args);
        if (Files.isDirectory(tokenFile)) {
            throw new UsageException("--token-file: " + tokenFile + " is a directory, not a file");
        }
        String token = AgentToken.loadOrCreate(tokenFile, warning -> log.accept("warning: " + warning));
        CardSource source;
        HealthCardSecurityModule sam = null;
        RecordSignatureVerifier recordVerifier = null;
        boolean devSam = args.option("dev-sam").isPresent();
        if (devSam && !args.option("dev-sam").get().equals("development")) {
            throw new UsageException("--dev-sam takes 'development' (the SDK's published development keys)");
        }
        if (devSam && args.option("sam-reader").isPresent()) {
            throw new UsageException("give --sam-reader or --dev-sam, not both");
        }
        if (args.option("reader").isPresent() || args.option("sam-reader").isPresent()) {
            PcscReaders readers = PcscReaders.open();
            String samReader = null;
            if (devSam) {
                sam = InsecureDevelopmentPki.securityModule();
                recordVerifier = RecordSignatureVerifier.builder().trustIssuer(InsecureDevelopmentPki.rootPublicKey())
                        .build();
            } else if (args.option("sam-reader").isPresent()) {
                samReader = resolve(readers, args.option("sam-reader").get());
                sam = PsamSecurityModule.open(readers.connect(samReader), samPin(args),
                        PsamOptions.builder().readerName(samReader).build());
                if (args.option("record-root").isPresent()) {
                    recordVerifier = RecordSignatureVerifier.builder().trustIssuer(recordRoot(args.option("record-root")
                            .get())).build();
                }
            }
            String preferred = args.option("reader").isPresent()
                    ? preferredReader(readers, args.option("reader").get(), samReader) : null;
            source = new PcscCardSource(readers, preferred, samReader == null ? Set.of() : Set.of(samReader));
        } else {
            if (devSam) {
                throw new UsageException("--dev-sam goes with --reader (the virtual card always uses it)");
            }
            source = new VirtualCardSource(VirtualHealthCards.card(VirtualHealthCards.examplePersonalisation(),
                    new SecureRandom()));
            sam = InsecureDevelopmentPki.securityModule();
            recordVerifier = RecordSignatureVerifier.builder().trustIssuer(InsecureDevelopmentPki.rootPublicKey())
                    .build();
        }
        AgentServer.Builder b = AgentServer.builder().port(port).token(token).log(log).version(YikatongCli.version())
                .card(source, reader(sam, devSam)).qrClassifier(text -> QrCommands.Classify.json(
                        QrClassifier.defaults().classify(text)));
        for (String origin : origins) {
            b.allowOrigin(origin.strip());
        }
        if (args.option("trust").isPresent()) {
            io.yikatong.qr.token.TrustList list;
            try {
                list = io.yikatong.qr.token.TrustList.fromJson(CliFiles.existing(args.option("trust").get(),
                        "--trust"));
            } catch (java.io.IOException e) {
                throw new UsageException("--trust: cannot read " + args.option("trust").get());
            } catch (io.yikatong.core.InvalidInputException e) {
                throw new UsageException("--trust: not a JSON trust list (" + e.getMessage() + ")");
            }
            io.yikatong.qr.token.TokenVerifier verifier = QrCommands.Verify.verifier(list);
            b.qrVerifier(text -> {
                try {
                    return QrCommands.Verify.json(verifier.verify(text)).put("valid", true);
                } catch (io.yikatong.qr.token.TokenVerificationException e) {
                    return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("valid", false)
                            .put("reason", e.reason().name().toLowerCase(java.util.Locale.ROOT));
                } catch (io.yikatong.qr.token.ReplayGuardException e) {
                    // fail closed: a code whose reuse cannot be checked is not accepted
                    return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("valid", false)
                            .put("reason", "replay_check_unavailable");
                }
            });
        }
        if (args.option("ehc-platform").isPresent()) {
            b.ehcPlatform(io.yikatong.qr.ehc.EhcPlatformClient.builder()
                    .baseUri(java.net.URI.create(args.option("ehc-platform").get()))
                    .appId(args.require("ehc-app-id")).appSecret(secretFile(args.require("ehc-secret-file")))
                    .hospitalId(args.require("hospital-id")).build());
        }
        if (args.option("voucher-platform").isPresent()) {
            b.voucherPlatform(io.yikatong.qr.medicalinsurance.MedicalInsuranceVoucherClient.builder()
                    .baseUri(java.net.URI.create(args.option("voucher-platform").get()))
                    .orgId(args.require("voucher-org"))
                    .operator(args.require("voucher-operator"), args.require("voucher-operator"))
                    .office(args.require("voucher-office"), args.require("voucher-office")).build());
        }
        if (args.option("lock-timeout-ms").isPresent()) {
            String ms = args.option("lock-timeout-ms").get();
            if (!ms.matches("[0-9]{1,6}")) {
                throw new UsageException("--lock-timeout-ms must be 0..999999");
            }
            b.lockTimeout(java.time.Duration.ofMillis(Long.parseLong(ms)));
        }
        if ("medical-insurance".equals(PayCommands.channel(args))) {
            throw new UsageException("agent payments take --channel wechat, alipay or unionpay");
        }
        if (args.option("yb-gateway").isPresent() != args.option("yb-profile").isPresent()) {
            throw new UsageException("--yb-gateway and --yb-profile go together");
        }
        PayCommands.Session payments = PayCommands.Session.open(args);
        // the recovery loop settles what a crash or a lost answer left unresolved (a barcode payment left "user
        // paying" is reversed past its deadline, an expired QR order closed); closed before the journal it reads
        PaymentRecovery recovery = PaymentRecovery.builder(payments.client).period(recoveryPeriod(args)).start();
        b.payments(payments.client, PayCommands::json).paymentChannel(payments.channel).closeOnStop(recovery)
                .closeOnStop(payments);
        // settlement (医保结算): gateway credentials from the environment as for 'yb settle', never the command line;
        // the agent stops its resume loop before it closes this session's journal
        YbCommands.Session settlement = null;
        if (args.option("yb-gateway").isPresent()) {
            try {
                settlement = YbCommands.Session.open("--yb-gateway", args.option("yb-gateway").get(), "--yb-profile",
                        args.option("yb-profile").get(), args.option("journal").map(Path::of)
                                .orElseGet(YbCommands::defaultJournal), "agent");
            } catch (Exception e) {
                recovery.close();
                payments.close();
                source.close();
                throw e;
            }
            b.settlement(settlement.client, recoveryPeriod(args)).closeOnStop(settlement);
        }
        if (sam != null) {
            b.closeOnStop(sam);
            if (recordVerifier != null) {
                b.visitRecords(sam, recordVerifier);
            }
        }
        try {
            return b.start();
        } catch (Exception e) {
            recovery.close();
            payments.close();
            if (settlement != null) {
                settlement.close();
            }
            source.close();
            throw e;
        }
    }

    private static Path tokenFile(Args args) {
        return args.option("token-file").map(Path::of).orElseGet(AgentToken::defaultFile);
    }

    /**
     * The default card reader of {@code --reader NAME|PATTERN}: the reader of that exact name, else the first (by name)
     * matching the pattern other than the PSAM's. The agent serves every reader; a pattern matching several (say
     * {@code .*} on a desktop with two readers) only picks the default one.
     */
    private static String preferredReader(PcscReaders readers, String nameOrPattern, String samReader)
            throws CardLinkException, UsageException {
        List<PcscReader> all = readers.list();
        for (PcscReader r : all) {
            if (r.name().equals(nameOrPattern)) {
                return r.name();
            }
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(nameOrPattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new UsageException("--reader: neither a reader's name nor a regular expression: " + nameOrPattern);
        }
        for (PcscReader r : all) {
            if (pattern.matcher(r.name()).matches() && !r.name().equals(samReader)) {
                return r.name();
            }
        }
        throw new CardLinkException(io.yikatong.card.CardErrorCode.READER_UNAVAILABLE,
                "no PC/SC card reader matches /" + nameOrPattern + "/" + (samReader == null ? ""
                        : " (other than the PSAM's " + samReader + ")"), null);
    }

    private static String resolve(PcscReaders readers, String nameOrPattern) throws CardLinkException {
        for (PcscReader r : readers.list()) {
            if (r.name().equals(nameOrPattern)) {
                return r.name();
            }
        }
        return readers.find(Pattern.compile(nameOrPattern));
    }

    /** The PSAM's PIN: the first line of {@code --sam-pin-file}, else {@value #SAM_PIN_ENV}; never an argument. */
    private static String samPin(Args args) throws UsageException {
        if (args.option("sam-pin-file").isPresent()) {
            try {
                String pin = java.nio.file.Files.readString(Path.of(args.option("sam-pin-file").get()),
                        java.nio.charset.StandardCharsets.US_ASCII).strip();
                if (!pin.matches("[0-9A-Fa-f]{4,16}")) {
                    throw new UsageException("--sam-pin-file must hold the PIN (4 to 16 hex digits) on its first line");
                }
                return pin;
            } catch (java.io.IOException e) {
                throw new UsageException("--sam-pin-file: cannot read " + args.option("sam-pin-file").get());
            }
        }
        String env = System.getenv(SAM_PIN_ENV);
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        throw new UsageException("--sam-reader needs the PSAM's PIN: --sam-pin-file FILE or the environment variable "
                + SAM_PIN_ENV);
    }

    /** A secret from the first line of a file (never a command-line argument). */
    private static String secretFile(String file) throws UsageException {
        try {
            String secret = java.nio.file.Files.readString(Path.of(file), java.nio.charset.StandardCharsets.UTF_8)
                    .strip();
            if (secret.isEmpty()) {
                throw new UsageException("--ehc-secret-file " + file + " is empty");
            }
            return secret;
        } catch (java.io.IOException e) {
            throw new UsageException("--ehc-secret-file: cannot read " + file);
        }
    }

    private static io.yikatong.core.crypto.Sm2PublicKey recordRoot(String file) throws UsageException {
        try {
            return io.yikatong.core.crypto.Sm2PublicKey.fromPem(java.nio.file.Files.readString(Path.of(file)));
        } catch (java.io.IOException e) {
            throw new UsageException("--record-root: cannot read " + file);
        } catch (RuntimeException | io.yikatong.core.crypto.KeyFormatException e) {
            throw new UsageException("--record-root: not an SM2 public key in PEM");
        }
    }

    /**
     * Reads whichever card is in the reader like {@code card read --json}: a social security card (detected by its
     * SSSE application) or a resident health card (holder data with a SAM, the issuer data without one).
     */
    private static CardJsonReader reader(HealthCardSecurityModule sam, boolean devSam) {
        return (transport, readerName) -> {
            CardSession session = CardSession.builder(transport).readChunk(256).build();
            String kind = CardReadCommand.detect(session);
            if ("social".equals(kind)) {
                try (session) {
                    SocialSecurityCardReader r = devSam ? SocialSecurityCardReader.of(InsecureSoftwareSocialSecurityModule.development())
                            : SocialSecurityCardReader.builder().build();
                    return CardReadCommand.socialSecurityJson(r.read(session), readerName);
                }
            }
            // a health card, or neither: the health card service then reports the card's own refusal
            HealthCardService.Builder service = HealthCardService.builder(session);
            if (sam != null) {
                service.securityModule(sam);
            }
            try (HealthCardService card = service.build()) {
                if (sam == null) {
                    ObjectNode root = CardCommands.JSON.createObjectNode();
                    root.put("cardType", "residentHealthCard").put("reader", readerName);
                    CardReadCommand.issuer(root.putObject("issuer"), card.readIssuer());
                    return root;
                }
                return CardReadCommand.HealthCardJson.of(card.read(), readerName);
            }
        };
    }

    /** {@code --recovery-period SECONDS}: how often the payment recovery loop runs (default 60 s). */
    static java.time.Duration recoveryPeriod(Args args) throws UsageException {
        if (args.option("recovery-period").isEmpty()) {
            return java.time.Duration.ofMinutes(1);
        }
        String seconds = args.option("recovery-period").get();
        if (!seconds.matches("[1-9][0-9]{0,4}") || Integer.parseInt(seconds) > 86_400) {
            throw new UsageException("--recovery-period must be 1..86400 seconds");
        }
        return java.time.Duration.ofSeconds(Integer.parseInt(seconds));
    }
}
