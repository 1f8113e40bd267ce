package io.yikatong.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with the independent OpenSSL 3 command line (SM2 keys, signatures, encryption, certificates). A
 * missing {@code openssl} fails these tests; it does not skip them.
 */
class Sm2OpensslInteropTest {

    private static final String ID = "distid:1234567812345678";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    /** Runs openssl with the given arguments; fails the test with stderr on a non-zero exit. */
    static byte[] openssl(Path workDir, String... args) {
        Result r = opensslResult(workDir, args);
        if (r.exit != 0) {
            fail("openssl " + String.join(" ", args) + " exited " + r.exit + ": " + r.stderr);
        }
        return r.stdout;
    }

    record Result(int exit, byte[] stdout, String stderr) {
    }

    static Result opensslResult(Path workDir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("the 'openssl' command (OpenSSL 3 with SM2) is required for this test but could "
                    + "not be started: " + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("openssl timed out: " + cmd);
            }
            return new Result(p.exitValue(), out, err);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("openssl failed: " + cmd, e);
        }
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    private void write(String name, byte[] data) throws IOException {
        Files.write(dir.resolve(name), data);
    }

    private void write(String name, String data) throws IOException {
        Files.writeString(dir.resolve(name), data);
    }

    @Test
    void opensslKeysAreReadByUs() throws Exception {
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "pkcs8.pem");
        openssl(dir, "pkey", "-in", "pkcs8.pem", "-pubout", "-out", "pub.pem");
        // (openssl pkey -outform DER writes SEC1 for SM2; pkcs8 -topk8 gives PKCS#8 DER)
        openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", "pkcs8.pem", "-outform", "DER", "-out", "pkcs8.der");
        openssl(dir, "pkey", "-in", "pkcs8.pem", "-pubout", "-outform", "DER", "-out", "pub.der");
        Sm2PrivateKey priv = Sm2PrivateKey.fromPem(read("pkcs8.pem"));
        Sm2PublicKey pub = Sm2PublicKey.fromPem(read("pub.pem"));
        assertEquals(pub, priv.publicKey());
        assertEquals(pub, Sm2PrivateKey.fromPkcs8Der(Files.readAllBytes(dir.resolve("pkcs8.der"))).publicKey());
        assertEquals(pub, Sm2PublicKey.fromX509Der(Files.readAllBytes(dir.resolve("pub.der"))));
        assertArrayEquals(Files.readAllBytes(dir.resolve("pub.der")), pub.toX509Der());

        // openssl ecparam -genkey: in OpenSSL 3 an "SM2 PARAMETERS" block then PKCS#8.
        openssl(dir, "ecparam", "-genkey", "-name", "SM2", "-out", "ecparam.pem");
        Sm2PrivateKey fromEcparam = Sm2PrivateKey.fromPem(read("ecparam.pem"));
        // SEC1 ("SM2 PRIVATE KEY" in OpenSSL 3, with [0] curve OID and [1] public key), written by openssl ec.
        openssl(dir, "ec", "-in", "ecparam.pem", "-out", "sec1.pem");
        String sec1 = read("sec1.pem");
        assertTrue(sec1.contains("-----BEGIN SM2 PRIVATE KEY-----"), sec1);
        assertEquals(fromEcparam.publicKey(), Sm2PrivateKey.fromPem(sec1).publicKey());
        // The same SEC1 DER under the generic "EC PRIVATE KEY" label.
        assertEquals(fromEcparam.publicKey(),
                Sm2PrivateKey.fromPem(sec1.replace("SM2 PRIVATE KEY", "EC PRIVATE KEY")).publicKey());
        openssl(dir, "pkey", "-in", "ecparam.pem", "-pubout", "-out", "ecpub.pem");
        assertEquals(Sm2PublicKey.fromPem(read("ecpub.pem")), fromEcparam.publicKey());
    }

    @Test
    void ourKeysAreReadByOpenssl() throws Exception {
        Sm2KeyPair kp = Sm2KeyPair.generate(RANDOM);
        write("ours.pem", kp.privateKey().toPkcs8Pem(InsecureKeyAccess.get()));
        write("ourpub.pem", kp.publicKey().toX509Pem());
        String text = new String(openssl(dir, "pkey", "-in", "ours.pem", "-text", "-noout"), StandardCharsets.UTF_8);
        assertTrue(text.contains("SM2") || text.contains("sm2"), text);
        byte[] pubFromOpenssl = openssl(dir, "pkey", "-in", "ours.pem", "-pubout", "-outform", "DER");
        assertArrayEquals(kp.publicKey().toX509Der(), pubFromOpenssl);
        byte[] pubDer = openssl(dir, "pkey", "-pubin", "-in", "ourpub.pem", "-outform", "DER");
        assertArrayEquals(kp.publicKey().toX509Der(), pubDer);
        // openssl reads our PKCS#8 and writes back the identical DER.
        byte[] roundTrip = openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", "ours.pem", "-outform", "DER");
        assertArrayEquals(kp.privateKey().toPkcs8Der(InsecureKeyAccess.get()), roundTrip);
    }

    @Test
    void signaturesInteroperateBothWays() throws Exception {
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "k.pem");
        openssl(dir, "pkey", "-in", "k.pem", "-pubout", "-out", "p.pem");
        Sm2PrivateKey priv = Sm2PrivateKey.fromPem(read("k.pem"));
        Sm2PublicKey pub = Sm2PublicKey.fromPem(read("p.pem"));
        Sm2Verifier verifier = Sm2Verifier.builder(pub).build();
        Sm2Signer signer = Sm2Signer.builder(priv).build();
        for (int i = 0; i < 5; i++) {
            byte[] msg = new byte[RANDOM.nextInt(300)];
            RANDOM.nextBytes(msg);
            write("m.bin", msg);
            // openssl -> us
            openssl(dir, "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", "k.pem", "-pkeyopt", ID,
                    "-in", "m.bin", "-out", "s.der");
            byte[] sig = Files.readAllBytes(dir.resolve("s.der"));
            verifier.verify(msg, sig);
            // us -> openssl
            write("ours.der", signer.sign(msg));
            openssl(dir, "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "p.pem",
                    "-pkeyopt", ID, "-in", "m.bin", "-sigfile", "ours.der");
            // a tampered message fails in openssl too
            msg = msg.length == 0 ? new byte[] {1} : msg;
            msg[0] ^= 1;
            write("m2.bin", msg);
            Result bad = opensslResult(dir, "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey",
                    "p.pem", "-pkeyopt", ID, "-in", "m2.bin", "-sigfile", "ours.der");
            assertNotEquals(0, bad.exit());
        }
    }

    @Test
    void opensslWithoutDistidUsesEmptyIdTrap() throws Exception {
        // crypto-interop.md item 1: OpenSSL 3 signs with an EMPTY ID unless distid is set.
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "k.pem");
        Sm2PrivateKey priv = Sm2PrivateKey.fromPem(read("k.pem"));
        byte[] msg = "挂号费 12.00".getBytes(StandardCharsets.UTF_8);
        write("m.bin", msg);
        openssl(dir, "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", "k.pem", "-in", "m.bin",
                "-out", "s.der");
        byte[] sig = Files.readAllBytes(dir.resolve("s.der"));
        assertThrows(SignatureVerificationException.class,
                () -> Sm2Verifier.builder(priv.publicKey()).build().verify(msg, sig));
        Sm2Verifier.builder(priv.publicKey()).userId("").build().verify(msg, sig);
        // and our default-ID signature fails openssl verify without distid
        write("ours.der", Sm2Signer.builder(priv).build().sign(msg));
        write("p.pem", priv.publicKey().toX509Pem());
        Result r = opensslResult(dir, "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "p.pem",
                "-in", "m.bin", "-sigfile", "ours.der");
        assertNotEquals(0, r.exit());
    }

    @Test
    void encryptionInteroperatesBothWays() throws Exception {
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "k.pem");
        openssl(dir, "pkey", "-in", "k.pem", "-pubout", "-out", "p.pem");
        Sm2PrivateKey priv = Sm2PrivateKey.fromPem(read("k.pem"));
        Sm2Decrypter dec = Sm2Decrypter.create(priv, Sm2CiphertextFormat.C1C3C2_DER);
        Sm2Encrypter enc = Sm2Encrypter.builder(Sm2PublicKey.fromPem(read("p.pem")))
                .format(Sm2CiphertextFormat.C1C3C2_DER).build();
        for (int len : new int[] {1, 16, 31, 32, 33, 200}) {
            byte[] m = new byte[len];
            RANDOM.nextBytes(m);
            write("m.bin", m);
            openssl(dir, "pkeyutl", "-encrypt", "-pubin", "-inkey", "p.pem", "-in", "m.bin", "-out", "c.der");
            assertArrayEquals(m, dec.decrypt(Files.readAllBytes(dir.resolve("c.der"))), "openssl -> us, " + len);
            write("ours.der", enc.encrypt(m));
            byte[] back = openssl(dir, "pkeyutl", "-decrypt", "-inkey", "k.pem", "-in", "ours.der");
            assertArrayEquals(m, back, "us -> openssl, " + len);
            // openssl's DER ciphertext is not accepted under a raw layout
            byte[] opensslCt = Files.readAllBytes(dir.resolve("c.der"));
            assertThrows(DecryptionException.class,
                    () -> Sm2Decrypter.create(priv, Sm2CiphertextFormat.C1C3C2).decrypt(opensslCt));
            assertThrows(DecryptionException.class,
                    () -> Sm2Decrypter.create(priv, Sm2CiphertextFormat.C1C2C3_DER).decrypt(opensslCt));
        }
    }

    private void makeChain(String caSigopt, String leafSigopt) {
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "ca.key");
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "int.key");
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "leaf.key");
        List<String> ca = new ArrayList<>(List.of("req", "-x509", "-new", "-key", "ca.key", "-sm3", "-subj", "/CN=CA",
                "-days", "30", "-out", "ca.pem"));
        if (caSigopt != null) {
            ca.addAll(List.of("-sigopt", caSigopt));
        }
        openssl(dir, ca.toArray(String[]::new));
        writeQuiet("int.ext", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        writeQuiet("leaf.ext", "basicConstraints=critical,CA:FALSE\n");
        signedBy("int", "/CN=Intermediate", "ca", "int.ext", leafSigopt);
        signedBy("leaf", "/CN=leaf", "int", "leaf.ext", leafSigopt);
    }

    private void writeQuiet(String name, String data) {
        try {
            write(name, data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void signedBy(String name, String subj, String issuer, String ext, String sigopt) {
        List<String> csr = new ArrayList<>(List.of("req", "-new", "-key", name + ".key", "-sm3", "-subj", subj,
                "-out", name + ".csr"));
        List<String> x509 = new ArrayList<>(List.of("x509", "-req", "-in", name + ".csr", "-CA", issuer + ".pem",
                "-CAkey", issuer + ".key", "-sm3", "-days", "10", "-extfile", ext, "-out", name + ".pem"));
        if (sigopt != null) {
            csr.addAll(List.of("-sigopt", sigopt));
            x509.addAll(List.of("-sigopt", sigopt, "-vfyopt", sigopt));
        }
        openssl(dir, csr.toArray(String[]::new));
        openssl(dir, x509.toArray(String[]::new));
    }

    @Test
    void opensslCertificateChainValidates() throws Exception {
        makeChain(ID, ID);
        Sm2Certificate ca = Sm2Certificate.fromPem(read("ca.pem"));
        Sm2Certificate inter = Sm2Certificate.fromPem(read("int.pem"));
        Sm2Certificate leaf = Sm2Certificate.fromPem(read("leaf.pem"));
        assertEquals("CN=leaf", leaf.subject());
        assertEquals("CN=Intermediate", leaf.issuer());
        assertEquals(Sm2PrivateKey.fromPem(read("leaf.key")).publicKey(), leaf.publicKey());
        assertTrue(ca.isCa());
        // a minute ahead, so certificates openssl makes later in this test (second-granular notBefore) are valid too
        Instant now = Instant.now().plusSeconds(60);
        Sm2CertificateValidator v = Sm2CertificateValidator.builder().addTrustAnchor(ca)
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        assertEquals(leaf, v.validate(List.of(leaf, inter)));
        assertEquals(leaf, v.validate(List.of(leaf, inter, ca)));
        // openssl agrees with each link. (OpenSSL 3.0's "verify -untrusted" applies -vfyopt distid only to the target
        // certificate, not to the intermediate's signature, so the links are checked one at a time.)
        openssl(dir, "verify", "-CAfile", "ca.pem", "-vfyopt", ID, "int.pem");
        openssl(dir, "verify", "-CAfile", "int.pem", "-partial_chain", "-vfyopt", ID, "leaf.pem");

        // expired / not yet valid, using the injected clock
        CertificateValidationException expired = assertThrows(CertificateValidationException.class,
                () -> Sm2CertificateValidator.builder().addTrustAnchor(ca)
                        .clock(Clock.fixed(now.plus(Duration.ofDays(20)), ZoneOffset.UTC)).build()
                        .validate(List.of(leaf, inter)));
        assertTrue(expired.getMessage().contains("CN=leaf") && expired.getMessage().contains("expired"),
                expired.getMessage());
        CertificateValidationException early = assertThrows(CertificateValidationException.class,
                () -> Sm2CertificateValidator.builder().addTrustAnchor(ca)
                        .clock(Clock.fixed(now.minus(Duration.ofDays(2)), ZoneOffset.UTC)).build()
                        .validate(List.of(leaf, inter)));
        assertTrue(early.getMessage().contains("not yet valid"), early.getMessage());
        // missing intermediate: issuer mismatch / no path
        CertificateValidationException noPath = assertThrows(CertificateValidationException.class,
                () -> v.validate(List.of(leaf)));
        assertTrue(noPath.getMessage().contains("CN=leaf") && noPath.getMessage().contains("no path"),
                noPath.getMessage());
        CertificateValidationException mismatch = assertThrows(CertificateValidationException.class,
                () -> v.validate(List.of(leaf, ca)));
        assertTrue(mismatch.getMessage().contains("does not match"), mismatch.getMessage());
        // wrong user ID for certificate signatures
        CertificateValidationException wrongId = assertThrows(CertificateValidationException.class,
                () -> Sm2CertificateValidator.builder().addTrustAnchor(ca).userId("").build()
                        .validate(List.of(leaf, inter)));
        assertTrue(wrongId.getMessage().contains("bad signature"), wrongId.getMessage());
        // CA:FALSE used as an intermediate: a cert signed by the leaf key
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "sub.key");
        signedBy("sub", "/CN=sub", "leaf", "leaf.ext", ID);
        Sm2Certificate sub = Sm2Certificate.fromPem(read("sub.pem"));
        CertificateValidationException notCa = assertThrows(CertificateValidationException.class,
                () -> v.validate(List.of(sub, leaf, inter)));
        assertTrue(notCa.getMessage().contains("CN=leaf") && notCa.getMessage().contains("CA:FALSE"),
                notCa.getMessage());
        // a different root with the same name does not anchor the chain (bad signature)
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "ca2.key");
        openssl(dir, "req", "-x509", "-new", "-key", "ca2.key", "-sm3", "-sigopt", ID, "-subj", "/CN=CA",
                "-days", "30", "-out", "ca2.pem");
        Sm2Certificate ca2 = Sm2Certificate.fromPem(read("ca2.pem"));
        CertificateValidationException forged = assertThrows(CertificateValidationException.class,
                () -> Sm2CertificateValidator.builder().addTrustAnchor(ca2).build().validate(List.of(leaf, inter)));
        assertTrue(forged.getMessage().contains("CN=Intermediate") && forged.getMessage().contains("bad signature"),
                forged.getMessage());
    }

    @Test
    void issuerConstraintsAreEnforced() throws Exception {
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "ca.key");
        openssl(dir, "req", "-x509", "-new", "-key", "ca.key", "-sm3", "-sigopt", ID, "-subj", "/CN=Root",
                "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0", "-out", "ca.pem");
        writeQuiet("noksign.ext", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\n");
        writeQuiet("ca.ext", "basicConstraints=critical,CA:TRUE\n");
        writeQuiet("leaf.ext", "basicConstraints=critical,CA:FALSE\n");
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "int.key");
        signedBy("int", "/CN=Int", "ca", "ca.ext", ID);
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "leaf.key");
        signedBy("leaf", "/CN=Leaf", "int", "leaf.ext", ID);
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "nk.key");
        signedBy("nk", "/CN=NoKeyCertSign", "ca", "noksign.ext", ID);
        openssl(dir, "genpkey", "-algorithm", "SM2", "-out", "leaf2.key");
        signedBy("leaf2", "/CN=Leaf2", "nk", "leaf.ext", ID);
        Sm2Certificate root = Sm2Certificate.fromPem(read("ca.pem"));
        Clock clock = Clock.fixed(Instant.now().plusSeconds(60), ZoneOffset.UTC);
        Sm2CertificateValidator v = Sm2CertificateValidator.builder().addTrustAnchor(root).clock(clock).build();
        Sm2Certificate inter = Sm2Certificate.fromPem(read("int.pem"));
        // Int alone validates under Root; but Root's pathlen:0 allows no intermediate CA, so Leaf (issued by Int) fails.
        assertEquals(inter, v.validate(List.of(inter)));
        CertificateValidationException pathLen = assertThrows(CertificateValidationException.class,
                () -> v.validate(List.of(Sm2Certificate.fromPem(read("leaf.pem")), inter)));
        assertTrue(pathLen.getMessage().contains("CN=Root") && pathLen.getMessage().contains("pathLenConstraint"),
                pathLen.getMessage());
        CertificateValidationException ku = assertThrows(CertificateValidationException.class,
                () -> Sm2CertificateValidator.builder().addTrustAnchor(Sm2Certificate.fromPem(read("nk.pem")))
                        .clock(clock).build().validate(List.of(Sm2Certificate.fromPem(read("leaf2.pem")))));
        assertTrue(ku.getMessage().contains("CN=NoKeyCertSign") && ku.getMessage().contains("keyCertSign"),
                ku.getMessage());
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> v.validate(List.of()));
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> Sm2CertificateValidator.builder().build());
    }

    @Test
    void whichIdOpensslUsesForCertificatesWithoutSigopt() throws Exception {
        // Documented finding: without -sigopt distid, OpenSSL 3.0 signs certificates with an EMPTY SM2 ID, so such
        // certificates validate only with userId(""); with distid:1234567812345678 they validate with the default.
        makeChain(null, null);
        Sm2Certificate ca = Sm2Certificate.fromPem(read("ca.pem"));
        Sm2Certificate inter = Sm2Certificate.fromPem(read("int.pem"));
        Sm2Certificate leaf = Sm2Certificate.fromPem(read("leaf.pem"));
        assertThrows(CertificateValidationException.class,
                () -> Sm2CertificateValidator.builder().addTrustAnchor(ca).build().validate(List.of(leaf, inter)));
        assertEquals(leaf, Sm2CertificateValidator.builder().addTrustAnchor(ca).userId("").build()
                .validate(List.of(leaf, inter)));
    }

    @Test
    void nonSm2KeysAreRejected() throws Exception {
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "p256.pem");
        openssl(dir, "pkey", "-in", "p256.pem", "-pubout", "-out", "p256pub.pem");
        openssl(dir, "genpkey", "-algorithm", "ED25519", "-out", "ed.pem");
        openssl(dir, "pkey", "-in", "ed.pem", "-pubout", "-out", "edpub.pem");
        KeyFormatException e1 = assertThrows(KeyFormatException.class, () -> Sm2PrivateKey.fromPem(read("p256.pem")));
        assertTrue(e1.getMessage().contains("1.2.840.10045.3.1.7"), e1.getMessage());
        KeyFormatException e2 = assertThrows(KeyFormatException.class,
                () -> Sm2PublicKey.fromPem(read("p256pub.pem")));
        assertTrue(e2.getMessage().contains("not sm2p256v1"), e2.getMessage());
        assertThrows(KeyFormatException.class, () -> Sm2PrivateKey.fromPem(read("ed.pem")));
        KeyFormatException e3 = assertThrows(KeyFormatException.class, () -> Sm2PublicKey.fromPem(read("edpub.pem")));
        assertTrue(e3.getMessage().contains("not an EC key"), e3.getMessage());
        // a P-256 certificate is rejected with the typed certificate exception
        openssl(dir, "req", "-x509", "-new", "-key", "p256.pem", "-subj", "/CN=p256", "-days", "1", "-out",
                "p256cert.pem");
        CertificateValidationException ce = assertThrows(CertificateValidationException.class,
                () -> Sm2Certificate.fromPem(read("p256cert.pem")));
        assertTrue(ce.getCause() instanceof KeyFormatException, String.valueOf(ce.getCause()));
    }
}
