package io.yikatong.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.core.Money;
import io.yikatong.testkit.payment.wechat.SimulatedOrder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code yikatong pay …} against a WeChat Pay simulator: in-process (no {@code --gateway}) and through a shared
 * simulator with the development keys written as {@code pay simulator} writes them.
 */
class PayCliTest {

    static final String PAYING_CODE = "134567890123456789";
    static final String DECLINED_CODE = "139912345678901234";

    @TempDir
    Path dir;
    Path journal;
    Path keys;
    PayCommands.RunningSimulator sim;
    String gateway;

    private record Result(int status, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new YikatongCli().run(List.of(args), new Command.Io(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void start() throws Exception {
        journal = dir.resolve("journal");
        keys = dir.resolve("keys");
        sim = PayCommands.startSimulator(0);
        sim.keys().write(keys);
        gateway = sim.simulator().baseUri().toString();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** Runs a pay command against the shared simulator with the test journal. */
    private Result pay(String command, String... more) {
        List<String> args = new ArrayList<>(List.of("pay", command, "--channel", "wechat", "--gateway", gateway,
                "--keys", keys.toString(), "--journal", journal.toString()));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    private static String no(String tag) {
        return "CLI" + tag + System.nanoTime();
    }

    @Test
    void barcodePaidInProcessWithoutGateway() throws Exception {
        String no = no("IP");
        Result r = cli("pay", "barcode", "--journal", journal.toString(), "--amount", "12.30", "--code", PAYING_CODE,
                "--order", no);
        assertEquals(Command.OK, r.status(), r.err());
        JsonNode o = r.json();
        assertEquals("paid", o.get("status").asText());
        assertEquals(no, o.get("orderNo").asText());
        assertEquals(1230, o.get("amountFen").asLong());
        assertEquals("12.30", o.get("amount").asText());
        assertFalse(o.get("channelTradeNo").asText().isEmpty());
        assertFalse(r.out().contains(PAYING_CODE), "the payment code is never printed");
        assertTrue(Files.isDirectory(journal), "the journal is written to --journal");
        assertTrue(sim.simulator().order(no).isEmpty(), "no --gateway: the shared simulator saw nothing");
    }

    @Test
    void barcodeThenQueryThenPartialRefundThroughTheGateway() throws Exception {
        String no = no("GW");
        Result paid = pay("barcode", "--amount", "5.00", "--code", PAYING_CODE, "--order", no);
        assertEquals(Command.OK, paid.status(), paid.err());
        SimulatedOrder order = sim.simulator().order(no).orElseThrow();
        assertEquals(order.transactionId(), paid.json().get("channelTradeNo").asText());
        assertEquals(500, paid.json().get("amountFen").asLong());

        Result query = pay("query", "--order", no);
        assertEquals(Command.OK, query.status(), query.err());
        assertEquals(paid.json(), query.json());

        String refundNo = no("RF");
        Result refund = pay("refund", "--order", no, "--amount", "1.00", "--refund-no", refundNo);
        assertEquals(Command.OK, refund.status(), refund.err());
        JsonNode r = refund.json();
        assertEquals("refunded", r.get("status").asText());
        assertEquals(refundNo, r.get("refundNo").asText());
        assertEquals(100, r.get("amountFen").asLong());
        assertEquals(Money.ofFen(100).fen(), sim.simulator().refund(refundNo).orElseThrow().refundFen());

        Result refundQuery = pay("query", "--refund-no", refundNo);
        assertEquals(Command.OK, refundQuery.status(), refundQuery.err());
        assertEquals(r, refundQuery.json());

        Result tooMuch = pay("refund", "--order", no, "--amount", "4.01", "--refund-no", no("RG"));
        assertTrue(tooMuch.status() != Command.OK, "a refund beyond what remains is not reported as refunded: "
                + tooMuch.out() + tooMuch.err());
    }

    /**
     * Two tills with separate journals reuse one order number against one gateway: the second one, 9.99 with another
     * code, is told {@code mismatch} (exit 1), never {@code paid}, while the channel holds the first till's 5.00.
     */
    @Test
    void aSecondTillReusingAnOrderNumberPrintsMismatchAndExitsOne() throws Exception {
        String no = no("TT");
        Result first = pay("barcode", "--amount", "5.00", "--code", PAYING_CODE, "--order", no);
        assertEquals(Command.OK, first.status(), first.err());
        String till2 = dir.resolve("till2-journal").toString();
        Result second = cli("pay", "barcode", "--channel", "wechat", "--gateway", gateway, "--keys", keys.toString(),
                "--journal", till2, "--amount", "9.99", "--code", "134567890123450000", "--order", no);
        assertEquals(Command.NEGATIVE, second.status(), second.out() + second.err());
        JsonNode m = second.json();
        assertEquals("mismatch", m.get("status").asText());
        assertEquals(no, m.get("orderNo").asText());
        assertEquals(999, m.get("expectedFen").asLong());
        assertEquals(500, m.get("reportedFen").asLong());
        assertEquals(sim.simulator().order(no).orElseThrow().transactionId(), m.get("channelNo").asText());
        Result query = cli("pay", "query", "--channel", "wechat", "--gateway", gateway, "--keys", keys.toString(),
                "--journal", till2, "--order", no);
        assertEquals(Command.NEGATIVE, query.status(), query.err());
        assertEquals(m, query.json());
        Result firstQuery = pay("query", "--order", no);
        assertEquals(Command.OK, firstQuery.status(), firstQuery.err());
        assertEquals("paid", firstQuery.json().get("status").asText());
        assertEquals("SUCCESS", sim.simulator().order(no).orElseThrow().tradeState());
        for (String command : List.of("barcode", "query")) {
            Result help = cli("pay", command, "--help");
            assertTrue(help.out().contains("mismatch") && help.out().contains("exit 1"), help.out());
        }
        assertTrue(cli("--help").out().contains("mismatch"), "the exit statuses name it");
    }

    @Test
    void aPaymentAfterTheCloseIsPrintedWithItsRefundAndExitsOne() throws Exception {
        io.yikatong.payment.PaymentOutcome late = new io.yikatong.payment.PaymentOutcome.PaidAfterClose("N1234567890",
                "4200000001", Money.ofFen(2000), new io.yikatong.payment.PaymentOutcome.Refunded("N1234567890",
                        "N1234567890L", Money.ofFen(2000), "5030000001"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = PayCommands.print(late, new Command.Io(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        assertEquals(Command.NEGATIVE, status, "not paid: the money goes back (or waits for an operator)");
        JsonNode o = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("paid_after_close", o.get("status").asText());
        assertEquals(2000, o.get("amountFen").asLong());
        assertEquals("4200000001", o.get("channelTradeNo").asText());
        assertEquals("refunded", o.get("refund").get("status").asText());
        assertEquals("N1234567890L", o.get("refund").get("refundNo").asText());
        JsonNode recordOnly = PayCommands.json(new io.yikatong.payment.PaymentOutcome.PaidAfterClose("N1234567890",
                null, Money.ofFen(2000), null));
        assertFalse(recordOnly.has("refund"));
        assertTrue(cli("pay", "query", "--help").out().contains("paid_after_close"));
    }

    @Test
    void declinedCodeExitsOne() throws Exception {
        String no = no("DC");
        Result r = pay("barcode", "--amount", "3.00", "--code", DECLINED_CODE, "--order", no);
        assertEquals(Command.NEGATIVE, r.status(), r.err());
        JsonNode o = r.json();
        assertEquals("declined", o.get("status").asText());
        assertEquals(no, o.get("orderNo").asText());
        assertEquals("PAYERROR", o.get("code").asText());
        assertTrue(o.has("message"));
    }

    @Test
    void qrIsPendingWithACodeUrlUntilPaid() throws Exception {
        String no = no("QR");
        Result r = pay("qr", "--amount", "0.01", "--order", no);
        assertEquals(Command.NEGATIVE, r.status(), r.err());
        JsonNode o = r.json();
        assertEquals("pending", o.get("status").asText());
        assertTrue(o.get("codeUrl").asText().startsWith("weixin://"), o.toString());
        sim.simulator().payNative(no);
        Result q = pay("query", "--order", no);
        assertEquals(Command.OK, q.status(), q.err());
        assertEquals("paid", q.json().get("status").asText());
        assertEquals(1, q.json().get("amountFen").asLong());
    }

    @Test
    void reconcileMatchesTheBillWithTheJournal() throws Exception {
        String no = no("RC");
        assertEquals(Command.OK, pay("barcode", "--amount", "2.50", "--code", PAYING_CODE, "--order", no).status());
        Result r = pay("reconcile", "--date", LocalDate.now(PayCommands.CHINA).toString());
        assertEquals(Command.OK, r.status(), r.out() + r.err());
        assertEquals("clean", r.json().get("status").asText());
        assertEquals(1, r.json().get("matched").asInt());
        // a payment the journal does not know (another journal) shows up as a discrepancy
        Path other = dir.resolve("other");
        assertEquals(Command.OK, cli("pay", "barcode", "--gateway", gateway, "--keys", keys.toString(), "--journal",
                other.toString(), "--amount", "1.00", "--code", PAYING_CODE, "--order", no("OT")).status());
        Result dirty = pay("reconcile", "--date", LocalDate.now(PayCommands.CHINA).toString());
        assertEquals(Command.NEGATIVE, dirty.status(), dirty.out() + dirty.err());
        assertEquals("discrepancies", dirty.json().get("status").asText());
        assertEquals(1, dirty.json().get("discrepancies").size());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(Command.USAGE, pay("barcode", "--code", PAYING_CODE).status(), "missing --amount");
        assertEquals(Command.USAGE, pay("barcode", "--amount", "1.234", "--code", PAYING_CODE).status());
        assertEquals(Command.USAGE, pay("barcode", "--amount", "0", "--code", PAYING_CODE).status());
        assertEquals(Command.USAGE, pay("barcode", "--amount", "abc", "--code", PAYING_CODE).status());
        assertEquals(Command.USAGE, pay("barcode", "--amount", "1.00").status(), "missing --code");
        assertEquals(Command.USAGE, pay("qr", "--amount", "1.00", "--bogus", "x").status());
        assertEquals(Command.USAGE, pay("query").status(), "missing --order");
        assertEquals(Command.USAGE, pay("query", "--order", "X1", "--refund-no", "R1").status());
        assertEquals(Command.USAGE, pay("refund", "--order", "X1", "--amount", "1.00", "--wait", "-1").status());
        assertEquals(Command.USAGE, pay("refund", "--order", "X1").status(), "missing --amount");
        assertEquals(Command.USAGE, pay("reconcile", "--date", "2026-13-01").status());
        assertEquals(Command.USAGE, cli("pay", "qr", "--channel", "paypal", "--amount", "1.00", "--journal",
                journal.toString()).status());
        assertEquals(Command.USAGE, cli("pay", "qr", "--channel", "medical-insurance", "--amount", "1.00", "--journal",
                journal.toString()).status(), "medical insurance has no QR payment");
        assertEquals(Command.USAGE, pay("barcode", "--amount", "1.00", "--code", PAYING_CODE, "--self-pay-code",
                PAYING_CODE).status(), "--self-pay-code is for medical-insurance");
        assertEquals(Command.USAGE, cli("pay", "qr", "--gateway", gateway, "--amount", "1.00", "--journal",
                journal.toString()).status(), "--gateway without --keys");
        assertEquals(Command.USAGE, cli("pay", "qr", "--keys", keys.toString(), "--amount", "1.00", "--journal",
                journal.toString()).status(), "--keys without --gateway");
        assertEquals(Command.USAGE, cli("pay", "qr", "--gateway", gateway, "--keys", dir.resolve("none").toString(),
                "--amount", "1.00", "--journal", journal.toString()).status(), "no such keys directory");
        assertEquals(Command.USAGE, cli("pay", "qr", "--gateway", "ftp://x", "--keys", keys.toString(),
                "--amount", "1.00", "--journal", journal.toString()).status());
    }

    @Test
    void simulatorArgumentChecks() throws Exception {
        assertEquals(Command.USAGE, cli("pay", "simulator", "--port", "abc").status());
        assertEquals(Command.USAGE, cli("pay", "simulator", "--port", "70000").status());
        assertEquals(Command.USAGE, cli("pay", "simulator", "--channel", "bitcoin").status());
        assertEquals(Command.USAGE, cli("pay", "simulator", "extra").status());
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertEquals(Command.USAGE, cli("pay", "simulator", "--keys", file.toString()).status());
        Result help = cli("pay", "simulator", "--help");
        assertEquals(Command.OK, help.status());
        assertTrue(help.out().contains("--channel wechat|alipay|unionpay|medical-insurance"), help.out());
        assertTrue(cli("--help").out().contains("pay reconcile"));
    }

    @Test
    void simulatorCommandServesUntilInterruptedAndItsKeysWork() throws Exception {
        Path simKeys = dir.resolve("sim-keys");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(-1);
        Thread t = new Thread(() -> status.set(new YikatongCli().run(List.of("pay", "simulator", "--channel",
                "wechat", "--keys", simKeys.toString()), new Command.Io(new ByteArrayInputStream(new byte[0]), print,
                print))), "pay-simulator-test");
        t.start();
        try {
            long end = System.nanoTime() + 20_000_000_000L;
            while (!out.toString(StandardCharsets.UTF_8).contains("Ctrl-C") && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            String banner = out.toString(StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("http://127\\.0\\.0\\.1:[0-9]+")
                    .matcher(banner);
            assertTrue(m.find(), banner);
            assertTrue(banner.contains(simKeys.toAbsolutePath().toString()), banner);
            Result r = cli("pay", "barcode", "--gateway", m.group(), "--keys", simKeys.toString(), "--journal",
                    journal.toString(), "--amount", "0.10", "--code", PAYING_CODE);
            assertEquals(Command.OK, r.status(), r.err());
            assertEquals("paid", r.json().get("status").asText());
        } finally {
            t.interrupt();
            t.join(10_000);
        }
        assertFalse(t.isAlive());
        assertEquals(Command.FAILED, status.get(), "interrupted while serving");
    }

    @Test
    void keysWrittenBySimulatorAreReadBackAndThePrivateKeyIsOwnerOnly() throws Exception {
        PayKeys back = PayKeys.read(keys);
        assertEquals(sim.keys().mchid, back.mchid);
        assertEquals(sim.keys().platformSerial, back.platformSerial);
        assertEquals(sim.keys().platformPublic, back.platformPublic);
        assertEquals(sim.keys().platformCertificate, back.platformCertificate);
        assertEquals(sim.keys().platformSerial, back.platformCertificate.getSerialNumber().toString(16)
                .toUpperCase(java.util.Locale.ROOT), "the certificate RSAConfig loads carries the Wechatpay-Serial");
        assertEquals(sim.keys().merchantPrivate, back.merchantPrivate);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys.resolve(PayKeys.MERCHANT_KEY))));
        Files.writeString(keys.resolve(PayKeys.IDENTITY), "{\"mchid\":\"1\"}");
        assertEquals(Command.USAGE, pay("query", "--order", "X1").status(), "identity lacking fields");
        Files.writeString(keys.resolve(PayKeys.IDENTITY), "not json");
        assertEquals(Command.USAGE, pay("query", "--order", "X1").status());
    }
}
