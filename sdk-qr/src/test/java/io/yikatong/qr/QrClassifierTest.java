package io.yikatong.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QrClassifierTest {

    static final String CARD = "272EB52D0696FD625B6F3E1A830728532779BEB87520CC83948C50A43F439F58";
    static final String TOKEN = "8D7E10969D22699A07C2BDA9B4CE9286";
    static final String DYNAMIC = CARD + ":0:" + TOKEN;
    static final String STATIC = "E1D10AAC73D0B947060B099128732C969A6EF97A6014BF41B3D19EEF9A4FBB18:1";

    private final QrClassifier classifier = QrClassifier.defaults();

    @Test
    void ehcDynamicAndStatic() {
        ScannedCode.EhcDynamicCode dyn = assertInstanceOf(ScannedCode.EhcDynamicCode.class,
                classifier.classify(DYNAMIC));
        assertEquals(CARD, dyn.cardId());
        assertEquals(TOKEN, dyn.token());
        assertEquals(DYNAMIC, dyn.text());
        assertEquals("ehcDynamic", dyn.kindName());
        ScannedCode.EhcStaticCode st = assertInstanceOf(ScannedCode.EhcStaticCode.class, classifier.classify(STATIC));
        assertEquals(STATIC.substring(0, 64), st.cardId());
        assertEquals(STATIC, st.text());
        assertEquals("ehcStatic", st.kindName());
    }

    @Test
    void ehcLowercaseAndScannerSuffixesAreNormalised() {
        for (String scanned : List.of(DYNAMIC.toLowerCase(Locale.ROOT), DYNAMIC + "\r\n", DYNAMIC + "\r",
                DYNAMIC + "\n", DYNAMIC + "\t", "  " + DYNAMIC + "  ", "\u3000" + DYNAMIC.toLowerCase(Locale.ROOT) + "\r\n")) {
            ScannedCode code = classifier.classify(scanned);
            assertEquals(new ScannedCode.EhcDynamicCode(CARD, TOKEN), code);
        }
        assertEquals(new ScannedCode.EhcStaticCode(STATIC.substring(0, 64)),
                classifier.classify(STATIC.toLowerCase(Locale.ROOT) + "\n"));
    }

    @Test
    void ehcTypeAndTokenMustAgree() {
        assertUnknown(classifier.classify(CARD + ":1:" + TOKEN));
        assertUnknown(classifier.classify(CARD + ":0"));
        assertUnknown(classifier.classify(CARD + ":2"));
        assertUnknown(classifier.classify(CARD.substring(1) + "G:1"));
        assertUnknown(classifier.classify(CARD + ":0:" + TOKEN.substring(1)));
        assertUnknown(classifier.classify(CARD + " :1"));
        assertUnknown(classifier.classify(CARD.substring(0, 32) + " " + CARD.substring(33) + ":1"));
    }

    @Test
    void signedTokensByPrefixAndBase45() {
        String token = "YKT1:6BFOXN*TS0BI$ZD 4";
        ScannedCode.SignedToken t = assertInstanceOf(ScannedCode.SignedToken.class, classifier.classify(token));
        assertEquals(token, t.text());
        assertEquals("signedToken", t.kindName());
        // trailing space is Base45 and kept; the scanner's CR LF is removed
        assertEquals(new ScannedCode.SignedToken("YKT1:AB "), classifier.classify(" YKT1:AB \r\n"));
        assertUnknown(classifier.classify("YKT1:"));
        assertUnknown(classifier.classify("YKT1:abc"));
        assertUnknown(classifier.classify("YKT1:AB\tCD"));
        assertUnknown(classifier.classify("YKT2:ABC"));
        assertThrows(InvalidInputException.class, () -> new ScannedCode.SignedToken("ABC"));
    }

    @Test
    void paymentCodesAtTheBoundariesOfTheirRules() {
        assertPayment(PaymentChannel.WECHAT, "134567890123456789");
        assertPayment(PaymentChannel.WECHAT, "104567890123456789");
        assertPayment(PaymentChannel.WECHAT, "154567890123456789");
        assertUnknown(classifier.classify("164567890123456789")); // prefix 16
        assertUnknown(classifier.classify("094567890123456789")); // prefix 09
        assertUnknown(classifier.classify("13456789012345678")); // 17 digits
        assertPayment(PaymentChannel.ALIPAY, "2812345678901234"); // 16
        assertPayment(PaymentChannel.ALIPAY, "281234567890123456789012"); // 24
        assertPayment(PaymentChannel.ALIPAY, "301234567890123456");
        assertPayment(PaymentChannel.ALIPAY, "251234567890123456");
        assertUnknown(classifier.classify("281234567890123")); // 15
        assertUnknown(classifier.classify("2812345678901234567890123")); // 25
        assertUnknown(classifier.classify("311234567890123456")); // prefix 31
        assertPayment(PaymentChannel.UNIONPAY, "6212345678901234567");
        assertUnknown(classifier.classify("621234567890123456")); // 18
        assertUnknown(classifier.classify("6312345678901234567"));
        assertPayment(PaymentChannel.WECHAT, "134567890123456789\r\n");
        // full-width digits are not ASCII digits
        assertUnknown(classifier.classify("１３4567890123456789"));
    }

    @Test
    void paymentCodesAreMaskedInToString() {
        ScannedCode code = classifier.classify("134567890123456789");
        assertFalse(code.toString().contains("4567890123456789"), code.toString());
        assertTrue(code.toString().contains("13****************"), code.toString());
        assertEquals("wechatPayCode", code.kindName());
        assertEquals("alipayPayCode", classifier.classify("2812345678901234").kindName());
        assertEquals("unionPayCode", classifier.classify("6212345678901234567").kindName());
    }

    @Test
    void paymentRulesAreConfigurable() {
        QrClassifier custom = QrClassifier.builder()
                .paymentCodeRule(PaymentChannel.WECHAT, new PaymentCodeRule(18, 19, List.of("16")))
                .withoutPaymentChannel(PaymentChannel.UNIONPAY)
                .build();
        assertEquals(new ScannedCode.PaymentCode(PaymentChannel.WECHAT, "1645678901234567890"),
                custom.classify("1645678901234567890"));
        assertUnknown(custom.classify("134567890123456789"));
        assertUnknown(custom.classify("6212345678901234567"));
        assertThrows(InvalidInputException.class, () -> new PaymentCodeRule(0, 5, List.of("1")));
        assertThrows(InvalidInputException.class, () -> new PaymentCodeRule(5, 4, List.of("1")));
        assertThrows(InvalidInputException.class, () -> new PaymentCodeRule(5, 65, List.of("1")));
        assertThrows(InvalidInputException.class, () -> new PaymentCodeRule(5, 6, List.of()));
        assertThrows(InvalidInputException.class, () -> new PaymentCodeRule(5, 6, List.of("1a")));
        assertThrows(InvalidInputException.class, () -> new PaymentCodeRule(5, 6, List.of("")));
        assertThrows(InvalidInputException.class, () -> new ScannedCode.PaymentCode(PaymentChannel.ALIPAY, "12a"));
    }

    @Test
    void medicalInsuranceVoucherDefaultAndConfigured() {
        String voucher = "A1B2C3D4E5F6G7H8I9J0K1L2M3N4";
        assertEquals(28, voucher.length());
        ScannedCode.MedicalInsuranceVoucher v = assertInstanceOf(ScannedCode.MedicalInsuranceVoucher.class,
                classifier.classify(voucher + "\r\n"));
        assertEquals(voucher, v.raw());
        assertEquals("medicalInsuranceVoucher", v.kindName());
        assertFalse(v.toString().contains(voucher));
        assertInstanceOf(ScannedCode.MedicalInsuranceVoucher.class, classifier.classify("1".repeat(28)));
        assertUnknown(classifier.classify(voucher.substring(1)));
        assertUnknown(classifier.classify(voucher + "X"));
        QrClassifier custom = QrClassifier.builder().medicalInsuranceVoucherPattern(Pattern.compile("YB[0-9]{10}"))
                .build();
        assertEquals(new ScannedCode.MedicalInsuranceVoucher("YB0123456789"), custom.classify("YB0123456789"));
        assertUnknown(custom.classify(voucher));
        assertUnknown(QrClassifier.builder().withoutMedicalInsuranceVoucher().build().classify(voucher));
    }

    @Test
    void healthCodeUrls() {
        String url = "https://Health.Example.gov.cn/code?t=abc123";
        ScannedCode.HealthCodeUrl u = assertInstanceOf(ScannedCode.HealthCodeUrl.class, classifier.classify(url + "\n"));
        assertEquals(url, u.url());
        assertEquals("health.example.gov.cn", u.host());
        assertEquals("healthCodeUrl", u.kindName());
        assertFalse(u.toString().contains("abc123"));
        assertUnknown(classifier.classify("http://health.example.gov.cn/code"));
        assertUnknown(classifier.classify("https://"));
        assertUnknown(classifier.classify("https://exa mple.com/"));
        assertUnknown(classifier.classify("https:///path"));
        QrClassifier allowList = QrClassifier.builder().healthCodeHosts(List.of("HEALTH.example.gov.cn")).build();
        assertEquals(u, allowList.classify(url));
        assertUnknown(allowList.classify("https://evil.example.com/code"));
        assertUnknown(allowList.classify("https://health.example.gov.cn.evil.com/code"));
        assertThrows(InvalidInputException.class, () -> QrClassifier.builder().healthCodeHosts(List.of(" ")));
    }

    @Test
    void unknownAndBounds() {
        assertUnknown(classifier.classify(null));
        assertUnknown(classifier.classify(""));
        assertUnknown(classifier.classify(" \r\n\t"));
        assertUnknown(classifier.classify("hello"));
        ScannedCode.Unknown tooLong = assertUnknown(classifier.classify("1".repeat(QrClassifier.DEFAULT_MAX_INPUT_LENGTH + 1)));
        assertTrue(tooLong.reason().contains("longer"));
        assertEquals("unknown", tooLong.kindName());
        QrClassifier small = QrClassifier.builder().maxInputLength(128).build();
        assertUnknown(small.classify("YKT1:" + "A".repeat(124)));
        assertInstanceOf(ScannedCode.SignedToken.class, small.classify("YKT1:" + "A".repeat(123)));
        assertThrows(InvalidInputException.class, () -> QrClassifier.builder().maxInputLength(127));
        assertThrows(InvalidInputException.class, () -> QrClassifier.builder().maxInputLength(65537));
        // the reason never repeats the input
        String secret = "SECRET-VALUE-123";
        assertFalse(classifier.classify(secret).toString().contains(secret));
    }

    @Test
    void toStringsNeverShowWholeValues() {
        for (String scanned : List.of(DYNAMIC, STATIC, "YKT1:ABCDEFGHIJKLMNOP")) {
            ScannedCode code = classifier.classify(scanned);
            assertFalse(code.toString().contains(scanned.substring(8, 30 > scanned.length() ? scanned.length() : 30)),
                    code.toString());
        }
        assertFalse(new ScannedCode.EhcDynamicCode(CARD, TOKEN).toString().contains(TOKEN.substring(0, 8)));
    }

    @Test
    void recordsValidateTheirComponents() {
        assertThrows(InvalidInputException.class, () -> new ScannedCode.EhcStaticCode(CARD.toLowerCase(Locale.ROOT)));
        assertThrows(InvalidInputException.class, () -> new ScannedCode.EhcStaticCode(CARD.substring(1)));
        assertThrows(InvalidInputException.class, () -> new ScannedCode.EhcDynamicCode(CARD, TOKEN + "0"));
        assertThrows(InvalidInputException.class, () -> new ScannedCode.MedicalInsuranceVoucher(""));
    }

    private void assertPayment(PaymentChannel channel, String scanned) {
        assertEquals(new ScannedCode.PaymentCode(channel, scanned.strip()), classifier.classify(scanned));
    }

    private static ScannedCode.Unknown assertUnknown(ScannedCode code) {
        return assertInstanceOf(ScannedCode.Unknown.class, code);
    }
}
