package io.yikatong.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@code yikatong} CLI in-process and checks its output against the independent {@code openssl} command. */
class YikatongCliTest {

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private static Result cli(String... args) {
        return cliWithInput(new byte[0], args);
    }

    private static Result cliWithInput(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new YikatongCli().run(List.of(args), new Command.Io(new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("the openssl command is required (CI installs it): " + e.getMessage(), e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl timed out");
        assertEquals(0, p.exitValue(), () -> "openssl " + String.join(" ", args) + " failed: " + output);
        return output;
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void eachCommandGroupListsItsCommands() {
        for (String group : List.of("pay", "card", "qr", "crypto")) {
            Result help = cli(group, "--help");
            assertEquals(0, help.status(), group + ": " + help.err());
            assertTrue(help.out().startsWith("usage: yikatong " + group + " COMMAND"), help.out());
            long listed = help.out().lines().filter(l -> l.startsWith("  " + group + " ")).count();
            assertTrue(listed >= 2, group + " lists its commands: " + help.out());
            assertFalse(help.out().contains("unknown command"), help.out());
            Result bare = cli(group);
            assertEquals(2, bare.status(), "a bare group is a usage error");
            assertEquals(help.out(), bare.out(), "and prints the same list");
            Result wrong = cli(group, "nosuchcommand");
            assertEquals(2, wrong.status());
            assertTrue(wrong.err().contains("unknown command '" + group + " nosuchcommand'; " + group + " has: "),
                    wrong.err());
            assertEquals(1, wrong.err().strip().lines().count(), "one line: " + wrong.err());
        }
        assertEquals(2, cli("nosuchgroup", "--help").status());
    }

    @Test
    void helpListsEveryCommand() {
        Result r = cli("--help");
        assertEquals(0, r.status());
        for (String c : List.of("demo", "crypto sm3", "crypto sm2-keygen", "crypto sm2-sign", "crypto sm2-verify",
                "crypto sm4")) {
            assertTrue(r.out().contains(c), c);
        }
    }

    @Test
    void sm3MatchesOpensslForFileAndStdin() throws Exception {
        byte[] data = new byte[10_000];
        new Random(7).nextBytes(data);
        Path in = file("data.bin", data);
        String expected = openssl("dgst", "-sm3", "-r", in.toString()).split(" ")[0];
        Result fromFile = cli("crypto", "sm3", "--in", in.toString());
        assertEquals(0, fromFile.status(), fromFile.err());
        assertEquals(expected, fromFile.out().strip());
        Result fromStdin = cliWithInput(data, "crypto", "sm3");
        assertEquals(expected, fromStdin.out().strip());
        assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                cliWithInput("abc".getBytes(StandardCharsets.US_ASCII), "crypto", "sm3").out().strip());
    }

    @Test
    void keygenSignVerifyInteroperateWithOpenssl() throws Exception {
        Path priv = dir.resolve("priv.pem");
        Path pub = dir.resolve("pub.pem");
        Result keygen = cli("crypto", "sm2-keygen", "--private", priv.toString(), "--public", pub.toString());
        assertEquals(0, keygen.status(), keygen.err());
        assertTrue(openssl("pkey", "-in", priv.toString(), "-noout", "-text").contains("Private-Key"));
        openssl("pkey", "-pubin", "-in", pub.toString(), "-noout");
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(priv)));
        }

        Path msg = file("msg.txt", "挂号 registration 12.30".getBytes(StandardCharsets.UTF_8));
        Path sig = dir.resolve("msg.sig");
        Result sign = cli("crypto", "sm2-sign", "--key", priv.toString(), "--in", msg.toString(), "--out", sig.toString());
        assertEquals(0, sign.status(), sign.err());
        // our signature verifies in openssl with the default ID made explicit
        assertTrue(openssl("pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin", "-digest", "sm3",
                "-pkeyopt", "distid:1234567812345678", "-in", msg.toString(), "-sigfile", sig.toString())
                .contains("Signature Verified Successfully"));
        assertEquals("valid", cli("crypto", "sm2-verify", "--public", pub.toString(), "--in", msg.toString(),
                "--sig", sig.toString()).out().strip());

        // openssl's signature verifies with us
        Path osslSig = dir.resolve("ossl.sig");
        openssl("pkeyutl", "-sign", "-inkey", priv.toString(), "-rawin", "-digest", "sm3", "-pkeyopt",
                "distid:1234567812345678", "-in", msg.toString(), "-out", osslSig.toString());
        Result ok = cli("crypto", "sm2-verify", "--public", pub.toString(), "--in", msg.toString(), "--sig",
                osslSig.toString());
        assertEquals(0, ok.status(), ok.out() + ok.err());

        // a different ID or a tampered message is "invalid", exit 1
        Result wrongId = cli("crypto", "sm2-verify", "--public", pub.toString(), "--id", "ALICE123@YAHOO.COM",
                "--in", msg.toString(), "--sig", sig.toString());
        assertEquals(1, wrongId.status());
        assertTrue(wrongId.out().startsWith("invalid: "), wrongId.out());
        Path tampered = file("tampered.txt", "挂号 registration 99.99".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, cli("crypto", "sm2-verify", "--public", pub.toString(), "--in", tampered.toString(), "--sig",
                sig.toString()).status());
    }

    @Test
    void sm4RoundTripsWithOpensslInEveryMode() throws Exception {
        String key = "0123456789abcdeffedcba9876543210";
        String iv = "000102030405060708090a0b0c0d0e0f";
        byte[] data = new byte[1000];
        new Random(3).nextBytes(data);
        Path in = file("plain.bin", data);
        for (String mode : List.of("ecb", "cbc", "ctr")) {
            Path ours = dir.resolve("ours." + mode);
            List<String> enc = new ArrayList<>(List.of("crypto", "sm4", "--encrypt", "--mode", mode, "--key", key,
                    "--in", in.toString(), "--out", ours.toString()));
            if (!mode.equals("ecb")) {
                enc.addAll(List.of("--iv", iv));
            }
            Result r = cli(enc.toArray(String[]::new));
            assertEquals(0, r.status(), r.err());
            Path back = dir.resolve("back." + mode);
            List<String> dec = new ArrayList<>(List.of("enc", "-d", "-sm4-" + mode, "-K", key, "-in", ours.toString(),
                    "-out", back.toString()));
            if (!mode.equals("ecb")) {
                dec.addAll(List.of("-iv", iv));
            }
            openssl(dec.toArray(String[]::new));
            assertArrayEquals(data, Files.readAllBytes(back), mode);

            Path theirs = dir.resolve("theirs." + mode);
            List<String> osslEnc = new ArrayList<>(dec);
            osslEnc.set(1, "-e");
            osslEnc.set(osslEnc.indexOf(ours.toString()), in.toString());
            osslEnc.set(osslEnc.indexOf(back.toString()), theirs.toString());
            openssl(osslEnc.toArray(String[]::new));
            assertArrayEquals(Files.readAllBytes(ours), Files.readAllBytes(theirs), mode);
        }
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path in = file("x.bin", new byte[16]);
        Path out = dir.resolve("out.bin");
        List<String[]> cases = List.of(
                new String[] {"crypto", "sm4", "--encrypt", "--mode", "cbc", "--key", "zz", "--iv", "00", "--in",
                        in.toString(), "--out", out.toString()},
                new String[] {"crypto", "sm4", "--encrypt", "--mode", "cbc", "--key", "00112233445566778899aabbccddeeff",
                        "--in", in.toString(), "--out", out.toString()},
                new String[] {"crypto", "sm4", "--encrypt", "--mode", "cbc", "--key", "0011", "--iv",
                        "00112233445566778899aabbccddeeff", "--in", in.toString(), "--out", out.toString()},
                new String[] {"crypto", "sm4", "--decrypt", "--mode", "cbc", "--key", "00112233445566778899aabbccddeeff",
                        "--iv", "00112233445566778899aabbccddeeff", "--in", in.toString(), "--out", out.toString()},
                new String[] {"crypto", "sm3", "--in", dir.resolve("missing").toString()},
                new String[] {"crypto", "sm3", "--bogus"},
                new String[] {"crypto", "sm2-sign", "--key", in.toString(), "--in", in.toString(), "--out",
                        out.toString()},
                new String[] {"crypto", "frobnicate"});
        for (String[] args : cases) {
            Result r = cli(args);
            assertEquals(2, r.status(), String.join(" ", args) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        assertFalse(Files.exists(out), "nothing half-written");
        Result verbose = cli("--verbose", "crypto", "sm2-sign", "--key", in.toString(), "--in", in.toString(), "--out",
                out.toString());
        assertTrue(verbose.err().contains("\tat "), "--verbose prints the stack trace");
    }

    @Test
    void demoRunsEveryStepAndReportsJson() throws Exception {
        Result r = cli("demo", "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("ok", doc.get("status").asText());
        assertEquals(12, doc.get("steps").size());
        for (JsonNode step : doc.get("steps")) {
            assertEquals("ok", step.get("status").asText(), step.toString());
            assertTrue(step.get("millis").isNumber());
            assertTrue(step.get("name").asText().matches("[a-z0-9-]+"));
        }
        assertFalse(r.out().contains("11010519491231002X"), "personal data masked in demo output");
        List<String> names = new java.util.ArrayList<>();
        doc.get("steps").forEach(step -> names.add(step.get("name").asText()));
        assertEquals(List.of("sam-open", "card-read", "id-number-check", "issuer-certificate", "ehc-scan",
                "voucher-scan", "payment", "settlement", "visit-pass", "visit-write", "visit-verify", "secure-messaging-write"),
                names);
        JsonNode payment = doc.get("steps").get(6);
        assertEquals("paid", payment.get("outcome").asText());
        assertEquals("wechatPayCode (WECHAT)", payment.get("scanned").asText());
        assertTrue(payment.get("journal").asText().startsWith("CREATED → SENT → PENDING → PAID"), payment.toString());
        assertTrue(doc.get("summary").get("paid").asText().startsWith("12.30 yuan"), doc.toString());
        JsonNode settlement = doc.get("steps").get(7);
        assertEquals("240.00 yuan (4 fee lines, 2204)", settlement.get("total").asText(), settlement.toString());
        assertEquals("129.50 yuan (统筹基金)", settlement.get("fund").asText());
        assertEquals("60.50 yuan (个人账户)", settlement.get("account").asText());
        assertEquals("50.00 yuan by WeChat payment code, paid", settlement.get("cash").asText());
        // the holder's name by the masking policy, never in full
        assertTrue(settlement.get("person").asText().startsWith(io.yikatong.core.Redaction.name("张晓虹") + " "),
                settlement.toString());
        assertFalse(settlement.toString().contains("张晓虹"), settlement.toString());
        assertTrue(doc.get("summary").get("settled").asText().startsWith("240.00 yuan: fund 129.50, account 60.50,"
                + " cash 50.00"), doc.toString());

        Result text = cli("demo", "--in-process");
        assertEquals(0, text.status());
        assertTrue(text.out().contains("12 of 12 steps ok"), text.out());
        assertTrue(text.out().contains("transport              in-process virtual card"), text.out());
        assertTrue(text.out().contains("Summary"), text.out());
    }

    @Test
    void sm2KeygenNeverReplacesAnExistingKeyUnlessForced() throws Exception {
        Path priv = dir.resolve("priv.pem");
        Path pub = dir.resolve("pub.pem");
        assertEquals(0, cli("crypto", "sm2-keygen", "--private", priv.toString(), "--public", pub.toString()).status());
        byte[] key = Files.readAllBytes(priv);

        Result again = cli("crypto", "sm2-keygen", "--private", priv.toString(), "--public", dir.resolve("other.pem")
                .toString());
        assertEquals(2, again.status());
        assertEquals("yikatong: refusing to overwrite existing " + priv + " (--force replaces it)",
                again.err().strip());
        assertArrayEquals(key, Files.readAllBytes(priv));
        assertFalse(Files.exists(dir.resolve("other.pem")), "nothing written when refused");

        // a symbolic link where the key would go (even a dangling one) is refused, never followed
        if (!System.getProperty("os.name").startsWith("Windows")) {
            Path link = Files.createSymbolicLink(dir.resolve("link.pem"), dir.resolve("nowhere.pem"));
            assertEquals(2, cli("crypto", "sm2-keygen", "--private", link.toString(), "--public",
                    dir.resolve("p3.pem").toString()).status());
            assertFalse(Files.exists(dir.resolve("nowhere.pem")));
        }

        Result forced = cli("crypto", "sm2-keygen", "--private", priv.toString(), "--public", pub.toString(),
                "--force");
        assertEquals(0, forced.status(), forced.err());
        assertFalse(java.util.Arrays.equals(key, Files.readAllBytes(priv)));
        assertTrue(openssl("pkey", "-in", priv.toString(), "-noout", "-text").contains("Private-Key"));
    }

    /**
     * README's command table and {@code --help} agree: one row per command, whose first cell is exactly the command's
     * usage (the synopsis up to the three spaces before its description).
     */
    @Test
    void readmeCommandTableIsTheHelpText() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## The `yikatong` command-line tool");
        assertTrue(start >= 0, "README has the CLI section");
        int end = readme.indexOf("\n## ", start + 1);
        java.util.Set<String> documented = new java.util.TreeSet<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (line.startsWith("| `")) {
                int close = line.indexOf("` |");
                assertTrue(close > 0, line);
                documented.add(line.substring(3, close).replace("\\|", "|"));
            }
        }
        java.util.Set<String> usages = new java.util.TreeSet<>();
        for (Command c : new YikatongCli().commands()) {
            usages.add(c.synopsis().split(" {3}", 2)[0]);
        }
        java.util.Set<String> missing = new java.util.TreeSet<>(usages);
        missing.removeAll(documented);
        java.util.Set<String> stale = new java.util.TreeSet<>(documented);
        stale.removeAll(usages);
        assertTrue(missing.isEmpty() && stale.isEmpty(), "README's CLI table differs from --help.\n  not in README: "
                + missing + "\n  not a command's usage: " + stale);
    }
}
