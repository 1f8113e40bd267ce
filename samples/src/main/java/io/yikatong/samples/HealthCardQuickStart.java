package io.yikatong.samples;

import io.yikatong.card.CardTransport;
import io.yikatong.card.health.HealthCard;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.RecordSignatureVerifier;
import io.yikatong.card.health.VerifiedRecord;
import io.yikatong.card.health.VisitKind;
import io.yikatong.card.health.VisitRecord;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.card.health.security.PsamOptions;
import io.yikatong.card.health.security.PsamSecurityModule;
import io.yikatong.card.pcsc.CardPresence;
import io.yikatong.card.pcsc.PcscReaders;
import io.yikatong.testkit.card.InsecureDevelopmentPki;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.testkit.card.VirtualSam;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Reads a resident health card (居民健康卡) and writes a signed outpatient visit to it.
 *
 * <p>{@code java -cp yikatong.jar io.yikatong.samples.HealthCardQuickStart} runs on virtual cards in-process (no
 * hardware). With readers: {@code … HealthCardQuickStart "<card reader pattern>" "<SAM reader pattern>" <SAM PIN>}.
 */
public final class HealthCardQuickStart {

    private HealthCardQuickStart() {
    }

    /**
     * Runs the sample.
     *
     * @param args empty for virtual cards, or card reader pattern, SAM reader pattern and SAM PIN
     * @throws Exception if anything fails (the sample lets typed exceptions surface)
     */
    public static void main(String[] args) throws Exception {
        CardTransport cardTransport;
        CardTransport samTransport;
        if (args.length == 3) {
            PcscReaders readers = PcscReaders.open();
            String cardReader = readers.find(Pattern.compile(args[0]));   // by name or pattern, never by index
            String samReader = readers.find(Pattern.compile(args[1]));
            if (!readers.waitForCard(cardReader, CardPresence.PRESENT, Duration.ofSeconds(30))) {
                System.out.println("no card inserted within 30 s");
                return;
            }
            cardTransport = readers.connect(cardReader);
            samTransport = readers.connect(samReader);
        } else {
            cardTransport = VirtualHealthCards.transport(VirtualHealthCards.example());
            samTransport = VirtualSam.transport(VirtualSam.example());
        }
        String pin = args.length == 3 ? args[2] : "123456";

        // The SAM holds the keys; open it once and share it (it is thread-safe). The card service is per card.
        try (HealthCardSecurityModule sam = PsamSecurityModule.open(samTransport, pin, PsamOptions.defaults());
                HealthCardService card = HealthCardService.open(cardTransport, sam)) {
            HealthCard hc = card.read();
            System.out.println("holder    " + hc.holder());                   // toString masks personal data
            System.out.println("name      " + hc.holder().name());
            System.out.println("issuer    " + hc.issuer().issuerName());
            System.out.println("photo     " + hc.photo().format() + " " + hc.photo().image().length() + " bytes");

            VisitRecord visit = VisitRecord.builder(VisitKind.OUTPATIENT)
                    .item(213, "一卡通虚拟医院")      // 就诊机构名称
                    .item(214, "YKT0000001")        // 就诊机构代码
                    .item(215, "20261123093000")    // visit time [I]
                    .item(217, "内科")               // department [I]
                    .build();
            int slot = card.writeOutpatientRecord(visit);   // signed by the SAM; index flag written last
            System.out.println("written   outpatient slot " + slot);

            // Verification: the trusted root is configuration (here the development root; never in production)
            RecordSignatureVerifier verifier = RecordSignatureVerifier.builder()
                    .trustIssuer(InsecureDevelopmentPki.rootPublicKey()).build();
            VerifiedRecord verified = verifier.verify(card.readOutpatientRecord(slot).image(),
                    hc.issuer().issuerCertificate(), hc.issuer().cardNumber());
            System.out.println("verified  signed by " + verified.signerName());
        }
    }
}
