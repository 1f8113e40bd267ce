package io.yikatong.payment.wechat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.testkit.payment.wechat.WechatPaySimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WeChat Pay's {@code amount.total} and {@code amount.refund} are 32-bit signed integers of fen (the API reference
 * types them {@code int}): 2147483647 fen is sent, one fen more is refused as bad input before anything is sent.
 */
class WechatPayAmountLimitTest {

    private static final long MAX = 2_147_483_647L;
    private static final byte[] KEY = "0123456789abcdefghijABCDEFGHIJ01".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicInteger SEQ = new AtomicInteger();
    private WechatPaySimulator sim;
    private WechatPayV3Client client;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair merchant = g.generateKeyPair();
        sim = WechatPaySimulator.builder().mchid("1900000001").merchantRsaKey("MSERIAL", merchant.getPublic())
                .apiV3Key(KEY).notifyUrl(URI.create("http://127.0.0.1:1/notify")).start(0);
        client = WechatPayV3Client.builder().baseUri(sim.baseUri()).appid("wxd678efh567hg6787")
                .signer(MerchantSigner.rsa("1900000001", "MSERIAL", merchant.getPrivate()))
                .verifier(sim.platformVerifier()).apiV3Key(KEY).requestTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static String no() {
        return "LIMIT" + System.nanoTime() % 1_000_000_000L + "x" + SEQ.incrementAndGet();
    }

    private String lastBody() {
        List<WechatPaySimulator.ReceivedRequest> r = sim.requests();
        return r.get(r.size() - 1).body();
    }

    private void refusedUnsent(String field, org.junit.jupiter.api.function.Executable call) {
        int before = sim.requests().size();
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
        assertEquals(before, sim.requests().size(), "nothing reached the simulator");
    }

    @Test
    void codepayAndNativeTakeAtMostInt32Fen() throws Exception {
        Transaction paid = client.codepay(no(), MAX, "max", "134567890123456789");
        assertEquals(MAX, paid.totalFen());
        assertTrue(lastBody().contains("\"total\":2147483647"), lastBody());
        refusedUnsent("totalFen", () -> client.codepay(no(), MAX + 1, "max+1", "134567890123456789"));
        client.nativePrepay(no(), MAX, "max", URI.create("http://127.0.0.1:1/notify"));
        assertTrue(lastBody().contains("\"total\":2147483647"), lastBody());
        refusedUnsent("totalFen", () -> client.nativePrepay(no(), MAX + 1, "max+1",
                URI.create("http://127.0.0.1:1/notify")));
        refusedUnsent("totalFen", () -> client.nativePrepay(no(), Long.MAX_VALUE, "far beyond",
                URI.create("http://127.0.0.1:1/notify")));
    }

    @Test
    void paymentClientRefusesAnAmountAboveTheLimitBeforeJournallingIt(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        try (io.yikatong.payment.journal.JdbcPaymentJournal journal =
                io.yikatong.payment.journal.JdbcPaymentJournal.embedded(dir)) {
            io.yikatong.payment.PaymentClient payments = io.yikatong.payment.PaymentClient.builder().journal(journal)
                    .channel(WechatPayChannel.create(client, URI.create("http://127.0.0.1:1/notify"))).build();
            io.yikatong.core.Money over = io.yikatong.core.Money.ofFen(MAX + 1);
            int before = sim.requests().size();
            String barcodeNo = no();
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> payments.barcodePay(
                    new io.yikatong.payment.BarcodePayment("wechat", barcodeNo, over, "max+1", "134567890123456789")));
            assertEquals("amount", e.field());
            assertTrue(e.getMessage().contains("21474836.47"), e.getMessage());
            String qrNo = no();
            assertThrows(InvalidInputException.class, () -> payments.qrPay(
                    new io.yikatong.payment.QrPayment("wechat", qrNo, over, "max+1")));
            assertTrue(journal.find(barcodeNo).isEmpty(), "nothing journalled");
            assertTrue(journal.find(qrNo).isEmpty(), "nothing journalled");
            assertEquals(before, sim.requests().size(), "nothing reached the simulator");
        }
    }

    @Test
    void refundTakesAtMostInt32Fen() throws Exception {
        String no = no();
        client.codepay(no, MAX, "max", "134567890123456789");
        client.refund(no, no() + "R", MAX, MAX, "max", null);
        assertTrue(lastBody().contains("\"refund\":2147483647"), lastBody());
        refusedUnsent("refundFen", () -> client.refund(no, no() + "R", MAX + 1, MAX + 1, "max+1", null));
        refusedUnsent("totalFen", () -> client.refund(no, no() + "R", 1, MAX + 1, "max+1", null));
    }
}
