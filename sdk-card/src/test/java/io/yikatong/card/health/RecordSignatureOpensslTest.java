package io.yikatong.card.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Independent check of the record and certificate signatures with the OpenSSL 3 command line: the signed bytes, the
 * raw {@code r || s} signature (converted to DER here) and the signer's key as PEM must verify as SM3withSM2 with the
 * user ID 1234567812345678, so the format is not only a round trip of our own code. A missing {@code openssl} fails
 * these tests; it does not skip them.
 */
class RecordSignatureOpensslTest {

    private static final String DISTID = "distid:1234567812345678";
    private static final RecordSignatureTestChain CHAIN = RecordSignatureTestChain.standard();

    @TempDir
    Path dir;

    private record Result(int exit, String output) {
    }

    private Result openssl(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("the 'openssl' command (OpenSSL 3 with SM2) is required but could not be "
                    + "started: " + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("openssl timed out: " + cmd);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("openssl failed: " + cmd, e);
        }
    }

    /** DER {@code SEQUENCE { INTEGER r, INTEGER s }} from raw {@code r || s}, written here independently. */
    static byte[] rawToDer(Bytes raw) {
        byte[] rs = raw.toByteArray();
        byte[] r = new BigInteger(1, java.util.Arrays.copyOfRange(rs, 0, 32)).toByteArray();
        byte[] s = new BigInteger(1, java.util.Arrays.copyOfRange(rs, 32, 64)).toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x02);
        body.write(r.length);
        body.writeBytes(r);
        body.write(0x02);
        body.write(s.length);
        body.writeBytes(s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.write(body.size()); // at most 70 bytes: short form
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** Verifies with both OpenSSL front ends; returns their exit codes. */
    private int[] verifyWithOpenssl(String pubPem, Bytes message, Bytes rawSignature) throws IOException {
        Files.writeString(dir.resolve("pub.pem"), pubPem);
        Files.write(dir.resolve("m.bin"), message.toByteArray());
        Files.write(dir.resolve("s.der"), rawToDer(rawSignature));
        Result dgst = openssl("dgst", "-sm3", "-verify", "pub.pem", "-sigopt", DISTID, "-signature", "s.der",
                "m.bin");
        Result pkeyutl = openssl("pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "pub.pem",
                "-pkeyopt", DISTID, "-in", "m.bin", "-sigfile", "s.der");
        if (dgst.exit() == 0) {
            assertTrue(dgst.output().contains("Verified OK"), dgst.output());
        }
        return new int[] {dgst.exit(), pkeyutl.exit()};
    }

    @Test
    void recordSignatureVerifiesInOpenssl() throws Exception {
        for (RecordSignatureProfile profile : new RecordSignatureProfile[] {RecordSignatureProfile.DATA_PART,
                RecordSignatureProfile.DATA_PART_WITH_CARD_NUMBER}) {
            for (VerifiedRecord.Kind kind : VerifiedRecord.Kind.values()) {
                Bytes record = CHAIN.signedRecord(kind, profile, 99);
                VerifiedRecord v = CHAIN.verifier().profile(profile).build()
                        .verify(record, CHAIN.issuer.encoded(), RecordSignatureTestChain.CARD_NUMBER);
                Bytes message = profile.signedBytes(v.dataPart(), RecordSignatureTestChain.CARD_NUMBER);
                String pem = v.signerCertificate().publicKey().toX509Pem();
                int[] ok = verifyWithOpenssl(pem, message, v.signature());
                assertEquals(0, ok[0], profile + " " + kind + ": openssl dgst");
                assertEquals(0, ok[1], profile + " " + kind + ": openssl pkeyutl");

                int[] bad = verifyWithOpenssl(pem, RecordSignatureTestChain.flip(message, message.length() - 1, 1),
                        v.signature());
                assertNotEquals(0, bad[0], "tampered message, openssl dgst");
                assertNotEquals(0, bad[1], "tampered message, openssl pkeyutl");
            }
        }
    }

    @Test
    void certificateSignaturesVerifyInOpenssl() throws Exception {
        int[] issuer = verifyWithOpenssl(CHAIN.root.publicKey().toX509Pem(), CHAIN.issuer.signedBytes(),
                CHAIN.issuer.signature());
        assertEquals(0, issuer[0]);
        assertEquals(0, issuer[1]);
        int[] org = verifyWithOpenssl(CHAIN.issuerKeys.publicKey().toX509Pem(), CHAIN.org.signedBytes(),
                CHAIN.org.signature());
        assertEquals(0, org[0]);
        assertEquals(0, org[1]);
        // the certificate signature covers exactly the bytes before it: one byte more and OpenSSL refuses too
        int[] longer = verifyWithOpenssl(CHAIN.issuerKeys.publicKey().toX509Pem(),
                CHAIN.org.encoded().slice(0, 123), CHAIN.org.signature());
        assertNotEquals(0, longer[0]);
        assertNotEquals(0, longer[1]);
    }
}
