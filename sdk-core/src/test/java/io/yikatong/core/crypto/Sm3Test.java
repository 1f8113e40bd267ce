package io.yikatong.core.crypto;

import static io.yikatong.core.crypto.Sm3Sm4TestSupport.assertHexEquals;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.hex;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.kat;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.openssl;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sm3Test {

    private static final long SEED = 0x5A3_0001L;

    @Test
    void standardExampleAbc() {
        assertHexEquals(kat("sm3.abc.digest"), Sm3.digest(kat("sm3.abc.message")), "GB/T 32905 example 1");
        assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                hex(Sm3.digest("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void standardExample64Bytes() {
        byte[] msg = "abcd".repeat(16).getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(kat("sm3.abcd16.message"), msg);
        assertHexEquals(kat("sm3.abcd16.digest"), Sm3.digest(msg), "GB/T 32905 example 2");
    }

    @Test
    void streamingByteByByteAndResetOnDigest() {
        byte[] msg = kat("sm3.abcd16.message");
        Sm3 h = Sm3.create();
        for (byte b : msg) {
            h.update(b);
        }
        assertHexEquals(kat("sm3.abcd16.digest"), h.digest(), "byte-wise");
        // digest() reset the state: the same object hashes "abc" correctly now
        h.update("abc".getBytes(StandardCharsets.US_ASCII));
        assertHexEquals(kat("sm3.abc.digest"), h.digest(), "after digest()");
        h.update(new byte[100]);
        h.reset();
        assertHexEquals(Sm3.digest(new byte[0]), h.digest(), "after reset()");
    }

    @Test
    void offsetVariantHashesOnlyTheRange() {
        byte[] buf = new byte[70];
        Arrays.fill(buf, (byte) 0x55);
        System.arraycopy("abc".getBytes(StandardCharsets.US_ASCII), 0, buf, 7, 3);
        assertHexEquals(kat("sm3.abc.digest"), Sm3.digest(buf, 7, 3), "range");
        assertHexEquals(kat("sm3.abc.digest"), Sm3.create().update(buf, 7, 3).digest(), "streaming range");
    }

    @Test
    void badRangesAreRejected() {
        byte[] buf = new byte[10];
        assertEquals("offset/length", assertThrows(InvalidInputException.class, () -> Sm3.digest(buf, 5, 6)).field());
        assertThrows(InvalidInputException.class, () -> Sm3.digest(buf, -1, 2));
        assertThrows(InvalidInputException.class, () -> Sm3.create().update(buf, 0, -1));
        assertThrows(NullPointerException.class, () -> Sm3.digest(null));
    }

    @Test
    void matchesBouncyCastleOnRandomInputsAndSplits() {
        Random rnd = new Random(SEED);
        SM3Digest bc = new SM3Digest();
        Sm3 ours = Sm3.create();
        for (int iter = 0; iter < 600; iter++) {
            int len = iter < 200 ? iter : rnd.nextInt(5001);
            byte[] msg = new byte[len];
            rnd.nextBytes(msg);
            bc.update(msg, 0, len);
            byte[] expected = new byte[32];
            bc.doFinal(expected, 0);
            String ctx = "seed=" + SEED + " iter=" + iter + " len=" + len;
            assertHexEquals(expected, Sm3.digest(msg), "one-shot " + ctx);
            // streaming with random split points
            int pos = 0;
            while (pos < len) {
                int chunk = Math.min(len - pos, rnd.nextInt(3) == 0 ? rnd.nextInt(3) : rnd.nextInt(200));
                if (chunk == 1) {
                    ours.update(msg[pos]);
                } else {
                    ours.update(msg, pos, chunk);
                }
                pos += chunk;
            }
            assertHexEquals(expected, ours.digest(), "streaming " + ctx);
        }
    }

    @Test
    void matchesOpensslDgst(@TempDir Path dir) {
        Random rnd = new Random(SEED + 1);
        int[] lengths = {0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 4096, 4099};
        for (int len : lengths) {
            byte[] msg = new byte[len];
            rnd.nextBytes(msg);
            write(dir, "m.bin", msg);
            byte[] out = openssl(dir, "dgst", "-sm3", "-binary", "m.bin");
            assertHexEquals(out, Sm3.digest(msg), "openssl dgst -sm3, len=" + len);
        }
    }
}
