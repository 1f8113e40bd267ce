package io.yikatong.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.payment.alipay.AlipayChannel;
import io.yikatong.payment.alipay.AlipayClient;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.spi.NotificationRejectedException;
import io.yikatong.payment.unionpay.TxnTimeLookup;
import io.yikatong.payment.unionpay.UnionPayChannel;
import io.yikatong.payment.unionpay.UnionPayClient;
import io.yikatong.payment.unionpay.internal.AcpCertificates;
import io.yikatong.testkit.payment.alipay.AlipaySimulator;
import io.yikatong.testkit.payment.unionpay.UnionPaySimulator;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The top of the notification path, {@link PaymentClient#handleNotification}, with the WeChat Pay, Alipay and
 * UnionPay channels configured side by side: arbitrary bodies and headers — random bytes, form- and JSON-shaped junk,
 * headers of the wrong channel — give {@link NotificationRejectedException} and nothing else, and never touch the
 * journal.
 */
class NotificationHandlingFuzzTest {

    @TempDir
    Path dir;

    @Test
    void arbitraryNotificationsAreRejectedTypedForEveryChannel() throws Exception {
        KeyPair app = AcpCertificates.rsaKeys();
        AcpCertificates.Issued merchant = AcpCertificates.issue("fuzz merchant", AcpCertificates.rsaKeys(), null, false,
                BigInteger.valueOf(69_000_000_001L), Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400));
        try (WechatFixture wechat = new WechatFixture(dir.resolve("wechat"));
                AlipaySimulator alipaySim = AlipaySimulator.start("2021000000000009", app.getPublic(), null, 0);
                UnionPaySimulator unionSim = UnionPaySimulator.builder().merId("777290058110048")
                        .merchantCertificate(merchant.certificate()).start();
                JdbcPaymentJournal journal = JdbcPaymentJournal.embedded(dir.resolve("journal"))) {
            URI notify = URI.create("http://127.0.0.1:1/notify");
            AlipayClient alipay = AlipayClient.builder().gateway(alipaySim.gateway()).appId("2021000000000009")
                    .appPrivateKey(app.getPrivate()).alipayPublicKey(alipaySim.alipayPublicKey())
                    .requestTimeout(Duration.ofSeconds(5)).build();
            UnionPayClient union = UnionPayClient.builder().backTransUrl(unionSim.backTransUrl())
                    .queryTransUrl(unionSim.queryTransUrl()).merId("777290058110048")
                    .rsaSigning(merchant.keys().getPrivate(), merchant.certificate())
                    .trust(unionSim.middleCertificate(), unionSim.rootCertificate()).backUrl(notify).build();
            PaymentClient client = PaymentClient.builder().journal(journal)
                    .channel(wechat.channel, AlipayChannel.create(alipay, notify),
                            UnionPayChannel.create(union, TxnTimeLookup.fromJournal(journal)))
                    .build();

            SplittableRandom random = new SplittableRandom(20261123L);
            List<String> channels = List.of("wechat", "alipay", "unionpay");
            String[] headerNames = {"Wechatpay-Serial", "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature",
                "Content-Type", "X"};
            String alphabet = "a=b&%{}\":,[]sign_typeresourceciphertextsignature0123456789+/=\u4e2d";
            int rejected = 0;
            for (int i = 0; i < 3_000; i++) {
                String channel = channels.get(i % channels.size());
                Map<String, String> headers = new HashMap<>();
                for (int h = random.nextInt(5); h > 0; h--) {
                    headers.put(headerNames[random.nextInt(headerNames.length)],
                            random.nextBoolean() ? Long.toString(random.nextLong()) : "1700000000");
                }
                byte[] body;
                if (random.nextBoolean()) {
                    body = new byte[random.nextInt(300)];
                    random.nextBytes(body);
                } else {
                    StringBuilder sb = new StringBuilder();
                    for (int k = random.nextInt(300); k > 0; k--) {
                        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    body = sb.toString().getBytes(StandardCharsets.UTF_8);
                }
                byte[] b = body;
                assertThrows(NotificationRejectedException.class, () -> client.handleNotification(channel, headers, b),
                        () -> channel + " accepted " + new String(b, StandardCharsets.UTF_8));
                rejected++;
            }
            assertEquals(3_000, rejected);
            assertTrue(journal.unresolved().isEmpty(), "no notification created or changed anything");
        }
    }
}
