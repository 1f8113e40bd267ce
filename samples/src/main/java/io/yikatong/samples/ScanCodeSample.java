package io.yikatong.samples;

import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.IdDocumentType;
import io.yikatong.core.domain.Nation;
import io.yikatong.qr.QrClassifier;
import io.yikatong.qr.ScannedCode;
import io.yikatong.qr.ehc.CardChannel;
import io.yikatong.qr.ehc.EhcPlatformClient;
import io.yikatong.qr.ehc.HealthCard;
import io.yikatong.qr.ehc.HealthCardRegistration;
import io.yikatong.qr.ehc.PlatformChannel;
import io.yikatong.qr.ehc.QrCodeType;
import io.yikatong.qr.ehc.QrVerification;
import io.yikatong.qr.ehc.RegisteredHealthCard;
import io.yikatong.qr.ehc.UseScene;
import io.yikatong.testkit.qr.ehc.EhcPlatformSimulator;
import io.yikatong.qr.medicalinsurance.BusinessType;
import io.yikatong.qr.medicalinsurance.MedicalInsuranceVoucherClient;
import io.yikatong.qr.medicalinsurance.VoucherIdentity;
import io.yikatong.testkit.qr.medicalinsurance.MedicalInsuranceVoucherSimulator;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Verifies whatever the patient shows the kiosk's scanner (一码通行): the scanner types a line, {@link QrClassifier}
 * says what it is, and each kind goes where it belongs — an e-health-card code to the health-card platform, a
 * medical-insurance e-voucher to the insurance platform, a payment code to the payment API, a signed token to the
 * offline verifier ({@link OfflineTokenSample}). Runs against the platform simulators on 127.0.0.1:
 * {@code java -cp yikatong.jar io.yikatong.samples.ScanCodeSample}.
 */
public final class ScanCodeSample {

    private ScanCodeSample() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        try (EhcPlatformSimulator ehcPlatform = EhcPlatformSimulator.builder().appId("his-app").appSecret("secret")
                .build().start(0);
                MedicalInsuranceVoucherSimulator insurancePlatform = MedicalInsuranceVoucherSimulator.builder()
                        .orgId("H11010500001").build().start(0)) {
            // clients: built once at start-up and shared (production: the platforms' URLs and your credentials)
            EhcPlatformClient ehc = EhcPlatformClient.builder().baseUri(ehcPlatform.baseUri()).appId("his-app")
                    .appSecret("secret").hospitalId("YKT0000001").channel(PlatformChannel.SCAN_TERMINAL).build();
            MedicalInsuranceVoucherClient insurance = MedicalInsuranceVoucherClient.builder()
                    .baseUri(insurancePlatform.baseUri()).orgId("H11010500001").operator("K01", "自助机")
                    .office("0300", "内科").selfService(true).build();

            // what patients show today (the simulators issue real-looking codes for the sample)
            RegisteredHealthCard card = ehcPlatform.preload(HealthCardRegistration.of("王小明", Gender.MALE,
                    Nation.HAN, LocalDate.of(1990, 3, 7), IdDocumentType.RESIDENT_ID_CARD, "110105199003070017", "",
                    "13800000000"));
            String ehcCode = ehc.getDynamicQRCode(card.healthCardId(), IdDocumentType.RESIDENT_ID_CARD,
                    "110105199003070017", QrCodeType.DYNAMIC).qrCodeText();
            String voucher = insurancePlatform.issueVoucher(new MedicalInsuranceVoucherSimulator.InsuredPerson("王小明",
                    "110105199003070017", "01", "110100", Gender.MALE, LocalDate.of(1990, 3, 7)),
                    Instant.now().plusSeconds(600));
            List<String> scannerLines = List.of(ehcCode + "\r\n", voucher + "\r\n", "134567890123456789\r\n",
                    "https://example.invalid/health-code?id=1\r\n", "hello\r\n");

            QrClassifier classifier = QrClassifier.defaults();       // immutable: share it
            for (String line : scannerLines) {
                ScannedCode code = classifier.classify(line);          // never throws
                if (code instanceof ScannedCode.EhcDynamicCode dynamic) {
                    HealthCard who = ehc.verifyQRCode(new QrVerification(dynamic.text(), "YKT0000001-0001",
                            UseScene.SAME_DAY_REGISTRATION, CardChannel.SELF_SERVICE_KIOSK));
                    System.out.println("ehc       " + who);                // toString masks the ID and the name
                } else if (code instanceof ScannedCode.MedicalInsuranceVoucher v) {
                    VoucherIdentity who = insurance.query(BusinessType.OUTPATIENT_REGISTRATION, v.raw());
                    System.out.println("voucher   insured in " + who.insuOrg() + ", ecToken kept for settlement");
                } else if (code instanceof ScannedCode.PaymentCode pay) {
                    System.out.println("payment   " + pay.channel() + " code: take the payment ("
                            + "BarcodePaymentSample)");
                } else {
                    System.out.println("other     " + code.kindName() + ": ask the patient for another code");
                }
            }
        }
    }
}
