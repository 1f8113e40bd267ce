package io.yikatong.payment.unionpay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.ChannelRefusedException;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.unionpay.internal.AcpCertificates;
import io.yikatong.payment.unionpay.internal.AcpSigning;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An independent check of the UnionPay ACP 5.1.0 rules (payment-protocols.md §3.4) against our implementation: the
 * expected values are written out by hand or computed here with plain JDK primitives ({@link MessageDigest},
 * {@link Signature}, {@link Base64}), never with {@link AcpSigning}. The digest literals were computed once with
 * {@code printf '%s' … | openssl dgst -sha256 / -sm3} (and {@code sha256sum}); SM3 of {@code abc} from the same tool
 * is the GB/T 32905 example value.
 *
 * <p>Rules: the sign string is every field except {@code signature}, sorted by ASCII key, joined as {@code k=v} with
 * {@code &} over the raw values (empty values kept); signMethod 01 signs the UTF-8 bytes of the lower-case SHA-256 hex
 * digest of the sign string with SHA256withRSA and Base64-encodes it, with {@code certId} the decimal serial number
 * of the merchant certificate; signMethod 11/12 is {@code hex(H(signString + "&" + hex(H(secureKey))))} with
 * H = SHA-256 / SM3. The signer's owner is the third {@code @}-separated field of its subject CN.
 */
class UnionPayPublishedRulesTest {

    /** The hand-built message; insertion order deliberately unsorted. */
    private static Map<String, String> message(String signMethod) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("version", "5.1.0");
        f.put("txnType", "01");
        f.put("txnSubType", "06");
        f.put("respMsg", "成功[0000000]");
        f.put("bizType", "000000");
        f.put("signature", "not part of the sign string");
        f.put("reqReserved", "");
        f.put("accessType", "0");
        f.put("txnAmt", "1");
        f.put("currencyCode", "156");
        f.put("merId", "777290058110048");
        f.put("encoding", "UTF-8");
        f.put("orderId", "KAT20261123000001");
        f.put("txnTime", "20261123120000");
        f.put("respCode", "00");
        f.put("queryId", "782611231200000000001");
        f.put("signMethod", signMethod);
        return f;
    }

    /** Written by hand from the rule, split where {@code signPubKeyCert} sorts in. */
    private static final String BEFORE_CERT = "accessType=0&bizType=000000&currencyCode=156&encoding=UTF-8"
            + "&merId=777290058110048&orderId=KAT20261123000001&queryId=782611231200000000001&reqReserved="
            + "&respCode=00&respMsg=成功[0000000]&signMethod=";
    private static final String AFTER_CERT = "&txnAmt=1&txnSubType=06&txnTime=20261123120000&txnType=01&version=5.1.0";

    private static String signString(String signMethod) {
        return BEFORE_CERT + signMethod + AFTER_CERT;
    }

    private static final String SECURE_KEY = "88888888888888888888888888888888";

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** SHA256withRSA over the UTF-8 bytes of the lower-case SHA-256 hex of the sign string, Base64: plain JDK. */
    private static String jdkSign(PrivateKey key, String signString) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(sha256Hex(signString).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    private static boolean jdkVerify(PublicKey key, String signString, String base64) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update(sha256Hex(signString).getBytes(StandardCharsets.UTF_8));
        return s.verify(Base64.getDecoder().decode(base64));
    }

    @Test
    void signStringAndDigestAreTheKnownAnswers() throws Exception {
        String expected = "accessType=0&bizType=000000&currencyCode=156&encoding=UTF-8&merId=777290058110048"
                + "&orderId=KAT20261123000001&queryId=782611231200000000001&reqReserved=&respCode=00"
                + "&respMsg=成功[0000000]&signMethod=01&txnAmt=1&txnSubType=06&txnTime=20261123120000&txnType=01"
                + "&version=5.1.0";
        assertEquals(expected, signString("01"));
        assertEquals(expected, AcpSigning.signString(message("01")));
        String digest = "acaa109fa3b87a79423979ce375e4f8156bd1906c5586f4e4a62a83202a07275";
        assertEquals(digest, sha256Hex(expected), "the literal is SHA-256 of the sign string");
        assertEquals(digest, AcpSigning.sha256Hex(AcpSigning.signString(message("01"))));
    }

    @Test
    void secureKeySignaturesAreTheKnownAnswers() {
        // signMethod 11: SHA-256; signMethod 12: SM3 — literals from openssl dgst
        assertEquals("6aa7acca5a190750ad7fd78d3b146f6d53af92405786e9cf7090aa28fc2fc198",
                AcpSigning.digestHex("11", SECURE_KEY));
        assertEquals("ae79ea59fffeb67b1a1291b5725ef062d6bf50187ee037d60651c5c79c24a8a5",
                AcpSigning.secureKeySign("11", AcpSigning.digestHex("11", SECURE_KEY), message("11")));
        assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                AcpSigning.digestHex("12", "abc"), "GB/T 32905 example");
        assertEquals("75f09a200579754de5334453fc5410fcec5dcaf794f8b6f0650b9385f0a0d1c9",
                AcpSigning.digestHex("12", SECURE_KEY));
        assertEquals("777581ba957b9f433073975cb1d981e762ddc4f07a3336f8722738c8b4ca14e9",
                AcpSigning.secureKeySign("12", AcpSigning.digestHex("12", SECURE_KEY), message("12")));
        Map<String, String> signed = message("12");
        signed.put("signature", "777581BA957B9F433073975CB1D981E762DDC4F07A3336F8722738C8B4CA14E9");
        assertTrue(AcpSigning.secureKeyVerify("12", AcpSigning.digestHex("12", SECURE_KEY), signed));
    }

    private static final Instant NOW = Instant.now();
    private static final AcpCertificates.Issued ROOT = AcpCertificates.issue("KAT root", AcpCertificates.rsaKeys(),
            null, true, BigInteger.ONE, NOW.minus(1, ChronoUnit.DAYS), NOW.plus(30, ChronoUnit.DAYS));
    private static final AcpCertificates.Issued MIDDLE = AcpCertificates.issue("KAT middle",
            AcpCertificates.rsaKeys(), ROOT, true, BigInteger.TWO, NOW.minus(1, ChronoUnit.DAYS),
            NOW.plus(30, ChronoUnit.DAYS));

    /** Root, middle and a new signer with this CN. */
    private static AcpCertificates.Issued[] chain(String signerCn) {
        AcpCertificates.Issued signer = AcpCertificates.issue(signerCn, AcpCertificates.rsaKeys(), MIDDLE, false,
                new BigInteger("69026276696"), NOW.minus(1, ChronoUnit.DAYS), NOW.plus(30, ChronoUnit.DAYS));
        return new AcpCertificates.Issued[] {ROOT, MIDDLE, signer};
    }

    private static UnionPayClient client(AcpCertificates.Issued root, AcpCertificates.Issued middle, URI base) {
        return UnionPayClient.builder().backTransUrl(base.resolve("/gateway/api/backTransReq.do"))
                .queryTransUrl(base.resolve("/gateway/api/queryTrans.do")).merId("777290058110048")
                .rsaSigning(UnionPayTestKeys.merchant().keys().getPrivate(), UnionPayTestKeys.merchant().certificate())
                .trust(middle.certificate(), root.certificate()).backUrl(URI.create("http://127.0.0.1:1/n")).build();
    }

    @Test
    void aMessageSignedWithPlainJdkPrimitivesVerifiesAndOurSignatureIsTheSame() throws Exception {
        AcpCertificates.Issued[] c = chain("041@Z12@中国银联股份有限公司@00000001");
        String pem = AcpCertificates.toPem(c[2].certificate());
        String signString = BEFORE_CERT + "01&signPubKeyCert=" + pem + AFTER_CERT;
        String jdk = jdkSign(c[2].keys().getPrivate(), signString);
        Map<String, String> f = message("01");
        f.put("signPubKeyCert", pem);
        f.put("signature", jdk);
        UnionPayClient client = client(c[0], c[1], URI.create("http://127.0.0.1:1/"));
        client.verify("KAT", f);
        // RSA PKCS#1 v1.5 is deterministic: our signer gives the same bytes
        assertEquals(jdk, AcpSigning.rsaSign(c[2].keys().getPrivate(), f));
        // one changed field, one changed certificate byte: no longer verifies
        Map<String, String> altered = new TreeMap<>(f);
        altered.put("txnAmt", "2");
        assertThrows(ChannelSignatureException.class, () -> client.verify("KAT", altered));
        Map<String, String> otherKey = new TreeMap<>(f);
        otherKey.put("signature", jdkSign(AcpCertificates.rsaKeys().getPrivate(), signString));
        assertThrows(ChannelSignatureException.class, () -> client.verify("KAT", otherKey));
        // a signature over the sign string itself (not over its hex digest) is not UnionPay's
        Signature direct = Signature.getInstance("SHA256withRSA");
        direct.initSign(c[2].keys().getPrivate());
        direct.update(signString.getBytes(StandardCharsets.UTF_8));
        Map<String, String> overString = new TreeMap<>(f);
        overString.put("signature", Base64.getEncoder().encodeToString(direct.sign()));
        assertThrows(ChannelSignatureException.class, () -> client.verify("KAT", overString));
    }

    @Test
    void whatTheClientSendsFollowsTheRules() throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                received.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                byte[] answer = "respCode=10&respMsg=KAT".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
        try {
            AcpCertificates.Issued[] c = chain("041@Z12@中国银联股份有限公司@00000001");
            UnionPayClient client = client(c[0], c[1],
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
            assertThrows(ChannelRefusedException.class, () -> client.barcodeConsume("KAT20261123000002",
                    Instant.parse("2026-11-23T04:00:00Z"), Money.ofFen(1), "6225881234567890123"));
            Map<String, String> form = new TreeMap<>();
            for (String pair : received.get().split("&")) {
                int eq = pair.indexOf('=');
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            assertEquals("01", form.get("signMethod"));
            assertEquals("69629715588", form.get("certId"), "certId is the decimal serial number");
            X509Certificate merchant = UnionPayTestKeys.merchant().certificate();
            assertEquals(merchant.getSerialNumber().toString(10), form.get("certId"));
            assertEquals("1", form.get("txnAmt"));
            assertEquals("20261123120000", form.get("txnTime"), "Beijing time");
            StringJoiner sorted = new StringJoiner("&");
            form.forEach((k, v) -> {
                if (!k.equals("signature")) {
                    sorted.add(k + "=" + v);
                }
            });
            assertTrue(jdkVerify(merchant.getPublicKey(), sorted.toString(), form.get("signature")));
        } finally {
            server.stop(0);
        }
    }

    /**
     * UnionPay's published owner rule, restated: in the subject DN from {@code CN=} on, split on {@code @}, the third
     * part must be the owner (no third part: no owner).
     */
    private static boolean publishedOwnerRule(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().toString();
        String[] parts = dn.substring(dn.indexOf("CN=")).split("@");
        return parts.length > 2 && "中国银联股份有限公司".equals(parts[2]);
    }

    @Test
    void theOwnerRuleAgreesWithUnionPaysPublishedRuleExceptTheTwoDocumentedCases() throws Exception {
        List<String> agreeing = List.of("041@Z12@中国银联股份有限公司@00000001", "041@Z2014-05-30@中国银联股份有限公司@00000062",
                "041@Z12@中国银联股份有限公司X@00000001", "041@Z12@X中国银联股份有限公司@00000001",
                "041@中国银联股份有限公司@Z12@00000001", "041@Z12@中国银联股份有限公司", "@中国银联股份有限公司",
                "041@Z12@中国银联股份有限公司 @00000001", "某某科技有限公司", "041@Z12@某某科技有限公司@00000001");
        for (String cn : agreeing) {
            AcpCertificates.Issued[] c = chain(cn);
            assertEquals(publishedOwnerRule(c[2].certificate()), accepted(c), cn);
        }
        // ours is stricter: a fifth field is rejected (no UnionPay certificate has one)
        AcpCertificates.Issued[] five = chain("041@Z12@中国银联股份有限公司@00000001@extra");
        assertTrue(publishedOwnerRule(five[2].certificate()));
        assertFalse(accepted(five));
        // ours keeps the bare name (the SDK's earlier rule and the simulator's PLAIN layout)
        AcpCertificates.Issued[] plain = chain("中国银联股份有限公司");
        assertFalse(publishedOwnerRule(plain[2].certificate()));
        assertTrue(accepted(plain));
    }

    private static boolean accepted(AcpCertificates.Issued[] c) throws Exception {
        String pem = AcpCertificates.toPem(c[2].certificate());
        Map<String, String> f = message("01");
        f.put("signPubKeyCert", pem);
        f.put("signature", jdkSign(c[2].keys().getPrivate(), BEFORE_CERT + "01&signPubKeyCert=" + pem + AFTER_CERT));
        try {
            client(c[0], c[1], URI.create("http://127.0.0.1:1/")).verify("KAT", f);
            return true;
        } catch (ChannelSignatureException e) {
            return false;
        }
    }
}
