package io.yikatong.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against an independent BER parser: {@code openssl asn1parse} must see exactly the same objects
 * (offset, depth, header length, value length, primitive/constructed, tag class and number) as {@link BerTlv}.
 */
class BerTlvOpenSslTest {

    private static final Pattern LINE = Pattern.compile(
            "\\s*(\\d+):d=(\\d+)\\s+hl=(\\d+)\\s+l=\\s*(\\d+)\\s+(prim|cons):\\s+(appl|cont|priv) \\[ (\\d+) \\].*");
    private static final String[] CLASSES = {"univ", "appl", "cont", "priv"};
    private static final int[] PRIMITIVE = {0x5A, 0x84, 0x88, 0x9F02, 0x5F2D, 0x9F11, 0xDF8101, 0x80, 0xC1};
    private static final int[] CONSTRUCTED = {0x6F, 0x70, 0xA5, 0xBF0C, 0x7F4E, 0x7F8101, 0xE1};

    private static Tlv randomTlv(Random rnd, int depth) {
        if (depth < 6 && rnd.nextInt(3) == 0) {
            List<Tlv> children = new ArrayList<>();
            for (int i = rnd.nextInt(4); i > 0; i--) {
                children.add(randomTlv(rnd, depth + 1));
            }
            return Tlv.constructed(CONSTRUCTED[rnd.nextInt(CONSTRUCTED.length)], children);
        }
        byte[] v = new byte[rnd.nextInt(8) == 0 ? rnd.nextInt(70_000) : rnd.nextInt(30)];
        rnd.nextBytes(v);
        return Tlv.primitive(PRIMITIVE[rnd.nextInt(PRIMITIVE.length)], v);
    }

    private static int tagLength(int tag) {
        return tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1;
    }

    private static String describe(int tag) {
        int first = tag > 0xFFFF ? tag >>> 16 : tag > 0xFF ? tag >>> 8 : tag;
        int number;
        if ((first & 0x1F) != 0x1F) {
            number = first & 0x1F;
        } else if (tag > 0xFFFF) {
            number = (((tag >>> 8) & 0x7F) << 7) | (tag & 0x7F);
        } else {
            number = tag & 0x7F;
        }
        return CLASSES[first >>> 6] + " " + number;
    }

    private static void expected(Tlv t, int offset, int depth, List<String> out) {
        int len = t.value().length();
        int lenBytes = len < 0x80 ? 1 : len <= 0xFF ? 2 : len <= 0xFFFF ? 3 : 4;
        int hl = tagLength(t.tag()) + lenBytes;
        out.add(offset + " " + depth + " " + hl + " " + len + " " + (t.isConstructed() ? "cons" : "prim") + " "
                + describe(t.tag()));
        int child = offset + hl;
        for (Tlv c : t.children()) {
            expected(c, child, depth + 1, out);
            child += c.encode().length;
        }
    }

    private static List<String> openssl(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("openssl", "asn1parse", "-inform", "DER", "-in", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl failed: " + output);
        }
        List<String> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("unexpected openssl line: " + line);
            }
            out.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4) + " " + m.group(5) + " "
                    + m.group(6) + " " + m.group(7));
        }
        return out;
    }

    private static boolean opensslAvailable() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void sameStructureAsOpensslAsn1parse(@TempDir Path dir) throws Exception {
        assertTrue(opensslAvailable(), "the openssl command is required (CI installs it): install openssl");
        long seed = 3304L;
        Random rnd = new Random(seed);
        for (int i = 0; i < 150; i++) {
            List<Tlv> list = new ArrayList<>();
            for (int j = 1 + rnd.nextInt(3); j > 0; j--) {
                list.add(randomTlv(rnd, 1));
            }
            byte[] enc = BerTlv.encode(list);
            Path file = dir.resolve("case" + i + ".der");
            Files.write(file, enc);
            List<String> want = new ArrayList<>();
            int offset = 0;
            for (Tlv t : BerTlv.decode(enc)) {
                expected(t, offset, 0, want);
                offset += t.encode().length;
            }
            assertEquals(want, openssl(file), "seed " + seed + " case " + i);
        }
    }
}
