package io.yikatong.card.health.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yikatong.card.health.security.internal.HealthCardCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.crypto.InsecureKeyAccess;
import io.yikatong.core.crypto.Sm4Key;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recomputes every step of the health card's security flows with the independent {@code openssl} command (SM4-ECB
 * and SM4-CBC), so the flows are not only a round trip of our own code. Fails (never skips) without openssl.
 */
class HealthCardCryptoOpensslTest {

    @TempDir
    Path dir;

    @Test
    void diversificationCryptogramEncryptionAndMacMatchOpenssl() throws Exception {
        SplittableRandom rnd = new SplittableRandom(0x5A11);
        for (int round = 0; round < 4; round++) {
            byte[] masterBytes = bytes(rnd, 16);
            Bytes cardFactor = Bytes.copyOf(bytes(rnd, 8));
            Bytes cityFactor = CardFactors.cityFactor("110105");
            Bytes challenge = Bytes.copyOf(bytes(rnd, 8));
            Sm4Key master = Sm4Key.of(masterBytes);

            // key diversification: each level encrypts f || NOT f under the parent key
            byte[] k1 = ecb(masterBytes, fNotF(cardFactor.toByteArray()));
            byte[] k2 = ecb(k1, fNotF(cityFactor.toByteArray()));
            byte[] session = ecb(k2, fNotF(challenge.toByteArray()));
            Sm4Key cardKey = HealthCardCrypto.cardKey(master, Bytes.copyOf(concat(cardFactor.toByteArray(), cityFactor.toByteArray())));
            assertArrayEquals(k2, cardKey.toBytes(InsecureKeyAccess.get()));
            Sm4Key sessionKey = HealthCardCrypto.sessionKey(cardKey, challenge);
            assertArrayEquals(session, sessionKey.toBytes(InsecureKeyAccess.get()));

            // cryptogram: E = SM4(session, input || 00*8), A = E[0..7] xor E[8..15]
            byte[] e = ecb(session, Arrays.copyOf(HealthCardKey.READ_AUTHENTICATION_INPUT.toByteArray(), 16));
            byte[] a = new byte[8];
            for (int i = 0; i < 8; i++) {
                a[i] = (byte) (e[i] ^ e[i + 8]);
            }
            assertArrayEquals(a, HealthCardCrypto.cryptogram(sessionKey, HealthCardKey.READ_AUTHENTICATION_INPUT));

            // secure messaging: ECB over L || TLV || 80 00.., CBC-MAC (zero IV) over header || cipher || 80 00..
            byte[] tlv = bytes(rnd, 1 + rnd.nextInt(100));
            byte[] plain = HealthCardCrypto.smPlaintext(tlv);
            byte[] cipher = ecb(session, plain);
            byte[] header = {0x04, (byte) 0xDC, 0x02, 0x04, (byte) (cipher.length + 4)};
            byte[] macInput = pad(concat(header, cipher));
            byte[] cbc = cbc(session, macInput);
            byte[] expected = concat(cipher, Arrays.copyOfRange(cbc, cbc.length - 16, cbc.length - 12));
            byte[] got = HealthCardCrypto.protect(sessionKey, Arrays.copyOf(header, 4), tlv);
            assertEquals(Hex.encode(expected), Hex.encode(got));
            assertArrayEquals(tlv, HealthCardCrypto.unprotect(sessionKey, header, got));
        }
    }

    private static byte[] fNotF(byte[] f) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = f[i];
            b[i + 8] = (byte) ~f[i];
        }
        return b;
    }

    private static byte[] pad(byte[] m) {
        byte[] p = Arrays.copyOf(m, (m.length + 16) / 16 * 16);
        p[m.length] = (byte) 0x80;
        return p;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private byte[] ecb(byte[] key, byte[] data) throws Exception {
        return openssl(List.of("-sm4-ecb", "-K", Hex.encode(key)), data);
    }

    private byte[] cbc(byte[] key, byte[] data) throws Exception {
        return openssl(List.of("-sm4-cbc", "-K", Hex.encode(key), "-iv", "00".repeat(16)), data);
    }

    private byte[] openssl(List<String> args, byte[] data) throws IOException, InterruptedException {
        Path in = Files.createTempFile(dir, "in", ".bin");
        Path out = Files.createTempFile(dir, "out", ".bin");
        Files.write(in, data);
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "enc", "-e", "-nopad"));
        cmd.addAll(args);
        cmd.addAll(List.of("-in", in.toString(), "-out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "openssl failed (is it installed?): " + log);
        return Files.readAllBytes(out);
    }
}
