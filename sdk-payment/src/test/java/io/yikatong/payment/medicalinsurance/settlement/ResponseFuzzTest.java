package io.yikatong.payment.medicalinsurance.settlement;

import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import io.yikatong.payment.spi.ChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every response parser gets random and mutated JSON: it returns a valid value or throws a {@link ChannelException}
 * (never another exception, never a settlement that breaks an identity). Seeded, so a failure is reproducible.
 */
class ResponseFuzzTest {

    private static final List<String> SEEDS = List.of(
            "{\"infcode\":0,\"err_msg\":\"\",\"output\":" + SettlementParsingTest.SETTLED + "}",
            "{\"infcode\":\"0\",\"output\":{\"baseinfo\":{\"psn_no\":\"1\",\"age\":1.5},\"insuinfo\":[{\"balc\":1.25,"
                    + "\"insutype\":\"310\"}],\"idetinfo\":[]}}",
            "{\"infcode\":0,\"output\":{\"result\":[{\"feedetl_sn\":\"1\",\"cnt\":2,\"pric\":\"6.17\","
                    + "\"det_item_fee_sumamt\":12.34}]}}",
            "{\"infcode\":0,\"output\":{\"signinoutb\":{\"sign_no\":\"359754\",\"sign_time\":\"x\"}}}",
            "{\"infcode\":0,\"output\":{\"data\":{\"mdtrt_id\":\"M\",\"psn_no\":\"P\",\"ipt_otp_no\":\"V\"}}}",
            "{\"infcode\":0,\"output\":{\"stmtinfo\":{\"setl_optins\":\"430100\",\"stmt_rslt\":\"0\"}}}",
            "{\"infcode\":0,\"output\":{\"fileinfo\":{\"file_qury_no\":\"F\",\"filename\":\"a.zip\"}}}",
            "{\"code\":0,\"type\":\"success\",\"message\":\"\",\"data\":{\"infcode\":-1,\"err_msg\":\"x\"}}",
            "{\"code\":401,\"message\":\"非法用户!\"}");
    private static final String ALPHABET = "{}[]\":,0123456789.-+eE truefalsnul\\u4e2d\u4e2dabc";

    @Test
    void parsersNeverThrowAnythingButTypedExceptions() {
        Random r = new Random(20261207L);
        int values = 0;
        for (int i = 0; i < 20_000; i++) {
            String seed = SEEDS.get(r.nextInt(SEEDS.size()));
            String input = i % 10 == 0 ? random(r) : mutate(seed, r);
            values += parseAll(input, r.nextInt(3) == 0 ? 200 : new int[] {200, 401, 404, 500}[r.nextInt(4)]);
        }
        if (values == 0) {
            fail("no mutated input parsed at all: the fuzz exercised nothing past the envelope");
        }
    }

    @Test
    void theReconciliationFileReaderNeverThrowsAnythingButTypedExceptions() {
        Random r = new Random(3202L);
        byte[] seed = io.yikatong.payment.medicalinsurance.settlement.internal.TabFiles.zip("r.txt", List.of(
                List.of("P1", "M1", "S1", "H43010500001202612070930000001", "1", "0", "null", "1.00", "0.50", "0")));
        int read = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] b = seed.clone();
            if (i % 7 == 0) {
                b = new byte[r.nextInt(200)];
                r.nextBytes(b);
            } else {
                for (int e = 0; e <= r.nextInt(4); e++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            try {
                io.yikatong.payment.medicalinsurance.settlement.internal.TabFiles.unzip(b);
                read++;
            } catch (ChannelException e) {
                // typed: fine
            } catch (RuntimeException e) {
                throw new AssertionError("unzip: " + e, e);
            }
        }
        if (read == 0) {
            fail("no mutated file was read: the fuzz exercised nothing");
        }
    }

    private static int parseAll(String input, int status) {
        int values = 0;
        for (Envelope.ZeroWithMessage z : Envelope.ZeroWithMessage.values()) {
            Envelope.Reply reply;
            try {
                reply = Envelope.readReply("2207", status, input.getBytes(StandardCharsets.UTF_8), z);
            } catch (ChannelException e) {
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("envelope: " + e + " on " + input, e);
            }
            SettlementClient.Exchange x = new SettlementClient.Exchange("m", reply, null);
            List<Json.Reader<?>> readers = new ArrayList<>(List.of(Settlement::read, PersonInfo::read,
                    out -> Json.each(Json.array(out, "result", "r"), FeeLineResult::read),
                    out -> Json.text(Json.object(out, "signinoutb", "o"), "sign_no", "o"),
                    out -> Json.text(Json.object(out, "data", "o"), "mdtrt_id", "o"),
                    out -> Json.text(Json.object(out, "stmtinfo", "o"), "stmt_rslt", "o")));
            for (Json.Reader<?> reader : readers) {
                try {
                    Object v = SettlementClient.read(x, reader);
                    values++;
                    if (v instanceof Settlement s) {
                        s.check();
                    }
                } catch (ChannelException e) {
                    // typed: fine
                } catch (RuntimeException e) {
                    throw new AssertionError("reader: " + e + " on " + input, e);
                }
            }
        }
        return values;
    }

    private static String random(Random r) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(60);
        for (int i = 0; i < n; i++) {
            s.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static String mutate(String seed, Random r) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(6)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                case 2 -> s.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                case 3 -> s.insert(at, "99999999999999999999999.999999999");
                case 4 -> s.insert(at, "\"\"");
                default -> {
                    int i = s.indexOf(":", at);
                    if (i > 0) {
                        s.insert(i + 1, new String[] {"null,", "[],", "{},", "\"-1.005\",", "1e400,", "-0,",
                            "1e999999999,", "1e-999999999,"}[r.nextInt(8)]);
                    }
                }
            }
        }
        return s.toString();
    }

}
