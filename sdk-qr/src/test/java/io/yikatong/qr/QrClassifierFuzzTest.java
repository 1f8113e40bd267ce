package io.yikatong.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QrClassifierFuzzTest {

    private static final String[] SEEDS = {QrClassifierTest.DYNAMIC, QrClassifierTest.STATIC, "YKT1:6BFOXN*TS0BI$ZD",
        "134567890123456789", "2812345678901234", "6212345678901234567", "A1B2C3D4E5F6G7H8I9J0K1L2M3N4",
        "https://health.example.gov.cn/c?x=1"};
    private static final String ALPHABET = "0123456789ABCDEFabcdef:YKT1 $%*+-./\r\n\t\u0000\u3000\uD800\uDC00https:/?#@";

    @Test
    void hundredThousandRandomStringsOnlyGiveResults() {
        Random random = new Random(20261123L);
        QrClassifier classifier = QrClassifier.defaults();
        Map<String, Integer> kinds = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            String input = switch (i % 4) {
                case 0 -> randomChars(random, random.nextInt(130));
                case 1 -> fromAlphabet(random, random.nextInt(120));
                case 2 -> mutate(random, SEEDS[random.nextInt(SEEDS.length)]);
                default -> random.nextInt(50) == 0 ? fromAlphabet(random, 4000 + random.nextInt(200))
                        : SEEDS[random.nextInt(SEEDS.length)] + fromAlphabet(random, random.nextInt(3));
            };
            ScannedCode code = classifier.classify(input);
            assertNotNull(code);
            kinds.merge(code.kindName(), 1, Integer::sum);
            checkInvariants(code);
        }
        // the mutations must reach every kind, or the fuzz would not exercise the rules
        for (String kind : new String[] {"ehcStatic", "ehcDynamic", "signedToken", "medicalInsuranceVoucher",
            "wechatPayCode", "alipayPayCode", "unionPayCode", "healthCodeUrl", "unknown"}) {
            assertTrue(kinds.getOrDefault(kind, 0) > 0, kind + " never produced: " + kinds);
        }
    }

    @Test
    void veryLongInputIsBoundedWithoutExamination() {
        String huge = "1".repeat(10_000_000);
        ScannedCode code = QrClassifier.defaults().classify(huge);
        assertEquals("unknown", code.kindName());
    }

    private static void checkInvariants(ScannedCode code) {
        if (code instanceof ScannedCode.EhcStaticCode s) {
            assertEquals(66, s.text().length());
        } else if (code instanceof ScannedCode.EhcDynamicCode d) {
            assertEquals(99, d.text().length());
        } else if (code instanceof ScannedCode.SignedToken t) {
            assertTrue(t.text().startsWith("YKT1:"));
        } else if (code instanceof ScannedCode.PaymentCode p) {
            assertTrue(p.code().chars().allMatch(c -> c >= '0' && c <= '9'));
        } else if (code instanceof ScannedCode.MedicalInsuranceVoucher v) {
            assertEquals(28, v.raw().length());
        } else if (code instanceof ScannedCode.HealthCodeUrl u) {
            assertTrue(u.url().regionMatches(true, 0, "https://", 0, 8));
        } else {
            assertNotNull(((ScannedCode.Unknown) code).reason());
        }
    }

    private static String randomChars(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) random.nextInt(0x10000)); // includes controls and unpaired surrogates
        }
        return sb.toString();
    }

    private static String fromAlphabet(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String mutate(Random random, String seed) {
        StringBuilder sb = new StringBuilder(seed);
        int edits = random.nextInt(3);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(4)) {
                case 0 -> sb.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> sb.deleteCharAt(at);
                case 2 -> sb.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                default -> sb.setCharAt(at, Character.toLowerCase(sb.charAt(at)));
            }
        }
        return sb.toString();
    }
}
