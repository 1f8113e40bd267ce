package io.yikatong.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.PersonalField;
import io.yikatong.core.crypto.InsecureKeyAccess;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.qr.QrClassifier;
import io.yikatong.qr.ScannedCode;
import io.yikatong.testkit.qr.ehc.EhcPlatformSimulator;
import io.yikatong.qr.render.ErrorCorrection;
import io.yikatong.qr.render.PngRenderer;
import io.yikatong.qr.render.QrCodes;
import io.yikatong.qr.render.QrMatrix;
import io.yikatong.qr.render.SvgRenderer;
import io.yikatong.qr.render.TerminalRenderer;
import io.yikatong.qr.token.CredentialType;
import io.yikatong.qr.token.HealthCodeColour;
import io.yikatong.qr.token.InMemoryReplayGuard;
import io.yikatong.qr.token.InsecureTokenParser;
import io.yikatong.qr.token.TokenContent;
import io.yikatong.qr.token.TokenClaims;
import io.yikatong.qr.token.TokenIssuer;
import io.yikatong.qr.token.TokenVerificationException;
import io.yikatong.qr.token.TokenVerifier;
import io.yikatong.qr.token.TrustList;
import io.yikatong.qr.token.VerifiedToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code yikatong qr …}: classify, keygen, issue, verify, platform-simulator. */
final class QrCommands {

    private static final ObjectMapper JSON = new ObjectMapper();

    private QrCommands() {
    }

    static List<Command> all() {
        return List.of(new Classify(), new Keygen(), new Issue(), new Verify(), new Simulator());
    }

    /** Parses 30s, 5m, 1h, 2d. */
    static Duration duration(String text) throws UsageException {
        if (!text.matches("[1-9][0-9]{0,6}[smhd]")) {
            throw new UsageException("--ttl must look like 30s, 5m, 1h or 2d, was '" + text + "'");
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** {@code qr classify TEXT}. */
    static final class Classify implements Command {
        @Override
        public String name() {
            return "qr classify";
        }

        @Override
        public String synopsis() {
            return "qr classify TEXT   recognise a scanned code; prints JSON {\"kind\": ...}";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of(), Set.of());
            if (args.positional().size() != 1) {
                throw new UsageException("give exactly one TEXT (quote it)");
            }
            io.out().println(JSON.writeValueAsString(json(QrClassifier.defaults().classify(args.positional().get(0)))));
            return OK;
        }

        static ObjectNode json(ScannedCode code) {
            ObjectNode o = JSON.createObjectNode();
            o.put("kind", code.kindName());
            if (code instanceof ScannedCode.EhcStaticCode c) {
                o.put("cardId", c.cardId());
            } else if (code instanceof ScannedCode.EhcDynamicCode c) {
                o.put("cardId", c.cardId()).put("token", c.token());
            } else if (code instanceof ScannedCode.SignedToken c) {
                o.put("length", c.text().length());
            } else if (code instanceof ScannedCode.MedicalInsuranceVoucher c) {
                o.put("length", c.raw().length());
            } else if (code instanceof ScannedCode.PaymentCode c) {
                o.put("channel", c.channel().name().toLowerCase(Locale.ROOT))
                        .put("maskedCode", PersonalField.PAYMENT_CODE.mask(c.code()));
            } else if (code instanceof ScannedCode.HealthCodeUrl c) {
                o.put("url", c.url()).put("host", c.host());
            } else if (code instanceof ScannedCode.Unknown c) {
                o.put("reason", c.reason());
            }
            return o;
        }
    }

    /** {@code qr keygen}. */
    static final class Keygen implements Command {
        @Override
        public String name() {
            return "qr keygen";
        }

        @Override
        public String synopsis() {
            return "qr keygen --private FILE --public FILE [--force]   an SM2 issuer key pair for signed tokens (PEM);"
                    + " existing files are kept unless --force";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("private", "public"), Set.of("force"));
            args.requireNoPositional();
            Path priv = CliFiles.output(args.require("private"), "--private");
            Path pub = CliFiles.output(args.require("public"), "--public");
            if (priv.toAbsolutePath().equals(pub.toAbsolutePath())) {
                throw new UsageException("--private and --public must be different files");
            }
            // an issuer key that is replaced invalidates every code it signed: never by accident
            boolean force = args.flag("force");
            CliFiles.refuseOverwrite(priv, force);
            CliFiles.refuseOverwrite(pub, force);
            Sm2KeyPair pair = Sm2KeyPair.generate(new SecureRandom());
            CliFiles.create(priv, pair.privateKey().toPkcs8Pem(InsecureKeyAccess.get())
                    .getBytes(StandardCharsets.US_ASCII), true, force);
            CliFiles.create(pub, pair.publicKey().toX509Pem().getBytes(StandardCharsets.US_ASCII), false, force);
            io.out().println("wrote " + priv + " (private, mode 600) and " + pub);
            return OK;
        }
    }

    /** {@code qr issue}. */
    static final class Issue implements Command {
        @Override
        public String name() {
            return "qr issue";
        }

        @Override
        public String synopsis() {
            return "qr issue --key PEM --issuer ID --key-id ID --subject ID"
                    + " --type health-card|health-code|visit-pass|registration-pass"
                    + " [--colour green|yellow|red] [--one-time] --ttl DURATION [--png FILE | --svg FILE | --terminal]"
                    + "   issue a signed offline token";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("key", "issuer", "key-id", "subject", "type", "colour", "ttl", "png",
                    "svg"), Set.of("terminal", "one-time"));
            args.requireNoPositional();
            int pictures = (args.option("png").isPresent() ? 1 : 0) + (args.option("svg").isPresent() ? 1 : 0)
                    + (args.flag("terminal") ? 1 : 0);
            if (pictures > 1) {
                throw new UsageException("give at most one of --png, --svg and --terminal");
            }
            Sm2PrivateKey key = Sm2PrivateKey.fromPem(CliFiles.readString(args.require("key"), "--key"));
            Path png = args.option("png").isPresent() ? CliFiles.output(args.option("png").get(), "--png") : null;
            Path svg = args.option("svg").isPresent() ? CliFiles.output(args.option("svg").get(), "--svg") : null;
            CredentialType type = switch (args.require("type")) {
                case "health-card" -> CredentialType.HEALTH_CARD;
                case "health-code" -> CredentialType.HEALTH_CODE;
                case "visit-pass" -> CredentialType.VISIT_PASS;
                case "registration-pass" -> CredentialType.REGISTRATION_PASS;
                default -> throw new UsageException("--type must be health-card, health-code, visit-pass or"
                        + " registration-pass");
            };
            TokenClaims.Builder claims = TokenClaims.builder().type(type).subject(args.require("subject"))
                    .ttl(duration(args.require("ttl"))).oneTime(args.flag("one-time"));
            Optional<String> colour = args.option("colour");
            if (colour.isPresent()) {
                claims.colour(switch (colour.get()) {
                    case "green" -> HealthCodeColour.GREEN;
                    case "yellow" -> HealthCodeColour.YELLOW;
                    case "red" -> HealthCodeColour.RED;
                    default -> throw new UsageException("--colour must be green, yellow or red");
                });
            }
            String token = TokenIssuer.builder().signingKey(key).issuer(args.require("issuer"))
                    .keyId(args.require("key-id")).clock(Clock.systemUTC()).random(new SecureRandom()).build()
                    .issue(claims.build());
            if (pictures == 1) {
                QrMatrix matrix = QrCodes.encode(token, ErrorCorrection.M);
                if (png != null) {
                    CliFiles.write(png, PngRenderer.builder().build().render(matrix));
                } else if (svg != null) {
                    CliFiles.write(svg,
                            SvgRenderer.builder().build().render(matrix).getBytes(StandardCharsets.UTF_8));
                } else {
                    io.out().print(TerminalRenderer.builder().build().render(matrix));
                }
            }
            io.out().println(token);
            return OK;
        }
    }

    /** {@code qr verify}. */
    static final class Verify implements Command {
        @Override
        public String name() {
            return "qr verify";
        }

        @Override
        public String synopsis() {
            return "qr verify --trust FILE [TEXT|-]   FILE: a PEM public key (any issuer) or a JSON trust list; the"
                    + " token from TEXT, or from stdin when absent or '-'; prints the verified claims (exit 0) or the"
                    + " reason (exit 1)";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("trust"), Set.of());
            if (args.positional().size() > 1) {
                throw new UsageException("give one TEXT (quote it in single quotes: tokens contain '$'), or none to"
                        + " read it from stdin");
            }
            String trust = CliFiles.readString(args.require("trust"), "--trust");
            String text = args.positional().isEmpty() || args.positional().get(0).equals("-")
                    ? stdinToken(io) : args.positional().get(0);
            TrustList list;
            if (!trust.strip().startsWith("{")) {
                // a bare key is trusted for the issuer and key id the token names: read them without trusting anything
                TokenContent unverified;
                try {
                    unverified = InsecureTokenParser.parseWithoutVerifying(text);
                } catch (TokenVerificationException e) {
                    io.out().println(reasonLine(e));
                    return NEGATIVE;
                }
                list = TrustList.builder().addKey(unverified.issuer(), unverified.keyId(),
                        Sm2PublicKey.fromPem(trust)).build();
            } else {
                list = TrustList.fromJson(trust);
            }
            TokenVerifier verifier = verifier(list);
            try {
                io.out().println(JSON.writeValueAsString(json(verifier.verify(text))));
                return OK;
            } catch (TokenVerificationException e) {
                io.out().println(reasonLine(e));
                return NEGATIVE;
            }
        }

        /**
         * One token from stdin. Only the line ending (a scanner's CR LF, echo's LF) is dropped: a space is a Base45
         * character, so the token's own first or last character may be one.
         */
        private static String stdinToken(Io io) throws IOException, UsageException {
            byte[] bytes = io.in().readNBytes(64 * 1024 + 1);
            if (bytes.length > 64 * 1024) {
                throw new UsageException("stdin: more than 64 KiB, not a token");
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            text = text.substring(0, end);
            if (text.isBlank()) {
                throw new UsageException("no TEXT: give the token as an argument or on stdin");
            }
            if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                throw new UsageException("stdin: one token on one line");
            }
            return text;
        }

        /** The verified claims as JSON (also the agent's {@code /v1/qr/verify} answer, with {@code valid}). */
        static ObjectNode json(VerifiedToken v) {
            ObjectNode o = JSON.createObjectNode();
            o.put("issuer", v.issuer()).put("keyId", v.keyId())
                    .put("type", v.type().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .put("subject", v.subject()).put("issuedAt", v.issuedAt().toString())
                    .put("expiresAt", v.expiresAt().toString()).put("oneTime", v.oneTime());
            v.colour().ifPresent(c -> o.put("colour", c.name().toLowerCase(Locale.ROOT)));
            ObjectNode claims = o.putObject("claims");
            v.claims().forEach(claims::put);
            return o;
        }

        /** A verifier for a JSON trust list, as {@code qr verify} and the agent use it. */
        static TokenVerifier verifier(TrustList list) {
            return TokenVerifier.builder().trustList(list).clock(Clock.systemUTC())
                    .allowedSkew(Duration.ofSeconds(30)).replayGuard(InMemoryReplayGuard.withDefaults()).build();
        }

        static String reasonLine(TokenVerificationException e) {
            return e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** {@code qr platform-simulator}. */
    static final class Simulator implements Command {
        @Override
        public String name() {
            return "qr platform-simulator";
        }

        @Override
        public String synopsis() {
            return "qr platform-simulator [--port N] [--app-id ID --app-secret SECRET]   run the e-health-card platform"
                    + " simulator on 127.0.0.1 until interrupted";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("port", "app-id", "app-secret"), Set.of());
            args.requireNoPositional();
            int port = 0;
            if (args.option("port").isPresent()) {
                try {
                    port = Integer.parseInt(args.option("port").get());
                } catch (NumberFormatException e) {
                    throw new UsageException("--port must be a number");
                }
                if (port < 0 || port > 65535) {
                    throw new UsageException("--port must be 0..65535");
                }
            }
            String appId = args.option("app-id").orElse("yikatong-dev-app");
            String secret = args.option("app-secret").orElse("yikatong-dev-secret");
            CountDownLatch stop = new CountDownLatch(1);
            try (EhcPlatformSimulator sim = EhcPlatformSimulator.builder().appId(appId).appSecret(secret).build()
                    .start(port)) {
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "yikatong-simulator-stop"));
                io.out().println("e-health-card platform simulator at " + sim.baseUri() + " (app id " + appId
                        + (args.option("app-secret").isPresent() ? "" : ", development secret " + secret)
                        + "; Ctrl-C to stop)");
                io.out().flush();
                stop.await();
            }
            return OK;
        }
    }
}
