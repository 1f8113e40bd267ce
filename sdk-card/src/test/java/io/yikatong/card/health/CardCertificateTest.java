package io.yikatong.card.health;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.health.security.CardCertificate;
import io.yikatong.card.health.security.CardCertificateType;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2KeyPair;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CardCertificateTest {

    private static final RecordSignatureTestChain CHAIN = RecordSignatureTestChain.standard();

    private static byte[] range(Bytes b, int from, int length) {
        return Arrays.copyOfRange(b.toByteArray(), from, from + length);
    }

    @Test
    void issuerCertificateHasTheDocumentedLayout() throws Exception {
        CardCertificate c = CHAIN.issuer;
        Bytes e = c.encoded();
        assertEquals(180, e.length());
        assertEquals(0x01, e.get(0));
        assertEquals(0x01, e.get(1));
        assertArrayEquals(HexFormat.of().parseHex(RecordSignatureTestChain.ISSUER_ID), range(e, 2, 8));
        assertArrayEquals(HexFormat.of().parseHex(RecordSignatureTestChain.ROOT_ID), range(e, 10, 8));
        assertArrayEquals(Bcd.encodeDate(LocalDate.of(2020, 1, 1)), range(e, 18, 4));
        assertArrayEquals(Bcd.encodeDate(LocalDate.of(2039, 12, 31)), range(e, 22, 4));
        assertArrayEquals(GbText.encode(RecordSignatureTestChain.ISSUER_NAME, 22), range(e, 26, 22));
        byte[] point = CHAIN.issuerKeys.publicKey().toUncompressedPoint();
        assertArrayEquals(Arrays.copyOfRange(point, 1, 65), range(e, 48, 64));
        assertArrayEquals(range(e, 112, 64), c.signature().toByteArray());
        assertArrayEquals(new byte[4], range(e, 176, 4));
        assertEquals(e.slice(0, 112), c.signedBytes());
        assertEquals(112, CardCertificateType.ISSUER.signedLength());

        assertEquals(CardCertificateType.ISSUER, c.type());
        assertEquals(RecordSignatureTestChain.ISSUER_ID, c.subjectId());
        assertEquals(RecordSignatureTestChain.ROOT_ID, c.issuerId());
        assertEquals(RecordSignatureTestChain.ISSUER_NAME, c.subjectName());
        assertEquals(LocalDate.of(2020, 1, 1), c.validFrom());
        assertEquals(LocalDate.of(2039, 12, 31), c.validTo());
        assertEquals(CHAIN.issuerKeys.publicKey(), c.publicKey());
        c.verifySignature(CHAIN.root.publicKey());
        assertEquals(c, CardCertificate.decode(e));
        assertEquals(c.hashCode(), CardCertificate.decode(e).hashCode());
    }

    @Test
    void organisationCertificateHasTheDocumentedLayout() throws Exception {
        CardCertificate c = CHAIN.org;
        Bytes e = c.encoded();
        assertEquals(190, e.length());
        assertEquals(0x01, e.get(0));
        assertEquals(0x02, e.get(1));
        assertArrayEquals(GbText.encode(RecordSignatureTestChain.ORG_ID, 10), range(e, 2, 10));
        assertArrayEquals(HexFormat.of().parseHex(RecordSignatureTestChain.ISSUER_ID), range(e, 12, 8));
        assertArrayEquals(Bcd.encodeDate(LocalDate.of(2024, 1, 1)), range(e, 20, 4));
        assertArrayEquals(Bcd.encodeDate(LocalDate.of(2028, 12, 31)), range(e, 24, 4));
        assertArrayEquals(GbText.encode(RecordSignatureTestChain.ORG_NAME, 30), range(e, 28, 30));
        byte[] point = CHAIN.orgKeys.publicKey().toUncompressedPoint();
        assertArrayEquals(Arrays.copyOfRange(point, 1, 65), range(e, 58, 64));
        assertArrayEquals(range(e, 122, 64), c.signature().toByteArray());
        assertArrayEquals(new byte[4], range(e, 186, 4));
        assertEquals(e.slice(0, 122), c.signedBytes());

        assertEquals(RecordSignatureTestChain.ORG_ID, c.subjectId());
        assertEquals(RecordSignatureTestChain.ISSUER_ID, c.issuerId());
        assertEquals(RecordSignatureTestChain.ORG_NAME, c.subjectName());
        c.verifySignature(CHAIN.issuerKeys.publicKey());
        assertThrows(SignatureVerificationException.class, () -> c.verifySignature(CHAIN.root.publicKey()));
        assertEquals(c, CardCertificate.decode(e));
        assertNotEquals(c, CHAIN.issuer);
    }

    @Test
    void toStringShowsTheSubjectButNoKeyMaterial() {
        String s = CHAIN.org.toString();
        assertTrue(s.contains(RecordSignatureTestChain.ORG_ID), s);
        assertTrue(s.contains(RecordSignatureTestChain.ORG_NAME), s);
        assertTrue(s.contains("2028-12-31"), s);
        String keyHex = HexFormat.of().formatHex(CHAIN.orgKeys.publicKey().toUncompressedPoint(), 1, 17);
        assertFalse(s.toLowerCase().contains(keyHex), s);
        assertFalse(s.toLowerCase().contains(CHAIN.org.signature().toHex().substring(0, 16).toLowerCase()), s);
    }

    @Test
    void shorterTextIsPaddedWithZerosAndDecodesBack() throws Exception {
        Sm2KeyPair k = Sm2KeyPair.generate(new SecureRandom());
        CardCertificate c = CardCertificate.builder().type(CardCertificateType.ORGANISATION).subjectId("4401")
                .issuerId("00000000000000ff").validity(LocalDate.of(2025, 2, 28), LocalDate.of(2025, 2, 28))
                .subjectName("").publicKey(k.publicKey()).signWith(k.privateKey());
        assertEquals("4401", c.subjectId());
        assertEquals("00000000000000FF", c.issuerId());
        assertEquals("", c.subjectName());
        assertArrayEquals(new byte[] {'4', '4', '0', '1', 0, 0, 0, 0, 0, 0}, range(c.encoded(), 2, 10));
        c.verifySignature(k.publicKey());
    }

    private static MalformedDataException malformed(Bytes b) {
        return assertThrows(MalformedDataException.class, () -> CardCertificate.decode(b));
    }

    @Test
    void decodeNamesTheFieldAndOffset() {
        Bytes org = CHAIN.org.encoded();
        Bytes iss = CHAIN.issuer.encoded();

        assertEquals(0, malformed(Bytes.empty()).offset());
        assertEquals("card certificate version", malformed(RecordSignatureTestChain.flip(org, 0, 0x02)).element());
        MalformedDataException type = malformed(RecordSignatureTestChain.flip(org, 1, 0x04));
        assertEquals("card certificate type", type.element());
        assertEquals(1, type.offset());
        // the type byte decides the length: an organisation certificate claiming to be an issuer one
        MalformedDataException length = malformed(RecordSignatureTestChain.flip(org, 1, 0x03));
        assertEquals("card certificate", length.element());
        assertTrue(length.getMessage().contains("180"), length.getMessage());
        assertEquals("card certificate", malformed(org.slice(0, 189)).element());
        assertEquals("card certificate", malformed(iss.slice(0, 179)).element());

        // validFrom month 13 (organisation offset 20, issuer offset 18)
        byte[] b = org.toByteArray();
        b[22] = 0x13;
        MalformedDataException from = malformed(Bytes.copyOf(b));
        assertEquals("card certificate validFrom", from.element());
        assertTrue(from.offset() >= 20 && from.offset() < 24, "offset " + from.offset());
        b = iss.toByteArray();
        b[24] = (byte) 0xA1; // validTo day nibble A
        MalformedDataException to = malformed(Bytes.copyOf(b));
        assertEquals("card certificate validTo", to.element());
        assertEquals(24, to.offset());
        // validTo before validFrom
        b = org.toByteArray();
        System.arraycopy(Bcd.encodeDate(LocalDate.of(2023, 12, 31)), 0, b, 24, 4);
        MalformedDataException order = malformed(Bytes.copyOf(b));
        assertEquals("card certificate validTo", order.element());
        assertEquals(24, order.offset());

        // subject name: text, then a non-padding byte after the 00 padding (offset 28 + 4)
        b = org.toByteArray();
        byte[] name = new byte[30];
        name[0] = 'A';
        name[1] = 'B';
        name[5] = 'C';
        System.arraycopy(name, 0, b, 28, 30);
        MalformedDataException text = malformed(Bytes.copyOf(b));
        assertEquals("card certificate subjectName", text.element());
        assertEquals(33, text.offset());
        // organisation subject ID: a lone GBK lead byte
        b = org.toByteArray();
        Arrays.fill(b, 2, 12, (byte) 0);
        b[2] = (byte) 0x81;
        assertEquals("card certificate subjectId", malformed(Bytes.copyOf(b)).element());

        // public key not on the curve
        MalformedDataException key = malformed(RecordSignatureTestChain.flip(org, 58 + 63, 0x01));
        assertEquals("card certificate publicKey", key.element());
        assertEquals(58, key.offset());
        assertEquals(48, malformed(RecordSignatureTestChain.flip(iss, 48, 0x01)).offset());

        // reserved bytes
        for (int i = 186; i < 190; i++) {
            MalformedDataException r = malformed(RecordSignatureTestChain.flip(org, i, 0x80));
            assertEquals("card certificate reserved", r.element());
            assertEquals(i, r.offset());
        }
        assertEquals(179, malformed(RecordSignatureTestChain.flip(iss, 179, 0x01)).offset());
    }

    @Test
    void messagesNeverContainTheBytes() {
        Bytes bad = RecordSignatureTestChain.flip(CHAIN.org.encoded(), 58, 0x01);
        String m = malformed(bad).getMessage();
        assertFalse(m.toLowerCase().contains(bad.slice(58, 66).toHex().toLowerCase()), m);
    }

    @Test
    void builderRefusesWhatDoesNotFit() {
        Sm2KeyPair k = CHAIN.orgKeys;
        LocalDate d = LocalDate.of(2025, 1, 1);
        CardCertificate.Builder ok = CardCertificate.builder().type(CardCertificateType.ISSUER)
                .subjectId("0011223344556677").issuerId("8899AABBCCDDEEFF").validity(d, d).subjectName("x")
                .publicKey(k.publicKey());
        ok.signWith(k.privateKey());
        assertEquals("subjectId", assertThrows(InvalidInputException.class,
                () -> ok.subjectId("0011").signWith(k.privateKey())).field());
        assertEquals("subjectId", assertThrows(InvalidInputException.class,
                () -> ok.subjectId("00112233445566GG").signWith(k.privateKey())).field());
        ok.subjectId("0011223344556677");
        assertEquals("issuerId", assertThrows(InvalidInputException.class,
                () -> ok.issuerId("8899AABBCCDDEEFF00").signWith(k.privateKey())).field());
        ok.issuerId("8899AABBCCDDEEFF");
        assertEquals("subjectName", assertThrows(InvalidInputException.class,
                () -> ok.subjectName("一二三四五六七八九十一十").signWith(k.privateKey())).field()); // 24 bytes > 22
        assertEquals("subjectName", assertThrows(InvalidInputException.class,
                () -> ok.subjectName("trailing ").signWith(k.privateKey())).field());
        ok.subjectName("一二三四五六七八九十一"); // exactly 22 bytes
        ok.signWith(k.privateKey());
        assertEquals("validity", assertThrows(InvalidInputException.class,
                () -> ok.validity(d, d.minusDays(1))).field());
        assertEquals("validity", assertThrows(InvalidInputException.class,
                () -> ok.validity(LocalDate.of(10000, 1, 1), LocalDate.of(10000, 1, 2))).field());

        CardCertificate.Builder org = CardCertificate.builder().type(CardCertificateType.ORGANISATION)
                .issuerId("8899AABBCCDDEEFF").validity(d, d).subjectName("x").publicKey(k.publicKey());
        assertEquals("subjectId", assertThrows(InvalidInputException.class,
                () -> org.signWith(k.privateKey())).field());
        assertEquals("subjectId", assertThrows(InvalidInputException.class,
                () -> org.subjectId("").signWith(k.privateKey())).field());
        assertEquals("subjectId", assertThrows(InvalidInputException.class,
                () -> org.subjectId("12345678901").signWith(k.privateKey())).field());
        assertEquals("type", assertThrows(InvalidInputException.class,
                () -> CardCertificate.builder().signWith(k.privateKey())).field());
        assertEquals("publicKey", assertThrows(InvalidInputException.class,
                () -> CardCertificate.builder().type(CardCertificateType.ORGANISATION).subjectId("1")
                        .issuerId("8899AABBCCDDEEFF").validity(d, d).subjectName("x")
                        .signWith(k.privateKey())).field());
    }

    /** Random bytes, random mutations of valid certificates and random truncations only ever give typed failures. */
    @Test
    void fuzzedDecodeThrowsOnlyMalformedData() {
        long seed = 0xCE57_F022L;
        SplittableRandom rnd = new SplittableRandom(seed);
        Bytes[] valid = {CHAIN.issuer.encoded(), CHAIN.org.encoded()};
        int decoded = 0;
        int malformed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b;
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    b = new byte[rnd.nextInt(200)];
                    rnd.nextBytes(b);
                }
                case 1 -> {
                    b = new byte[rnd.nextBoolean() ? 180 : 190];
                    rnd.nextBytes(b);
                    b[0] = 1;
                    b[1] = (byte) (b.length == 180 ? 1 : 2);
                }
                case 2 -> {
                    b = valid[rnd.nextInt(2)].toByteArray();
                    int n = 1 + rnd.nextInt(4);
                    for (int j = 0; j < n; j++) {
                        b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                    }
                }
                default -> {
                    byte[] v = valid[rnd.nextInt(2)].toByteArray();
                    b = Arrays.copyOf(v, rnd.nextInt(v.length + 10));
                }
            }
            try {
                CardCertificate c = CardCertificate.decode(Bytes.copyOf(b));
                assertEquals(Bytes.copyOf(b), c.encoded(), "seed " + Long.toHexString(seed) + " case " + i);
                decoded++;
            } catch (MalformedDataException e) {
                assertTrue(e.offset() >= 0 && e.offset() <= Math.max(b.length, 190), "offset " + e.offset());
                malformed++;
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + Long.toHexString(seed) + " case " + i + " threw "
                        + e.getClass().getName(), e);
            }
        }
        assertTrue(decoded > 100, "decoded " + decoded); // mutations of signature bytes still decode
        assertTrue(malformed > 10_000, "malformed " + malformed);
    }
}
