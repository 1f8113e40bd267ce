package io.yikatong.core.crypto;

import static io.yikatong.core.crypto.Sm3Sm4TestSupport.assertHexEquals;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.hex;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.openssl;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmacSm3Test {

    private static final long SEED = 0x4D4143L;

    private static byte[] bcHmac(byte[] key, byte[] data) {
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[32];
        mac.doFinal(out, 0);
        return out;
    }

    @Test
    void matchesBouncyCastleForManyKeyAndMessageLengths() {
        Random rnd = new Random(SEED);
        for (int iter = 0; iter < 400; iter++) {
            int keyLen = 1 + (iter < 150 ? iter : rnd.nextInt(300)); // crosses the 64-byte block size
            byte[] key = new byte[keyLen];
            rnd.nextBytes(key);
            byte[] data = new byte[rnd.nextInt(5001)];
            rnd.nextBytes(data);
            HmacSm3Key k = HmacSm3Key.of(key);
            assertHexEquals(bcHmac(key, data), k.compute(data),
                    "seed=" + SEED + " iter=" + iter + " keyLen=" + keyLen + " len=" + data.length);
        }
    }

    @Test
    void rangeVariant() {
        HmacSm3Key k = HmacSm3Key.of(new byte[] {1, 2, 3});
        byte[] buf = {9, 9, 'a', 'b', 'c', 9};
        assertArrayEquals(k.compute(new byte[] {'a', 'b', 'c'}), k.compute(buf, 2, 3));
        assertThrows(InvalidInputException.class, () -> k.compute(buf, 4, 3));
    }

    @Test
    void matchesOpensslMac(@TempDir Path dir) {
        Random rnd = new Random(SEED + 1);
        int[][] cases = {{16, 0}, {32, 1}, {64, 64}, {65, 100}, {100, 1000}, {7, 4097}};
        for (int[] c : cases) {
            byte[] key = new byte[c[0]];
            byte[] data = new byte[c[1]];
            rnd.nextBytes(key);
            rnd.nextBytes(data);
            write(dir, "m.bin", data);
            byte[] out = openssl(dir, "mac", "-digest", "SM3", "-macopt", "hexkey:" + hex(key), "-binary",
                    "-in", "m.bin", "HMAC");
            assertHexEquals(out, HmacSm3Key.of(key).compute(data), "openssl mac HMAC SM3 " + Arrays.toString(c));
        }
    }

    @Test
    void verifyAcceptsTheTagAndRejectsAnyChange() {
        HmacSm3Key k = HmacSm3Key.generate(new SecureRandom());
        byte[] data = "挂号 registration 0001".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tag = k.compute(data);
        assertDoesNotThrow(() -> k.verify(data, tag));
        for (int i = 0; i < tag.length; i++) {
            byte[] bad = tag.clone();
            bad[i] ^= 0x01;
            SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
                    () -> k.verify(data, bad));
            assertEquals(CoreErrorCode.MAC_INVALID, e.errorCode());
        }
        byte[] otherData = data.clone();
        otherData[0] ^= 1;
        assertThrows(SignatureVerificationException.class, () -> k.verify(otherData, tag));
        assertThrows(SignatureVerificationException.class, () -> k.verify(data, Arrays.copyOf(tag, 16)));
        assertThrows(SignatureVerificationException.class, () -> k.verify(data, new byte[0]));
        HmacSm3Key other = HmacSm3Key.generate(new SecureRandom());
        assertThrows(SignatureVerificationException.class, () -> other.verify(data, tag));
    }

    @Test
    void keyHandling() {
        byte[] raw = new byte[20];
        Arrays.fill(raw, (byte) 0xAB);
        HmacSm3Key k = HmacSm3Key.of(raw);
        byte[] tag = k.compute(new byte[3]);
        raw[0] = 0; // the key copied its input
        assertArrayEquals(tag, k.compute(new byte[3]));
        assertFalse(k.toString().toLowerCase().contains("abab"), k.toString());
        byte[] exported = k.toBytes(InsecureKeyAccess.get());
        exported[1] = 0;
        assertTrue(k.equalsKey(HmacSm3Key.of(k.toBytes(InsecureKeyAccess.get()))));
        assertFalse(k.equalsKey(HmacSm3Key.of(raw)));
        assertFalse(k.equalsKey(null));
        assertEquals("key", assertThrows(InvalidInputException.class, () -> HmacSm3Key.of(new byte[0])).field());
        assertEquals("key", assertThrows(InvalidInputException.class, () -> HmacSm3Key.of(null)).field());
        assertEquals("access", assertThrows(InvalidInputException.class, () -> k.toBytes(null)).field());
        assertEquals(32, HmacSm3Key.generate(new SecureRandom()).toBytes(InsecureKeyAccess.get()).length);
    }
}
