package io.yikatong.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Shared helpers for the SM3/SM4 tests: known-answer vectors and the independent {@code openssl} command. */
final class Sm3Sm4TestSupport {

    static final HexFormat HEX = HexFormat.of();
    private static final Properties KAT = new Properties();

    static {
        try (InputStream in = Sm3Sm4TestSupport.class.getResourceAsStream("/vectors/sym/kat.properties")) {
            if (in == null) {
                throw new IllegalStateException("missing /vectors/sym/kat.properties");
            }
            KAT.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Sm3Sm4TestSupport() {
    }

    static byte[] kat(String name) {
        String v = KAT.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("no vector " + name);
        }
        return HEX.parseHex(v.trim());
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /**
     * Runs {@code openssl} with the given arguments and returns stdout. Fails the test (never skips) if openssl is
     * missing or exits non-zero.
     */
    static byte[] openssl(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectError(dir.resolve("openssl-stderr.txt").toFile()).start();
        } catch (IOException e) {
            fail("the openssl command (3.x with SM3/SM4) is required for interop tests but could not be started: "
                    + e.getMessage() + " -- install openssl", e);
            throw new AssertionError(e);
        }
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("openssl timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                String err = Files.readString(dir.resolve("openssl-stderr.txt"), StandardCharsets.UTF_8);
                fail("openssl failed (exit " + p.exitValue() + "): " + cmd + "\n" + err);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Path write(Path dir, String name, byte[] data) {
        try {
            return Files.write(dir.resolve(name), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertHexEquals(byte[] expected, byte[] actual, String message) {
        assertEquals(hex(expected), hex(actual), message);
    }
}
