package io.yikatong.core.crypto;

import static io.yikatong.core.crypto.Sm3Sm4TestSupport.HEX;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.assertHexEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.macs.CBCBlockCipherMac;
import org.bouncycastle.crypto.paddings.ISO7816d4Padding;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class Sm4MacTest {

    private static final long SEED = 0x9797L;

    /** Independent computation: BC's CBC-MAC with ISO 7816-4 padding (= ISO 9797-1 method 2), or none. */
    private static byte[] bcMac(byte[] key, byte[] iv, byte[] data, boolean pad) {
        CBCBlockCipherMac mac = pad ? new CBCBlockCipherMac(new SM4Engine(), 128, new ISO7816d4Padding())
                : new CBCBlockCipherMac(new SM4Engine(), 128);
        mac.init(new ParametersWithIV(new KeyParameter(key), iv));
        mac.update(data, 0, data.length);
        byte[] out = new byte[16];
        mac.doFinal(out, 0);
        return out;
    }

    @Test
    void matchesBouncyCastleIso9797Method2() {
        Random rnd = new Random(SEED);
        for (int iter = 0; iter < 500; iter++) {
            byte[] key = new byte[16];
            byte[] iv = new byte[16];
            rnd.nextBytes(key);
            if (iter % 2 == 0) {
                rnd.nextBytes(iv);
            }
            byte[] data = new byte[iter < 70 ? iter : rnd.nextInt(2000)];
            rnd.nextBytes(data);
            Sm4Mac mac = Sm4Mac.of(Sm4Key.of(key), Sm4Mac.Padding.ISO9797_1_METHOD_2);
            byte[] expected = bcMac(key, iv, data, true);
            String ctx = "seed=" + SEED + " iter=" + iter + " len=" + data.length;
            assertHexEquals(expected, mac.compute(iv, data), ctx);
            assertHexEquals(Arrays.copyOf(expected, 4), mac.compute4(iv, data), "4 bytes " + ctx);
            assertHexEquals(Arrays.copyOf(expected, 4),
                    Sm4Mac.of(Sm4Key.of(key), Sm4Mac.Padding.ISO9797_1_METHOD_2, 4).compute(iv, data), ctx);
        }
    }

    @Test
    void matchesBouncyCastleWithoutPadding() {
        Random rnd = new Random(SEED + 1);
        for (int iter = 0; iter < 200; iter++) {
            byte[] key = new byte[16];
            byte[] iv = new byte[16];
            rnd.nextBytes(key);
            rnd.nextBytes(iv);
            byte[] data = new byte[16 * (1 + rnd.nextInt(100))];
            rnd.nextBytes(data);
            Sm4Mac mac = Sm4Mac.of(Sm4Key.of(key), Sm4Mac.Padding.NONE);
            assertHexEquals(bcMac(key, iv, data, false), mac.compute(iv, data), "iter=" + iter);
        }
    }

    @Test
    void macIsTheLastCbcBlockOfTheManuallyPaddedMessage() throws Exception {
        // Cross-check against our own CBC: pad by hand, CBC-encrypt, take the last block.
        Sm4Key key = Sm4Key.of(HEX.parseHex("0123456789abcdeffedcba9876543210"));
        byte[] data = HEX.parseHex("04dc0104140102030405");
        byte[] padded = HEX.parseHex("04dc010414010203040580000000000000");
        padded = Arrays.copyOf(padded, 16);
        byte[] iv = new byte[16];
        byte[] cbc = Sm4Cipher.builder().key(key).mode(Sm4Mode.CBC).padding(Sm4Padding.NONE).build()
                .encrypt(iv, padded);
        assertArrayEquals(Arrays.copyOfRange(cbc, cbc.length - 16, cbc.length),
                Sm4Mac.of(key, Sm4Mac.Padding.ISO9797_1_METHOD_2).compute(iv, data));
    }

    /**
     * Health-card secure-messaging record write (health-card-spec §1.8, vendor UpdateRecEncMac): session key from the
     * SAM, plain = L || TLV padded 80 00.. to 16, encrypted (SM4-ECB as the SAM's 80FA 0000 does), then
     * MAC = 80FA 0500 over 16x00 IV || (04DC rec 04 Lc) || ciphertext, padded 80 00..; first 4 bytes appended.
     */
    @Test
    void healthCardSecureMessagingRecordWrite() throws Exception {
        byte[] sessionKey = HEX.parseHex("8a1f2c3d4e5f60718293a4b5c6d7e8f9");
        Sm4Key key = Sm4Key.of(sessionKey);
        byte[] tlv = HEX.parseHex("2a08" + "3230323630313031"); // record with tag 0x2A, 8 bytes of text
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        plain.write(tlv.length);
        plain.write(tlv);
        plain.write(0x80);
        while (plain.size() % 16 != 0) {
            plain.write(0);
        }
        byte[] ciphertext = Sm4Cipher.builder().key(key).mode(Sm4Mode.ECB).padding(Sm4Padding.NONE).build()
                .encrypt(plain.toByteArray());
        int record = 0x03;
        int lc = ciphertext.length + 4;
        byte[] header = {0x04, (byte) 0xDC, (byte) record, 0x04, (byte) lc};
        byte[] macInput = Arrays.copyOf(header, header.length + ciphertext.length);
        System.arraycopy(ciphertext, 0, macInput, header.length, ciphertext.length);

        Sm4Mac mac = Sm4Mac.of(key, Sm4Mac.Padding.ISO9797_1_METHOD_2, 4);
        byte[] mac4 = mac.compute(Sm4Mac.zeroIv(), macInput);

        // independent: BC CBC-MAC with ISO 7816-4 padding over the same bytes, zero IV
        byte[] expected = bcMac(sessionKey, new byte[16], macInput, true);
        assertHexEquals(Arrays.copyOf(expected, 4), mac4, "MAC4 of 04DC record write");
        // and the SAM view: the data field of 80FA 0500 is IV || message, which we split the same way
        assertEquals(5 + 16, macInput.length);
        ByteArrayOutputStream apdu = new ByteArrayOutputStream();
        apdu.write(header);
        apdu.write(ciphertext);
        apdu.write(mac4);
        byte[] cmd = apdu.toByteArray();
        assertEquals(lc, cmd.length - 5);
        assertDoesNotThrow(() -> mac.verify(Sm4Mac.zeroIv(), Arrays.copyOf(cmd, cmd.length - 4),
                Arrays.copyOfRange(cmd, cmd.length - 4, cmd.length)));
    }

    @Test
    void verifyRejectsWrongMacsAndLengths() {
        Sm4Key key = Sm4Key.generate(new SecureRandom());
        Sm4Mac mac4 = Sm4Mac.of(key, Sm4Mac.Padding.ISO9797_1_METHOD_2, 4);
        Sm4Mac mac16 = Sm4Mac.of(key, Sm4Mac.Padding.ISO9797_1_METHOD_2);
        byte[] iv = Sm4Mac.zeroIv();
        byte[] data = {1, 2, 3};
        byte[] full = mac16.compute(iv, data);
        assertDoesNotThrow(() -> mac16.verify(iv, data, full));
        assertDoesNotThrow(() -> mac4.verify(iv, data, Arrays.copyOf(full, 4)));
        // a 4-byte MAC is not accepted by a 16-byte configuration, nor the reverse
        SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
                () -> mac16.verify(iv, data, Arrays.copyOf(full, 4)));
        assertEquals(CoreErrorCode.MAC_INVALID, e.errorCode());
        assertThrows(SignatureVerificationException.class, () -> mac4.verify(iv, data, full));
        for (int i = 0; i < 4; i++) {
            byte[] bad = Arrays.copyOf(full, 4);
            bad[i] ^= 0x10;
            assertThrows(SignatureVerificationException.class, () -> mac4.verify(iv, data, bad));
        }
        byte[] otherIv = iv.clone();
        otherIv[15] = 1;
        assertThrows(SignatureVerificationException.class, () -> mac16.verify(otherIv, data, full));
    }

    @Test
    void argumentErrorsNameTheField() {
        Sm4Key key = Sm4Key.generate(new SecureRandom());
        Sm4Mac none = Sm4Mac.of(key, Sm4Mac.Padding.NONE);
        assertEquals("data", assertThrows(InvalidInputException.class, () -> none.compute(new byte[16],
                new byte[15])).field());
        assertEquals("data", assertThrows(InvalidInputException.class, () -> none.compute(new byte[16],
                new byte[0])).field());
        assertEquals("iv", assertThrows(InvalidInputException.class, () -> none.compute(new byte[8],
                new byte[16])).field());
        assertEquals("macLength", assertThrows(InvalidInputException.class,
                () -> Sm4Mac.of(key, Sm4Mac.Padding.NONE, 3)).field());
        assertEquals("macLength", assertThrows(InvalidInputException.class,
                () -> Sm4Mac.of(key, Sm4Mac.Padding.NONE, 17)).field());
        assertEquals("padding", assertThrows(InvalidInputException.class, () -> Sm4Mac.of(key, null)).field());
        assertEquals("key", assertThrows(InvalidInputException.class,
                () -> Sm4Mac.of(null, Sm4Mac.Padding.NONE)).field());
    }
}
