package io.yikatong.payment.wechat;

import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.payment.spi.Base64Spellings;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.wechat.internal.WechatCrypto;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WechatPaySigningTest {

    static KeyPair merchant;
    static KeyPair platform;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        merchant = g.generateKeyPair();
        platform = g.generateKeyPair();
    }

    @Test
    void requestMessageIsFiveLinesByteForByte() {
        // the example of WeChat's signing guide: POST to /v3/pay/transactions/jsapi with timestamp 1554208460
        String m = MerchantSigner.requestMessage("POST", "/v3/pay/transactions/jsapi", 1554208460L,
                "593BEC0C930BF1AFEB40B4A08C8FB242", "{\"a\":1}");
        assertEquals("POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{\"a\":1}\n", m);
        assertArrayEquals(("GET\n/v3/certificates\n1554208460\nN\n\n").getBytes(StandardCharsets.UTF_8),
                MerchantSigner.requestMessage("GET", "/v3/certificates", 1554208460L, "N", "")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals("1554208460\nN\n\u4e2d\n", PlatformVerifier.responseMessage("1554208460", "N", "\u4e2d"));
        byte[] raw = {(byte) 0xE4, (byte) 0xB8, (byte) 0xAD};
        assertArrayEquals("1554208460\nN\n\u4e2d\n".getBytes(StandardCharsets.UTF_8),
                PlatformVerifier.responseMessage("1554208460", "N", raw));
    }

    @Test
    void authorizationHeaderCarriesAllFieldsAndAVerifiableRsaSignature() throws Exception {
        MerchantSigner signer = MerchantSigner.rsa("1900009191", "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C",
                merchant.getPrivate());
        String header = signer.authorization("GET", "/v3/certificates", "", 1554208460L,
                "593BEC0C930BF1AFEB40B4A08C8FB242");
        assertTrue(header.startsWith("WECHATPAY2-SHA256-RSA2048 mchid=\"1900009191\",nonce_str="
                + "\"593BEC0C930BF1AFEB40B4A08C8FB242\",timestamp=\"1554208460\",serial_no="
                + "\"1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C\",signature=\""), header);
        Matcher m = Pattern.compile("signature=\"([^\"]+)\"").matcher(header);
        assertTrue(m.find());
        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initVerify(merchant.getPublic());
        jdk.update("GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n"
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(jdk.verify(Base64.getDecoder().decode(m.group(1))));
        // PKCS#1 v1.5 is deterministic: the same message gives the same signature
        Signature again = Signature.getInstance("SHA256withRSA");
        again.initSign(merchant.getPrivate());
        again.update("GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Base64.getEncoder().encodeToString(again.sign()), m.group(1));
    }

    @Test
    void signerRejectsBadConfiguration() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        assertThrows(InvalidInputException.class, () -> MerchantSigner.rsa("1", "S", g.generateKeyPair().getPrivate()));
        assertThrows(InvalidInputException.class, () -> MerchantSigner.rsa("1", "S\"", merchant.getPrivate()));
        assertThrows(InvalidInputException.class, () -> MerchantSigner.rsa("", "S", merchant.getPrivate()));
        MerchantSigner s = MerchantSigner.rsa("1", "S", merchant.getPrivate());
        assertThrows(InvalidInputException.class, () -> s.authorization("GET", "/", "", 1, "a,b"));
        assertTrue(!s.toString().contains("Private"));
    }

    private static String platformSign(String ts, String nonce, byte[] body) {
        byte[] sig = WechatCrypto.rsaSigner(platform.getPrivate())
                .sign(PlatformVerifier.responseMessage(ts, nonce, body));
        return Base64.getEncoder().encodeToString(sig);
    }

    @Test
    void responseVerificationRejectsTamperingSerialAndSkew() throws Exception {
        PlatformVerifier v = PlatformVerifier.builder().rsaPublicKey("PUB_KEY_ID_01", platform.getPublic()).build();
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        String ts = "1700000000";
        byte[] body = "{\"trade_state\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8);
        String sig = platformSign(ts, "NONCE", body);
        v.verify("PUB_KEY_ID_01", ts, "NONCE", sig, body, now);
        v.verify("pub_key_id_01", ts, "NONCE", sig, body, now.plusSeconds(299));
        v.verify("PUB_KEY_ID_01", ts, "NONCE", sig, body, now.minusSeconds(299));
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> v.verify("PUB_KEY_ID_01", ts, "NONCE", sig, body, now.plusSeconds(300)));
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> v.verify("PUB_KEY_ID_01", ts, "NONCE", sig, body, now.minusSeconds(300)));
        byte[] tampered = "{\"trade_state\":\"SUCCESs\"}".getBytes(StandardCharsets.UTF_8);
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> v.verify("PUB_KEY_ID_01", ts, "NONCE", sig, tampered, now));
        byte[] reserialised = "{\"trade_state\": \"SUCCESS\"}".getBytes(StandardCharsets.UTF_8);
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> v.verify("PUB_KEY_ID_01", ts, "NONCE", sig, reserialised, now));
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> v.verify("PUB_KEY_ID_01", ts, "NONCE2", sig, body, now));
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> v.verify("PUB_KEY_ID_01", "1700000001", "NONCE", sig, body, now));
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> v.verify("PUB_KEY_ID_02", ts, "NONCE", sig, body, now));
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> v.verify("PUB_KEY_ID_01", "x", "NONCE", sig, body, now));
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> v.verify("PUB_KEY_ID_01", ts, "NONCE", "%%%", body, now));
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> v.verify(null, ts, "NONCE", sig, body, now));
        PlatformVerifier other = PlatformVerifier.builder().rsaPublicKey("PUB_KEY_ID_01", merchant.getPublic())
                .build();
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> other.verify("PUB_KEY_ID_01", ts, "NONCE", sig, body, now));
    }

    @Test
    void onlyTheCanonicalSpellingOfTheSignatureVerifies() throws Exception {
        PlatformVerifier v = PlatformVerifier.builder().rsaPublicKey("PUB_KEY_ID_01", platform.getPublic()).build();
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        byte[] body = "{\"trade_state\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8);
        String sig = platformSign("1700000000", "NONCE", body);
        v.verify("PUB_KEY_ID_01", "1700000000", "NONCE", sig, body, now);
        for (String other : Base64Spellings.nonCanonical(sig)) {
            assertChannelThrows(ChannelSignatureException.class, "wechat",
                    () -> v.verify("PUB_KEY_ID_01", "1700000000", "NONCE", other, body, now));
        }
        for (String bad : new String[] {sig.substring(0, sig.length() - 2), sig + "\n", sig.substring(0, 64) + "\r\n"
                + sig.substring(64)}) {
            assertChannelThrows(ChannelSignatureException.class, "wechat",
                    () -> v.verify("PUB_KEY_ID_01", "1700000000", "NONCE", bad, body, now));
        }
    }

    @Test
    void skewIsConfigurable() {
        PlatformVerifier v = PlatformVerifier.builder().rsaPublicKey("K", platform.getPublic())
                .maxSkew(Duration.ofSeconds(30)).build();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String sig = platformSign("100", "N", body);
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> v.verify("K", "100", "N", sig, body, Instant.ofEpochSecond(130)));
        assertThrows(InvalidInputException.class, () -> PlatformVerifier.builder().maxSkew(Duration.ZERO));
        assertThrows(InvalidInputException.class, () -> PlatformVerifier.builder().build());
    }

    @Test
    void sm2SignaturesVerifyInBothEncodingsAndRejectTampering() throws Exception {
        Sm2KeyPair pair = Sm2KeyPair.generate(new SecureRandom());
        for (Sm2SignatureFormat format : Sm2SignatureFormat.values()) {
            MerchantSigner signer = MerchantSigner.sm2("1900009191", "SM2SERIAL", pair.privateKey(), format);
            String header = signer.authorization("POST", "/v3/x", "{}", 1554208460L, "NONCE");
            assertTrue(header.startsWith("WECHATPAY2-SM2-WITH-SM3 mchid=\"1900009191\""), header);
            Matcher m = Pattern.compile("signature=\"([^\"]+)\"").matcher(header);
            assertTrue(m.find());
            byte[] sig = Base64.getDecoder().decode(m.group(1));
            if (format == Sm2SignatureFormat.RAW) {
                assertEquals(64, sig.length);
            } else {
                assertEquals(0x30, sig[0]);
            }
            Sm2Verifier.builder(pair.publicKey()).format(format).build()
                    .verify("POST\n/v3/x\n1554208460\nNONCE\n{}\n".getBytes(StandardCharsets.UTF_8), sig);

            PlatformVerifier v = PlatformVerifier.builder().sm2PublicKey("SM2P", pair.publicKey(), format).build();
            assertEquals(SignatureScheme.SM2, v.schemeOf("SM2P"));
            byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
            String rs = Base64.getEncoder().encodeToString(WechatCrypto.sm2Signer(pair.privateKey(), format)
                    .sign(PlatformVerifier.responseMessage("1000", "N", body)));
            v.verify("SM2P", "1000", "N", rs, body, Instant.ofEpochSecond(1000));
            assertChannelThrows(ChannelSignatureException.class, "wechat", () -> v.verify("SM2P", "1000", "N", rs,
                    "{\"a\":2}".getBytes(StandardCharsets.UTF_8), Instant.ofEpochSecond(1000)));
        }
    }
}
