package io.yikatong.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file option of the CLI given a directory, a path whose directory is missing, or (when the test does not run
 * as root) an unreadable file or unwritable directory: exit 2 and one line naming the option and the path, never a
 * stack trace, never exit 3.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CliFileOptionsTest {

    @TempDir
    Path dir;
    Path key;
    Path pub;
    Path in;
    Path sig;
    Path aDirectory;
    Path missingParent;
    Path unreadable;
    Path unwritableDir;
    boolean permissionsApply;

    private record Result(int status, String out, String err) {
    }

    private static Result cli(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new YikatongCli().run(args, new Command.Io(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void files() throws Exception {
        key = dir.resolve("key.pem");
        pub = dir.resolve("pub.pem");
        assertEquals(0, cli(List.of("crypto", "sm2-keygen", "--private", key.toString(), "--public", pub.toString()))
                .status());
        in = Files.writeString(dir.resolve("in.txt"), "outpatient visit");
        sig = dir.resolve("in.sig");
        assertEquals(0, cli(List.of("crypto", "sm2-sign", "--key", key.toString(), "--in", in.toString(), "--out",
                sig.toString())).status());
        aDirectory = Files.createDirectory(dir.resolve("a directory"));
        missingParent = dir.resolve("no-such-dir").resolve("file");
        unreadable = Files.writeString(dir.resolve("unreadable"), "x");
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        unwritableDir = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(unwritableDir, PosixFilePermissions.fromString("r-x------"));
        permissionsApply = !Files.isReadable(unreadable);   // root reads and writes anything
    }

    /** A command line with one file option under test; the others valid. */
    private record Case(String option, boolean output, Function<String, List<String>> argv) {
    }

    private List<Case> cases() {
        String k = key.toString();
        String p = pub.toString();
        String i = in.toString();
        String s = sig.toString();
        String out = dir.resolve("out.bin").toString();
        String journal = dir.resolve("journal").toString();
        List<Case> c = new ArrayList<>();
        c.add(new Case("--in", false, x -> List.of("crypto", "sm3", "--in", x)));
        c.add(new Case("--private", true, x -> List.of("crypto", "sm2-keygen", "--private", x, "--public",
                dir.resolve("new-pub.pem").toString())));
        c.add(new Case("--public", true, x -> List.of("crypto", "sm2-keygen", "--private",
                dir.resolve("new-key.pem").toString(), "--public", x)));
        c.add(new Case("--key", false, x -> List.of("crypto", "sm2-sign", "--key", x, "--in", i, "--out", out)));
        c.add(new Case("--in", false, x -> List.of("crypto", "sm2-sign", "--key", k, "--in", x, "--out", out)));
        c.add(new Case("--out", true, x -> List.of("crypto", "sm2-sign", "--key", k, "--in", i, "--out", x)));
        c.add(new Case("--public", false, x -> List.of("crypto", "sm2-verify", "--public", x, "--in", i, "--sig", s)));
        c.add(new Case("--in", false, x -> List.of("crypto", "sm2-verify", "--public", p, "--in", x, "--sig", s)));
        c.add(new Case("--sig", false, x -> List.of("crypto", "sm2-verify", "--public", p, "--in", i, "--sig", x)));
        for (String mode : List.of("cbc", "gcm")) {
            List<String> iv = mode.equals("gcm") ? List.of() : List.of("--iv", "00".repeat(16));
            c.add(new Case("--in", false, x -> concat(List.of("crypto", "sm4", "--encrypt", "--mode", mode, "--key",
                    "11".repeat(16), "--in", x, "--out", out), iv)));
            c.add(new Case("--out", true, x -> concat(List.of("crypto", "sm4", "--encrypt", "--mode", mode, "--key",
                    "11".repeat(16), "--in", i, "--out", x), iv)));
        }
        c.add(new Case("--private", true, x -> List.of("qr", "keygen", "--private", x, "--public",
                dir.resolve("qr-pub.pem").toString())));
        c.add(new Case("--public", true, x -> List.of("qr", "keygen", "--private",
                dir.resolve("qr-key.pem").toString(), "--public", x)));
        List<String> issue = List.of("qr", "issue", "--issuer", "HOSP1", "--key-id", "k1", "--subject", "P1",
                "--type", "visit-pass", "--ttl", "PT5M");
        c.add(new Case("--key", false, x -> concat(issue, List.of("--key", x))));
        c.add(new Case("--png", true, x -> concat(issue, List.of("--key", k, "--png", x))));
        c.add(new Case("--svg", true, x -> concat(issue, List.of("--key", k, "--svg", x))));
        c.add(new Case("--trust", false, x -> List.of("qr", "verify", "--trust", x, "YKT1:ABC")));
        c.add(new Case("--trust", false, x -> List.of("agent", "--port", "0", "--token-file",
                dir.resolve("agent-token").toString(), "--journal", journal, "--trust", x)));
        c.add(new Case("--profile", false, x -> List.of("card", "serve", "--profile", x, "--reader-port", "1")));
        c.add(new Case("--keys", false, x -> List.of("pay", "barcode", "--channel", "wechat", "--gateway",
                "http://127.0.0.1:9/", "--keys", x, "--journal", journal, "--amount", "0.01", "--code",
                "134567890123456789")));
        return c;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void assertOneLineUsageError(Result r, String option, String path, List<String> argv) {
        String context = String.join(" ", argv) + "\n  err: " + r.err();
        assertEquals(Command.USAGE, r.status(), context);
        String err = r.err().strip();
        assertFalse(err.isEmpty() || err.contains("\n"), "one line: " + context);
        assertTrue(err.contains(option), "names the option: " + context);
        assertTrue(err.contains(path), "names the path: " + context);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + context);
    }

    @Test
    void aDirectoryWhereAFileBelongsIsExit2WithOneLine() {
        for (Case c : cases()) {
            List<String> argv = c.argv().apply(aDirectory.toString());
            assertOneLineUsageError(cli(argv), c.option(), aDirectory.toString(), argv);
        }
    }

    @Test
    void aMissingFileOrDirectoryIsExit2WithOneLine() {
        for (Case c : cases()) {
            List<String> argv = c.argv().apply(missingParent.toString());
            Result r = cli(argv);
            // an input names the file; an output names the missing directory (which is part of the path given)
            assertOneLineUsageError(r, c.option(), c.output() ? missingParent.getParent().toString()
                    : missingParent.toString(), argv);
        }
    }

    @Test
    void anUnreadableFileOrUnwritableDirectoryIsExit2WithOneLine() {
        org.junit.jupiter.api.Assumptions.assumeTrue(permissionsApply, "running as root: permissions do not apply");
        for (Case c : cases()) {
            if (c.option().equals("--keys")) {
                continue;   // a directory option
            }
            Path target = c.output() ? unwritableDir.resolve("file") : unreadable;
            List<String> argv = c.argv().apply(target.toString());
            assertOneLineUsageError(cli(argv), c.option(), c.output() ? unwritableDir.toString()
                    : target.toString(), argv);
        }
    }

    @Test
    void directoryOptionsNamingAFileAreExit2WithOneLine() {
        String journal = dir.resolve("journal").toString();
        List<List<String>> lines = List.of(
                List.of("pay", "barcode", "--channel", "wechat", "--journal", in.toString(), "--amount", "0.01",
                        "--code", "134567890123456789"),
                List.of("pay", "barcode", "--channel", "wechat", "--gateway", "http://127.0.0.1:9/", "--keys",
                        in.toString(), "--journal", journal, "--amount", "0.01", "--code", "134567890123456789"),
                List.of("pay", "simulator", "--channel", "wechat", "--port", "0", "--keys", in.toString()),
                List.of("agent", "--port", "0", "--token-file", aDirectory.toString(), "--journal", journal));
        List<String> options = List.of("--journal", "--keys", "--keys", "--token-file");
        for (int n = 0; n < lines.size(); n++) {
            String path = options.get(n).equals("--token-file") ? aDirectory.toString() : in.toString();
            assertOneLineUsageError(cli(lines.get(n)), options.get(n), path, lines.get(n));
        }
    }
}
