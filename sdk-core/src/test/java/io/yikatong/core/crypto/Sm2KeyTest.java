package io.yikatong.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm2Curve;
import io.yikatong.core.crypto.internal.Sm2KeyCache;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/** Key codecs, validation, the decoded-key cache, redaction, fuzzing of key parsers, and thread safety. */
class Sm2KeyTest {

    private static final long SEED = 0x4B3_5EEDL;
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void pemAndDerRoundTrip() throws Exception {
        Sm2KeyPair kp = Sm2KeyPair.generate(new SecureRandom());
        Sm2PrivateKey priv = kp.privateKey();
        byte[] pkcs8 = priv.toPkcs8Der(InsecureKeyAccess.get());
        assertEquals(kp.publicKey(), Sm2PrivateKey.fromPkcs8Der(pkcs8).publicKey());
        assertEquals(kp.publicKey(), Sm2PrivateKey.fromPem(priv.toPkcs8Pem(InsecureKeyAccess.get())).publicKey());
        assertArrayEquals(priv.toRawScalar(InsecureKeyAccess.get()),
                Sm2PrivateKey.fromRawScalar(priv.toRawScalar(InsecureKeyAccess.get()), InsecureKeyAccess.get())
                        .toRawScalar(InsecureKeyAccess.get()));
        Sm2PublicKey pub = kp.publicKey();
        assertEquals(pub, Sm2PublicKey.fromX509Der(pub.toX509Der()));
        assertEquals(pub, Sm2PublicKey.fromPem("junk before\n" + pub.toX509Pem() + "junk after"));
        byte[] p65 = pub.toUncompressedPoint();
        assertEquals(pub, Sm2PublicKey.fromRawPoint(Arrays.copyOfRange(p65, 1, 65)));
        ECPoint q = Sm2Curve.CURVE.decodePoint(p65);
        assertEquals(pub, Sm2PublicKey.fromRawPoint(q.getEncoded(true)));
        assertEquals(pub.hashCode(), Sm2PublicKey.fromRawPoint(q.getEncoded(true)).hashCode());
        assertNotEquals(pub, Sm2KeyPair.generate(new SecureRandom()).publicKey());
    }

    /** The same PEM with the last Base64 character before the padding given non-zero unused bits. */
    private static List<String> nonCanonical(String pem) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int end = pem.indexOf("-----END");
        int last = pem.lastIndexOf('=', end);
        int pad = pem.charAt(last - 1) == '=' ? 2 : 1;
        int at = last - pad;
        int value = alphabet.indexOf(pem.charAt(at));
        List<String> out = new ArrayList<>();
        for (int low = 1; low <= (pad == 2 ? 0x0F : 0x03); low++) {
            out.add(pem.substring(0, at) + alphabet.charAt(value | low) + pem.substring(at + 1));
        }
        return out;
    }

    @Test
    void pemBodiesAreReadCanonically() throws Exception {
        Sm2PublicKey pub = Sm2KeyPair.generate(new SecureRandom()).publicKey();
        String pem = pub.toX509Pem(); // 91 bytes of DER: ends in "=="
        assertEquals(pub, Sm2PublicKey.fromPem(pem));
        assertEquals(pub, Sm2PublicKey.fromPem(pem.replace("\n", "\r\n")));
        List<String> others = nonCanonical(pem);
        assertEquals(15, others.size());
        for (String other : others) {
            assertThrows(KeyFormatException.class, () -> Sm2PublicKey.fromPem(other));
        }
        String cert;
        try (var in = Sm2KeyTest.class.getResourceAsStream("/vectors/sm2/fuzz-seed-ca.pem")) {
            cert = new String(in.readAllBytes(), StandardCharsets.US_ASCII); // ends in "="
        }
        Sm2Certificate.fromPem(cert);
        for (String other : nonCanonical(cert)) {
            assertThrows(CertificateValidationException.class, () -> Sm2Certificate.fromPem(other));
        }
        String noPadding = cert.replace("=\n-----END", "\n-----END");
        assertThrows(CertificateValidationException.class, () -> Sm2Certificate.fromPem(noPadding));
    }

    @Test
    void invalidPointsAndScalarsAreRejected() {
        byte[] p = Sm2KeyPair.generate(new SecureRandom()).publicKey().toUncompressedPoint();
        byte[] offCurve = p.clone();
        offCurve[64] ^= 1;
        assertThrows(KeyFormatException.class, () -> Sm2PublicKey.fromRawPoint(offCurve));
        byte[] badPrefix = p.clone();
        badPrefix[0] = 0x05;
        assertThrows(KeyFormatException.class, () -> Sm2PublicKey.fromRawPoint(badPrefix));
        assertThrows(KeyFormatException.class, () -> Sm2PublicKey.fromRawPoint(new byte[] {0x00}));
        assertThrows(KeyFormatException.class, () -> Sm2PublicKey.fromRawPoint(new byte[65]));
        assertThrows(KeyFormatException.class, () -> Sm2PublicKey.fromRawPoint(Arrays.copyOf(p, 40)));
        byte[] xTooBig = new byte[33];
        Arrays.fill(xTooBig, (byte) 0xFF);
        xTooBig[0] = 0x02;
        assertThrows(KeyFormatException.class, () -> Sm2PublicKey.fromRawPoint(xTooBig));
        for (BigInteger d : new BigInteger[] {BigInteger.ZERO, Sm2Curve.N.subtract(BigInteger.ONE), Sm2Curve.N,
            BigInteger.TWO.pow(256).subtract(BigInteger.ONE)}) {
            assertThrows(KeyFormatException.class,
                    () -> Sm2PrivateKey.fromRawScalar(Sm2Curve.to32(d), InsecureKeyAccess.get()), d.toString(16));
        }
        assertThrows(KeyFormatException.class, () -> Sm2PrivateKey.fromRawScalar(new byte[31], InsecureKeyAccess.get()));
        assertThrows(InvalidInputException.class,
                () -> Sm2Signer.builder(Sm2KeyPair.generate(new SecureRandom()).privateKey()).userId(new byte[8192]));
    }

    @Test
    void secretsNeverInToStringOrMessages() throws Exception {
        Sm2PrivateKey priv = Sm2VectorTest.standardKey();
        String dHex = Sm2VectorTest.D.toLowerCase();
        assertEquals("Sm2PrivateKey[redacted]", priv.toString());
        Sm2KeyPair kp = Sm2KeyPair.generate(new SecureRandom());
        String kpHex = HEX.formatHex(kp.privateKey().toRawScalar(InsecureKeyAccess.get()));
        assertFalse(kp.toString().toLowerCase().contains(kpHex));
        assertFalse(Sm2Signer.builder(priv).build().toString().toLowerCase().contains(dHex));
        assertFalse(Sm2Decrypter.create(priv, Sm2CiphertextFormat.C1C3C2).toString().toLowerCase().contains(dHex));
        // a PKCS#8 whose embedded public key does not match: the message names the problem, not the key
        byte[] good = priv.toPkcs8Der(InsecureKeyAccess.get());
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> Sm2PrivateKey.fromPkcs8Der(bad));
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage()).toLowerCase();
            assertFalse(msg.contains(dHex) || msg.contains(dHex.substring(0, 16)), msg);
        }
    }

    @Test
    void decodedKeysAreCachedAndCacheIsBounded() throws Exception {
        byte[] p = Sm2KeyPair.generate(new SecureRandom()).publicKey().toUncompressedPoint();
        Sm2PublicKey a = Sm2PublicKey.fromRawPoint(p);
        Sm2PublicKey b = Sm2PublicKey.fromRawPoint(p.clone());
        assertSame(a.state(), b.state());
        Sm2PublicKey c = Sm2PublicKey.fromX509Der(a.toX509Der());
        assertSame(a.state(), c.state());
        SecureRandom sr = new SecureRandom();
        for (int i = 0; i < Sm2KeyCache.CAPACITY + 20; i++) {
            Sm2PublicKey.fromRawPoint(Sm2KeyPair.generate(sr).publicKey().toUncompressedPoint());
        }
        assertTrue(Sm2KeyCache.size() <= Sm2KeyCache.CAPACITY);
        // verification through a per-call decoded key still works after eviction
        Sm2KeyPair kp = Sm2KeyPair.generate(sr);
        byte[] sig = Sm2Signer.builder(kp.privateKey()).build().sign(new byte[] {1, 2, 3});
        Sm2Verifier.builder(Sm2PublicKey.fromRawPoint(kp.publicKey().toUncompressedPoint())).build()
                .verify(new byte[] {1, 2, 3}, sig);
    }

    @Test
    void fuzzKeyParsersOnlyThrowKeyFormatException() throws Exception {
        Random rnd = new Random(SEED);
        Sm2KeyPair kp = Sm2KeyPair.generate(new SecureRandom());
        List<byte[]> bases = new ArrayList<>();
        bases.add(kp.privateKey().toPkcs8Der(InsecureKeyAccess.get()));
        bases.add(kp.publicKey().toX509Der());
        for (int i = 0; i < 4000; i++) {
            String ctx = "seed=" + SEED + " iteration=" + i;
            byte[] base = bases.get(rnd.nextInt(bases.size()));
            byte[] input;
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    input = new byte[rnd.nextInt(160)];
                    rnd.nextBytes(input);
                    if (input.length > 0 && rnd.nextBoolean()) {
                        input[0] = 0x30;
                    }
                }
                case 1 -> {
                    input = base.clone();
                    for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                        input[rnd.nextInt(input.length)] = (byte) rnd.nextInt(256);
                    }
                }
                case 2 -> input = Arrays.copyOf(base, rnd.nextInt(base.length));
                default -> {
                    input = base.clone();
                    input[rnd.nextInt(input.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            byte[] in = input;
            expectOnlyKeyFormat(() -> Sm2PrivateKey.fromPkcs8Der(in), ctx + " pkcs8");
            expectOnlyKeyFormat(() -> Sm2PublicKey.fromX509Der(in), ctx + " spki");
            expectOnlyKeyFormat(() -> Sm2PublicKey.fromRawPoint(in), ctx + " raw");
            String pem = "-----BEGIN " + (rnd.nextBoolean() ? "PRIVATE KEY" : "EC PRIVATE KEY") + "-----\n"
                    + Base64.getMimeEncoder().encodeToString(in) + "\n-----END "
                    + (rnd.nextInt(10) == 0 ? "X" : "") + (rnd.nextBoolean() ? "PRIVATE KEY" : "EC PRIVATE KEY")
                    + "-----\n";
            expectOnlyKeyFormat(() -> Sm2PrivateKey.fromPem(pem), ctx + " pem");
            String text = new String(in, StandardCharsets.ISO_8859_1);
            expectOnlyKeyFormat(() -> Sm2PublicKey.fromPem("-----BEGIN PUBLIC KEY-----\n" + text), ctx + " text");
        }
    }

    interface Parse {
        Object run() throws KeyFormatException;
    }

    private static void expectOnlyKeyFormat(Parse p, String ctx) {
        try {
            p.run();
        } catch (KeyFormatException expected) {
            // the allowed failure; success is also fine for a mutation that kept the key valid
        } catch (RuntimeException | Error e) {
            fail("unexpected " + e + " for " + ctx, e);
        }
    }

    @Test
    void fuzzCertificateParserOnlyThrowsCertificateValidationException() throws Exception {
        Random rnd = new Random(SEED + 3);
        String pem;
        try (var in = Sm2KeyTest.class.getResourceAsStream("/vectors/sm2/fuzz-seed-ca.pem")) {
            pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        Sm2Certificate seed = Sm2Certificate.fromPem(pem);
        assertEquals("C=CN,O=Yikatong Test,CN=Fuzz Seed CA", seed.subject());
        Sm2CertificateValidator.builder().addTrustAnchor(seed).build().validate(List.of(seed));
        byte[] der = seed.encoded().toByteArray();
        for (int i = 0; i < 3000; i++) {
            String ctx = "seed=" + (SEED + 3) + " iteration=" + i;
            byte[] in;
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    in = der.clone();
                    for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                        in[rnd.nextInt(in.length)] ^= (byte) (1 + rnd.nextInt(255));
                    }
                }
                case 1 -> in = Arrays.copyOf(der, rnd.nextInt(der.length));
                default -> {
                    in = new byte[rnd.nextInt(400)];
                    rnd.nextBytes(in);
                }
            }
            try {
                Sm2Certificate c = Sm2Certificate.fromDer(in);
                // a mutation that still parses must not validate unless it is byte-identical to the seed
                if (!Arrays.equals(in, der)) {
                    assertThrows(CertificateValidationException.class,
                            () -> Sm2CertificateValidator.builder().addTrustAnchor(seed).build()
                                    .validate(List.of(c)), ctx);
                }
            } catch (CertificateValidationException expected) {
                // the allowed failure
            } catch (RuntimeException | Error e) {
                fail("unexpected " + e + " " + ctx, e);
            }
        }
    }

    @Test
    void signersAndVerifiersAreThreadSafe() throws Exception {
        Sm2KeyPair kp = Sm2KeyPair.generate(new SecureRandom());
        Sm2Signer signer = Sm2Signer.builder(kp.privateKey()).build();
        Sm2Verifier verifier = Sm2Verifier.builder(kp.publicKey()).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        byte[] m = (id + ":" + i).getBytes(StandardCharsets.UTF_8);
                        byte[] sig = signer.sign(m);
                        verifier.verify(m, sig);
                        byte[] other = (id + ":" + (i + 1)).getBytes(StandardCharsets.UTF_8);
                        try {
                            verifier.verify(other, sig);
                            throw new AssertionError("verified wrong message");
                        } catch (SignatureVerificationException expected) {
                            // fine
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
