package io.yikatong.samples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardSession;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.card.pcsc.PcscReader;
import io.yikatong.card.pcsc.PcscReaders;
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
            "trust", "channel", "gateway", "keys", "journal", "lock-timeout-ms");

    @Override
    public String name() {
        return "agent";
    }

    @Override
    public String synopsis() {
        return "agent [--port 18080] [--reader NAME|PATTERN [--dev-sam development]] [--allow-origin ORIGIN]..."
                + " [--token-file PATH] [--trust TRUST-LIST.json] [--channel wechat|alipay|unionpay]"
                + " [--gateway URL --keys DIR] [--journal DIR] [--lock-timeout-ms MS]   local HTTP + WebSocket card agent"
                + " on 127.0.0.1 for browser and non-Java HIS (token in ~/.yikatong/agent-token; API at /openapi.yaml;"
                + " a second caller of a busy reader waits MS, default 10000, then gets 409)";
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
        HealthCardSecurityModule sam;
        if (args.option("reader").isPresent()) {
            if (args.option("dev-sam").isPresent() && !args.option("dev-sam").get().equals("development")) {
                throw new UsageException("--dev-sam takes 'development' (the SDK's published development keys)");
            }
            PcscReaders readers = PcscReaders.open();
            source = new PcscCardSource(readers, resolve(readers, args.option("reader").get()));
            sam = args.option("dev-sam").isPresent() ? InsecureDevelopmentPki.securityModule() : null;
        } else {
            if (args.option("dev-sam").isPresent()) {
                throw new UsageException("--dev-sam goes with --reader (the virtual card always uses it)");
            }
            source = new VirtualCardSource(VirtualHealthCards.card(VirtualHealthCards.examplePersonalisation(),
                    new SecureRandom()));
            sam = InsecureDevelopmentPki.securityModule();
        }
        AgentServer.Builder b = AgentServer.builder().port(port).token(token).log(log).version(YikatongCli.version())
                .card(source, reader(sam)).qrClassifier(text -> QrCommands.Classify.json(
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
        PayCommands.Session payments = PayCommands.Session.open(args);
        b.payments(payments.client, PayCommands::json).paymentChannel(payments.channel).closeOnStop(payments);
        if (sam != null) {
            b.closeOnStop(sam);
        }
        try {
            return b.start();
        } catch (Exception e) {
            payments.close();
            source.close();
            throw e;
        }
    }

    private static Path tokenFile(Args args) {
        return args.option("token-file").map(Path::of).orElseGet(AgentToken::defaultFile);
    }

    private static String resolve(PcscReaders readers, String nameOrPattern) throws CardLinkException {
        for (PcscReader r : readers.list()) {
            if (r.name().equals(nameOrPattern)) {
                return r.name();
            }
        }
        return readers.find(Pattern.compile(nameOrPattern));
    }

    /** Reads a health card like {@code card read --json}: holder data with a SAM, the issuer data without one. */
    private static CardJsonReader reader(HealthCardSecurityModule sam) {
        return (transport, readerName) -> {
            CardSession session = CardSession.builder(transport).readChunk(256).build();
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
}
