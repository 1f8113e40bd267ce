package io.yikatong.core.crypto.internal;

import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.DEFAULT_ID;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.digestE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Independent oracle: keys generated and messages signed by the {@code openssl} command (OpenSSL 3 speaks SM2 with
 * SM3 and the distinguishing ID), verified by the fast engine.
 */
class Sm2FastVerifierOpenSslTest {

    private static final long SEED = 0x0_55_1_2024L;

    @TempDir
    Path dir;

    @Test
    void verifiesSignaturesMadeByOpenSsl() throws Exception {
        assertTrue(openSslAvailable(), "the openssl command is required (CI installs it): install openssl");
        Random rnd = new Random(SEED);
        int verified = 0;
        for (int k = 0; k < 4; k++) {
            Path key = dir.resolve("key" + k + ".pem");
            run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", key.toString());
            Path pub = dir.resolve("pub" + k + ".der");
            run("openssl", "pkey", "-in", key.toString(), "-pubout", "-outform", "DER", "-out", pub.toString());
            byte[] spki = Files.readAllBytes(pub);
            // SubjectPublicKeyInfo for SM2 ends with the uncompressed point 04 || x || y
            byte[] point = Arrays.copyOfRange(spki, spki.length - 65, spki.length);
            assertEquals(4, point[0]);
            ECPoint q = Sm2FastVerifierTestSupport.PARAMS.getCurve().decodePoint(point);
            Sm2FastVerifier v = Sm2FastVerifier.forPublicKey(q);
            for (int m = 0; m < 3; m++) {
                byte[] message = ("openssl message " + k + "/" + m + " " + rnd.nextLong())
                        .getBytes(StandardCharsets.US_ASCII);
                Path msg = dir.resolve("m" + k + "_" + m + ".bin");
                Files.write(msg, message);
                Path sig = dir.resolve("s" + k + "_" + m + ".der");
                run("openssl", "pkeyutl", "-sign", "-in", msg.toString(), "-inkey", key.toString(), "-rawin",
                        "-digest", "sm3", "-pkeyopt", "distid:1234567812345678", "-out", sig.toString());
                ASN1Sequence seq = ASN1Sequence.getInstance(Files.readAllBytes(sig));
                BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
                BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
                String ctx = "seed=" + SEED + " key#" + k + " msg#" + m;
                assertTrue(v.verify(digestE(DEFAULT_ID, q, message), r, s), ctx);
                byte[] other = message.clone();
                other[rnd.nextInt(other.length)] ^= 0x01;
                assertFalse(v.verify(digestE(DEFAULT_ID, q, other), r, s), ctx + " tampered message");
                assertFalse(v.verify(digestE("1234567812345679".getBytes(StandardCharsets.US_ASCII), q, message),
                        r, s), ctx + " other ID");
                verified++;
            }
        }
        assertEquals(12, verified);
    }

    private static boolean openSslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(Arrays.asList(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timeout: " + cmd);
        assertEquals(0, p.exitValue(), cmd + " failed: " + output);
    }
}
