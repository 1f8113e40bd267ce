package io.yikatong.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.Money;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.OrderNumbers;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.QrPayment;
import io.yikatong.payment.RefundRequest;
import io.yikatong.payment.journal.Discrepancy;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.ReconciliationReport;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.PlatformVerifier;
import io.yikatong.payment.wechat.WechatPayChannel;
import io.yikatong.payment.wechat.WechatPayV3Client;
import io.yikatong.payment.wechat.simulator.WechatPaySimulator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code yikatong pay …}: simulator, barcode, qr, query, refund, reconcile. WeChat Pay (微信支付 APIv3) only for now.
 *
 * <p>Without {@code --gateway} each command starts an in-process {@link WechatPaySimulator} with fresh development
 * keys, so an order paid by one command is unknown to the simulator of the next; use {@code pay simulator} and
 * {@code --gateway URL --keys DIR} to run several commands against one gateway. The CLI does not receive
 * notifications (the notify URL is a placeholder): outcomes are resolved by the call itself and by {@code pay query}.
 */
final class PayCommands {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    /** Nothing listens here: the CLI resolves outcomes by querying. */
    static final URI PLACEHOLDER_NOTIFY = URI.create("http://127.0.0.1:9/yikatong-cli-notify");
    private static final String CHANNEL_HELP = "--channel wechat (WeChat Pay only for now)";

    private PayCommands() {
    }

    static List<Command> all() {
        return List.of(new Simulator(), new Barcode(), new Qr(), new Query(), new Refund(), new Reconcile());
    }

    /** A started simulator with the development keys a client needs to talk to it. */
    record RunningSimulator(WechatPaySimulator simulator, PayKeys keys) implements AutoCloseable {
        @Override
        public void close() {
            simulator.close();
        }
    }

    /**
     * Starts a WeChat Pay simulator on 127.0.0.1 (platform-certificate mode) with a fresh merchant key pair and APIv3
     * key.
     */
    static RunningSimulator startSimulator(int port) throws Exception {
        KeyPair merchant = PayKeys.newMerchantKeyPair();
        String apiV3Key = PayKeys.newApiV3Key();
        WechatPaySimulator sim = WechatPaySimulator.builder().mchid(PayKeys.DEV_MCHID).appid(PayKeys.DEV_APPID)
                .merchantRsaKey(PayKeys.DEV_MERCHANT_SERIAL, merchant.getPublic())
                .apiV3Key(apiV3Key.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).certificateMode(true)
                .start(port);
        try {
            PayKeys keys = new PayKeys(PayKeys.DEV_MCHID, PayKeys.DEV_APPID, PayKeys.DEV_MERCHANT_SERIAL,
                    merchant.getPrivate(), sim.platformSerial(),
                    sim.platformCertificate().orElseThrow().getPublicKey(), apiV3Key);
            return new RunningSimulator(sim, keys);
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    static int port(Args args) throws UsageException {
        if (args.option("port").isEmpty()) {
            return 0;
        }
        int port;
        try {
            port = Integer.parseInt(args.option("port").get());
        } catch (NumberFormatException e) {
            throw new UsageException("--port must be a number");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be 0..65535");
        }
        return port;
    }

    static void checkChannel(Args args) throws UsageException {
        String channel = args.option("channel").orElse("wechat");
        if (!"wechat".equals(channel)) {
            throw new UsageException("--channel " + channel + " is not supported yet (only wechat)");
        }
    }

    static Money amount(Args args, String option) throws UsageException {
        String text = args.require(option);
        Money m;
        try {
            m = Money.parseYuan(text);
        } catch (RuntimeException e) {
            throw new UsageException("--" + option + " must be yuan with at most 2 decimals, for example 12.30");
        }
        if (!m.isPositive()) {
            throw new UsageException("--" + option + " must be positive");
        }
        return m;
    }

    static Duration waitOption(Args args) throws UsageException {
        String text = args.option("wait").orElse("5");
        if (!text.matches("[0-9]{1,3}")) {
            throw new UsageException("--wait must be 0..999 seconds");
        }
        return Duration.ofSeconds(Integer.parseInt(text));
    }

    static String orderNo(Args args, String option, String prefix) {
        return args.option(option).orElseGet(() -> OrderNumbers.create(Clock.system(CHINA), prefix).next());
    }

    /** The gateway (own simulator or {@code --gateway}), the wire client, the journal and the payment client. */
    static final class Session implements AutoCloseable {
        final RunningSimulator own;
        final WechatPayV3Client wire;
        final JdbcPaymentJournal journal;
        final PaymentClient client;

        private Session(RunningSimulator own, WechatPayV3Client wire, JdbcPaymentJournal journal) {
            this.own = own;
            this.wire = wire;
            this.journal = journal;
            this.client = PaymentClient.builder().journal(journal)
                    .channel(WechatPayChannel.create(wire, PLACEHOLDER_NOTIFY)).build();
        }

        static Session open(Args args) throws Exception {
            checkChannel(args);
            Path journalDir = args.option("journal").map(Path::of)
                    .orElseGet(() -> Path.of(System.getProperty("user.home"), ".yikatong", "journal"));
            URI base;
            PayKeys keys;
            RunningSimulator own = null;
            if (args.option("gateway").isPresent()) {
                if (args.option("keys").isEmpty()) {
                    throw new UsageException("--gateway needs --keys DIR (as written by 'yikatong pay simulator')");
                }
                try {
                    base = URI.create(args.option("gateway").get());
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--gateway is not a URL");
                }
                if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
                    throw new UsageException("--gateway must be an http or https URL");
                }
                keys = PayKeys.read(Path.of(args.option("keys").get()));
            } else {
                if (args.option("keys").isPresent()) {
                    throw new UsageException("--keys needs --gateway URL");
                }
                own = startSimulator(0);
                base = own.simulator().baseUri();
                keys = own.keys();
            }
            try {
                WechatPayV3Client wire = WechatPayV3Client.builder().baseUri(base).appid(keys.appid)
                        .signer(MerchantSigner.rsa(keys.mchid, keys.merchantSerial, keys.merchantPrivate))
                        .verifier(PlatformVerifier.builder().rsaPublicKey(keys.platformSerial, keys.platformPublic)
                                .build())
                        .apiV3Key(keys.apiV3Key()).requestTimeout(Duration.ofSeconds(10)).build();
                return new Session(own, wire, JdbcPaymentJournal.embedded(journalDir));
            } catch (Exception e) {
                if (own != null) {
                    own.close();
                }
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                journal.close();
            } finally {
                if (own != null) {
                    own.close();
                }
            }
        }
    }

    static final Set<String> COMMON = Set.of("channel", "gateway", "keys", "journal");

    static Set<String> with(String... more) {
        Set<String> s = new HashSet<>(COMMON);
        s.addAll(List.of(more));
        return s;
    }

    /** Prints the outcome as one JSON line; returns 0 for paid/refunded/closed, 1 for declined/pending. */
    static int print(PaymentOutcome outcome, Command.Io io) throws Exception {
        io.out().println(JSON.writeValueAsString(json(outcome)));
        return switch (outcome.status()) {
            case "paid", "refunded", "closed" -> Command.OK;
            default -> Command.NEGATIVE;
        };
    }

    static ObjectNode json(PaymentOutcome outcome) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", outcome.status()).put("orderNo", outcome.merchantOrderNo());
        if (outcome instanceof PaymentOutcome.Paid p) {
            amount(o, p.amount());
            if (p.channelTradeNo() != null) {
                o.put("channelTradeNo", p.channelTradeNo());
            }
        } else if (outcome instanceof PaymentOutcome.Pending p) {
            o.put("reason", p.reason().name().toLowerCase(Locale.ROOT));
            if (p.codeUrl() != null) {
                o.put("codeUrl", p.codeUrl());
            }
        } else if (outcome instanceof PaymentOutcome.Declined d) {
            o.put("reason", d.reason().name().toLowerCase(Locale.ROOT)).put("code", d.channelCode())
                    .put("message", d.channelMessage());
        } else if (outcome instanceof PaymentOutcome.Closed c) {
            o.put("reversed", c.reversed());
        } else if (outcome instanceof PaymentOutcome.Refunded r) {
            o.put("refundNo", r.merchantRefundNo());
            amount(o, r.amount());
            if (r.channelRefundNo() != null) {
                o.put("channelRefundNo", r.channelRefundNo());
            }
        }
        return o;
    }

    private static void amount(ObjectNode o, Money m) {
        o.put("amountFen", m.fen()).put("amount", m.toYuanString());
    }

    /** {@code pay simulator}. */
    static final class Simulator implements Command {
        @Override
        public String name() {
            return "pay simulator";
        }

        @Override
        public String synopsis() {
            return "pay simulator " + CHANNEL_HELP + " [--port N] [--keys DIR]   run a payment gateway simulator on"
                    + " 127.0.0.1 until interrupted; writes development keys to DIR (default a new temp dir)";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("channel", "port", "keys"), Set.of());
            args.requireNoPositional();
            checkChannel(args);
            int port = port(args);
            Path dir = args.option("keys").isPresent() ? Path.of(args.option("keys").get())
                    : Files.createTempDirectory("yikatong-pay-keys-");
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new UsageException("--keys: not a directory: " + dir);
            }
            CountDownLatch stop = new CountDownLatch(1);
            try (RunningSimulator sim = startSimulator(port)) {
                sim.keys().write(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "yikatong-pay-simulator-stop"));
                io.out().println("WeChat Pay simulator at " + sim.simulator().baseUri() + " (mchid "
                        + sim.keys().mchid + "); development keys in " + dir.toAbsolutePath()
                        + "; use: yikatong pay barcode --gateway " + sim.simulator().baseUri() + " --keys "
                        + dir.toAbsolutePath() + " ...; Ctrl-C to stop");
                io.out().flush();
                stop.await();
            }
            return OK;
        }
    }

    /** {@code pay barcode}. */
    static final class Barcode implements Command {
        @Override
        public String name() {
            return "pay barcode";
        }

        @Override
        public String synopsis() {
            return "pay barcode " + CHANNEL_HELP + " [--gateway URL --keys DIR] [--journal DIR] --amount 12.30"
                    + " --code CODE [--order NO] [--description TEXT]   charge a scanned payment code (付款码)";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, with("amount", "code", "order", "description"), Set.of());
            args.requireNoPositional();
            Money amount = amount(args, "amount");
            String code = args.require("code");
            String no = orderNo(args, "order", "");
            BarcodePayment payment = new BarcodePayment("wechat", no, amount,
                    args.option("description").orElse("yikatong"), code);
            try (Session s = Session.open(args)) {
                return print(s.client.barcodePay(payment), io);
            }
        }
    }

    /** {@code pay qr}. */
    static final class Qr implements Command {
        @Override
        public String name() {
            return "pay qr";
        }

        @Override
        public String synopsis() {
            return "pay qr " + CHANNEL_HELP + " [--gateway URL --keys DIR] [--journal DIR] --amount 12.30 [--order NO]"
                    + " [--description TEXT]   create a QR payment (Native); prints its code URL, status pending";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, with("amount", "order", "description"), Set.of());
            args.requireNoPositional();
            Money amount = amount(args, "amount");
            QrPayment payment = new QrPayment("wechat", orderNo(args, "order", ""), amount,
                    args.option("description").orElse("yikatong"));
            try (Session s = Session.open(args)) {
                return print(s.client.qrPay(payment), io);
            }
        }
    }

    /** {@code pay query}. */
    static final class Query implements Command {
        @Override
        public String name() {
            return "pay query";
        }

        @Override
        public String synopsis() {
            return "pay query " + CHANNEL_HELP + " [--gateway URL --keys DIR] [--journal DIR] --order NO | --refund-no NO"
                    + "   the journal's outcome of a payment or refund, asking the channel if still unknown";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, with("order", "refund-no"), Set.of());
            args.requireNoPositional();
            if (args.option("order").isPresent() == args.option("refund-no").isPresent()) {
                throw new UsageException("give exactly one of --order and --refund-no");
            }
            try (Session s = Session.open(args)) {
                if (args.option("refund-no").isPresent()) {
                    return print(s.client.refundQuery(OrderNumbers.check("refund-no", args.require("refund-no"))), io);
                }
                return print(s.client.query(OrderNumbers.check("order", args.require("order"))), io);
            }
        }
    }

    /** {@code pay refund}. */
    static final class Refund implements Command {
        @Override
        public String name() {
            return "pay refund";
        }

        @Override
        public String synopsis() {
            return "pay refund " + CHANNEL_HELP + " [--gateway URL --keys DIR] [--journal DIR] --order NO --amount 1.00"
                    + " [--refund-no NO] [--reason TEXT] [--wait SECONDS]   refund all or part of a paid order; a refund still"
                    + " processing is queried for up to --wait seconds (default 5), then reported pending";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, with("order", "amount", "refund-no", "reason", "wait"), Set.of());
            args.requireNoPositional();
            Money amount = amount(args, "amount");
            RefundRequest request = new RefundRequest(args.require("order"), orderNo(args, "refund-no", "R"), amount,
                    args.option("reason").orElse(null));
            Duration wait = waitOption(args);
            try (Session s = Session.open(args)) {
                PaymentOutcome o = s.client.refund(request);
                // refunds are usually accepted as PROCESSING: ask again for a little while
                long deadline = System.nanoTime() + wait.toNanos();
                while (o instanceof PaymentOutcome.Pending && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    o = s.client.refundQuery(request.merchantRefundNo());
                }
                return print(o, io);
            }
        }
    }

    /** {@code pay reconcile}. */
    static final class Reconcile implements Command {
        @Override
        public String name() {
            return "pay reconcile";
        }

        @Override
        public String synopsis() {
            return "pay reconcile " + CHANNEL_HELP + " [--gateway URL --keys DIR] [--journal DIR] --date yyyy-MM-dd"
                    + "   compare the channel's trade bill (对账单, Beijing day) with the journal; exit 1 if they differ";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, with("date"), Set.of());
            args.requireNoPositional();
            LocalDate date;
            try {
                date = LocalDate.parse(args.require("date"));
            } catch (DateTimeParseException e) {
                throw new UsageException("--date must be yyyy-MM-dd");
            }
            try (Session s = Session.open(args)) {
                ReconciliationReport report = s.client.reconcile("wechat", date);
                ObjectNode o = JSON.createObjectNode();
                o.put("status", report.isClean() ? "clean" : "discrepancies").put("date", date.toString())
                        .put("matched", report.matched());
                ArrayNode list = o.putArray("discrepancies");
                for (Discrepancy d : report.discrepancies()) {
                    ObjectNode x = list.addObject();
                    x.put("kind", d.kind().name().toLowerCase(Locale.ROOT))
                            .put("type", d.type().name().toLowerCase(Locale.ROOT)).put("key", d.key());
                    if (d.billAmount() != null) {
                        x.put("billAmount", d.billAmount().toYuanString());
                    }
                    if (d.journalAmount() != null) {
                        x.put("journalAmount", d.journalAmount().toYuanString());
                    }
                    if (d.journalState() != null) {
                        x.put("journalState", d.journalState());
                    }
                }
                io.out().println(JSON.writeValueAsString(o));
                return report.isClean() ? OK : NEGATIVE;
            }
        }
    }
}
