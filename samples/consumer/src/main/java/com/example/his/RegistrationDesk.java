package com.example.his;

import io.yikatong.card.CardTransport;
import io.yikatong.card.health.HealthCard;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.VisitKind;
import io.yikatong.card.health.VisitRecord;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.core.Money;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.qr.QrClassifier;
import io.yikatong.qr.ScannedCode;
import java.util.Locale;
import java.util.Objects;

/**
 * Production code of a HIS registration desk, compiled against the published library modules only (sdk-testkit is
 * not on its class path): the patient inserts the resident health card and shows a payment code; the desk reads the
 * card, charges the registration fee and writes the visit to the card.
 */
public final class RegistrationDesk {

    private final HealthCardSecurityModule sam;
    private final PaymentClient payments;
    private final QrClassifier scanner = QrClassifier.defaults();

    /**
     * @param sam the desk's SAM (a PSAM in production), shared by every card session
     * @param payments the hospital's payment client, shared
     */
    public RegistrationDesk(HealthCardSecurityModule sam, PaymentClient payments) {
        this.sam = Objects.requireNonNull(sam, "sam");
        this.payments = Objects.requireNonNull(payments, "payments");
    }

    /** What the desk shows after a registration. */
    public record Registration(String patient, String payment, int visitSlot) {
    }

    /**
     * Registers a patient.
     *
     * @param card the link to the card in the desk's reader
     * @param scannerLine what the barcode scanner typed
     * @param orderNo a new order number
     * @return the patient's name, the payment status and the visit record's slot (-1 when not paid)
     * @throws Exception card and payment failures, typed
     */
    public Registration register(CardTransport card, String scannerLine, String orderNo) throws Exception {
        ScannedCode code = scanner.classify(scannerLine);
        if (!(code instanceof ScannedCode.PaymentCode pay)) {
            throw new IllegalArgumentException("not a payment code: " + code.kindName());
        }
        try (HealthCardService service = HealthCardService.open(card, sam)) {
            HealthCard hc = service.read();
            PaymentOutcome outcome = payments.barcodePay(new BarcodePayment(
                    pay.channel().name().toLowerCase(Locale.ROOT), orderNo, Money.parseYuan("12.30"), "挂号费",
                    pay.code()));
            if (!(outcome instanceof PaymentOutcome.Paid)) {
                return new Registration(hc.holder().name(), outcome.status(), -1);
            }
            int slot = service.writeOutpatientRecord(VisitRecord.builder(VisitKind.OUTPATIENT)
                    .item(213, "一卡通虚拟医院").item(214, "YKT0000001")
                    .item(215, "20261123093000").item(217, "内科").build());
            return new Registration(hc.holder().name(), outcome.status(), slot);
        }
    }
}
