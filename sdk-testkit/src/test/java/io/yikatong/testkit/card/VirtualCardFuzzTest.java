package io.yikatong.testkit.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.core.codec.Hex;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random command APDUs never make the engine throw; every answer ends in a plausible status word, and the file system
 * stays consistent (follow-up valid commands still work and the files keep their shapes).
 */
class VirtualCardFuzzTest {

    private static final long SEED = 0x5EED_7816L;
    private static final int[] INS = {0xA4, 0xB0, 0xB2, 0xD6, 0xDC, 0xE2, 0x84, 0xC0};
    private static final int[] FIDS = {0x3F00, 0xDDF1, 0xDF01, 0xDF02, 0xDF03, 0xEF05, 0xEF06, 0xEF07, 0xEF08};

    @Test
    void twentyThousandRandomCommandsAlwaysGetAStatusWord() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        VirtualCardTransport t = VirtualHealthCards.transport(VirtualHealthCards.example());
        VirtualCard card = t.card();
        Map<String, Integer> successes = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            if (rnd.nextInt(50) == 0) {
                // rights come and go, so the fuzz also reaches the update paths
                card.grantReadRight(FIDS[1 + rnd.nextInt(4)]);
                card.grantUpdateRight(FIDS[1 + rnd.nextInt(4)]);
            }
            byte[] command = randomCommand(rnd);
            byte[] response;
            long before = card.commandCount();
            try {
                response = card.process(command);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + Long.toHexString(SEED) + ", command " + i + ": "
                        + Hex.encode(command) + " threw", e);
            }
            assertEquals(before + 1, card.commandCount(), "every command is counted");
            if (response.length < 2) {
                fail("seed " + Long.toHexString(SEED) + ", command " + Hex.encode(command) + ": no status word");
            }
            int sw1 = response[response.length - 2] & 0xFF;
            if (!(sw1 == 0x90 || (sw1 >= 0x62 && sw1 <= 0x6F)) || (sw1 == 0x6F)
                    || (sw1 == 0x90 && response[response.length - 1] != 0)) {
                fail("seed " + Long.toHexString(SEED) + ", command " + Hex.encode(command) + ": status "
                        + Hex.encode(Arrays.copyOfRange(response, response.length - 2, response.length)));
            }
            if (sw1 == 0x90 && command.length >= 2) {
                successes.merge(String.format("%02X", command[1] & 0xFF), 1, Integer::sum);
            }
            if (i % 2000 == 1999) {
                assertConsistent(card, "after command " + i);
            }
        }
        // the biased generator must reach deep paths, not only header errors
        for (String ins : new String[] {"A4", "B0", "B2", "D6", "DC", "E2", "84"}) {
            assertTrue(successes.getOrDefault(ins, 0) > 0, "no successful " + ins + " in " + successes);
        }
        assertConsistent(card, "at the end");
    }

    /** Follow-up valid commands work and every file keeps its shape. */
    private static void assertConsistent(VirtualCard card, String when) {
        card.grantReadRight(0xDDF1);
        ok(card, "00A40000023F00", when);
        ok(card, "00A4000002DDF1", when);
        card.grantReadRight(0xDDF1);
        card.grantReadRight(0xDF02);
        ok(card, "00A4000002EF05", when);
        assertEquals(10, countRecords(card, 182, when), "EF05 records " + when);
        ok(card, "00A4000002EF06", when);
        assertEquals(5, countRecords(card, 32, when), "EF06 records " + when);
        ok(card, "00A4000002EF08", when);
        assertEquals(6, countRecords(card, 22, when), "EF08 records " + when);
        ok(card, "00A4000002EF07", when);
        assertEquals(256, ok(card, "00B00B0000", when).length - 2, "EF07 is still 3072 bytes " + when);
        assertEquals("6b00", Hex.encode(card.process(Hex.parse("00B00C0001", "t"))), when);
        ok(card, "00A4000002DF02", when);
        card.grantReadRight(0xDF02);
        ok(card, "00A4000002EF07", when);
        int n = countRecords(card, 120, when);
        assertTrue(n <= 3, when);
        for (int r = 1; r <= n; r++) {
            assertEquals(122, ok(card, String.format("00B2%02X0400", r), when).length, "cyclic record length " + when);
        }
        ok(card, "00A4000002EF08", when);
        assertTrue(countRecords(card, 24, when) <= 10, when);
        ok(card, "00A40000023F00", when);
    }

    private static int countRecords(VirtualCard card, int maxLength, String when) {
        for (int r = 1; r < 255; r++) {
            byte[] resp = card.process(Hex.parse(String.format("00B2%02X0400", r), "t"));
            String sw = Hex.encode(Arrays.copyOfRange(resp, resp.length - 2, resp.length));
            if (sw.equals("6a83")) {
                return r - 1;
            }
            assertEquals("9000", sw, "record " + r + " " + when);
            assertTrue(resp.length - 2 >= 1 && resp.length - 2 <= maxLength, "record length " + when);
        }
        throw new AssertionError("too many records " + when);
    }

    private static byte[] ok(VirtualCard card, String command, String when) {
        byte[] resp = card.process(Hex.parse(command, "t"));
        assertEquals("9000", Hex.encode(Arrays.copyOfRange(resp, resp.length - 2, resp.length)),
                command + " " + when + " (seed " + Long.toHexString(SEED) + ")");
        return resp;
    }

    /** Random bytes 4..300 long; half of them with CLA 00, a known INS and plausible P1-P2 / lengths. */
    private static byte[] randomCommand(SplittableRandom rnd) {
        int length = 4 + rnd.nextInt(297);
        byte[] c = new byte[length];
        rnd.nextBytes(c);
        if (rnd.nextBoolean()) {
            return c;
        }
        c[0] = 0;
        int ins = INS[rnd.nextInt(INS.length)];
        c[1] = (byte) ins;
        if (rnd.nextInt(3) > 0) {
            // well-formed short APDU with small P1-P2 and a plausible body
            int lc = switch (ins) {
                case 0xA4 -> 2;
                case 0xD6 -> 1 + rnd.nextInt(40);
                case 0xDC, 0xE2 -> rnd.nextBoolean() ? 24 : 1 + rnd.nextInt(121);
                default -> 0;
            };
            boolean hasLe = lc == 0;
            byte[] s = new byte[4 + (lc > 0 ? 1 + lc : 0) + (hasLe ? 1 : 0)];
            s[1] = (byte) ins;
            boolean plain = rnd.nextInt(4) > 0; // mostly the parameters the commands accept
            s[2] = (byte) switch (ins) {
                case 0xB0, 0xD6 -> rnd.nextInt(14);
                case 0xB2 -> rnd.nextInt(12);
                case 0xDC -> plain && rnd.nextBoolean() ? 0 : rnd.nextInt(12); // 0 with P2 03: new cyclic record
                default -> plain ? 0 : rnd.nextInt(256);
            };
            s[3] = (byte) switch (ins) {
                case 0xB2 -> plain ? (rnd.nextBoolean() ? 4 : 0) : rnd.nextInt(256);
                case 0xDC -> plain ? (s[2] == 0 || rnd.nextBoolean() ? 3 : 4) : rnd.nextInt(256);
                case 0xB0, 0xD6 -> rnd.nextInt(256);
                default -> plain ? 0 : rnd.nextInt(256);
            };
            if (lc > 0) {
                s[4] = (byte) lc;
                for (int k = 0; k < lc; k++) {
                    s[5 + k] = (byte) rnd.nextInt(256);
                }
                if (ins == 0xA4) {
                    int fid = FIDS[rnd.nextInt(FIDS.length)];
                    s[5] = (byte) (fid >> 8);
                    s[6] = (byte) fid;
                }
            } else {
                s[4] = (byte) (ins == 0x84 ? 8 : plain ? 0 : rnd.nextInt(256));
            }
            return s;
        }
        return c;
    }
}
