package io.yikatong.payment.wechat;

import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.wechat.internal.ResourceCipher;
import io.yikatong.payment.wechat.internal.WechatCrypto;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Arbitrary notification headers and bodies give typed rejections only. */
class NotificationFuzzTest {

    static final byte[] KEY = "0123456789abcdefghijABCDEFGHIJ01".getBytes(StandardCharsets.US_ASCII);
    static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    static KeyPair platform;
    static WechatPayV3Client client;

    @BeforeAll
    static void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        platform = g.generateKeyPair();
        KeyPair merchant = g.generateKeyPair();
        client = WechatPayV3Client.builder().baseUri(URI.create("http://127.0.0.1:9")).appid("wx1")
                .signer(MerchantSigner.rsa("1900000001", "M", merchant.getPrivate()))
                .verifier(PlatformVerifier.builder().rsaPublicKey("P", platform.getPublic()).build())
                .apiV3Key(KEY).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    static Map<String, String> signedHeaders(byte[] body) {
        String ts = Long.toString(NOW.getEpochSecond());
        byte[] sig = WechatCrypto.rsaSigner(platform.getPrivate())
                .sign(PlatformVerifier.responseMessage(ts, "NONCE", body));
        Map<String, String> h = new HashMap<>();
        h.put("wechatpay-serial", "P");
        h.put("WECHATPAY-TIMESTAMP", ts);
        h.put("Wechatpay-Nonce", "NONCE");
        h.put("Wechatpay-Signature", Base64.getEncoder().encodeToString(sig));
        return h;
    }

    static String envelope(String resourcePlain, String algorithm) {
        String ct = Base64.getEncoder().encodeToString(new ResourceCipher(KEY, ResourceCipher.defaultSm4Key(KEY))
                .encrypt("AEAD_AES_256_GCM", "abcdefghijkl", "transaction",
                        resourcePlain.getBytes(StandardCharsets.UTF_8)));
        return "{\"id\":\"N1\",\"create_time\":\"2024-06-01T10:00:00+08:00\",\"event_type\":\"TRANSACTION.SUCCESS\","
                + "\"resource_type\":\"encrypt-resource\",\"resource\":{\"algorithm\":\"" + algorithm
                + "\",\"ciphertext\":\"" + ct + "\",\"nonce\":\"abcdefghijkl\",\"associated_data\":\"transaction\"}}";
    }

    private static void expectTyped(Map<String, String> headers, byte[] body) {
        try {
            client.parseNotification(headers, body);
        } catch (ChannelSignatureException | ChannelMalformedResponseException e) {
            assertEquals("wechat", e.channel());
            return;
        } catch (RuntimeException e) {
            fail("untyped " + e);
        }
    }

    @Test
    void validNotificationParsesAndHeadersAreCaseInsensitive() throws Exception {
        String plain = "{\"out_trade_no\":\"A123456\",\"transaction_id\":\"42\",\"trade_state\":\"SUCCESS\","
                + "\"amount\":{\"total\":100,\"payer_total\":100}}";
        byte[] body = envelope(plain, "AEAD_AES_256_GCM").getBytes(StandardCharsets.UTF_8);
        TransactionNotification n = (TransactionNotification) client.parseNotification(signedHeaders(body), body);
        assertEquals("A123456", n.transaction().outTradeNo());
        assertEquals(100, n.transaction().totalFen());
        // a wrong algorithm name for the scheme is refused
        byte[] sm4 = envelope(plain, "AEAD_SM4_GCM").getBytes(StandardCharsets.UTF_8);
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> client.parseNotification(signedHeaders(sm4), sm4));
        // unsigned: rejected before anything is decoded
        assertChannelThrows(ChannelSignatureException.class, "wechat", () -> client.parseNotification(Map.of(), body));
    }

    @Test
    void randomHeadersAndBodiesAreTypedRejections() {
        Random random = new Random(20240601L);
        for (int i = 0; i < 2000; i++) {
            byte[] body = new byte[random.nextInt(300)];
            random.nextBytes(body);
            Map<String, String> h = new HashMap<>();
            String[] names = {"Wechatpay-Serial", "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature"};
            for (String name : names) {
                if (random.nextInt(5) > 0) {
                    byte[] v = new byte[random.nextInt(40)];
                    random.nextBytes(v);
                    h.put(name, random.nextBoolean() ? Base64.getEncoder().encodeToString(v)
                            : new String(v, StandardCharsets.ISO_8859_1));
                }
            }
            if (random.nextBoolean()) {
                h.put("Wechatpay-Serial", "P");
                h.put("Wechatpay-Timestamp", Long.toString(NOW.getEpochSecond() + random.nextInt(1000) - 500));
            }
            assertChannelThrows(ChannelSignatureException.class, "wechat", () -> client.parseNotification(h, body));
        }
    }

    @Test
    void signedGarbageAndMutatedEnvelopesAreTypedRejections() {
        Random random = new Random(7L);
        String plain = "{\"out_trade_no\":\"A123456\",\"trade_state\":\"SUCCESS\",\"amount\":{\"total\":100}}";
        String good = envelope(plain, "AEAD_AES_256_GCM");
        String[] payloads = {"{}", "[]", "null", "1", "{\"out_trade_no\":1}", "{\"trade_state\":\"SUCCESS\"}",
            "{\"out_trade_no\":\"A\",\"trade_state\":\"SUCCESS\",\"amount\":{\"total\":-1}}",
            "{\"out_trade_no\":\"A\",\"trade_state\":\"SUCCESS\",\"amount\":\"x\"}", "not json"};
        int parsed = 0;
        for (String p : payloads) {
            byte[] body = envelope(p, "AEAD_AES_256_GCM").getBytes(StandardCharsets.UTF_8);
            assertChannelThrows(ChannelMalformedResponseException.class, "wechat",
                    () -> client.parseNotification(signedHeaders(body), body));
        }
        for (int i = 0; i < 1500; i++) {
            byte[] body = good.getBytes(StandardCharsets.UTF_8);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(3) == 0) {
                body = java.util.Arrays.copyOf(body, random.nextInt(body.length));
            }
            try {
                client.parseNotification(signedHeaders(body), body);
                parsed++;
            } catch (ChannelSignatureException | ChannelMalformedResponseException e) {
                assertEquals("wechat", e.channel());
                // typed rejection
            } catch (RuntimeException e) {
                fail("untyped " + e);
            }
            expectTyped(signedHeaders(body), body);
        }
        assertTrue(parsed < 1500, "mutations must be rejected in general");
    }
}
