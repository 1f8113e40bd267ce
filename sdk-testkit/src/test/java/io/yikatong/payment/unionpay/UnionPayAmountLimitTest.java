package io.yikatong.payment.unionpay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.testkit.payment.unionpay.UnionPaySimulator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * UnionPay's {@code txnAmt} is at most 12 digits of fen: 999999999999 fen is sent, one fen more is refused as bad
 * input before anything is sent.
 */
class UnionPayAmountLimitTest {

    private static final Money MAX = Money.ofFen(999_999_999_999L);
    private static final Money OVER = Money.ofFen(1_000_000_000_000L);
    private static final String QR_NO = "6225881234567890123";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private UnionPaySimulator sim;
    private UnionPayClient client;

    @BeforeEach
    void start() throws Exception {
        sim = UnionPaySimulator.builder().merId(UnionPayTestKeys.MER_ID)
                .merchantCertificate(UnionPayTestKeys.merchant().certificate()).start();
        client = UnionPayClient.builder().backTransUrl(sim.backTransUrl()).queryTransUrl(sim.queryTransUrl())
                .merId(UnionPayTestKeys.MER_ID).rsaSigning(UnionPayTestKeys.merchant().keys().getPrivate(),
                        UnionPayTestKeys.merchant().certificate())
                .trust(sim.middleCertificate(), sim.rootCertificate()).backUrl(URI.create("http://127.0.0.1:1/n"))
                .requestTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static String no() {
        return "LIMIT" + System.nanoTime() % 1_000_000_000L + "x" + SEQ.incrementAndGet();
    }

    private String lastTxnAmt() {
        List<Map<String, String>> r = sim.requests();
        return r.get(r.size() - 1).get("txnAmt");
    }

    private void refusedUnsent(Executable call) {
        int before = sim.requests().size();
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertEquals("amount", e.field());
        assertTrue(e.getMessage().contains("999999999999"), e.getMessage());
        assertEquals(before, sim.requests().size(), "nothing reached the simulator");
    }

    @Test
    void consumeAndQrApplyTakeAtMostTwelveDigits() throws Exception {
        Instant t = client.now();
        client.barcodeConsume(no(), t, MAX, QR_NO);
        assertEquals("999999999999", lastTxnAmt());
        refusedUnsent(() -> client.barcodeConsume(no(), t, OVER, QR_NO));
        client.applyQrCode(no(), t, MAX);
        assertEquals("999999999999", lastTxnAmt());
        refusedUnsent(() -> client.applyQrCode(no(), t, OVER));
        refusedUnsent(() -> client.applyQrCode(no(), t, Money.ofFen(Long.MAX_VALUE)));
    }

    @Test
    void refundAndCancelTakeAtMostTwelveDigits() throws Exception {
        Instant t = client.now();
        String no = no();
        String queryId = client.barcodeConsume(no, t, MAX, QR_NO).queryId();
        refusedUnsent(() -> client.refund(no(), t, queryId, OVER));
        refusedUnsent(() -> client.cancel(no(), t, queryId, OVER));
        client.refund(no(), t, queryId, MAX);
        assertEquals("999999999999", lastTxnAmt());
    }
}
