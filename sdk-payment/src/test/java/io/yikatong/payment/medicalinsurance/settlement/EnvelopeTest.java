package io.yikatong.payment.medicalinsurance.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.yikatong.core.Money;
import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope;
import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope.ZeroWithMessage;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import io.yikatong.payment.spi.ChannelErrorCode;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelRefusedException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The envelope and the sample messages of the reference (§1.1–1.4, §3, §5). */
class EnvelopeTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void requestHasTheSpecFieldsInOrderAndExactDecimals() throws Exception {
        Envelope.Header h = new Envelope.Header("2207", "H35030200090202606120922374767", "350302", "430100",
                "MBS_LOCAL", "", "V1.0", "1", "001", "张三", LocalDateTime.of(2026, 6, 12, 9, 22, 37), "H35030200090",
                "医院", "SIGN1");
        var input = Json.object();
        input.putObject("data").put("medfee_sumamt", Json.yuan(Money.ofFen(1230))).put("cnt", new BigDecimal("2.0000"))
                .put("pric", new BigDecimal("6.150000"));
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("recer_admvs", "${insuplc_admdvs|mdtrtarea_admvs}");
        extra.put("app_id", "literal");
        String json = Envelope.request(h, extra, input);
        assertTrue(json.startsWith("{\"infno\":\"2207\",\"msgid\":\"H35030200090202606120922374767\","
                + "\"mdtrtarea_admvs\":\"350302\",\"insuplc_admdvs\":\"430100\",\"recer_sys_code\":\"MBS_LOCAL\","
                + "\"dev_no\":\"\",\"dev_safe_info\":\"\",\"cainfo\":\"\",\"signtype\":\"\",\"infver\":\"V1.0\","
                + "\"opter_type\":\"1\",\"opter\":\"001\",\"opter_name\":\"张三\",\"inf_time\":\"2026-06-12 09:22:37\","
                + "\"fixmedins_code\":\"H35030200090\",\"fixmedins_name\":\"医院\",\"sign_no\":\"SIGN1\","
                + "\"recer_admvs\":\"430100\",\"app_id\":\"literal\",\"input\":"), json);
        assertTrue(json.contains("\"medfee_sumamt\":12.30"), json);
        assertTrue(json.contains("\"cnt\":2.0000"), json);
        assertTrue(json.contains("\"pric\":6.150000"), json);
        Envelope.Request back = Envelope.readRequest(json);
        assertEquals("2207", back.infno());
        assertEquals(new BigDecimal("12.30"), back.input().path("data").path("medfee_sumamt").decimalValue());
    }

    @Test
    void infcodeAsNumberOrStringAndUnknownFieldsIgnored() throws Exception {
        for (String code : new String[] {"0", "\"0\"", "\" 0 \""}) {
            Envelope.Reply r = Envelope.readReply("1101", 200, b("{\"infcode\":" + code
                    + ",\"inf_refmsgid\":\"500000202107141108170000514555\",\"refmsg_time\":\"20210714110817370\","
                    + "\"respond_time\":\"20210714110817386\",\"err_msg\":null,\"output\":{\"x\":1},"
                    + "\"warn_msg\":\"提示\",\"cainfo\":\"\",\"signtype\":\"\",\"enctype\":0,\"appname\":\"a\",\"mid\":\"m\"}"),
                    ZeroWithMessage.SUCCESS);
            assertEquals("500000202107141108170000514555", r.infRefmsgid());
            assertEquals("提示", r.warning());
            assertEquals(1, r.output().path("x").asInt());
        }
    }

    @Test
    void failureCarriesThePlatformMessageWithItsTraceSuffix() {
        ChannelRefusedException e = assertThrows(ChannelRefusedException.class, () -> Envelope.readReply("2201", 200,
                b("{\"infcode\":-1,\"inf_refmsgid\":\"\",\"err_msg\":\"就诊凭证编号不能为空(8f6b3c@10.70.130.148)\","
                        + "\"output\":null}"), ZeroWithMessage.SUCCESS));
        assertEquals("-1", e.channelCode());
        assertEquals("就诊凭证编号不能为空(8f6b3c@10.70.130.148)", e.channelMessage());
        assertEquals(ChannelRefusedException.Disposition.DEFINITE, e.disposition());
        assertEquals(ChannelErrorCode.of("mi-settlement", ChannelErrorCode.Kind.REFUSED), e.errorCode());
        assertEquals("1", assertThrows(ChannelRefusedException.class, () -> Envelope.readReply("2201", 200,
                b("{\"infcode\":\"1\",\"err_msg\":\"x\"}"), ZeroWithMessage.SUCCESS)).channelCode());
    }

    @Test
    void hunanZeroWithErrMsgFollowsTheProfile() throws Exception {
        String hunan = "{\"infcode\":\"0\",\"err_msg\":\"FSI-文件查询号不能为空[fileBO_156]\",\"output\":null}";
        ChannelRefusedException e = assertThrows(ChannelRefusedException.class,
                () -> Envelope.readReply("3202", 200, b(hunan), ZeroWithMessage.REFUSED));
        assertEquals("FSI-文件查询号不能为空[fileBO_156]", e.channelMessage());
        Envelope.Reply r = Envelope.readReply("3202", 200, b(hunan), ZeroWithMessage.SUCCESS);
        assertEquals("FSI-文件查询号不能为空[fileBO_156]", r.warning());
    }

    @Test
    void wrappedRepliesAreUnwrapped() throws Exception {
        String inner = "{\"infcode\":0,\"err_msg\":\"\",\"output\":{\"k\":\"v\"}}";
        for (String wrapped : new String[] {"{\"code\":0,\"type\":\"success\",\"message\":\"成功\",\"data\":" + inner + "}",
            "{\"code\":\"0\",\"data\":" + Json.MAPPER.writeValueAsString(inner) + "}"}) {
            assertEquals("v", Envelope.readReply("2206", 200, b(wrapped), ZeroWithMessage.SUCCESS).output().path("k")
                    .asText());
        }
    }

    @Test
    void gatewayAnswersAreRefusalsWithTheRightDisposition() {
        for (String msg : new String[] {"缺少服务网关的请求头!", "签名时间戳超时!", "非法用户!", "签名不一致!"}) {
            ChannelRefusedException e = assertThrows(ChannelRefusedException.class, () -> Envelope.readReply("2207",
                    401, b("{\"code\":401,\"message\":\"" + msg + "\"}"), ZeroWithMessage.SUCCESS));
            assertTrue(e.credentialsRejected(), msg);
            assertEquals(401, e.httpStatus());
            assertEquals(msg, e.channelMessage());
        }
        ChannelRefusedException fe = assertThrows(ChannelRefusedException.class, () -> Envelope.readReply("2207", 200,
                b("{\"code\":\"999\",\"msg\":\"前置机异常\"}"), ZeroWithMessage.SUCCESS));
        assertTrue(fe.outcomeUnknown());
        assertTrue(assertThrows(ChannelRefusedException.class, () -> Envelope.readReply("2207", 401, b("<html>"),
                ZeroWithMessage.SUCCESS)).credentialsRejected());
    }

    @Test
    void garbageAndServerErrorsAreTyped() {
        assertThrows(ChannelLinkException.class, () -> Envelope.readReply("2207", 502, b("bad gateway"),
                ZeroWithMessage.SUCCESS));
        for (String g : new String[] {"", "not json", "[]", "{}", "{\"infcode\":\"abc\"}", "{\"infcode\":1.5}",
            "{\"infcode\":{}}", "{\"infcode\":0} trailing", "{\"data\":{}}"}) {
            assertThrows(ChannelMalformedResponseException.class, () -> Envelope.readReply("2207", 200, b(g),
                    ZeroWithMessage.SUCCESS), g);
        }
        assertThrows(ChannelMalformedResponseException.class, () -> Envelope.readReply("2207", 404,
                b("{\"infcode\":0}"), ZeroWithMessage.SUCCESS));
    }

    @Test
    void amountsAreExactAndNeverRounded() throws Exception {
        JsonNode n = Json.parse("t", "{\"a\":12.3,\"b\":\"0.10\",\"c\":12.345,\"d\":\"1e3\",\"e\":\"\",\"f\":"
                + "99999999999999.99,\"g\":0.1}");
        assertEquals(1230, Json.fen(n, "a", "x", null));
        assertEquals(10, Json.fen(n, "b", "x", null));
        assertThrows(ChannelMalformedResponseException.class, () -> Json.fen(n, "c", "x", null));
        assertThrows(ChannelMalformedResponseException.class, () -> Json.fen(n, "d", "x", null));
        assertEquals(7, Json.fen(n, "e", "x", 7L));
        assertEquals(9_999_999_999_999_999L, Json.fen(n, "f", "x", null));
        assertEquals(10, Json.fen(n, "g", "x", null)); // 0.1 stays 0.1 (BigDecimal), never 0.1000000000000000055…
        assertThrows(ChannelMalformedResponseException.class, () -> Json.fen(n, "missing", "x", null));
        assertEquals(new BigDecimal("12.345000"), Json.scaled(n, "c", "x", 6));
        assertThrows(ChannelMalformedResponseException.class, () -> Json.scaled(n, "c", "x", 2));
        assertEquals("12.30", Json.yuan(1230).toPlainString());
        // huge exponents are refused at once, never expanded (a billion-digit string would exhaust memory)
        JsonNode huge = Json.parse("t", "{\"a\":1e999999999,\"b\":1e-999999999,\"c\":\"1\"}");
        assertThrows(ChannelMalformedResponseException.class, () -> Json.fen(huge, "a", "x", null));
        assertThrows(ChannelMalformedResponseException.class, () -> Json.fen(huge, "b", "x", null));
        assertThrows(ChannelMalformedResponseException.class, () -> Json.optText(huge, "a", "x"));
        assertThrows(ChannelMalformedResponseException.class, () -> Envelope.readReply("2207", 200,
                b("{\"infcode\":1e999999999}"), ZeroWithMessage.SUCCESS));
        assertEquals("-0.01", Json.yuan(-1).toPlainString());
    }

    @Test
    void quantitiesAndPricesKeepTheirScales() {
        assertEquals("2.5000", Quantity.of("2.5").toString());
        assertEquals("0.123456", UnitPrice.of("0.123456").toString());
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> Quantity.of("0.00001"));
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> UnitPrice.of("0.0000001"));
        assertEquals(Money.ofFen(1234), UnitPrice.of("6.17").times(Quantity.of("2")));
        assertThrows(io.yikatong.core.InvalidInputException.class,
                () -> UnitPrice.of("0.333333").times(Quantity.of("1")));
        assertFalse(Quantity.of("1").toString().contains("E"));
    }
}
