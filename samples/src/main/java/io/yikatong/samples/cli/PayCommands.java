package io.yikatong.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.Money;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.OrderNumbers;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.PaymentRecovery;
import io.yikatong.payment.QrPayment;
import io.yikatong.payment.RecoveryRun;
import io.yikatong.payment.RefundRequest;
import io.yikatong.payment.journal.Discrepancy;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.ReconciliationReport;
import io.yikatong.payment.journal.RefundState;
import io.yikatong.payment.medicalinsurance.FeeDetail;
import io.yikatong.payment.medicalinsurance.FeeUpload;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceCheckout;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceCheckoutRequest;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceCheckoutResult;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceRefundResult;
import io.yikatong.payment.medicalinsurance.SelfPay;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.PlatformVerifier;
import io.yikatong.payment.wechat.WechatPayChannel;
import io.yikatong.payment.wechat.WechatPayV3Client;
import io.yikatong.testkit.payment.wechat.WechatPaySimulator;
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
 * {@code yikatong pay …}: simulator, barcode, qr, query, refund, reconcile, for {@code --channel wechat} (微信支付
 * APIv3, the default), {@code alipay} (支付宝, RSA2), {@code unionpay} (银联全渠道 ACP 5.1.0) and {@code medical-insurance}
 * (医保移动支付: {@code pay barcode} runs the checkout — fee upload, order, settlement — with the patient's
 * authorisation as {@code --code} and the self-pay share by WeChat payment code {@code --self-pay-code}).
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
    private static final String CHANNEL_HELP = "[--channel wechat|alipay|unionpay|medical-insurance]";
    /** The outcome statuses and their exit statuses, in the synopses of the commands that print one. */
    static final String STATUS_HELP = "prints status paid|refunded|closed (exit 0) or declined|pending|mismatch|"
            + "paid_after_close (exit 1; mismatch: the channel holds another payment under the order number, for example"
            + " another till's, with expectedFen/reportedFen: not paid, check it; paid_after_close: paid after the order"
            + " was closed, with the automatic refund's outcome as refund)";

    private PayCommands() {
    }

    static List<Command> all() {
        return List.of(new Simulator(), new Barcode(), new Qr(), new Query(), new Refund(), new Reconcile(),
                new Resume());
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
            java.security.cert.X509Certificate cert = sim.platformCertificate().orElseThrow();
            PayKeys keys = new PayKeys(PayKeys.DEV_MCHID, PayKeys.DEV_APPID, PayKeys.DEV_MERCHANT_SERIAL,
                    merchant.getPrivate(), sim.platformSerial(), cert.getPublicKey(), cert, apiV3Key);
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

    static String channel(Args args) throws UsageException {
        return PayGateways.checkChannel(args.option("channel").orElse("wechat"));
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

    /**
     * The gateway (own simulator or {@code --gateway}), the journal and the payment client; for medical-insurance also the
     * checkout, whose self-pay share goes through an in-process WeChat Pay simulator.
     */
    static final class Session implements AutoCloseable {
        final String channel;
        final PayGateways.Gateway gateway;
        final JdbcPaymentJournal journal;
        final PaymentClient client;
        final MedicalInsuranceCheckout checkout;
        private final PayGateways.Gateway selfPayGateway;

        private Session(String channel, PayGateways.Gateway gateway, JdbcPaymentJournal journal,
                PayGateways.Gateway selfPayGateway) throws UsageException {
            this.channel = channel;
            this.gateway = gateway;
            this.journal = journal;
            this.selfPayGateway = selfPayGateway;
            if (selfPayGateway == null) {
                this.client = PaymentClient.builder().journal(journal).channel(gateway.adapter(journal)).build();
                this.checkout = null;
            } else {
                this.client = PaymentClient.builder().journal(journal).channel(selfPayGateway.adapter(journal))
                        .build();
                this.checkout = MedicalInsuranceCheckout.builder().insurance(gateway.medicalInsurance()).journal(journal)
                        .payments(client).build();
            }
        }

        static Session open(Args args) throws Exception {
            String channel = channel(args);
            Path journalDir = args.option("journal").map(Path::of)
                    .orElseGet(() -> Path.of(System.getProperty("user.home"), ".yikatong", "journal"));
            PayGateways.Gateway gateway;
            if (args.option("gateway").isPresent()) {
                if (args.option("keys").isEmpty()) {
                    throw new UsageException("--gateway needs --keys DIR (as written by 'yikatong pay simulator')");
                }
                URI base;
                try {
                    base = URI.create(args.option("gateway").get());
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--gateway is not a URL");
                }
                if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
                    throw new UsageException("--gateway must be an http or https URL");
                }
                gateway = PayGateways.connect(channel, base, Path.of(args.option("keys").get()));
            } else {
                if (args.option("keys").isPresent()) {
                    throw new UsageException("--keys needs --gateway URL");
                }
                gateway = PayGateways.simulate(channel, 0);
            }
            PayGateways.Gateway selfPay = null;
            JdbcPaymentJournal journal = null;
            try {
                selfPay = "medical-insurance".equals(channel) ? PayGateways.simulate("wechat", 0) : null;
                journal = JdbcPaymentJournal.embedded(journalDir);
                return new Session(channel, gateway, journal, selfPay);
            } catch (Exception e) {
                if (journal != null) {
                    journal.close();
                }
                if (selfPay != null) {
                    selfPay.close();
                }
                gateway.close();
                throw e;
            }
        }

        /** The checkout, or a usage error naming the channel. */
        MedicalInsuranceCheckout checkout() throws UsageException {
            if (checkout == null) {
                throw new UsageException("this command needs --channel medical-insurance");
            }
            return checkout;
        }

        @Override
        public void close() {
            try {
                journal.close();
            } finally {
                gateway.close();
                if (selfPayGateway != null) {
                    selfPayGateway.close();
                }
            }
        }
    }

    private static final java.util.Map<String, String> TITLES = java.util.Map.of("wechat", "WeChat Pay",
            "alipay", "Alipay", "unionpay", "UnionPay", "medical-insurance", "Medical-insurance mobile payment");

    static final Set<String> COMMON = Set.of("channel", "gateway", "keys", "journal");

    static Set<String> with(String... more) {
        Set<String> s = new HashSet<>(COMMON);
        s.addAll(List.of(more));
        return s;
    }

    /**
     * Prints the outcome as one JSON line; returns 0 for paid/refunded/closed, 1 for declined/pending/mismatch (the
     * channel holds another payment or refund under the number: not this one, never paid)/paid_after_close (taken
     * after the order was closed: refunded by default, not a sale).
     */
    static int print(PaymentOutcome outcome, Command.Io io) throws Exception {
        io.out().println(JSON.writeValueAsString(json(outcome)));
        return switch (outcome.status()) {
            case "paid", "refunded", "closed" -> Command.OK;
            default -> Command.NEGATIVE;
        };
    }

    /**
     * A gateway that cannot be reached, or something else answering in its place, is a failure at run time (exit 3,
     * one line naming the gateway and what happened to the order), not bad input.
     */
    static PaymentOutcome noGatewayIsAFailure(java.util.function.Supplier<PaymentOutcome> call) throws java.io.IOException {
        try {
            return call.get();
        } catch (io.yikatong.payment.spi.PaymentException e) {
            if (e.errorCode() == io.yikatong.payment.spi.PaymentErrorCode.CHANNEL_UNREACHABLE) {
                throw new java.io.IOException(e.getMessage(), e);
            }
            throw e;
        }
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
        } else if (outcome instanceof PaymentOutcome.Mismatch m) {
            if (m.merchantRefundNo() != null) {
                o.put("refundNo", m.merchantRefundNo());
            }
            o.put("expectedFen", m.expected().fen()).put("expected", m.expected().toYuanString())
                    .put("reportedFen", m.reported().fen()).put("reported", m.reported().toYuanString());
            if (m.channelNo() != null) {
                o.put("channelNo", m.channelNo());
            }
        } else if (outcome instanceof PaymentOutcome.PaidAfterClose late) {
            amount(o, late.amount());
            if (late.channelTradeNo() != null) {
                o.put("channelTradeNo", late.channelTradeNo());
            }
            if (late.refund() != null) {
                o.set("refund", json(late.refund()));
            }
        }
        return o;
    }

    private static void amount(ObjectNode o, Money m) {
        o.put("amountFen", m.fen()).put("amount", m.toYuanString());
    }

    /** Prints a medical-insurance checkout: {@code paid} when settled and the self-pay share (if any) is paid. */
    static int printCheckout(MedicalInsuranceCheckoutResult r, Command.Io io) throws Exception {
        ObjectNode o = checkoutJson(r);
        io.out().println(JSON.writeValueAsString(o));
        String status = o.get("status").asText();
        return "paid".equals(status) || "closed".equals(status) ? Command.OK : Command.NEGATIVE;
    }

    static ObjectNode checkoutJson(MedicalInsuranceCheckoutResult r) {
        ObjectNode o = JSON.createObjectNode();
        String status = r.complete() ? "paid" : switch (r.state()) {
            case DECLINED -> "declined";
            case CLOSED, REVERSED -> "closed";
            default -> "pending";
        };
        o.put("status", status).put("orderNo", r.medOrgOrd()).put("insuranceState",
                r.state().name().toLowerCase(Locale.ROOT));
        if (r.payOrdId() != null) {
            o.put("payOrdId", r.payOrdId());
        }
        if (r.split() != null) {
            o.putObject("split").put("total", r.split().total().toYuanString())
                    .put("fundPay", r.split().fundPay().toYuanString())
                    .put("accountPay", r.split().accountPay().toYuanString())
                    .put("selfPay", r.split().selfPay().toYuanString());
        }
        if (r.selfPay() != null) {
            o.set("selfPayment", json(r.selfPay()));
        }
        if (!r.detail().isEmpty()) {
            o.put("detail", r.detail());
        }
        return o;
    }

    /** Prints a medical-insurance refund. */
    static int printRefund(MedicalInsuranceRefundResult r, Command.Io io) throws Exception {
        boolean done = (r.insuranceState() == null || r.insuranceState() == RefundState.SUCCEEDED)
                && (r.selfPay() == null || r.selfPay() instanceof PaymentOutcome.Refunded);
        ObjectNode o = JSON.createObjectNode();
        o.put("status", done ? "refunded" : "pending").put("refundNo", r.refundNo())
                .put("insuranceAmount", r.insuranceAmount().toYuanString())
                .put("insuranceState", r.insuranceState() == null ? "none"
                        : r.insuranceState().name().toLowerCase(Locale.ROOT));
        if (r.selfPay() != null) {
            o.set("selfPayment", json(r.selfPay()));
        }
        io.out().println(JSON.writeValueAsString(o));
        return done ? Command.OK : Command.NEGATIVE;
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
            String channel = channel(args);
            int port = port(args);
            Path dir = args.option("keys").isPresent() ? Path.of(args.option("keys").get())
                    : Files.createTempDirectory("yikatong-pay-keys-");
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new UsageException("--keys: not a directory: " + dir);
            }
            CountDownLatch stop = new CountDownLatch(1);
            try (PayGateways.Gateway sim = PayGateways.simulate(channel, port)) {
                sim.writeKeys(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "yikatong-pay-simulator-stop"));
                io.out().println(TITLES.get(channel) + " simulator at " + sim.baseUri() + "; development keys in "
                        + dir.toAbsolutePath() + "; use: yikatong pay barcode --channel " + channel + " --gateway "
                        + sim.baseUri() + " --keys " + dir.toAbsolutePath() + " ...; Ctrl-C to stop");
                sim.patientHint().ifPresent(io.out()::println);
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
                    + " --code CODE [--order NO] [--description TEXT] [--self-pay-code CODE]   charge a scanned payment"
                    + " code (付款码); medical-insurance: --code is the patient's payAuthNo, the fee is uploaded and settled, and"
                    + " the self-pay share is charged to --self-pay-code (WeChat, in-process simulator); " + STATUS_HELP;
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, with("amount", "code", "order", "description", "self-pay-code"), Set.of());
            args.requireNoPositional();
            Money amount = amount(args, "amount");
            String code = args.require("code");
            String no = orderNo(args, "order", "");
            String description = args.option("description").orElse("yikatong");
            String channel = channel(args);
            if (!"medical-insurance".equals(channel)) {
                if (args.option("self-pay-code").isPresent()) {
                    throw new UsageException("--self-pay-code is for --channel medical-insurance");
                }
                BarcodePayment payment = new BarcodePayment(channel, no, amount, description, code);
                try (Session s = Session.open(args)) {
                    return print(noGatewayIsAFailure(() -> s.client.barcodePay(payment)), io);
                }
            }
            FeeUpload fees = new FeeUpload(no, no, code, null, null, true, amount, List.of(new FeeDetail("1",
                    "YKT-FEE", description, java.math.BigDecimal.ONE, amount)));
            SelfPay selfPay = args.option("self-pay-code").isPresent()
                    ? SelfPay.barcode("wechat", args.option("self-pay-code").get()) : SelfPay.qr("wechat");
            try (Session s = Session.open(args)) {
                return printCheckout(s.checkout().checkout(new MedicalInsuranceCheckoutRequest(fees, description, selfPay)),
                        io);
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
            String channel = channel(args);
            if ("medical-insurance".equals(channel)) {
                throw new UsageException("--channel medical-insurance has no QR payment: use pay barcode (checkout)");
            }
            QrPayment payment = new QrPayment(channel, orderNo(args, "order", ""), amount,
                    args.option("description").orElse("yikatong"));
            try (Session s = Session.open(args)) {
                return print(noGatewayIsAFailure(() -> s.client.qrPay(payment)), io);
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
                    + "   the journal's outcome of a payment or refund, asking the channel if still unknown; " + STATUS_HELP;
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, with("order", "refund-no"), Set.of());
            args.requireNoPositional();
            if (args.option("order").isPresent() == args.option("refund-no").isPresent()) {
                throw new UsageException("give exactly one of --order and --refund-no");
            }
            try (Session s = Session.open(args)) {
                if (s.checkout != null) {
                    if (args.option("order").isEmpty()) {
                        throw new UsageException("--channel medical-insurance queries by --order");
                    }
                    return printCheckout(s.checkout.resume(OrderNumbers.check("order", args.require("order"))), io);
                }
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
            Duration wait = waitOption(args);
            if ("medical-insurance".equals(channel(args))) {
                if (args.option("amount").isPresent()) {
                    throw new UsageException("--channel medical-insurance refunds the whole order: leave out --amount");
                }
                String order = OrderNumbers.check("order", args.require("order"));
                String refundNo = orderNo(args, "refund-no", "R");
                try (Session s = Session.open(args)) {
                    return printRefund(s.checkout().refund(order, refundNo, args.option("reason").orElse("退费")), io);
                }
            }
            Money amount = amount(args, "amount");
            RefundRequest request = new RefundRequest(args.require("order"), orderNo(args, "refund-no", "R"), amount,
                    args.option("reason").orElse(null));
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
                ReconciliationReport report;
                try {
                    report = s.client.reconcile(s.channel, date);
                } catch (io.yikatong.core.InvalidInputException e) {
                    throw new UsageException("--channel " + s.channel + " offers no bill download here (reconcile"
                            + " supports wechat and alipay)");
                }
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

    /** {@code pay resume}. */
    static final class Resume implements Command {
        @Override
        public String name() {
            return "pay resume";
        }

        @Override
        public String synopsis() {
            return "pay resume " + CHANNEL_HELP + " [--gateway URL --keys DIR] [--journal DIR]   settle every unsettled"
                    + " payment and refund of the channel in the journal: query it; reverse a barcode payment past its"
                    + " deadline; close a QR order past its expiry; one JSON line per entry (status as for pay query, or"
                    + " failed with error); exit 0 if every entry is settled, 1 if one is still pending or failed (or"
                    + " held by another process's recovery)";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, COMMON, Set.of());
            args.requireNoPositional();
            try (Session s = Session.open(args)) {
                PaymentRecovery.Builder b = PaymentRecovery.builder(s.client)
                        .channels(s.channel).batchSize(10_000).runTimeLimit(Duration.ofDays(1))
                        .owner("cli-" + ProcessHandle.current().pid());
                if (s.checkout != null) {
                    b.checkout(s.checkout);
                }
                RecoveryRun run = b.build().runOnce();
                if (run.failure() != null) {
                    throw new java.io.IOException("pay resume stopped: " + run.failure());
                }
                boolean allSettled = run.claimedElsewhere() == 0;
                for (RecoveryRun.Entry e : run.entries()) {
                    ObjectNode o;
                    if (e.outcome() != null) {
                        o = json(e.outcome());
                    } else if (e.checkout() != null) {
                        o = checkoutJson(e.checkout());
                    } else {
                        o = JSON.createObjectNode().put("status", "failed").put("orderNo", e.merchantOrderNo())
                                .put("error", e.failure());
                    }
                    if (e.merchantRefundNo() != null) {
                        o.put("refundNo", e.merchantRefundNo());
                    }
                    io.out().println(JSON.writeValueAsString(o));
                    allSettled &= settledStatus(o);
                }
                if (run.claimedElsewhere() > 0) {
                    io.err().println("yikatong: " + run.claimedElsewhere() + " entries are being settled by another"
                            + " process's recovery right now; run pay resume again later");
                }
                return allSettled ? OK : NEGATIVE;
            }
        }

        private static boolean settledStatus(ObjectNode o) {
            String status = o.get("status").asText();
            return !"pending".equals(status) && !"failed".equals(status);
        }
    }
}
