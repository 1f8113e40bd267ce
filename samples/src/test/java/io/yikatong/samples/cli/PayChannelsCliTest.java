package io.yikatong.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code pay simulator --channel C} for Alipay, UnionPay and medical insurance, then barcode, query and refund
 * against it with the keys it wrote ({@code --gateway URL --keys DIR}), as an integrator would run them.
 */
class PayChannelsCliTest {

    private static final String CODE = "134567890123456789";

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private static Result cli(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new YikatongCli().run(args, new Command.Io(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alipay", "unionpay", "medical-insurance"})
    @Timeout(120)
    void simulatorThenBarcodeQueryAndRefundWithItsKeys(String channel) throws Exception {
        Path keys = dir.resolve("keys");
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(banner, true, StandardCharsets.UTF_8);
        AtomicInteger status = new AtomicInteger(-1);
        Thread server = new Thread(() -> status.set(new YikatongCli().run(List.of("pay", "simulator", "--channel",
                channel, "--keys", keys.toString()), new Command.Io(new ByteArrayInputStream(new byte[0]), print,
                print))), "pay-simulator-" + channel);
        server.start();
        try {
            long end = System.nanoTime() + 30_000_000_000L;
            while (!banner.toString(StandardCharsets.UTF_8).contains("Ctrl-C") && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:[0-9]+[^\\s;]*").matcher(banner.toString(StandardCharsets.UTF_8));
            assertTrue(m.find(), banner.toString(StandardCharsets.UTF_8));
            Path keyFile = keys.resolve(channel + "-keys.json");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(keyFile)), "the keys file holds a private key");
            String base = m.group();
            String no = "CLI" + channel.replace("-", "").substring(0, 6).toUpperCase(java.util.Locale.ROOT) + System.nanoTime();

            List<String> common = List.of("--channel", channel, "--gateway", base, "--keys", keys.toString(),
                    "--journal", dir.resolve("journal").toString());
            Result paid = cli(args(common, "pay", "barcode", "--amount", "200.00", "--code",
                    "medical-insurance".equals(channel) ? "AUTH" + System.nanoTime() : CODE, "--order", no,
                    "--self-pay-code", CODE));
            if (!"medical-insurance".equals(channel)) {
                // --self-pay-code is for medical-insurance only
                assertEquals(Command.USAGE, paid.status(), paid.out() + paid.err());
                paid = cli(args(common, "pay", "barcode", "--amount", "200.00", "--code", CODE, "--order", no));
            }
            assertEquals(Command.OK, paid.status(), paid.out() + paid.err());
            JsonNode p = paid.json();
            assertEquals("paid", p.get("status").asText(), p.toString());
            assertEquals(no, p.get("orderNo").asText());
            assertFalse(paid.out().contains(CODE), "payment codes are never printed");
            if ("medical-insurance".equals(channel)) {
                JsonNode split = p.get("split");
                assertEquals("200.00", split.get("total").asText());
                long sum = 0;
                for (String f : List.of("fundPay", "accountPay", "selfPay")) {
                    sum += io.yikatong.core.Money.parseYuan(split.get(f).asText()).fen();
                }
                assertEquals(20_000, sum, "the split adds up");
                if (!"0.00".equals(split.get("selfPay").asText())) {
                    assertEquals("paid", p.get("selfPayment").get("status").asText(), p.toString());
                }
            } else {
                assertEquals(20_000, p.get("amountFen").asLong());
            }

            Result query = cli(args(common, "pay", "query", "--order", no));
            assertEquals(Command.OK, query.status(), query.out() + query.err());
            assertEquals("paid", query.json().get("status").asText());

            List<String> refund = new ArrayList<>(args(common, "pay", "refund", "--order", no, "--refund-no",
                    no + "R1"));
            if (!"medical-insurance".equals(channel)) {
                refund.addAll(List.of("--amount", "50.00"));
            }
            Result refunded = cli(refund);
            assertEquals(Command.OK, refunded.status(), refunded.out() + refunded.err());
            assertEquals("refunded", refunded.json().get("status").asText(), refunded.out());

            Result reconcile = cli(args(common, "pay", "reconcile", "--date",
                    java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString()));
            if ("alipay".equals(channel)) {
                // the simulator's bill lists every trade and refund it holds: this test's payment and refund
                assertEquals(Command.OK, reconcile.status(), reconcile.out() + reconcile.err());
                assertEquals("clean", reconcile.json().get("status").asText(), reconcile.out());
                assertEquals(2, reconcile.json().get("matched").asInt(), reconcile.out());
            } else {
                assertEquals(Command.USAGE, reconcile.status(), reconcile.out() + reconcile.err());
            }
        } finally {
            server.interrupt();
            server.join(10_000);
        }
        assertFalse(server.isAlive());
    }

    private static List<String> args(List<String> common, String... command) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(common);
        return a;
    }
}
