package io.yikatong.qr.medicalinsurance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random bytes and mutated answers into the voucher parsers: typed exceptions only. */
class VoucherResponsesFuzzTest {

    private static final byte[] VALID = ("{\"code\":0,\"message\":\"ok\",\"data\":{\"userName\":\"王五\","
            + "\"idNo\":\"11010519491231002X\",\"idType\":\"01\",\"insuOrg\":\"110100\",\"ecIndexNo\":\"I1\","
            + "\"ecToken\":\"T1\",\"gender\":\"1\",\"birthday\":\"1949-12-31\",\"flag\":\"1\"}}")
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void randomBytes() {
        Random random = new Random(11L);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(80)];
            random.nextBytes(b);
            run(b);
        }
    }

    @Test
    void mutatedValidAnswer() {
        assertTrue(run(VALID), "the valid answer parses");
        Random random = new Random(12L);
        int ok = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = VALID.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            }
            if (run(b)) {
                ok++;
            }
        }
        assertTrue(ok > 0, "some mutations still parse");
    }

    private static boolean run(byte[] body) {
        try {
            JsonNode data = VoucherResponses.data("fuzz", body);
            VoucherResponses.identity(data);
            VoucherResponses.flag(data);
            return true;
        } catch (VoucherException e) {
            return false;
        } catch (RuntimeException e) {
            fail("untyped " + e + " for " + new String(body, StandardCharsets.UTF_8), e);
            return false;
        }
    }
}
