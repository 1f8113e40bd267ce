package io.yikatong.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.crypto.InsecureKeyAccess;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.core.crypto.Sm4GcmStream;
import io.yikatong.core.crypto.Sm4Key;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crypto commands stream: run in a child JVM whose heap ({@code -Xmx64m}) is smaller than the file, they succeed
 * and agree with {@code openssl} and the in-process API; bad input is exit 2 with one line.
 */
class CryptoLargeFileCliTest {

    /** Larger than the child's heap, and not a multiple of 16. */
    private static final long SIZE = 200L * 1024 * 1024 + 5;
    private static final String KEY = "0123456789abcdeffedcba9876543210";
    private static final String IV = "000102030405060708090a0b0c0d0e0f";

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    /** Runs the CLI in a child JVM with a 64 MB heap. */
    private static Result child(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx64m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(YikatongCli.class.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try (InputStream e = p.getErrorStream()) {
                e.transferTo(err);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "CLI timed out: " + cmd);
        drain.join();
        return new Result(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
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
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "openssl timed out");
        assertEquals(0, p.exitValue(), () -> "openssl " + String.join(" ", args) + " failed: " + output);
    }

    /** A sparse file of {@link #SIZE} bytes with random data at the start, in the middle and at the end. */
    private Path bigFile() throws IOException {
        Path big = dir.resolve("big.bin");
        Random rnd = new Random(1_000_003);
        byte[] chunk = new byte[1 << 20];
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(SIZE);
            for (long at : new long[] {0, SIZE / 2 + 7, SIZE - chunk.length}) {
                rnd.nextBytes(chunk);
                f.seek(at);
                f.write(chunk);
            }
        }
        return big;
    }

    private static void assertOk(Result r) {
        assertEquals(0, r.status(), () -> "exit " + r.status() + ": " + r.err());
        assertFalse(r.err().contains("OutOfMemoryError"), r.err());
    }

    @Test
    void commandsStreamFilesLargerThanTheHeap() throws Exception {
        Path big = bigFile();
        Path ours = dir.resolve("big.cbc");
        assertOk(child("crypto", "sm4", "--encrypt", "--mode", "cbc", "--key", KEY, "--iv", IV, "--in", big.toString(),
                "--out", ours.toString()));
        Path theirs = dir.resolve("openssl.cbc");
        openssl("enc", "-e", "-sm4-cbc", "-K", KEY, "-iv", IV, "-in", big.toString(), "-out", theirs.toString());
        assertEquals(-1L, Files.mismatch(ours, theirs), "same ciphertext as openssl enc -sm4-cbc");
        assertEquals((SIZE / 16 + 1) * 16, Files.size(ours));
        Files.delete(theirs);

        Path back = dir.resolve("big.back");
        assertOk(child("crypto", "sm4", "--decrypt", "--mode", "cbc", "--key", KEY, "--iv", IV, "--in", ours.toString(),
                "--out", back.toString()));
        assertEquals(-1L, Files.mismatch(big, back), "decrypts to the original");
        Files.delete(back);
        Files.delete(ours);

        // SM2 over the whole file: the child signs, the in-process streaming API and the child verify
        Sm2KeyPair pair = Sm2KeyPair.generate(new SecureRandom());
        Path priv = Files.writeString(dir.resolve("priv.pem"), pair.privateKey().toPkcs8Pem(InsecureKeyAccess.get()));
        Path pub = Files.writeString(dir.resolve("pub.pem"), pair.publicKey().toX509Pem());
        Path sig = dir.resolve("big.sig");
        assertOk(child("crypto", "sm2-sign", "--key", priv.toString(), "--in", big.toString(), "--out",
                sig.toString()));
        try (InputStream in = Files.newInputStream(big)) {
            Sm2Verifier.builder(pair.publicKey()).build().verify(in, Files.readAllBytes(sig));
        }
        Result verify = child("crypto", "sm2-verify", "--public", pub.toString(), "--in", big.toString(), "--sig",
                sig.toString());
        assertOk(verify);
        assertEquals("valid", verify.out().strip());

        // authenticated SM4-GCM stream format: the child encrypts and decrypts
        Path gcm = dir.resolve("big.gcm");
        assertOk(child("crypto", "sm4", "--encrypt", "--mode", "gcm", "--key", KEY, "--aad", "big.bin", "--in",
                big.toString(), "--out", gcm.toString()));
        assertEquals(Sm4GcmStream.of(Sm4Key.of(HexFormat.of().parseHex(KEY))).ciphertextLength(SIZE), Files.size(gcm));
        Path opened = dir.resolve("big.opened");
        assertOk(child("crypto", "sm4", "--decrypt", "--mode", "gcm", "--key", KEY, "--aad", "big.bin", "--in",
                gcm.toString(), "--out", opened.toString()));
        assertEquals(-1L, Files.mismatch(big, opened), "gcm decrypts to the original");
        Files.delete(gcm);
        Files.delete(opened);

        // bad input on a large file: one line, exit 2, no stack trace, no output file
        Path bad = dir.resolve("bad.out");
        Result r = child("crypto", "sm4", "--decrypt", "--mode", "cbc", "--key", KEY, "--iv", IV, "--in",
                big.toString(), "--out", bad.toString());
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(bad));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary files left");
        }
    }

    private static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new YikatongCli().run(List.of(args), new Command.Io(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void gcmStreamRoundTripsAndRejectsTampering() throws Exception {
        byte[] data = new byte[200_000];
        new Random(8998).nextBytes(data);
        Path in = Files.write(dir.resolve("plain.bin"), data);
        Path ct = dir.resolve("plain.gcm");
        Result enc = cli("crypto", "sm4", "--encrypt", "--mode", "gcm", "--key", KEY, "--aad", "plain.bin", "--in",
                in.toString(), "--out", ct.toString());
        assertEquals(0, enc.status(), enc.err());
        Path back = dir.resolve("back.bin");
        Result dec = cli("crypto", "sm4", "--decrypt", "--mode", "gcm", "--key", KEY, "--aad", "plain.bin", "--in",
                ct.toString(), "--out", back.toString());
        assertEquals(0, dec.status(), dec.err());
        assertArrayEquals(data, Files.readAllBytes(back));

        byte[] tampered = Files.readAllBytes(ct);
        tampered[tampered.length / 2] ^= 1;
        Path bad = Files.write(dir.resolve("bad.gcm"), tampered);
        Path out = dir.resolve("never.bin");
        for (String[] args : List.of(
                new String[] {"crypto", "sm4", "--decrypt", "--mode", "gcm", "--key", KEY, "--aad", "plain.bin",
                    "--in", bad.toString(), "--out", out.toString()},
                new String[] {"crypto", "sm4", "--decrypt", "--mode", "gcm", "--key", KEY, "--aad", "other",
                    "--in", ct.toString(), "--out", out.toString()},
                new String[] {"crypto", "sm4", "--decrypt", "--mode", "gcm", "--key", KEY, "--iv", IV,
                    "--in", ct.toString(), "--out", out.toString()},
                new String[] {"crypto", "sm4", "--encrypt", "--mode", "cbc", "--key", KEY, "--iv", IV, "--aad", "x",
                    "--in", ct.toString(), "--out", out.toString()})) {
            Result r = cli(args);
            assertEquals(2, r.status(), String.join(" ", args) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out), "no partial plaintext under the output name");
        }
    }

    @Test
    void oversizedSignatureIsInvalidNotLoaded() throws Exception {
        Sm2KeyPair pair = Sm2KeyPair.generate(new SecureRandom());
        Path pub = Files.writeString(dir.resolve("pub.pem"), pair.publicKey().toX509Pem());
        Path msg = Files.write(dir.resolve("m.txt"), new byte[] {1, 2, 3});
        Path sig = Files.write(dir.resolve("huge.sig"), new byte[5000]);
        Result r = cli("crypto", "sm2-verify", "--public", pub.toString(), "--in", msg.toString(), "--sig",
                sig.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.out().startsWith("invalid: "), r.out());
    }
}
