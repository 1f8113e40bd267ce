package io.yikatong.payment.wechat;

import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Bytes;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.BillLine;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link TradeBill#lines()} on an "ALL" bill with payments, refunds, other states and the summary section. */
class TradeBillTest {

    private static final String ALL = "\uFEFF交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
            + "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,"
            + "商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n"
            + "`2026-11-22 09:00:01,`wx1,`1900000001,`0,`,`4200000001,`H001,`o1,`MICROPAY,`SUCCESS,`CMB_CREDIT,`CNY,"
            + "`12.30,`0.00,`0,`0,`0.00,`0.00,`,`,`挂号费,`,`0.07000,`0.60%,`12.30,`0.00,`\r\n"
            + "`2026-11-22 10:00:01,`wx1,`1900000001,`0,`,`4200000001,`H001,`o1,`MICROPAY,`REFUND,`CMB_CREDIT,`CNY,"
            + "`0.00,`0.00,`5030000001,`H001R1,`2.30,`0.00,`ORIGINAL,`SUCCESS,`挂号费,`,`-0.01000,`0.60%,`12.30,`2.30,`\r\n"
            + "`2026-11-22 11:00:01,`wx1,`1900000001,`0,`,`4200000002,`H002,`o2,`MICROPAY,`REVOKED,`CMB_CREDIT,`CNY,"
            + "`0.00,`0.00,`0,`0,`0.00,`0.00,`,`,`诊金,`,`0.00000,`0.60%,`5.00,`0.00,`\r\n"
            + "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n"
            + "`3,`12.30,`2.30,`0.00,`0.06000,`17.30,`2.30\r\n";

    private static TradeBill bill(String text) {
        return new TradeBill(LocalDate.of(2026, 11, 22), "SHA1", Bytes.copyOf(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsPaymentsAndRefundsAndSkipsOtherStatesAndTheSummary() throws Exception {
        List<BillLine> lines = bill(ALL).lines();
        assertEquals(List.of(BillLine.payment("H001", "4200000001", Money.ofFen(1230)),
                BillLine.refund("H001", "H001R1", "4200000001", Money.ofFen(230))), lines);
    }

    @Test
    void simulatorStyleBillListsRefundedOrdersAsPayments() throws Exception {
        String csv = "交易时间,公众账号ID,商户号,微信订单号,商户订单号,交易状态,订单金额\n"
                + "`2026-11-22,`wx1,`1900000001,`4200000009,`H009,`REFUND,`1.00\n";
        assertEquals(List.of(BillLine.payment("H009", "4200000009", Money.ofFen(100))), bill(csv).lines());
        assertEquals(List.of(), bill("").lines());
    }

    @Test
    void malformedBillsAreTypedAndNameTheProblemNotTheValue() {
        ChannelMalformedResponseException missing =
                assertChannelThrows(ChannelMalformedResponseException.class, "wechat",
                        () -> bill("交易时间,商户订单号\n`x,`y\n").lines());
        assertTrue(missing.getMessage().contains("微信订单号"), missing.getMessage());
        ChannelMalformedResponseException amount =
                assertChannelThrows(ChannelMalformedResponseException.class, "wechat",
                        () -> bill(ALL.replace("`12.30,`0.00,`0,`0", "`12.3x,`0.00,`0,`0")
                                .replace("`0.60%,`12.30,`0.00,`\r\n`2026-11-22 10", "`0.60%,`12.3x,`0.00,`\r\n`2026-11-22 10"))
                                .lines());
        assertTrue(amount.getMessage().contains("row 2") && !amount.getMessage().contains("12.3x"),
                amount.getMessage());
    }

    @Test
    void fuzzedBillsGiveLinesOrTypedErrorsOnly() {
        SplittableRandom random = new SplittableRandom(23);
        byte[] good = ALL.getBytes(StandardCharsets.UTF_8);
        int rejected = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] b = good.clone();
            int edits = 1 + random.nextInt(6);
            for (int k = 0; k < edits; k++) {
                b[random.nextInt(b.length)] = (byte) (random.nextBoolean() ? random.nextInt(256)
                        : ",`\n0.-".charAt(random.nextInt(6)));
            }
            if (random.nextInt(8) == 0) {
                b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
            }
            try {
                bill(new String(b, StandardCharsets.UTF_8)).lines();
            } catch (ChannelMalformedResponseException e) {
                assertEquals("wechat", e.channel());
                rejected++;
            }
        }
        assertTrue(rejected > 0, "some mutations must be rejected");
    }
}
