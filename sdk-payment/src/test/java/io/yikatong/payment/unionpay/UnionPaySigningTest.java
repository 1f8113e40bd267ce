package io.yikatong.payment.unionpay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.payment.spi.Base64Spellings;
import io.yikatong.payment.unionpay.internal.AcpCertificates;
import io.yikatong.payment.unionpay.internal.AcpForms;
import io.yikatong.payment.unionpay.internal.AcpSigning;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.math.BigInteger;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class UnionPaySigningTest {

    private static Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("version", "5.1.0");
        f.put("txnType", "01");
        f.put("encoding", "UTF-8");
        f.put("signMethod", "12");
        f.put("merId", "777290058110048");
        f.put("orderId", "20261123120000AbC123");
        f.put("txnTime", "20261123120000");
        f.put("txnAmt", "1230");
        f.put("backUrl", "http://127.0.0.1:8080/notify?a=b");
        f.put("signature", "must-be-left-out");
        f.put("accessType", "0");
        f.put("respMsg", "成功");
        return f;
    }

    @Test
    void signStringIsSortedRawKeyValuePairsWithoutSignature() {
        assertEquals("accessType=0&backUrl=http://127.0.0.1:8080/notify?a=b&encoding=UTF-8&merId=777290058110048"
                + "&orderId=20261123120000AbC123&respMsg=成功&signMethod=12&txnAmt=1230&txnTime=20261123120000"
                + "&txnType=01&version=5.1.0", AcpSigning.signString(fields()));
        Map<String, String> withEmpty = new HashMap<>(Map.of("b", "", "a", "1", "B", "2"));
        assertEquals("B=2&a=1&b=", AcpSigning.signString(withEmpty));
    }

    private static String openssl(String algorithm, String input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("openssl", "dgst", "-" + algorithm, "-r").redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertEquals(0, p.waitFor(), out.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).trim().split("\\s+")[0];
    }

    @Test
    void sm3SecureKeySignatureMatchesOpenssl() throws Exception {
        String key = UnionPayTestKeys.SECURE_KEY;
        String keyHex = openssl("sm3", key);
        String expected = openssl("sm3", AcpSigning.signString(fields()) + "&" + keyHex);
        assertEquals(keyHex, AcpSigning.digestHex("12", key));
        assertEquals(expected, AcpSigning.secureKeySign("12", AcpSigning.digestHex("12", key), fields()));
    }

    @Test
    void sha256SecureKeySignatureMatchesOpenssl() throws Exception {
        String key = UnionPayTestKeys.SECURE_KEY;
        String keyHex = openssl("sha256", key);
        String expected = openssl("sha256", AcpSigning.signString(fields()) + "&" + keyHex);
        assertEquals(expected, AcpSigning.secureKeySign("11", AcpSigning.digestHex("11", key), fields()));
        assertNotEquals(expected, AcpSigning.secureKeySign("12", AcpSigning.digestHex("12", key), fields()));
    }

    @Test
    void secureKeyVerifyRejectsTamperedMissingAndOtherKey() {
        String digest = AcpSigning.digestHex("12", UnionPayTestKeys.SECURE_KEY);
        Map<String, String> f = new TreeMap<>(fields());
        f.put("signature", AcpSigning.secureKeySign("12", digest, f));
        assertTrue(AcpSigning.secureKeyVerify("12", digest, f));
        Map<String, String> upper = new TreeMap<>(f);
        upper.put("signature", f.get("signature").toUpperCase());
        assertTrue(AcpSigning.secureKeyVerify("12", digest, upper));
        Map<String, String> tampered = new TreeMap<>(f);
        tampered.put("txnAmt", "1231");
        assertFalse(AcpSigning.secureKeyVerify("12", digest, tampered));
        assertFalse(AcpSigning.secureKeyVerify("12", AcpSigning.digestHex("12", "another key"), f));
        f.remove("signature");
        assertFalse(AcpSigning.secureKeyVerify("12", digest, f));
    }

    @Test
    void rsaSignatureIsSha256WithRsaOverTheLowerCaseHexDigest() throws Exception {
        var merchant = UnionPayTestKeys.merchant();
        Map<String, String> f = new TreeMap<>(fields());
        String sig = AcpSigning.rsaSign(merchant.keys().getPrivate(), f);
        String hex = openssl("sha256", AcpSigning.signString(f));
        assertEquals(hex, AcpSigning.sha256Hex(AcpSigning.signString(f)));
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(merchant.certificate().getPublicKey());
        v.update(hex.getBytes(StandardCharsets.US_ASCII));
        assertTrue(v.verify(Base64.getDecoder().decode(sig)));
        // not a signature over the sign string itself
        v.initVerify(merchant.certificate().getPublicKey());
        v.update(AcpSigning.signString(f).getBytes(StandardCharsets.UTF_8));
        assertFalse(v.verify(Base64.getDecoder().decode(sig)));
        f.put("signature", sig);
        assertTrue(AcpSigning.rsaVerify(merchant.certificate().getPublicKey(), f));
        f.put("signature", sig.substring(0, 64) + "\r\n" + sig.substring(64));
        assertTrue(AcpSigning.rsaVerify(merchant.certificate().getPublicKey(), f), "line breaks are allowed");
        f.put("signature", sig + "?");
        assertFalse(AcpSigning.rsaVerify(merchant.certificate().getPublicKey(), f), "strict Base64");
        f.put("signature", sig);
        f.put("orderId", "20261123120000AbC124");
        assertFalse(AcpSigning.rsaVerify(merchant.certificate().getPublicKey(), f));
        f.put("signature", "%%%not base64");
        assertFalse(AcpSigning.rsaVerify(merchant.certificate().getPublicKey(), f));
        assertEquals(64, MessageDigest.getInstance("SHA-256").getDigestLength() * 2);
    }

    @Test
    void rsaVerifyAcceptsOnlyTheCanonicalSpellingOfTheSignature() {
        var merchant = UnionPayTestKeys.merchant();
        Map<String, String> f = new TreeMap<>(fields());
        String sig = AcpSigning.rsaSign(merchant.keys().getPrivate(), f);
        f.put("signature", sig);
        assertTrue(AcpSigning.rsaVerify(merchant.certificate().getPublicKey(), f));
        for (String other : Base64Spellings.nonCanonical(sig)) {
            f.put("signature", other);
            assertFalse(AcpSigning.rsaVerify(merchant.certificate().getPublicKey(), f), other);
            f.put("signature", other.substring(0, 64) + "\r\n" + other.substring(64));
            assertFalse(AcpSigning.rsaVerify(merchant.certificate().getPublicKey(), f), "with a line break");
        }
        for (String bad : new String[] {sig.substring(0, sig.length() - 2), sig + "=", " " + sig, sig + " ",
            sig.substring(0, 10) + " " + sig.substring(10), sig.substring(0, 10) + "\t" + sig.substring(10),
            sig.replace('+', '-').replace('/', '_')}) {
            if (bad.equals(sig)) {
                continue;
            }
            f.put("signature", bad);
            assertFalse(AcpSigning.rsaVerify(merchant.certificate().getPublicKey(), f), bad);
        }
    }

    @Test
    void signPubKeyCertIsReadStrictly() throws Exception {
        // a certificate whose DER length leaves Base64 padding (the CN length decides it)
        X509Certificate cert = null;
        for (int n = 1; cert == null; n++) {
            X509Certificate c = AcpCertificates.issue("x".repeat(n), AcpCertificates.rsaKeys(), null, false,
                    BigInteger.ONE, Instant.now(), Instant.now().plus(1, ChronoUnit.DAYS)).certificate();
            if (c.getEncoded().length % 3 != 0) {
                cert = c;
            }
        }
        String pem = AcpCertificates.toPem(cert);
        assertEquals(cert, AcpCertificates.parsePem(pem));
        assertEquals(cert, AcpCertificates.parsePem(pem.replace("\n", "\r\n")));
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END")).replace("\n", "");
        assertEquals(cert, AcpCertificates.parsePem(body), "bare Base64 DER");
        for (String other : Base64Spellings.nonCanonical(body)) {
            assertThrows(CertificateException.class, () -> AcpCertificates.parsePem(other));
            assertThrows(CertificateException.class, () -> AcpCertificates.parsePem(
                    "-----BEGIN CERTIFICATE-----\n" + other + "\n-----END CERTIFICATE-----\n"));
        }
        assertThrows(CertificateException.class, () -> AcpCertificates.parsePem(pem.replace("\n", " \n")));
        assertThrows(CertificateException.class, () -> AcpCertificates.parsePem(body.substring(0, body.length() - 1)));
    }

    @Test
    void rawAnswersKeepPemAndBraces() {
        Map<String, String> a = AcpForms.parseRaw("respCode=00&signPubKeyCert=-----BEGIN CERTIFICATE-----\r\nAB+/="
                + "\r\n-----END CERTIFICATE-----&reserved={a=1&b=2}&empty=");
        assertEquals("00", a.get("respCode"));
        assertEquals("-----BEGIN CERTIFICATE-----\r\nAB+/=\r\n-----END CERTIFICATE-----", a.get("signPubKeyCert"));
        assertEquals("{a=1&b=2}", a.get("reserved"));
        assertEquals("", a.get("empty"));
        assertThrows(IllegalArgumentException.class, () -> AcpForms.parseRaw("a=1&a=2"));
        assertThrows(IllegalArgumentException.class, () -> AcpForms.parseRaw("a={1&b=2"));
        assertThrows(IllegalArgumentException.class, () -> AcpForms.parseRaw("a=}"));
        assertThrows(IllegalArgumentException.class, () -> AcpForms.parseRaw("=1"));
        assertEquals(Map.of("k", "v w+"), AcpForms.parseForm(AcpForms.encodeForm(Map.of("k", "v w+"))));
    }

    @Test
    void rawAndFormDecodersFailOnlyWithIllegalArgument() {
        Random r = new Random(20261123);
        String alphabet = "ab=&{}%+ 0\r\n中";
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(40);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            try {
                AcpForms.parseRaw(sb.toString());
            } catch (IllegalArgumentException expected) {
                // typed
            }
            try {
                AcpForms.parseForm(sb.toString());
            } catch (IllegalArgumentException expected) {
                // typed
            }
        }
    }
}
