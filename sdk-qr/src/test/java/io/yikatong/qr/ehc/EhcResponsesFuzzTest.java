package io.yikatong.qr.ehc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random bytes and random JSON into the response parsers: typed exceptions only. */
class EhcResponsesFuzzTest {

    private static final String[] KEYS = {"commonOut", "rsp", "resultCode", "errMsg", "card", "healthCardId",
        "qrCodeText", "name", "gender", "nation", "birthday", "idType", "idNumber", "phone1", "color", "qrCodeImg",
        "appToken", "expiresIn", "phid"};

    @Test
    void randomBytes() {
        Random random = new Random(20240301L);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(64)];
            random.nextBytes(b);
            parseAll(b);
        }
    }

    @Test
    void randomJson() {
        Random random = new Random(7L);
        int parsedOk = 0;
        for (int i = 0; i < 20_000; i++) {
            String json = "{\"commonOut\":{\"resultCode\":" + (random.nextInt(4) == 0 ? "1" : "0") + "},\"rsp\":"
                    + value(random, 0) + "}";
            if (parseAll(json.getBytes(StandardCharsets.UTF_8))) {
                parsedOk++;
            }
        }
        // the generator must also reach the success paths, or the test proves little
        assertEquals(true, parsedOk > 0, "some inputs parse");
    }

    @Test
    void flippedValidAnswer() {
        byte[] valid = ("{\"commonOut\":{\"resultCode\":0},\"rsp\":{\"card\":{\"healthCardId\":\"C\",\"name\":\"N\","
                + "\"gender\":\"男\",\"idType\":\"01\",\"idNumber\":\"1\",\"birthday\":\"2000-01-02\"},"
                + "\"qrCodeText\":\"A:1\",\"color\":1,\"qrCodeImg\":\"iVBORw0KGgo=\",\"appToken\":\"T\","
                + "\"expiresIn\":7200,\"healthCardId\":\"C\",\"name\":\"N\",\"gender\":\"女\",\"idType\":\"01\","
                + "\"idNumber\":\"1\"}}").getBytes(StandardCharsets.UTF_8);
        assertEquals(true, parseAll(valid));
        Random random = new Random(99L);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = valid.clone();
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            parseAll(b);
        }
    }

    private static String value(Random r, int depth) {
        int kind = r.nextInt(depth > 2 ? 6 : 8);
        switch (kind) {
            case 0: return "null";
            case 1: return String.valueOf(r.nextInt(5) - 1);
            case 2: return "\"" + new String[] {"", "男", "女", "01", "汉族", "2000-01-02", "20000102", "x", "1",
                "%%%", "iVBORw0KGgo="}[r.nextInt(11)] + "\"";
            case 3: return r.nextBoolean() ? "true" : "1.5";
            case 4: return "\"" + (char) r.nextInt(0x3000) + "\"";
            case 5: return "99999999999999999999";
            case 6: return "[" + value(r, depth + 1) + "]";
            default: {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(12);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append('"').append(KEYS[r.nextInt(KEYS.length)]).append("\":").append(value(r, depth + 1));
                }
                return sb.append('}').toString();
            }
        }
    }

    interface Parser {
        void parse(JsonNode rsp) throws EhcException;
    }

    private static final Parser[] PARSERS = {
        rsp -> EhcResponses.appToken("fuzz", rsp),
        rsp -> EhcResponses.expiresIn("fuzz", rsp),
        rsp -> EhcResponses.registered("fuzz", rsp),
        rsp -> EhcResponses.healthCard("fuzz", rsp.get("card"), "rsp.card", "Q"),
        rsp -> EhcResponses.healthCard("fuzz", rsp, "rsp", "Q"),
        rsp -> EhcResponses.dynamicCode("fuzz", rsp, QrCodeType.DYNAMIC),
    };

    /** Runs the envelope parser and every field parser; returns whether any field parser succeeded. */
    private static boolean parseAll(byte[] body) {
        JsonNode rsp;
        try {
            rsp = EhcResponses.rsp("fuzz", body);
        } catch (EhcMalformedResponseException | EhcPlatformException e) {
            return false;
        } catch (RuntimeException e) {
            fail("untyped " + e + " for " + new String(body, StandardCharsets.UTF_8), e);
            return false;
        }
        boolean any = false;
        for (Parser p : PARSERS) {
            try {
                p.parse(rsp);
                any = true;
            } catch (EhcMalformedResponseException e) {
                // expected for most inputs
            } catch (EhcException | RuntimeException e) {
                fail("unexpected " + e + " for " + new String(body, StandardCharsets.UTF_8), e);
            }
        }
        return any;
    }
}
