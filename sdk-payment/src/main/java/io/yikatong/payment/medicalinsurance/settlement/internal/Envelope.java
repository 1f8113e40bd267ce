package io.yikatong.payment.medicalinsurance.settlement.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelRefusedException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JSON envelope of the 两定 interface (reference §1.1–1.2, §1.4 wrappers): writes a request and reads a reply.
 *
 * <p><b>Request.</b> The top-level fields in the order of SPEC §1.1, then the profile's extra fields, then
 * {@code input}. Empty optional strings are sent as {@code ""} (SPEC §4.4).
 *
 * <p><b>Reply.</b> Accepted shapes: the bare envelope ({@code infcode} at the top); a wrapper
 * {@code {"code", "type", "message", "data": {envelope}}}; a gateway's own answer {@code {"code", "message"|"msg"}}
 * without an envelope. {@code infcode} may be a JSON number or a string. Unknown fields are ignored. Classification:
 *
 * <ul>
 *   <li>{@code infcode = 0} and an empty {@code err_msg}: success.</li>
 *   <li>{@code infcode = 0} with a non-empty {@code err_msg} (seen in Hunan): the profile decides
 *       ({@link ZeroWithMessage}).</li>
 *   <li>any other {@code infcode}: a refusal with the platform's {@code err_msg} ({@code DEFINITE}).</li>
 *   <li>a gateway answer (HTTP 401 with {@code {"code":401,…}}, or a wrapper or {@code code} body without an
 *       envelope): a refusal; {@code CREDENTIALS_REJECTED} for 401/403 and the CSB messages, otherwise
 *       {@code OUTCOME_UNKNOWN} (a front-end error does not prove the platform did not act).</li>
 *   <li>anything else (not JSON, no {@code infcode}, a non-integer {@code infcode}): malformed.</li>
 * </ul>
 *
 * <p>Not API. Thread-safe (stateless).
 */
public final class Envelope {

    /** {@code yyyy-MM-dd HH:mm:ss}, the interface's datetime. */
    public static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** {@code yyyy-MM-dd}, the interface's date. */
    public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");
    private static final int MAX_BODY = 8 << 20;

    /** What an {@code infcode = 0} reply with a non-empty {@code err_msg} means. */
    public enum ZeroWithMessage {
        /** A success; {@code err_msg} is kept as a warning. */
        SUCCESS,
        /** A refusal with that message. */
        REFUSED
    }

    private Envelope() {
    }

    /**
     * The top-level fields of a request, except {@code input} and the profile's extra fields.
     *
     * @param infno 交易编号
     * @param msgid 发送方报文ID
     * @param mdtrtareaAdmvs 就医地医保区划
     * @param insuplcAdmdvs 参保地医保区划, or ""
     * @param recerSysCode 接收方系统代码
     * @param signtype 签名类型, or ""
     * @param infver 接口版本号
     * @param opterType 经办人类别
     * @param opter 经办人
     * @param opterName 经办人姓名
     * @param infTime 交易时间
     * @param fixmedinsCode 定点医药机构编号
     * @param fixmedinsName 定点医药机构名称
     * @param signNo 交易签到流水号, or ""
     */
    public record Header(String infno, String msgid, String mdtrtareaAdmvs, String insuplcAdmdvs, String recerSysCode,
            String signtype, String infver, String opterType, String opter, String opterName, LocalDateTime infTime,
            String fixmedinsCode, String fixmedinsName, String signNo) {

        /** The header's fields by name, for the profile's {@code ${field}} templates. */
        public Map<String, String> fields() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("infno", infno);
            m.put("msgid", msgid);
            m.put("mdtrtarea_admvs", mdtrtareaAdmvs);
            m.put("insuplc_admdvs", insuplcAdmdvs);
            m.put("recer_sys_code", recerSysCode);
            m.put("dev_no", "");
            m.put("dev_safe_info", "");
            m.put("cainfo", "");
            m.put("signtype", signtype);
            m.put("infver", infver);
            m.put("opter_type", opterType);
            m.put("opter", opter);
            m.put("opter_name", opterName);
            m.put("inf_time", DATETIME.format(infTime));
            m.put("fixmedins_code", fixmedinsCode);
            m.put("fixmedins_name", fixmedinsName);
            m.put("sign_no", signNo);
            return m;
        }
    }

    /**
     * Writes a request.
     *
     * @param header the top-level fields
     * @param extra the profile's extra top-level fields: a value {@code ${name}} is replaced by the header field
     *     {@code name}, {@code ${a|b}} by the first non-empty of {@code a} and {@code b}, anything else is literal
     * @param input the payload
     * @return the JSON text
     */
    public static String request(Header header, Map<String, String> extra, JsonNode input) {
        ObjectNode o = Json.object();
        Map<String, String> fields = header.fields();
        fields.forEach(o::put);
        extra.forEach((k, v) -> o.put(k, resolve(v, fields)));
        o.set("input", input);
        return Json.write(o);
    }

    static String resolve(String template, Map<String, String> fields) {
        if (template.startsWith("${") && template.endsWith("}")) {
            for (String name : template.substring(2, template.length() - 1).split("\\|")) {
                String v = fields.get(name.strip());
                if (v != null && !v.isEmpty()) {
                    return v;
                }
            }
            return "";
        }
        return template;
    }

    /**
     * A request as a platform reads it (for simulators and tests).
     *
     * @param infno 交易编号
     * @param msgid 发送方报文ID
     * @param root the whole request
     * @param input the payload ({@code input}), an empty object if absent
     */
    public record Request(String infno, String msgid, JsonNode root, JsonNode input) {

        /** A top-level text field, "" when absent. */
        public String field(String name) {
            JsonNode n = root.get(name);
            return n == null || n.isNull() ? "" : n.asText();
        }
    }

    /**
     * Reads a request (the simulator's side).
     *
     * @param body the JSON text
     * @return the request
     * @throws ChannelMalformedResponseException if it is not an envelope
     */
    public static Request readRequest(String body) throws ChannelMalformedResponseException {
        JsonNode root = Json.parse("the request", body);
        if (!root.isObject()) {
            throw Json.malformed("the request is not a JSON object");
        }
        String infno = Json.text(root, "infno", "request");
        String msgid = Json.optText(root, "msgid", "request");
        JsonNode input = root.get("input");
        if (input != null && input.isTextual()) {
            input = Json.parse("request.input", input.asText());
        }
        return new Request(infno, msgid, root, input == null || input.isNull() ? Json.object() : input);
    }

    /**
     * A successful reply.
     *
     * @param infRefmsgid 接收方报文ID, or ""
     * @param warning {@code warn_msg}, or a non-empty {@code err_msg} accepted as a warning, or ""
     * @param output the {@code output} node (a missing node when absent)
     */
    public record Reply(String infRefmsgid, String warning, JsonNode output) {
    }

    /**
     * Reads an HTTP answer.
     *
     * @param operation the infno, for messages and refusals
     * @param status the HTTP status
     * @param body the body
     * @param zero what {@code infcode=0} with an {@code err_msg} means
     * @return the successful reply
     * @throws ChannelRefusedException if the platform or the gateway refused
     * @throws ChannelMalformedResponseException if the answer is not an envelope
     * @throws io.yikatong.payment.spi.ChannelLinkException if the status is 5xx (outcome unknown)
     */
    public static Reply readReply(String operation, int status, byte[] body, ZeroWithMessage zero)
            throws ChannelException {
        if (status >= 500) {
            throw new io.yikatong.payment.spi.ChannelLinkException(Json.CHANNEL, operation + ": HTTP " + status
                    + " (outcome unknown)", null);
        }
        if (body.length > MAX_BODY) {
            throw Json.malformed(operation + ": the answer is larger than " + MAX_BODY + " bytes");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = Json.parse(operation + ": the answer", text);
        } catch (ChannelMalformedResponseException e) {
            if (status == 401 || status == 403) {
                throw refused(operation, status, Integer.toString(status), "", ChannelRefusedException.Disposition.CREDENTIALS_REJECTED);
            }
            throw e;
        }
        if (!root.isObject()) {
            throw Json.malformed(operation + ": the answer is not a JSON object");
        }
        JsonNode envelope = root;
        if (!root.has("infcode")) {
            JsonNode data = root.get("data");
            if (data != null && data.isTextual() && data.asText().strip().startsWith("{")) {
                data = Json.parse(operation + ": the wrapper's data", data.asText());
            }
            if (data != null && data.isObject() && data.has("infcode")) {
                envelope = data;
            } else if (root.has("code")) {
                throw gateway(operation, status, root);
            } else {
                throw Json.malformed(operation + ": the answer has no infcode");
            }
        }
        if (status != 200) {
            throw Json.malformed(operation + ": HTTP " + status + " with an envelope");
        }
        String infcode = Json.optText(envelope, "infcode", "answer").strip();
        if (!INTEGER.matcher(infcode).matches()) {
            throw Json.malformed(operation + ": infcode is not an integer");
        }
        String errMsg = Json.optText(envelope, "err_msg", "answer");
        String warn = Json.optText(envelope, "warn_msg", "answer");
        String ref = Json.optText(envelope, "inf_refmsgid", "answer");
        JsonNode output = envelope.path("output");
        if (output.isTextual() && output.asText().strip().startsWith("{")) {
            output = Json.parse(operation + ": output", output.asText());
        }
        if (Integer.parseInt(infcode) != 0) {
            throw refused(operation, 200, Integer.toString(Integer.parseInt(infcode)), errMsg,
                    ChannelRefusedException.Disposition.DEFINITE);
        }
        if (!errMsg.isBlank()) {
            if (zero == ZeroWithMessage.REFUSED) {
                throw refused(operation, 200, "0", errMsg, ChannelRefusedException.Disposition.DEFINITE);
            }
            warn = warn.isEmpty() ? errMsg : warn + "; " + errMsg;
        }
        return new Reply(ref, warn, output);
    }

    private static ChannelRefusedException gateway(String operation, int status, JsonNode root)
            throws ChannelMalformedResponseException {
        String code = Json.optText(root, "code", "answer");
        String message = Json.optText(root, "message", "answer");
        if (message.isEmpty()) {
            message = Json.optText(root, "msg", "answer");
        }
        boolean credentials = status == 401 || status == 403 || "401".equals(code) || "403".equals(code)
                || message.contains("签名") || message.contains("非法用户") || message.contains("请求头");
        return refused(operation, status >= 100 && status <= 599 ? status : 200, code.isEmpty() ? "gateway" : code,
                message, credentials ? ChannelRefusedException.Disposition.CREDENTIALS_REJECTED
                        : ChannelRefusedException.Disposition.OUTCOME_UNKNOWN);
    }

    private static ChannelRefusedException refused(String operation, int status, String code, String message,
            ChannelRefusedException.Disposition d) {
        return new ChannelRefusedException(Json.CHANNEL, operation, status, code, message, d);
    }
}
