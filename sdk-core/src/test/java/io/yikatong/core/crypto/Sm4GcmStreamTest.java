package io.yikatong.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Sm4GcmStream}: round trips at segment boundaries, the documented format checked with the one-shot
 * {@link Sm4Gcm} and {@link HmacSm3Key}, and every kind of damage (tampering, truncation, reordering, extension,
 * splicing, wrong key or AAD) detected before the damaged segment's plaintext is released.
 */
class Sm4GcmStreamTest {

    private static final int SEG = 64;
    private static final int SEALED = SEG + Sm4Gcm.TAG_LENGTH;
    private static final int H = Sm4GcmStream.HEADER_LENGTH;
    private static final byte[] AAD = "file: report.pdf".getBytes(StandardCharsets.UTF_8);

    private final Random rnd = new Random(20261207);
    private final byte[] keyBytes = bytes(16);
    private final Sm4GcmStream aead = Sm4GcmStream.of(Sm4Key.of(keyBytes), SEG);

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static byte[] encrypt(Sm4GcmStream a, byte[] pt, byte[] aad) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = a.encrypt(new ByteArrayInputStream(pt), out, aad);
        assertEquals(out.size(), n);
        return out.toByteArray();
    }

    private static byte[] decrypt(Sm4GcmStream a, byte[] ct, byte[] aad) throws IOException, DecryptionException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = a.decrypt(new ByteArrayInputStream(ct), out, aad);
        assertEquals(out.size(), n);
        return out.toByteArray();
    }

    private InputStream dribble(byte[] data) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + rnd.nextInt(50)));
            }
        };
    }

    @Test
    void roundTripsAtSegmentBoundaries() throws Exception {
        for (int len : new int[] {0, 1, SEG - 1, SEG, SEG + 1, 2 * SEG, 3 * SEG + 17, 10 * SEG}) {
            byte[] pt = bytes(len);
            byte[] ct = encrypt(aead, pt, AAD);
            assertEquals(aead.ciphertextLength(len), ct.length, "len=" + len);
            assertArrayEquals(pt, decrypt(aead, ct, AAD), "len=" + len);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            aead.decrypt(dribble(ct), out, AAD);
            assertArrayEquals(pt, out.toByteArray(), "dribbled len=" + len);
            ByteArrayOutputStream ct2 = new ByteArrayOutputStream();
            aead.encrypt(dribble(pt), ct2, AAD);
            assertArrayEquals(pt, decrypt(aead, ct2.toByteArray(), AAD), "dribbled encrypt len=" + len);
        }
        // the default segment size, with input larger than one segment and a null AAD
        Sm4GcmStream big = Sm4GcmStream.of(Sm4Key.of(keyBytes));
        byte[] pt = bytes(3 * Sm4GcmStream.DEFAULT_SEGMENT_SIZE + 100);
        byte[] ct = encrypt(big, pt, null);
        assertEquals(big.ciphertextLength(pt.length), ct.length);
        assertArrayEquals(pt, decrypt(big, ct, new byte[0]));
        // two encryptions of the same plaintext differ (fresh salt and nonce prefix)
        assertTrue(!Arrays.equals(encrypt(aead, pt, AAD), encrypt(aead, pt, AAD)));
    }

    @Test
    void formatIsAsDocumented() throws Exception {
        byte[] pt = bytes(2 * SEG + 5);
        byte[] ct = encrypt(aead, pt, AAD);
        assertArrayEquals(new byte[] {0x59, 0x4B, 0x47, 0x01, 0, 0, 0, SEG}, Arrays.copyOf(ct, 8));
        byte[] label = "yikatong sm4-gcm-stream v1\0".getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[label.length + H + AAD.length];
        System.arraycopy(label, 0, info, 0, label.length);
        System.arraycopy(ct, 0, info, label.length, H);
        System.arraycopy(AAD, 0, info, label.length + H, AAD.length);
        Sm4Gcm segmentGcm = Sm4Gcm.of(Sm4Key.of(Arrays.copyOf(HmacSm3Key.of(keyBytes).compute(info), 16)));
        for (int i = 0; i < 3; i++) {
            byte[] nonce = new byte[12];
            System.arraycopy(ct, 24, nonce, 0, 7);
            nonce[10] = (byte) i;
            nonce[11] = (byte) (i == 2 ? 1 : 0);
            int from = H + i * SEALED;
            int to = Math.min(ct.length, from + SEALED);
            byte[] seg = segmentGcm.decrypt(nonce, Arrays.copyOfRange(ct, from, to), null);
            assertArrayEquals(Arrays.copyOfRange(pt, i * SEG, Math.min(pt.length, (i + 1) * SEG)), seg, "segment " + i);
        }
    }

    @Test
    void everyChangedByteIsDetected() throws Exception {
        byte[] pt = bytes(2 * SEG + 9);
        byte[] ct = encrypt(aead, pt, AAD);
        for (int i = 0; i < ct.length; i++) {
            byte[] bad = ct.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThrows(DecryptionException.class, () -> aead.decrypt(new ByteArrayInputStream(bad), out, AAD),
                    "byte " + i);
            // plaintext is released only for the segments before the damaged one, and it is authentic
            int damagedSegment = i < H ? 0 : (i - H) / SEALED;
            assertEquals(damagedSegment * SEG, out.size(), "byte " + i);
            assertArrayEquals(Arrays.copyOf(pt, out.size()), out.toByteArray());
        }
    }

    @Test
    void truncationReorderingExtensionAndSplicingAreDetected() throws Exception {
        byte[] pt = bytes(3 * SEG + 20);
        byte[] ct = encrypt(aead, pt, AAD);
        assertEquals(H + 4 * SEALED - (SEG - 20), ct.length);
        // truncated at every segment boundary, inside segments, to the header, to nothing
        for (int cut : new int[] {H + 3 * SEALED, H + 2 * SEALED, H + SEALED, H, H + 10, H + SEALED + 1, ct.length - 1,
            H - 1, 0}) {
            assertThrows(DecryptionException.class, () -> decrypt(aead, Arrays.copyOf(ct, cut), AAD), "cut " + cut);
        }
        // segments 0 and 1 swapped
        byte[] swapped = ct.clone();
        System.arraycopy(ct, H, swapped, H + SEALED, SEALED);
        System.arraycopy(ct, H + SEALED, swapped, H, SEALED);
        assertThrows(DecryptionException.class, () -> decrypt(aead, swapped, AAD));
        // a segment repeated instead of its successor
        byte[] repeated = ct.clone();
        System.arraycopy(ct, H, repeated, H + SEALED, SEALED);
        assertThrows(DecryptionException.class, () -> decrypt(aead, repeated, AAD));
        // bytes or a whole segment appended after the last segment
        byte[] extended = Arrays.copyOf(ct, ct.length + 1);
        assertThrows(DecryptionException.class, () -> decrypt(aead, extended, AAD));
        byte[] twice = Arrays.copyOf(ct, ct.length + SEALED);
        System.arraycopy(ct, H, twice, ct.length, SEALED);
        assertThrows(DecryptionException.class, () -> decrypt(aead, twice, AAD));
        // a segment of another stream under the same key (same position)
        byte[] other = encrypt(aead, pt, AAD);
        byte[] spliced = ct.clone();
        System.arraycopy(other, H + SEALED, spliced, H + SEALED, SEALED);
        assertThrows(DecryptionException.class, () -> decrypt(aead, spliced, AAD));
        // a stream whose plaintext ends exactly at a segment boundary, cut before its last segment
        byte[] even = encrypt(aead, bytes(2 * SEG), AAD);
        assertThrows(DecryptionException.class, () -> decrypt(aead, Arrays.copyOf(even, H + SEALED), AAD));
        // wrong AAD, wrong key, other segment size
        assertThrows(DecryptionException.class, () -> decrypt(aead, ct, null));
        assertThrows(DecryptionException.class, () -> decrypt(Sm4GcmStream.of(Sm4Key.of(bytes(16)), SEG), ct, AAD));
        DecryptionException size = assertThrows(DecryptionException.class,
                () -> decrypt(Sm4GcmStream.of(Sm4Key.of(keyBytes), SEG * 2), ct, AAD));
        assertTrue(size.getMessage().contains("segment size"), size.getMessage());
        assertArrayEquals(pt, decrypt(aead, ct, AAD));
    }

    @Test
    void rejectsBadArguments() {
        assertEquals("key", assertThrows(InvalidInputException.class, () -> Sm4GcmStream.of(null)).field());
        assertEquals("segmentSize", assertThrows(InvalidInputException.class,
                () -> Sm4GcmStream.of(Sm4Key.of(keyBytes), 15)).field());
        assertEquals("in", assertThrows(InvalidInputException.class,
                () -> aead.encrypt(null, new ByteArrayOutputStream(), null)).field());
        assertEquals("out", assertThrows(InvalidInputException.class,
                () -> aead.decrypt(new ByteArrayInputStream(new byte[0]), null, null)).field());
        assertEquals("Sm4GcmStream[64-byte segments]", aead.toString());
    }
}
