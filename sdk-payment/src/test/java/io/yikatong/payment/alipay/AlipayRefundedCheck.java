package io.yikatong.payment.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

/** Asserts an Alipay business refusal with a given sub_code. */
final class AlipayRefundedCheck {

    private AlipayRefundedCheck() {
    }

    static void assertRefused(String subCode, Executable call) {
        AlipayRefusedException e = assertThrows(AlipayRefusedException.class, call);
        assertEquals("40004", e.code());
        assertEquals(subCode, e.subCode());
    }
}
