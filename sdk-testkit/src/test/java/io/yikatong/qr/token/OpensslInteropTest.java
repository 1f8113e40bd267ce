package io.yikatong.qr.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.qr.internal.Base45;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Independent check of a committed vector's signature with the {@code openssl} command (OpenSSL 3, SM3withSM2 with
 * {@code distid:1234567812345678}). Fails, never skips, if openssl is missing.
 */
class OpensslInteropTest {

    @TempDir
    Path dir;

    @Test
    void opensslVerifiesTheCommittedValidVectorAndRejectsATamperedOne() throws Exception {
        Properties v = TokenVectorsTest.vector("valid-visit-pass");
        byte[] all = Base45.decode(v.getProperty("token").substring(5));
        byte[] signed = Arrays.copyOf(all, all.length - 64);
        byte[] raw = Arrays.copyOfRange(all, all.length - 64, all.length);
        String trustJson = TokenVectorsTest.resource("trust.json");
        int start = trustJson.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = trustJson.indexOf("-----END PUBLIC KEY-----", start) + "-----END PUBLIC KEY-----".length();
        String keyPem = trustJson.substring(start, end).replace("\\n", "\n") + "\n";
        // the committed key must be exactly what Sm2PublicKey.toX509Pem() writes for the fixed vector key
        assertEquals(TokenFixtures.key("vector issuer 330100 key k1").publicKey().toX509Pem().trim(), keyPem.trim());
        Files.writeString(dir.resolve("pub.pem"), keyPem, StandardCharsets.US_ASCII);
        Files.write(dir.resolve("data.bin"), signed);
        Files.write(dir.resolve("sig.der"), der(raw));
        assertEquals(0, openssl("dgst", "-sm3", "-verify", "pub.pem", "-sigopt", "distid:1234567812345678",
                "-signature", "sig.der", "data.bin"));
        byte[] tampered = signed.clone();
        tampered[tampered.length - 9] ^= 1;
        Files.write(dir.resolve("tampered.bin"), tampered);
        assertEquals(1, openssl("dgst", "-sm3", "-verify", "pub.pem", "-sigopt", "distid:1234567812345678",
                "-signature", "sig.der", "tampered.bin"));
    }

    private int openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl timed out");
        int rc = p.exitValue();
        assertTrue(rc == 0 ? out.contains("Verified OK") : out.contains("Verification failure"), out);
        return rc;
    }

    /** SEQUENCE { INTEGER r, INTEGER s } from raw r || s. */
    private static byte[] der(byte[] raw) {
        byte[] r = new BigInteger(1, Arrays.copyOf(raw, 32)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(raw, 32, 64)).toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x02);
        body.write(r.length);
        body.writeBytes(r);
        body.write(0x02);
        body.write(s.length);
        body.writeBytes(s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.write(body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
