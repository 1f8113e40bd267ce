package io.yikatong.core.crypto;

import static io.yikatong.core.crypto.Sm2OpensslInteropTest.openssl;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.crypto.internal.Sm2Hash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SM2 sign, verify and digest of messages read from a stream: the same as the in-memory methods, and interoperable
 * with {@code openssl pkeyutl -rawin -digest sm3} on messages longer than one internal buffer.
 */
class Sm2StreamingTest {

    private static final int B = Sm2Hash.STREAM_BUFFER;
    private static final String DISTID = "distid:1234567812345678";

    @TempDir
    Path dir;

    private final Random rnd = new Random(32918);
    private final Sm2KeyPair pair = Sm2KeyPair.generate(new SecureRandom());

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    @Test
    void streamingEqualsInMemory() throws Exception {
        Sm2Signer signer = Sm2Signer.builder(pair.privateKey()).build();
        Sm2Verifier verifier = Sm2Verifier.builder(pair.publicKey()).build();
        Sm2Digest digest = Sm2Digest.of(pair.publicKey(), "ALICE");
        for (int len : new int[] {0, 1, 63, 64, B - 1, B, B + 1, 3 * B + 7}) {
            byte[] m = bytes(len);
            assertArrayEquals(digest.digest(m), digest.digest(new ByteArrayInputStream(m)), "len=" + len);
            byte[] sig = signer.sign(new ByteArrayInputStream(m));
            verifier.verify(m, sig);
            verifier.verify(new ByteArrayInputStream(m), signer.sign(m));
            byte[] other = m.clone();
            if (len > 0) {
                other[len - 1] ^= 1;
            } else {
                other = new byte[] {0};
            }
            byte[] changed = other;
            assertThrows(SignatureVerificationException.class,
                    () -> verifier.verify(new ByteArrayInputStream(changed), sig), "len=" + len);
        }
    }

    @Test
    void malformedSignatureIsRejectedWithoutReadingTheMessage() {
        Sm2Verifier verifier = Sm2Verifier.builder(pair.publicKey()).build();
        AtomicBoolean read = new AtomicBoolean();
        InputStream message = new InputStream() {
            @Override
            public int read() {
                read.set(true);
                return -1;
            }
        };
        assertThrows(SignatureVerificationException.class, () -> verifier.verify(message, new byte[64]));
        assertTrue(!read.get());
    }

    @Test
    void readFailureIsAnIoException() {
        Sm2Signer signer = Sm2Signer.builder(pair.privateKey()).build();
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        assertEquals("disk gone", assertThrows(IOException.class, () -> signer.sign(broken)).getMessage());
    }

    @Test
    void interoperatesWithOpensslBeyondOneBuffer() throws Exception {
        byte[] m = bytes(5 * B + 13);
        Files.write(dir.resolve("msg.bin"), m);
        Files.writeString(dir.resolve("priv.pem"), pair.privateKey().toPkcs8Pem(InsecureKeyAccess.get()));
        Files.writeString(dir.resolve("pub.pem"), pair.publicKey().toX509Pem());

        // ours (streamed) verifies in openssl
        byte[] ours;
        try (InputStream in = Files.newInputStream(dir.resolve("msg.bin"))) {
            ours = Sm2Signer.builder(pair.privateKey()).build().sign(in);
        }
        Files.write(dir.resolve("ours.sig"), ours);
        String verified = new String(openssl(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin",
                "-digest", "sm3", "-pkeyopt", DISTID, "-in", "msg.bin", "-sigfile", "ours.sig"),
                StandardCharsets.UTF_8);
        assertTrue(verified.contains("Signature Verified Successfully"), verified);

        // openssl's verifies with us (streamed), with the default ID and with OpenSSL's empty one
        openssl(dir, "pkeyutl", "-sign", "-inkey", "priv.pem", "-rawin", "-digest", "sm3", "-pkeyopt", DISTID,
                "-in", "msg.bin", "-out", "theirs.sig");
        byte[] theirs = Files.readAllBytes(dir.resolve("theirs.sig"));
        try (InputStream in = Files.newInputStream(dir.resolve("msg.bin"))) {
            Sm2Verifier.builder(pair.publicKey()).build().verify(in, theirs);
        }
        openssl(dir, "pkeyutl", "-sign", "-inkey", "priv.pem", "-rawin", "-digest", "sm3", "-in", "msg.bin",
                "-out", "empty-id.sig");
        byte[] emptyId = Files.readAllBytes(dir.resolve("empty-id.sig"));
        try (InputStream in = Files.newInputStream(dir.resolve("msg.bin"))) {
            Sm2Verifier.builder(pair.publicKey()).userId("").build().verify(in, emptyId);
        }
        try (InputStream in = Files.newInputStream(dir.resolve("msg.bin"))) {
            assertThrows(SignatureVerificationException.class,
                    () -> Sm2Verifier.builder(pair.publicKey()).build().verify(in, emptyId));
        }
    }
}
