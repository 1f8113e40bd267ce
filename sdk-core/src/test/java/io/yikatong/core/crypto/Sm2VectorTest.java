package io.yikatong.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.crypto.internal.Sm2Hash;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests on the recommended curve from GB/T 32918.5-2017 (GM/T 0003.5) Annex A: private key
 * 3945208F...C5B8, ID "1234567812345678", nonce k 59276E27...BC21; signature over "message digest" and encryption of
 * "encryption standard". The same values are used by OpenSSL's own test suite (openssl/openssl
 * test/sm2_internal_test.c, test_sm2_sign and test_sm2_crypt with the "sm2p256v1" group), which also gives the DER
 * ciphertext checked below.
 */
class Sm2VectorTest {

    private static final HexFormat HEX = HexFormat.of();
    static final String D = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
    static final String PUB = "04"
            + "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
            + "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";
    static final String ZA = "B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3";
    static final String E = "F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640";
    static final String K = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21";
    static final String R = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3";
    static final String S = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";
    static final String C1 = "04"
            + "04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73"
            + "E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0";
    static final String C3 = "59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766";
    static final String C2 = "21886CA989CA9C7D58087307CA93092D651EFA";
    /** From openssl test/sm2_internal_test.c (GM/T 0009 DER of the same ciphertext). */
    static final String DER_CT = "307C"
            + "0220" + "04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73"
            + "022100" + "E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0"
            + "0420" + C3
            + "0413" + C2;

    static byte[] hex(String s) {
        return HEX.parseHex(s.toLowerCase());
    }

    static Sm2PrivateKey standardKey() throws KeyFormatException {
        return Sm2PrivateKey.fromRawScalar(hex(D), InsecureKeyAccess.get());
    }

    @Test
    void publicKeyAndZMatchStandard() throws Exception {
        Sm2PrivateKey key = standardKey();
        assertArrayEquals(hex(PUB), key.publicKey().toUncompressedPoint());
        assertArrayEquals(hex(ZA), Sm2Hash.z("1234567812345678".getBytes(StandardCharsets.US_ASCII),
                key.publicKey().state().point()));
        byte[] e = Sm2Hash.withPrefix(hex(ZA)).digest("message digest".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(hex(E), e);
    }

    @Test
    void publicDigestMatchesStandardAndTheSigner() throws Exception {
        Sm2PublicKey pub = standardKey().publicKey();
        Sm2Digest d = Sm2Digest.of(pub);
        assertArrayEquals(hex(ZA), d.z());
        byte[] msg = "message digest".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(hex(E), d.digest(msg));
        assertArrayEquals(hex(E), Sm2Digest.of(pub, "1234567812345678").digest(msg));
        assertArrayEquals(hex(E), Sm2Digest.of(pub, "1234567812345678".getBytes(StandardCharsets.US_ASCII))
                .digest(msg));
        assertArrayEquals("1234567812345678".getBytes(StandardCharsets.US_ASCII), d.userId());
        // another ID, another Z: the empty ID (OpenSSL without distid) and the internal hash agree
        byte[] emptyZ = Sm2Hash.z(new byte[0], pub.state().point());
        assertArrayEquals(emptyZ, Sm2Digest.of(pub, new byte[0]).z());
        assertArrayEquals(Sm2Hash.withPrefix(emptyZ).digest(msg), Sm2Digest.of(pub, "").digest(msg));
        io.yikatong.core.InvalidInputException tooLong = assertThrows(io.yikatong.core.InvalidInputException.class,
                () -> Sm2Digest.of(pub, new byte[Sm2Digest.MAX_USER_ID_BYTES + 1]));
        assertEquals("userId", tooLong.field());
        d.z()[0] ^= 1; // z() returns a copy
        assertArrayEquals(hex(ZA), d.z());
    }

    @Test
    void signatureWithFixedKMatchesStandard() throws Exception {
        Sm2Signer raw = Sm2Signer.builder(standardKey()).format(Sm2SignatureFormat.RAW).build();
        byte[] msg = "message digest".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = raw.signWithFixedK(msg, new BigInteger(K, 16));
        assertEquals(R + S, HEX.formatHex(sig).toUpperCase());

        Sm2Signer der = Sm2Signer.builder(standardKey()).build();
        byte[] derSig = der.signWithFixedK(msg, new BigInteger(K, 16));
        // Both r and s have the top bit set, so each INTEGER gets a 00 pad: 30 46 02 21 00 r 02 21 00 s.
        assertEquals("3046022100" + R + "022100" + S, HEX.formatHex(derSig).toUpperCase());

        Sm2PublicKey pub = Sm2PublicKey.fromRawPoint(hex(PUB));
        Sm2Verifier.builder(pub).format(Sm2SignatureFormat.RAW).build().verify(msg, sig);
        Sm2Verifier.builder(pub).build().verify(msg, derSig);
        assertThrows(SignatureVerificationException.class,
                () -> Sm2Verifier.builder(pub).build().verify("message digesT".getBytes(StandardCharsets.US_ASCII),
                        derSig));
    }

    @Test
    void encryptionWithFixedKMatchesStandardInAllLayouts() throws Exception {
        Sm2PrivateKey key = standardKey();
        byte[] m = "encryption standard".getBytes(StandardCharsets.US_ASCII);
        BigInteger k = new BigInteger(K, 16);
        String[][] expected = {
            {"C1C3C2", C1 + C3 + C2},
            {"C1C2C3", C1 + C2 + C3},
            {"C1C3C2_DER", DER_CT},
            {"C1C2C3_DER", "307C0220" + C1.substring(2, 66) + "022100" + C1.substring(66) + "0413" + C2 + "0420" + C3},
        };
        for (String[] row : expected) {
            Sm2CiphertextFormat f = Sm2CiphertextFormat.valueOf(row[0]);
            byte[] ct = Sm2Encrypter.builder(key.publicKey()).format(f).build().encryptWithFixedK(m, k);
            assertEquals(row[1], HEX.formatHex(ct).toUpperCase(), row[0]);
            assertArrayEquals(m, Sm2Decrypter.create(key, f).decrypt(hex(row[1])), row[0]);
        }
    }
}
