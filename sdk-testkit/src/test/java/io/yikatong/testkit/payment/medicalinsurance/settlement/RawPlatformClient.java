package io.yikatong.testkit.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A test-only raw client of the settlement platform: builds envelopes and gateway headers by hand with
 * java.net.http, so the simulator is tested without the SDK's client. Not thread-safe.
 */
final class RawPlatformClient {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final AtomicInteger SEQ = new AtomicInteger();

    final SettlementPlatformSimulator sim;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String opter = "OP001";
    String signNo = "";
    String insuplc = "";
    String paasToken = SettlementPlatformSimulator.DEVELOPMENT_PAAS_TOKEN;
    String secretKey = SettlementPlatformSimulator.DEVELOPMENT_SECRET_KEY;
    long clockSkewMillis;

    RawPlatformClient(SettlementPlatformSimulator sim) {
        this.sim = sim;
    }

    static String newMsgid() {
        return SettlementPlatformSimulator.DEFAULT_FIXMEDINS_CODE
                + LocalDateTime.now(CHINA).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                + String.format("%04d", SEQ.incrementAndGet() % 10_000);
    }

    ObjectNode envelope(String infno, String msgid, JsonNode input) {
        ObjectNode e = JSON.createObjectNode();
        e.put("infno", infno);
        e.put("msgid", msgid);
        e.put("mdtrtarea_admvs", "110100");
        e.put("insuplc_admdvs", insuplc);
        e.put("recer_sys_code", "MBS_LOCAL");
        e.put("dev_no", "");
        e.put("dev_safe_info", "");
        e.put("cainfo", "");
        e.put("signtype", "");
        e.put("infver", "V1.0");
        e.put("opter_type", "1");
        e.put("opter", opter);
        e.put("opter_name", "收费员");
        e.put("inf_time", LocalDateTime.now(CHINA).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        e.put("fixmedins_code", SettlementPlatformSimulator.DEFAULT_FIXMEDINS_CODE);
        e.put("fixmedins_name", "北京市虚拟医院");
        e.put("sign_no", signNo);
        if ("guangdong".equals(sim.profile().name())) {
            e.put("recer_admvs", "440000");
        }
        e.put("an_unknown_field", "ignored");
        e.set("input", input);
        return e;
    }

    /** The gateway headers of the simulator's profile, computed here independently of the simulator. */
    Map<String, String> gatewayHeaders(String infno) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        long now = System.currentTimeMillis() + clockSkewMillis;
        switch (sim.profile().gateway()) {
            case TIF -> {
                String ts = Long.toString(now / 1000);
                String nonce = UUID.randomUUID().toString().replace("-", "");
                byte[] d = MessageDigest.getInstance("SHA-256").digest((ts + paasToken + nonce + ts)
                        .getBytes(StandardCharsets.UTF_8));
                h.put("x-tif-paasid", SettlementPlatformSimulator.DEVELOPMENT_PAAS_ID);
                h.put("x-tif-timestamp", ts);
                h.put("x-tif-nonce", nonce);
                h.put("x-tif-signature", HexFormat.of().formatHex(d));
            }
            case CSB -> {
                String ts = Long.toString(now);
                String name = "hsa-fsi-" + infno;
                String version = "1.0.0";
                String text = "_api_access_key=" + SettlementPlatformSimulator.DEVELOPMENT_ACCESS_KEY + "&_api_name="
                        + name + "&_api_timestamp=" + ts + "&_api_version=" + version;
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
                h.put("_api_name", name);
                h.put("_api_version", version);
                h.put("_api_timestamp", ts);
                h.put("_api_access_key", SettlementPlatformSimulator.DEVELOPMENT_ACCESS_KEY);
                h.put("_api_signature", Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(
                        StandardCharsets.UTF_8))));
            }
            default -> {
            }
        }
        return h;
    }

    HttpResponse<byte[]> post(URI url, String contentType, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> send(String infno, String msgid, JsonNode input) throws Exception {
        byte[] body = JSON.writeValueAsBytes(envelope(infno, msgid, input));
        return post(sim.endpoint(infno), "text/plain;charset=utf-8", body, gatewayHeaders(infno));
    }

    /** Sends and returns the (bare) answer envelope; fails on a non-200 status. */
    JsonNode call(String infno, JsonNode input) throws Exception {
        return call(infno, newMsgid(), input);
    }

    JsonNode call(String infno, String msgid, JsonNode input) throws Exception {
        HttpResponse<byte[]> r = send(infno, msgid, input);
        if (r.statusCode() != 200) {
            throw new AssertionError("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(r.body());
    }

    /** Calls and demands infcode 0; returns the output. */
    JsonNode ok(String infno, JsonNode input) throws Exception {
        JsonNode r = call(infno, input);
        if (r.path("infcode").asInt(-99) != 0 || !r.path("err_msg").isNull()) {
            throw new AssertionError(infno + " refused: " + r);
        }
        return r.path("output");
    }

    /** Calls and demands infcode -1; returns err_msg. */
    String refused(String infno, JsonNode input) throws Exception {
        JsonNode r = call(infno, input);
        if (r.path("infcode").asInt() != -1) {
            throw new AssertionError(infno + " not refused: " + r);
        }
        return r.path("err_msg").asText();
    }

    void signIn() throws Exception {
        ObjectNode in = JSON.createObjectNode();
        in.putObject("signIn").put("opter_no", opter).put("mac", "00-11-22-33-44-55").put("ip", "127.0.0.1");
        signNo = ok("9001", in).path("signinoutb").path("sign_no").asText();
    }

    static ObjectNode data(Object... kv) {
        ObjectNode in = JSON.createObjectNode();
        ObjectNode d = in.putObject("data");
        put(d, kv);
        return in;
    }

    static ObjectNode put(ObjectNode d, Object... kv) {
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v instanceof java.math.BigDecimal b) {
                d.put((String) kv[i], b);
            } else {
                d.put((String) kv[i], String.valueOf(v));
            }
        }
        return d;
    }
}
