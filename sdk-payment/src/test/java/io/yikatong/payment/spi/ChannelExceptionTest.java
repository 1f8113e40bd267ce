package io.yikatong.payment.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.YikatongException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelExceptionTest {

    @Test
    void codesKeepTheFormOfTheFormerPerChannelCodes() {
        // the strings the per-channel enums (WechatPayErrorCode …) used to have: integrators may have stored them
        Map<String, List<String>> expected = Map.of(
                "wechat", List.of("payment.wechat.link_failed", "payment.wechat.refused",
                        "payment.wechat.malformed_response", "payment.wechat.signature_invalid"),
                "alipay", List.of("payment.alipay.link_failed", "payment.alipay.refused",
                        "payment.alipay.malformed_response", "payment.alipay.signature_invalid"),
                "unionpay", List.of("payment.unionpay.link_failed", "payment.unionpay.refused",
                        "payment.unionpay.malformed_response", "payment.unionpay.signature_invalid"),
                "medical-insurance", List.of("payment.medical_insurance.link_failed",
                        "payment.medical_insurance.refused", "payment.medical_insurance.malformed_response",
                        "payment.medical_insurance.signature_invalid"));
        expected.forEach((channel, codes) -> {
            List<ChannelException> all = List.of(new ChannelLinkException(channel, "l", null),
                    new ChannelRefusedException(channel, "op", 200, "X", "", ChannelRefusedException.Disposition.DEFINITE),
                    new ChannelMalformedResponseException(channel, "m", null),
                    new ChannelSignatureException(channel, "s", null));
            for (int i = 0; i < 4; i++) {
                ChannelException e = all.get(i);
                assertEquals(codes.get(i), e.errorCode().code());
                assertEquals(codes.get(i), e.errorCode().toString());
                assertEquals(channel, e.channel());
                assertEquals(ChannelErrorCode.Kind.values()[i], e.kind());
            }
        });
    }

    @Test
    void eachKindHasItsCategory() {
        assertEquals(ErrorCategory.LINK_FAILED, new ChannelLinkException("wechat", "x", null).category());
        assertEquals(ErrorCategory.REFUSED, new ChannelRefusedException("wechat", "x", 400, "PARAM_ERROR", "",
                ChannelRefusedException.Disposition.DEFINITE).category());
        assertEquals(ErrorCategory.MALFORMED_RESPONSE,
                new ChannelMalformedResponseException("wechat", "x", null).category());
        assertEquals(ErrorCategory.VERIFICATION_FAILED, new ChannelSignatureException("wechat", "x", null).category());
        YikatongException checked = new ChannelLinkException("alipay", "x", null);
        assertTrue(checked instanceof ChannelException);
    }

    @Test
    void codesAreValuesOfChannelAndKind() {
        assertEquals(ChannelErrorCode.of("wechat", ChannelErrorCode.Kind.REFUSED),
                new ChannelErrorCode("wechat", ChannelErrorCode.Kind.REFUSED));
        assertNotEquals(ChannelErrorCode.of("wechat", ChannelErrorCode.Kind.REFUSED),
                ChannelErrorCode.of("alipay", ChannelErrorCode.Kind.REFUSED));
        assertEquals("channel", assertThrows(InvalidInputException.class,
                () -> ChannelErrorCode.of("WeChat", ChannelErrorCode.Kind.REFUSED)).field());
        assertEquals("channel", assertThrows(InvalidInputException.class,
                () -> new ChannelLinkException(null, "x", null)).field());
        assertThrows(InvalidInputException.class, () -> ChannelErrorCode.of("wechat", null));
    }

    @Test
    void refusalsKeepTheRawFieldsAndTheirMeaning() {
        ChannelRefusedException wechat = new ChannelRefusedException("wechat", "POST /v3/refund/domestic/refunds", 404,
                "RESOURCE_NOT_EXISTS", "退款单不存在", ChannelRefusedException.Disposition.NOT_FOUND);
        assertEquals("POST /v3/refund/domestic/refunds: HTTP 404 code RESOURCE_NOT_EXISTS (退款单不存在)",
                wechat.getMessage());
        assertEquals("RESOURCE_NOT_EXISTS", wechat.specificCode());
        assertEquals("", wechat.subCode());
        assertTrue(wechat.notFound());
        assertFalse(wechat.outcomeUnknown());
        assertFalse(wechat.credentialsRejected());
        assertNull(wechat.getCause());

        ChannelRefusedException alipay = new ChannelRefusedException("alipay", "alipay.trade.pay", 200, "40004",
                "Business Failed", "ACQ.BUYER_BALANCE_NOT_ENOUGH", "余额不足",
                ChannelRefusedException.Disposition.DEFINITE);
        assertEquals("alipay.trade.pay: code 40004 ACQ.BUYER_BALANCE_NOT_ENOUGH (余额不足)", alipay.getMessage());
        assertEquals("40004", alipay.channelCode());
        assertEquals("Business Failed", alipay.channelMessage());
        assertEquals("ACQ.BUYER_BALANCE_NOT_ENOUGH", alipay.subCode());
        assertEquals("余额不足", alipay.subMessage());
        assertEquals("ACQ.BUYER_BALANCE_NOT_ENOUGH", alipay.specificCode());
        assertSame(ChannelRefusedException.Disposition.DEFINITE, alipay.disposition());

        ChannelRefusedException unknown = new ChannelRefusedException("unionpay", "barcodeConsume", 200, "03", null,
                ChannelRefusedException.Disposition.OUTCOME_UNKNOWN);
        assertEquals("barcodeConsume: code 03", unknown.getMessage());
        assertEquals("", unknown.channelMessage());
        assertTrue(unknown.outcomeUnknown());
        assertTrue(new ChannelRefusedException("medical-insurance", "6201", 200, "-1", "签名错误",
                ChannelRefusedException.Disposition.CREDENTIALS_REJECTED).credentialsRejected());

        String longMessage = "x".repeat(500);
        assertTrue(new ChannelRefusedException("wechat", "GET /v3/x", 500, "", longMessage,
                ChannelRefusedException.Disposition.OUTCOME_UNKNOWN).getMessage().length() < 250);
        assertEquals("httpStatus", assertThrows(InvalidInputException.class, () -> new ChannelRefusedException(
                "wechat", "GET /v3/x", 0, "", "", ChannelRefusedException.Disposition.DEFINITE)).field());
        assertEquals("disposition", assertThrows(InvalidInputException.class, () -> new ChannelRefusedException(
                "wechat", "GET /v3/x", 400, "", "", null)).field());
        assertEquals("operation", assertThrows(InvalidInputException.class, () -> new ChannelRefusedException(
                "wechat", "", 400, "", "", ChannelRefusedException.Disposition.DEFINITE)).field());
    }

    @Test
    void exceptionsSerializeWithTheirCode() throws Exception {
        ChannelRefusedException e = new ChannelRefusedException("alipay", "alipay.trade.query", 200, "40004", "",
                "ACQ.TRADE_NOT_EXIST", "", ChannelRefusedException.Disposition.NOT_FOUND);
        ChannelRefusedException back = roundTrip(e);
        assertEquals(e.errorCode(), back.errorCode());
        assertEquals("alipay", back.channel());
        assertEquals("ACQ.TRADE_NOT_EXIST", back.subCode());
        assertTrue(back.notFound());
        assertEquals("payment.medical_insurance.link_failed",
                roundTrip(new ChannelLinkException("medical-insurance", "6201: HTTP 503", null)).errorCode().code());
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
