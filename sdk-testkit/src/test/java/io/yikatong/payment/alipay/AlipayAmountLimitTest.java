package io.yikatong.payment.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.testkit.payment.alipay.AlipaySimulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Alipay's {@code total_amount} is 0.01 to 100000000 yuan (取值范围[0.01,100000000]); a refund can never exceed the
 * order: 100000000.00 yuan is sent, one fen more is refused as bad input before anything is sent.
 */
class AlipayAmountLimitTest {

    private static final Money MAX = Money.parseYuan("100000000.00");
    private static final Money OVER = Money.ofFen(MAX.fen() + 1);
    private static final String CODE = "281234567890123456";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private AlipaySimulator sim;
    private AlipayClient client;

    @BeforeEach
    void start() throws Exception {
        sim = AlipaySimulator.start(AlipayTestKeys.APP_ID, AlipayTestKeys.merchant().getPublic(), null, 0);
        client = AlipayClient.builder().gateway(sim.gateway()).appId(AlipayTestKeys.APP_ID)
                .appPrivateKey(AlipayTestKeys.merchant().getPrivate()).alipayPublicKey(sim.alipayPublicKey())
                .requestTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static String no() {
        return "L" + System.nanoTime() % 1_000_000_000L + "x" + SEQ.incrementAndGet();
    }

    private String lastBizContent() {
        List<Map<String, String>> r = sim.requests();
        return r.get(r.size() - 1).get("biz_content");
    }

    private void refusedUnsent(Executable call) {
        int before = sim.requests().size();
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertEquals("amount", e.field());
        assertTrue(e.getMessage().contains("100000000.00"), e.getMessage());
        assertEquals(before, sim.requests().size(), "nothing reached the simulator");
    }

    @Test
    void payAndPrecreateTakeAtMostOneHundredMillionYuan() throws Exception {
        client.pay(no(), MAX, "max", CODE);
        assertTrue(lastBizContent().contains("\"total_amount\":\"100000000.00\""), lastBizContent());
        refusedUnsent(() -> client.pay(no(), OVER, "max+1", CODE));
        client.precreate(no(), MAX, "max", URI.create("http://127.0.0.1:1/notify"));
        assertTrue(lastBizContent().contains("\"total_amount\":\"100000000.00\""), lastBizContent());
        refusedUnsent(() -> client.precreate(no(), OVER, "max+1", URI.create("http://127.0.0.1:1/notify")));
        refusedUnsent(() -> client.precreate(no(), Money.ofFen(Long.MAX_VALUE), "far beyond", null));
    }

    @Test
    void refundTakesAtMostOneHundredMillionYuan() throws Exception {
        String no = no();
        client.pay(no, MAX, "max", CODE);
        client.refund(no, no() + "R", MAX, "max");
        assertTrue(lastBizContent().contains("\"refund_amount\":\"100000000.00\""), lastBizContent());
        refusedUnsent(() -> client.refund(no, no() + "R", OVER, "max+1"));
    }
}
