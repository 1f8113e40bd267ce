package io.yikatong.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope;
import io.yikatong.payment.medicalinsurance.settlement.internal.GatewaySigner;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A tiny scripted platform on loopback HTTP for the client's unit tests (the full simulator is sdk-testkit's): it
 * answers each infno with a valid envelope (a 70 % fund / 10 % account / rest cash split that keeps the identities),
 * records every request, verifies TIF or CSB headers when given the secret, and lets a test replace the answer of an
 * infno (a refusal, a lost answer, garbage). Test scope only.
 */
final class FakePlatform implements AutoCloseable {

    /** An answer: status and body, or {@link #LOST} (the connection is closed without an answer, after committing). */
    record Answer(int status, String body) {
    }

    static final Answer LOST = new Answer(-1, "");

    /** A request as received. */
    record Received(String path, String infno, String msgid, String signNo, Map<String, List<String>> headers,
            JsonNode root, JsonNode input) {
    }

    private final HttpServer server;
    final List<Received> requests = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Function<Received, Answer>> overrides = new ConcurrentHashMap<>();
    final AtomicInteger signIns = new AtomicInteger();
    volatile String tifToken;
    volatile String csbSecret;
    volatile long cashFen = -1;
    volatile byte[] download;
    volatile byte[] uploaded;

    FakePlatform() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> infnos() {
        synchronized (requests) {
            return requests.stream().map(Received::infno).toList();
        }
    }

    Received last(String infno) {
        synchronized (requests) {
            for (int i = requests.size() - 1; i >= 0; i--) {
                if (requests.get(i).infno().equals(infno)) {
                    return requests.get(i);
                }
            }
        }
        throw new AssertionError("no " + infno + " received");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Envelope.Request req = Envelope.readRequest(body);
            Received r = new Received(ex.getRequestURI().getPath(), req.infno(), req.msgid(), req.field("sign_no"),
                    Map.copyOf(ex.getRequestHeaders()), req.root(), req.input());
            requests.add(r);
            if (!authorised(ex)) {
                send(ex, new Answer(401, "{\"code\":401,\"message\":\"签名不一致!\"}"));
                return;
            }
            if (req.infno().equals("9102") && download != null) {
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, download.length);
                ex.getResponseBody().write(download);
                return;
            }
            if (req.infno().equals("9101")) {
                uploaded = java.util.Base64.getDecoder().decode(req.input().path("fsUploadIn").path("in").asText());
            }
            Function<Received, Answer> o = overrides.get(req.infno());
            Answer a = o != null ? o.apply(r) : answer(r);
            if (a == LOST) {
                return; // committed (recorded) but no answer: the client sees the connection close
            }
            send(ex, a);
        } catch (Exception e) {
            send(ex, new Answer(500, "boom"));
        }
    }

    private boolean authorised(HttpExchange ex) {
        var h = ex.getRequestHeaders();
        if (tifToken != null) {
            String ts = h.getFirst("x-tif-timestamp");
            String nonce = h.getFirst("x-tif-nonce");
            return ts != null && nonce != null && GatewaySigner.tifSignature(Long.parseLong(ts), tifToken, nonce)
                    .equals(h.getFirst("x-tif-signature"));
        }
        if (csbSecret != null) {
            String s = GatewaySigner.csbStringToSign(h.getFirst("_api_access_key"), h.getFirst("_api_name"),
                    Long.parseLong(h.getFirst("_api_timestamp")), h.getFirst("_api_version"));
            return GatewaySigner.csbSignature(csbSecret, s).equals(h.getFirst("_api_signature"));
        }
        return true;
    }

    private static void send(HttpExchange ex, Answer a) throws IOException {
        byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        ex.sendResponseHeaders(a.status(), b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    static Answer ok(JsonNode output) {
        ObjectNode o = Json.object();
        o.put("infcode", 0);
        o.put("inf_refmsgid", "500000202107141108170000514555");
        o.put("refmsg_time", "20210714110817370");
        o.put("respond_time", "20210714110817386");
        o.put("err_msg", "");
        o.set("output", output);
        o.put("warn_msg", "");
        o.put("some_unknown_field", "ignored");
        return new Answer(200, Json.write(o));
    }

    static Answer refused(String message) {
        return new Answer(200, "{\"infcode\":-1,\"inf_refmsgid\":\"\",\"err_msg\":\"" + message + "\",\"output\":null}");
    }

    private Answer answer(Received r) {
        ObjectNode out = Json.object();
        switch (r.infno()) {
            case "9001" -> {
                ObjectNode s = out.putObject("signinoutb");
                s.put("sign_time", "2026-12-07 09:00:00");
                s.put("sign_no", "SIGN" + signIns.incrementAndGet());
            }
            case "9002" -> out.putObject("signoutoutb").put("sign_time", "2026-12-07 18:00:00");
            case "1101" -> {
                ObjectNode b = out.putObject("baseinfo");
                b.put("psn_no", "43000011111111111111");
                b.put("psn_cert_type", "01");
                b.put("certno", "430102199001011234");
                b.put("psn_name", "张三");
                b.put("gend", "1");
                b.put("age", 36.5);
                ObjectNode i = out.putArray("insuinfo").addObject();
                i.put("balc", new BigDecimal("1234.56"));
                i.put("insutype", "310");
                i.put("insuplc_admdvs", "430100");
                i.put("psn_type", "11");
                out.putArray("idetinfo");
            }
            case "2201" -> {
                ObjectNode d = out.putObject("data");
                d.put("mdtrt_id", "MDTRT" + r.msgid().substring(26));
                d.put("psn_no", r.input().path("data").path("psn_no").asText());
                d.put("ipt_otp_no", r.input().path("data").path("ipt_otp_no").asText());
            }
            case "2204" -> {
                var arr = out.putArray("result");
                for (JsonNode l : r.input().path("feedetail")) {
                    ObjectNode x = arr.addObject();
                    x.put("feedetl_sn", l.path("feedetl_sn").asText());
                    x.set("det_item_fee_sumamt", l.get("det_item_fee_sumamt"));
                    x.set("cnt", l.get("cnt"));
                    x.set("pric", l.get("pric"));
                    x.put("selfpay_prop", "0.1");
                    x.put("inscp_scp_amt", l.path("det_item_fee_sumamt").decimalValue());
                }
            }
            case "2206", "2207" -> settlement(out, r, r.infno().equals("2207"), 1);
            case "2208" -> settlement(out, r, true, -1);
            case "3201" -> {
                ObjectNode s = out.putObject("stmtinfo");
                s.put("setl_optins", r.input().path("data").path("setl_optins").asText());
                s.put("stmt_rslt", "0");
                s.put("stmt_rslt_dscr", "平");
            }
            case "9101" -> {
                out.put("file_qury_no", "FQ-UP-1");
                out.put("filename", r.input().path("fsUploadIn").path("filename").asText());
                out.put("dld_endtime", "2026-12-08 00:00:00");
            }
            case "3202" -> {
                ObjectNode f = out.putObject("fileinfo");
                f.put("file_qury_no", "FQ-RESULT-1");
                f.put("filename", "result.zip");
                f.put("dld_endtime", "2026-12-08 00:00:00");
            }
            default -> { }
        }
        return ok(out);
    }

    private void settlement(ObjectNode out, Received r, boolean settle, int sign) {
        JsonNode d = r.input().path("data");
        long total = d.has("medfee_sumamt") ? d.get("medfee_sumamt").decimalValue().movePointRight(2).longValueExact()
                : 10000;
        long fund = total * 7 / 10;
        long acct = total / 10;
        long cash = cashFen >= 0 ? Math.min(cashFen, total - fund - acct) : total - fund - acct;
        long hosp = total - fund - acct - cash;
        ObjectNode s = out.putObject("setlinfo");
        s.put("mdtrt_id", d.path("mdtrt_id").asText());
        s.put("setl_id", settle ? "SETL" + r.msgid().substring(26) : "");
        s.put("psn_no", d.path("psn_no").asText());
        s.put("insutype", "310");
        s.put("setl_time", "2026-12-07 10:00:00");
        s.put("medfee_sumamt", y(sign * total));
        s.put("fulamt_ownpay_amt", y(0));
        s.put("overlmt_selfpay", y(0));
        s.put("preselfpay_amt", y(0));
        s.put("inscp_scp_amt", y(sign * total));
        s.put("hifp_pay", y(sign * fund));
        s.put("fund_pay_sumamt", y(sign * fund));
        s.put("psn_part_amt", y(sign * (acct + cash)));
        s.put("acct_pay", y(sign * acct));
        s.put(sign < 0 ? "pdn_cash_pay" : "psn_cash_pay", y(sign * cash));
        s.put("hosp_part_amt", y(sign * hosp));
        s.put("medins_setl_id", r.msgid());
        s.put("clr_optins", "430100");
        s.put("clr_way", "1");
        s.put("clr_type", "11");
        s.put("psn_pay", "ignored");
        ObjectNode det = out.putArray("setldetail").addObject();
        det.put("fund_pay_type", "310100");
        det.put("fund_payamt", y(sign * fund));
    }

    private static BigDecimal y(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
