package io.yikatong.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code yikatong} JVMs on one embedded journal: a second process can pay while the first holds the journal;
 * a {@code pay barcode} killed while the payer is "user paying" is reversed exactly once by {@code pay resume} once
 * its deadline has passed, and {@code pay query} then reports it closed.
 */
class PayResumeCliTest {

    private static final String PAYING_CODE = "134567890123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path journal;
    Path keys;
    PayCommands.RunningSimulator sim;
    String gateway;
    final List<Process> children = new ArrayList<>();

    private record Result(int status, String out, String err) {
        List<JsonNode> lines() throws IOException {
            List<JsonNode> out = new ArrayList<>();
            for (String line : this.out.split("\n")) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        }
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
    void stop() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        sim.close();
    }

    private List<String> payArgs(String command, String... more) {
        List<String> args = new ArrayList<>(List.of("pay", command, "--channel", "wechat", "--gateway", gateway,
                "--keys", keys.toString(), "--journal", journal.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private Result pay(String command, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new YikatongCli().run(payArgs(command, more), new Command.Io(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Starts {@code yikatong pay …} in a JVM of its own. */
    private Process child(String tag, String command, String... more) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), YikatongCli.class.getName()));
        cmd.addAll(payArgs(command, more));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve(tag + ".out").toFile())
                .redirectError(dir.resolve(tag + ".err").toFile()).start();
        children.add(p);
        return p;
    }

    private String output(String tag) throws IOException {
        return Files.readString(dir.resolve(tag + ".out")) + Files.readString(dir.resolve(tag + ".err"));
    }

    /** Waits (bounded) until the simulator holds the order: the child has journalled and sent it. */
    private void awaitOrderAtSimulator(String no, Process p, String tag) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sim.simulator().order(no).isEmpty()) {
            assertTrue(p.isAlive(), () -> tag + " ended early: " + outputOrEmpty(tag));
            assertTrue(System.nanoTime() < end, "the child did not send the payment within a minute");
            Thread.sleep(50);
        }
    }

    private String outputOrEmpty(String tag) {
        try {
            return output(tag);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private long reverseCalls(String no) {
        return sim.simulator().requests().stream()
                .filter(r -> r.method().equals("POST") && r.url().contains("/" + no + "/reverse")).count();
    }

    /** Observed: with one process holding the default journal, a second {@code pay barcode} failed with exit 3. */
    @Test
    void aSecondProcessPaysWhileTheFirstHoldsTheJournal() throws Exception {
        sim.simulator().nextCodepayUserPaying(1_000_000, "SUCCESS");
        String stuck = "RSTUCK" + System.nanoTime();
        Process first = child("first", "barcode", "--amount", "5.00", "--code", PAYING_CODE, "--order", stuck);
        awaitOrderAtSimulator(stuck, first, "first");
        String paid = "RPAID" + System.nanoTime();
        Process second = child("second", "barcode", "--amount", "3.00", "--code", PAYING_CODE, "--order", paid);
        assertTrue(second.waitFor(120, TimeUnit.SECONDS), "the second process did not finish");
        assertEquals(0, second.exitValue(), () -> "second: " + outputOrEmpty("second"));
        assertEquals("paid", JSON.readTree(Files.readString(dir.resolve("second.out"))).get("status").asText());
        assertTrue(first.isAlive(), "the first process still holds the journal");
        Result query = pay("query", "--order", paid);
        assertEquals(0, query.status(), query.err());
    }

    /**
     * Observed: a {@code pay barcode} killed during "user paying" stayed pending at the gateway; nothing reversed it.
     * Now {@code pay resume}, run once the deadline has passed, reverses it exactly once.
     */
    @Test
    void aKilledBarcodePaymentIsReversedOnceByPayResume() throws Exception {
        sim.simulator().nextCodepayUserPaying(1_000_000, "SUCCESS");
        String no = "RKILL" + System.nanoTime();
        Process p = child("killed", "barcode", "--amount", "7.00", "--code", PAYING_CODE, "--order", no);
        awaitOrderAtSimulator(no, p, "killed");
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("USERPAYING", sim.simulator().order(no).orElseThrow().tradeState());

        Result query = pay("query", "--order", no);
        assertEquals(1, query.status(), query.err());
        assertEquals("pending", JSON.readTree(query.out()).get("status").asText());
        Result early = pay("resume");
        assertEquals(1, early.status(), early.err());
        assertEquals(List.of("pending"), early.lines().stream().map(j -> j.get("status").asText()).toList(),
                "before the deadline pay resume only queries");
        assertEquals(0, reverseCalls(no));

        ageJournal(no, 60_000); // as if pay resume ran a minute later: the 30 s deadline has passed
        Result resumed = pay("resume");
        assertEquals(0, resumed.status(), resumed.err());
        List<JsonNode> lines = resumed.lines();
        assertEquals(1, lines.size(), resumed.out());
        assertEquals("closed", lines.get(0).get("status").asText());
        assertEquals(no, lines.get(0).get("orderNo").asText());
        assertTrue(lines.get(0).get("reversed").asBoolean());
        assertEquals("REVOKED", sim.simulator().order(no).orElseThrow().tradeState());
        assertEquals(1, reverseCalls(no));

        Result again = pay("resume");
        assertEquals(0, again.status(), again.err());
        assertEquals(List.of(), again.lines());
        for (int i = 0; i < 2; i++) {
            Result settled = pay("query", "--order", no);
            assertEquals(0, settled.status(), settled.err());
            JsonNode j = JSON.readTree(settled.out());
            assertEquals("closed", j.get("status").asText());
            assertTrue(j.get("reversed").asBoolean());
        }
        assertEquals(1, reverseCalls(no));
    }

    /** Observed: a wrong {@code --gateway} port took 75 s and ended with "resumePending will retry". */
    @Test
    void aWrongGatewayPortFailsWithinSecondsWithExitThree() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String no = "RWRONG" + System.nanoTime();
        List<String> args = new ArrayList<>(List.of("pay", "barcode", "--channel", "wechat", "--gateway",
                "http://127.0.0.1:" + port, "--keys", keys.toString(), "--journal", journal.toString(), "--amount",
                "1.00", "--code", PAYING_CODE, "--order", no));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int status = new YikatongCli().run(args, new Command.Io(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        long took = System.nanoTime() - start;
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(Command.FAILED, status, message);
        assertTrue(took < TimeUnit.SECONDS.toNanos(20), "took " + took / 1_000_000 + " ms");
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("cannot be reached") && message.contains("nothing was charged")
                && message.contains(no), message);
        Result resume = pay("resume");
        assertEquals(0, resume.status(), resume.err());
        assertEquals(List.of(), resume.lines(), "never sent: nothing left to settle");
    }

    /** Moves an entry's creation back (the journal's own clock is the system's): the deadline has passed. */
    private void ageJournal(String no, long millis) throws Exception {
        String url = "jdbc:h2:file:" + journal.resolve(JdbcPaymentJournal.EMBEDDED_FILE_NAME).toAbsolutePath()
                + ";AUTO_SERVER=TRUE";
        try (Connection c = DriverManager.getConnection(url, "", "");
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE yk_payment SET created_at = created_at - ? WHERE merchant_order_no = ?")) {
            ps.setLong(1, millis);
            ps.setString(2, no);
            assertEquals(1, ps.executeUpdate());
        }
    }
}
