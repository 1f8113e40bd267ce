package io.yikatong.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm2Curve;
import io.yikatong.core.crypto.internal.Sm2Der;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Negative and fuzz tests for signatures and ciphertexts: only the typed exceptions, never another one. */
class Sm2NegativeTest {

    private static final long SEED = 0xBAD_5EEDL;
    private static final byte[] MSG = "门诊缴费 payment notification #42".getBytes(StandardCharsets.UTF_8);
    private final Sm2KeyPair kp = Sm2KeyPair.generate(new SecureRandom());

    private Sm2Verifier verifier(Sm2SignatureFormat f) {
        return Sm2Verifier.builder(kp.publicKey()).format(f).build();
    }

    private byte[] sign(Sm2SignatureFormat f) {
        return Sm2Signer.builder(kp.privateKey()).format(f).build().sign(MSG);
    }

    private static void rejects(Sm2Verifier v, byte[] msg, byte[] sig, String ctx) {
        try {
            v.verify(msg, sig);
            fail("accepted: " + ctx);
        } catch (SignatureVerificationException expected) {
            // the only allowed outcome
        } catch (RuntimeException e) {
            throw new AssertionError("wrong exception for " + ctx + ": " + e, e);
        }
    }

    @Test
    void everyByteAndBitOfSignatureMatters() {
        for (Sm2SignatureFormat f : Sm2SignatureFormat.values()) {
            byte[] sig = sign(f);
            Sm2Verifier v = verifier(f);
            assertDoesVerify(v, MSG, sig);
            for (int i = 0; i < sig.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] bad = sig.clone();
                    bad[i] ^= (byte) (1 << bit);
                    rejects(v, MSG, bad, f + " byte " + i + " bit " + bit);
                }
            }
        }
    }

    private static void assertDoesVerify(Sm2Verifier v, byte[] msg, byte[] sig) {
        try {
            v.verify(msg, sig);
        } catch (SignatureVerificationException e) {
            throw new AssertionError("valid signature rejected", e);
        }
    }

    @Test
    void tamperedMessageWrongKeyWrongIdWrongFormat() {
        byte[] der = sign(Sm2SignatureFormat.DER);
        byte[] raw = sign(Sm2SignatureFormat.RAW);
        for (int i = 0; i < MSG.length; i++) {
            byte[] m = MSG.clone();
            m[i] ^= 0x01;
            rejects(verifier(Sm2SignatureFormat.DER), m, der, "message byte " + i);
        }
        rejects(verifier(Sm2SignatureFormat.DER), Arrays.copyOf(MSG, MSG.length + 1), der, "appended byte");
        Sm2PublicKey other = Sm2KeyPair.generate(new SecureRandom()).publicKey();
        rejects(Sm2Verifier.builder(other).build(), MSG, der, "wrong key");
        rejects(Sm2Verifier.builder(kp.publicKey()).userId("1234567812345679").build(), MSG, der, "wrong ID");
        rejects(Sm2Verifier.builder(kp.publicKey()).userId("").build(), MSG, der, "empty ID");
        rejects(verifier(Sm2SignatureFormat.DER), MSG, raw, "RAW given to DER verifier");
        rejects(verifier(Sm2SignatureFormat.RAW), MSG, der, "DER given to RAW verifier");
    }

    @Test
    void outOfRangeScalarsAreRejected() {
        BigInteger n = Sm2Curve.N;
        BigInteger one = BigInteger.ONE;
        BigInteger[][] pairs = {
            {BigInteger.ZERO, one}, {one, BigInteger.ZERO}, {n, one}, {one, n}, {n.add(one), one},
            {one, n.add(one)}, {BigInteger.TWO.pow(256).subtract(one), one}, {one, n.subtract(one)},
        };
        for (BigInteger[] p : pairs) {
            byte[] raw = new byte[64];
            if (p[0].bitLength() <= 256 && p[1].bitLength() <= 256) {
                System.arraycopy(Sm2Curve.to32(p[0]), 0, raw, 0, 32);
                System.arraycopy(Sm2Curve.to32(p[1]), 0, raw, 32, 32);
                rejects(verifier(Sm2SignatureFormat.RAW), MSG, raw, "raw r=" + p[0] + " s=" + p[1]);
            }
            rejects(verifier(Sm2SignatureFormat.DER), MSG, Sm2Der.encodeSignature(p[0], p[1]),
                    "der r=" + p[0] + " s=" + p[1]);
        }
    }

    @Test
    void nonStrictDerIsRejected() {
        byte[] der = sign(Sm2SignatureFormat.DER);
        Sm2Verifier v = verifier(Sm2SignatureFormat.DER);
        for (int len = 0; len < der.length; len++) {
            rejects(v, MSG, Arrays.copyOf(der, len), "truncated to " + len);
        }
        rejects(v, MSG, Arrays.copyOf(der, der.length + 1), "trailing zero byte");
        // Rebuild with a non-minimal r (extra 00 before a byte below 0x80) and a negative r.
        Sm2Der d = Sm2Der.openSequence(der);
        BigInteger r = d.readUnsignedInteger("r");
        BigInteger s = d.readUnsignedInteger("s");
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        byte[] padded = concat(new byte[] {0x00, 0x00}, rb);
        rejects(v, MSG, seq(concat(integer(padded), integer(sb))), "non-minimal r");
        byte[] neg = r.negate().toByteArray();
        rejects(v, MSG, seq(concat(integer(neg), integer(sb))), "negative r");
        // long-form length where short form is required
        byte[] content = concat(integer(rb), integer(sb));
        rejects(v, MSG, concat(new byte[] {0x30, (byte) 0x81, (byte) content.length}, content), "long-form length");
        // indefinite length (BER)
        rejects(v, MSG, concat(concat(new byte[] {0x30, (byte) 0x80}, content), new byte[] {0, 0}), "indefinite");
        // wrong outer tag, extra element
        rejects(v, MSG, concat(new byte[] {0x31, (byte) content.length}, content), "SET instead of SEQUENCE");
        byte[] extra = concat(content, integer(new byte[] {1}));
        rejects(v, MSG, seq(extra), "three integers");
        // the minimal re-encoding is accepted (control)
        assertDoesVerify(v, MSG, seq(content));
    }

    private static byte[] integer(byte[] v) {
        return concat(new byte[] {0x02, (byte) v.length}, v);
    }

    private static byte[] seq(byte[] content) {
        return concat(new byte[] {0x30, (byte) content.length}, content);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] o = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }

    @Test
    void fuzzSignatureDecoders() {
        Random rnd = new Random(SEED);
        byte[] der = sign(Sm2SignatureFormat.DER);
        byte[] raw = sign(Sm2SignatureFormat.RAW);
        for (int i = 0; i < 3000; i++) {
            String ctx = "seed=" + SEED + " iteration=" + i;
            boolean useDer = rnd.nextBoolean();
            byte[] base = useDer ? der : raw;
            byte[] input;
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    input = new byte[rnd.nextInt(100)];
                    rnd.nextBytes(input);
                }
                case 1 -> {
                    input = base.clone();
                    for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                        input[rnd.nextInt(input.length)] = (byte) rnd.nextInt(256);
                    }
                }
                default -> input = Arrays.copyOf(base, rnd.nextInt(base.length + 8));
            }
            if (Arrays.equals(input, base)) {
                continue;
            }
            rejects(verifier(useDer ? Sm2SignatureFormat.DER : Sm2SignatureFormat.RAW), MSG, input, ctx);
        }
    }

    @Test
    void fuzzCiphertextDecoders() {
        Random rnd = new Random(SEED + 7);
        byte[] m = "病历摘要".getBytes(StandardCharsets.UTF_8);
        for (Sm2CiphertextFormat f : Sm2CiphertextFormat.values()) {
            byte[] ct = Sm2Encrypter.builder(kp.publicKey()).format(f).build().encrypt(m);
            Sm2Decrypter dec = Sm2Decrypter.create(kp.privateKey(), f);
            try {
                assertArrayEquals(m, dec.decrypt(ct));
            } catch (DecryptionException e) {
                throw new AssertionError(e);
            }
            for (int i = 0; i < 600; i++) {
                String ctx = f + " seed=" + (SEED + 7) + " iteration=" + i;
                byte[] input;
                switch (rnd.nextInt(4)) {
                    case 0 -> {
                        input = new byte[rnd.nextInt(200)];
                        rnd.nextBytes(input);
                    }
                    case 1 -> {
                        input = ct.clone();
                        input[rnd.nextInt(input.length)] ^= (byte) (1 + rnd.nextInt(255));
                    }
                    case 2 -> input = Arrays.copyOf(ct, rnd.nextInt(ct.length));
                    default -> input = concat(ct, new byte[] {(byte) rnd.nextInt(256)});
                }
                try {
                    byte[] out = dec.decrypt(input);
                    fail("accepted " + ctx + " -> " + HexFormat.of().formatHex(out));
                } catch (DecryptionException expected) {
                    // the only allowed outcome
                } catch (RuntimeException e) {
                    throw new AssertionError("wrong exception for " + ctx + ": " + e, e);
                }
            }
        }
    }

    @Test
    void ciphertextWithPointOffCurveIsRejected() {
        byte[] ct = Sm2Encrypter.builder(kp.publicKey()).build().encrypt(MSG);
        ct[64] ^= 1; // y of C1
        assertThrows(DecryptionException.class,
                () -> Sm2Decrypter.create(kp.privateKey(), Sm2CiphertextFormat.C1C3C2).decrypt(ct));
        assertThrows(InvalidInputException.class,
                () -> Sm2Encrypter.builder(kp.publicKey()).build().encrypt(new byte[0]));
    }
}
