package io.yikatong.payment.alipay;

import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yikatong.payment.spi.ChannelRefusedException;
import org.junit.jupiter.api.function.Executable;

/** Asserts an Alipay business refusal with a given sub_code. */
final class AlipayRefundedCheck {

    private AlipayRefundedCheck() {
    }

    static void assertRefused(String subCode, Executable call) {
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "alipay", call);
        assertEquals("40004", e.channelCode());
        assertEquals(subCode, e.subCode());
    }
}
