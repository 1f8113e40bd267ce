package io.yikatong.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every sample program runs to completion and prints what the README says it prints. */
class SamplesSmokeTest {

    @Test
    void coreQuickStartRuns() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CoreQuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("tampered  rejected: core.signature_invalid"), text);
        assertTrue(text.contains("sm4-cbc   张三"), text);
        assertTrue(text.contains("name      张三"), text);
        assertTrue(text.contains("110105********002* born 1949-**-** 女性"), text);
        assertTrue(text.contains("fee       1230 fen = 12.30"), text);
    }

    @Test
    void healthCardQuickStartRunsOnVirtualCards() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            HealthCardQuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("name      张晓虹"), text);
        assertTrue(text.contains("photo     JPEG 966 bytes"), text);
        assertTrue(text.contains("written   outpatient slot 1"), text);
        assertTrue(text.contains("verified  signed by 一卡通虚拟医院"), text);
        assertTrue(!text.contains("holder    HealthCard") && !text.contains("holder    张晓虹"), text);
    }

    private static String run(ThrowingMain main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private interface ThrowingMain {
        void run() throws Exception;
    }

    @Test
    void socialSecurityCardSampleRunsOnTheVirtualCard() throws Exception {
        String text = run(() -> SocialSecurityCardSample.main(new String[0]));
        assertTrue(text.contains("card      Y00000001, spec 3.00"), text);
        assertTrue(text.contains("name      古丽娜尔·阿不都热合曼·买买提艾力"), text);
        assertTrue(text.contains("basinfo   110100|11010519491231002X|Y00000001|"), text);
        assertTrue(text.matches("(?s).*balance   [0-9]+\\.[0-9]{2} yuan.*"), text);
    }

    @Test
    void offlineTokenSampleIssuesVerifiesAndRefusesTheReplay() throws Exception {
        String text = run(() -> OfflineTokenSample.main(new String[0]));
        assertTrue(text.contains("verified  REGISTRATION_PASS for EMPI-000000123, dept 0300"), text);
        assertTrue(text.contains("again     refused: REPLAYED"), text);
    }

    @Test
    void visitRecordSampleFillsFiveSlotsThenReplacesTheEarliest() throws Exception {
        String text = run(() -> VisitRecordSample.main(new String[0]));
        assertTrue(text.contains("visit 1   2026-11-01 -> slot 1, signed by 一卡通虚拟医院"), text);
        assertTrue(text.contains("visit 5   2026-11-05 -> slot 5"), text);
        assertTrue(text.contains("visit 6   2026-11-06 -> slot 1"), text);
        assertTrue(text.contains("VisitIndex[valid=[true, true, true, true, true]]"), text);
    }

    @Test
    void barcodePaymentSamplePaysAfterTheUserConfirmsAndRefusesTheOverRefund() throws Exception {
        String text = run(() -> BarcodePaymentSample.main(new String[0]));
        assertTrue(text.contains("paid      ¥12.30 trade 42"), text);
        assertTrue(text.contains("refund    refunded"), text);
        assertTrue(text.contains("refund    declined REFUND_EXCEEDS_PAID"), text);
        assertTrue(text.contains("journal   PAID, refunded ¥2.30"), text);
    }

    @Test
    void medicalInsuranceSettlementSampleSettlesReconcilesAndUndoes() throws Exception {
        String text = run(() -> MedicalInsuranceSettlementSample.main(new String[0]));
        // 100.00 甲类 + 2 × 25.00 乙类 (10 % 先行自付): fund 70 % of 145.00 in scope; account 48.50 (in-scope share)
        assertTrue(text.contains("settled   ¥150.00 = fund ¥101.50 + account ¥48.50 + cash ¥0.00"), text);
        assertTrue(text.contains("3201      310/110100 stmt_rslt 0"), text);
        assertTrue(text.contains("3202      balanced true"), text);
        assertTrue(text.contains("undo      declined"), text);
    }

    @Test
    void paymentNotificationSampleAppliesTheDuplicatedNotificationOnce() throws Exception {
        String text = run(() -> PaymentNotificationSample.main(new String[0]));
        assertTrue(text.contains("show QR   weixin://wxpay/bizpayurl?pr=KIOSK"), text);
        assertTrue(text.contains("changed=true"), text);
        assertTrue(text.contains("changed=false"), text);
        assertTrue(text.contains("journal   PAID"), text);
        assertTrue(text.contains("changes   1 to PAID"), text);
    }

    @Test
    void reconcileSampleFindsThePaymentMissingFromTheJournal() throws Exception {
        String text = run(() -> ReconcileSample.main(new String[0]));
        assertTrue(text.contains("bill      3 lines"), text);
        assertTrue(text.contains("matched   3"), text);
        assertTrue(text.contains("problem   Discrepancy[kind=MISSING_IN_JOURNAL, type=PAYMENT, key=LOST"), text);
        assertTrue(text.contains("clean     false"), text);
    }

    @Test
    void scanCodeSampleRoutesEveryKindOfCode() throws Exception {
        String text = run(() -> ScanCodeSample.main(new String[0]));
        assertTrue(text.contains("ehc       HealthCard[") && text.contains("idNumber=110105********001*"), text);
        assertTrue(!text.contains("110105199003070017"), "the ID number is masked: " + text);
        assertTrue(text.contains("voucher   insured in 110100"), text);
        assertTrue(text.contains("payment   WECHAT code"), text);
        assertTrue(text.contains("other     healthCodeUrl"), text);
        assertTrue(text.contains("other     unknown"), text);
    }

    @Test
    void simulatorsSampleStartsEverySimulator() throws Exception {
        String text = run(() -> SimulatorsSample.main(new String[0]));
        for (String line : new String[] {"wechat    http://127.0.0.1:", "alipay    http://127.0.0.1:",
            "unionpay  http://127.0.0.1:", "medical-insurance  http://127.0.0.1:", "ehc       http://127.0.0.1:",
            "faults    armed"}) {
            assertTrue(text.contains(line), line + " in " + text);
        }
    }
}
