package io.yikatong.core.crypto;

import static io.yikatong.core.crypto.Sm3Sm4TestSupport.assertHexEquals;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.hex;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.openssl;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.read;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Streaming SM4 ({@link Sm4Cipher#encrypt(byte[], InputStream, java.io.OutputStream)}, {@link Sm4Cipher.Encryptor},
 * {@link Sm4Cipher.Decryptor}): identical to the one-shot methods at every chunk boundary, and to {@code openssl enc}
 * on inputs longer than one internal buffer.
 */
class Sm4CipherStreamingTest {

    private static final int B = Sm4Cipher.STREAM_BUFFER;
    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 31, 32, 33, 4096, B - 1, B, B + 1, B + 16, 3 * B + 5,
        3 * B + 48};

    private static Sm4Cipher cipher(Sm4Mode mode, Sm4Padding padding, Random rnd) {
        byte[] k = new byte[16];
        rnd.nextBytes(k);
        return Sm4Cipher.builder().key(Sm4Key.of(k)).mode(mode).padding(padding).build();
    }

    private static byte[] iv(Sm4Mode mode, Random rnd) {
        if (mode == Sm4Mode.ECB) {
            return null;
        }
        byte[] iv = new byte[16];
        rnd.nextBytes(iv);
        return iv;
    }

    private static boolean possible(Sm4Mode mode, Sm4Padding padding, int len) {
        return mode == Sm4Mode.CTR || padding == Sm4Padding.PKCS7 || len % 16 == 0;
    }

    /** Returns at most {@code max} bytes per read, varying, to move chunk boundaries around. */
    private static InputStream dribble(byte[] data, Random rnd, int max) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + rnd.nextInt(max)));
            }
        };
    }

    @ParameterizedTest
    @CsvSource({"ECB,NONE", "ECB,PKCS7", "CBC,NONE", "CBC,PKCS7", "CTR,NONE"})
    void streamsEqualOneShotAtEveryBoundary(Sm4Mode mode, Sm4Padding padding) throws Exception {
        Random rnd = new Random(41 + mode.ordinal() * 3L + padding.ordinal());
        for (int len : LENGTHS) {
            if (!possible(mode, padding, len)) {
                continue;
            }
            Sm4Cipher c = cipher(mode, padding, rnd);
            byte[] iv = iv(mode, rnd);
            byte[] pt = new byte[len];
            rnd.nextBytes(pt);
            String ctx = mode + "/" + padding + " len=" + len;
            byte[] expected = c.encrypt(iv, pt);

            for (int max : new int[] {B, 7, 1000}) {
                ByteArrayOutputStream ct = new ByteArrayOutputStream();
                assertEquals(expected.length, c.encrypt(iv, dribble(pt, rnd, max), ct), ctx);
                assertHexEquals(expected, ct.toByteArray(), "stream encrypt " + ctx + " max=" + max);
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                assertEquals(len, c.decrypt(iv, dribble(expected, rnd, max), back), ctx);
                assertArrayEquals(pt, back.toByteArray(), "stream decrypt " + ctx + " max=" + max);
            }

            // piece by piece, random cuts
            Sm4Cipher.Encryptor enc = c.encryptor(iv);
            Sm4Cipher.Decryptor dec = c.decryptor(iv);
            ByteArrayOutputStream ct = new ByteArrayOutputStream();
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            for (int off = 0; off < len; ) {
                int n = Math.min(len - off, rnd.nextInt(40));
                ct.write(enc.update(pt, off, n));
                off += n;
            }
            ct.write(enc.doFinal());
            assertHexEquals(expected, ct.toByteArray(), "encryptor " + ctx);
            for (int off = 0; off < expected.length; ) {
                int n = Math.min(expected.length - off, rnd.nextInt(40));
                back.write(dec.update(expected, off, n));
                off += n;
            }
            back.write(dec.doFinal());
            assertArrayEquals(pt, back.toByteArray(), "decryptor " + ctx);
            assertThrows(IllegalStateException.class, enc::doFinal);
            assertThrows(IllegalStateException.class, () -> dec.update(new byte[1]));
        }
    }

    @Test
    void ctrCounterCarriesAcrossPiecesLikeOneShot() throws Exception {
        Random rnd = new Random(5);
        Sm4Cipher c = cipher(Sm4Mode.CTR, Sm4Padding.NONE, rnd);
        byte[] iv = new byte[16];
        java.util.Arrays.fill(iv, (byte) 0xff);
        iv[15] = (byte) 0xfd; // wraps 2^128 after 3 blocks
        byte[] pt = new byte[200];
        rnd.nextBytes(pt);
        Sm4Cipher.Encryptor enc = c.encryptor(iv);
        ByteArrayOutputStream ct = new ByteArrayOutputStream();
        ct.write(enc.update(pt, 0, 20));
        ct.write(enc.update(pt, 20, 40));
        ct.write(enc.update(pt, 60, 140));
        ct.write(enc.doFinal());
        assertHexEquals(c.encrypt(iv, pt), ct.toByteArray(), "CTR across the 2^128 wrap");
        byte[] iv2 = new byte[16];
        iv2[7] = 1;
        java.util.Arrays.fill(iv2, 8, 16, (byte) 0xff); // carry from the low into the high 64 bits
        Sm4Cipher.Encryptor enc2 = c.encryptor(iv2);
        ByteArrayOutputStream ct2 = new ByteArrayOutputStream();
        ct2.write(enc2.update(pt, 0, 16));
        ct2.write(enc2.update(pt, 16, 184));
        ct2.write(enc2.doFinal());
        assertHexEquals(c.encrypt(iv2, pt), ct2.toByteArray(), "CTR carry into the high half");
    }

    @Test
    void badLengthAndPaddingAreTypedErrors() throws Exception {
        Random rnd = new Random(9);
        Sm4Cipher cbc = cipher(Sm4Mode.CBC, Sm4Padding.PKCS7, rnd);
        byte[] iv = iv(Sm4Mode.CBC, rnd);
        byte[] ct = cbc.encrypt(iv, new byte[B + 3]);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        // flipping a bit of the next-to-last block flips the pad byte 13 to 12: invalid padding
        byte[] badTail = ct.clone();
        badTail[badTail.length - 17] ^= 1;
        assertThrows(DecryptionException.class, () -> cbc.decrypt(iv, new ByteArrayInputStream(badTail), sink));
        assertThrows(DecryptionException.class,
                () -> cbc.decrypt(iv, new ByteArrayInputStream(ct, 0, ct.length - 1), new ByteArrayOutputStream()));
        assertThrows(DecryptionException.class,
                () -> cbc.decrypt(iv, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()));
        Sm4Cipher.Decryptor d = cbc.decryptor(iv);
        d.update(ct, 0, 32);
        assertThrows(DecryptionException.class, () -> {
            d.update(new byte[5]);
            d.doFinal();
        });

        Sm4Cipher raw = cipher(Sm4Mode.ECB, Sm4Padding.NONE, rnd);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> raw.encrypt(null, new ByteArrayInputStream(new byte[B + 1]), new ByteArrayOutputStream()));
        assertEquals("plaintext", e.field());
        assertThrows(DecryptionException.class,
                () -> raw.decrypt(null, new ByteArrayInputStream(new byte[33]), new ByteArrayOutputStream()));
        assertEquals("iv", assertThrows(InvalidInputException.class, () -> cbc.encryptor(null)).field());
        assertEquals("in", assertThrows(InvalidInputException.class,
                () -> cbc.encrypt(iv, null, new ByteArrayOutputStream())).field());
        assertEquals("out", assertThrows(InvalidInputException.class,
                () -> cbc.decrypt(iv, new ByteArrayInputStream(ct), null)).field());
    }

    @ParameterizedTest
    @CsvSource({"ECB,PKCS7", "CBC,PKCS7", "CBC,NONE", "CTR,NONE"})
    void matchesOpensslBeyondOneBuffer(Sm4Mode mode, Sm4Padding padding, @TempDir Path dir) throws Exception {
        Random rnd = new Random(77 + mode.ordinal());
        int len = padding == Sm4Padding.NONE && mode != Sm4Mode.CTR ? 5 * B + 32 : 5 * B + 7;
        byte[] keyBytes = new byte[16];
        rnd.nextBytes(keyBytes);
        Sm4Cipher c = Sm4Cipher.builder().key(Sm4Key.of(keyBytes)).mode(mode).padding(padding).build();
        byte[] iv = new byte[16];
        rnd.nextBytes(iv);
        byte[] ivOrNull = mode == Sm4Mode.ECB ? null : iv;
        byte[] pt = new byte[len];
        rnd.nextBytes(pt);
        write(dir, "pt.bin", pt);

        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        c.encrypt(ivOrNull, dribble(pt, rnd, 3 * B / 2), ours);
        openssl(dir, args(mode, padding, keyBytes, iv, false, "pt.bin", "theirs.ct"));
        byte[] theirs = read(dir.resolve("theirs.ct"));
        assertEquals(hex(theirs), hex(ours.toByteArray()), "same ciphertext as openssl " + mode + "/" + padding);

        ByteArrayOutputStream back = new ByteArrayOutputStream();
        c.decrypt(ivOrNull, dribble(theirs, rnd, 3 * B / 2), back);
        assertArrayEquals(pt, back.toByteArray(), "ours decrypts openssl");
        write(dir, "ours.ct", ours.toByteArray());
        openssl(dir, args(mode, padding, keyBytes, iv, true, "ours.ct", "ours.pt"));
        assertArrayEquals(pt, read(dir.resolve("ours.pt")), "openssl decrypts ours");
    }

    private static String[] args(Sm4Mode mode, Sm4Padding padding, byte[] key, byte[] iv, boolean decrypt,
            String in, String out) {
        List<String> a = new ArrayList<>(List.of("enc", "-sm4-" + mode.name().toLowerCase(), "-K", hex(key)));
        if (mode != Sm4Mode.ECB) {
            a.add("-iv");
            a.add(hex(iv));
        }
        if (padding == Sm4Padding.NONE) {
            a.add("-nopad");
        }
        if (decrypt) {
            a.add("-d");
        }
        a.addAll(List.of("-in", in, "-out", out));
        return a.toArray(String[]::new);
    }
}
