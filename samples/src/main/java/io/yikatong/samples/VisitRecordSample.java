package io.yikatong.samples;

import io.yikatong.card.health.HealthCard;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.RecordSignatureVerifier;
import io.yikatong.card.health.VerifiedRecord;
import io.yikatong.card.health.VisitKind;
import io.yikatong.card.health.VisitRecord;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.card.health.security.PsamOptions;
import io.yikatong.card.health.security.PsamSecurityModule;
import io.yikatong.testkit.card.InsecureDevelopmentPki;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.testkit.card.VirtualSam;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes outpatient visit records (门诊就诊记录, DF03 ED01–ED05) to a resident health card the way the vendor DLLs
 * do: the SAM signs each record, the first free slot is used, and when all five are full the earliest visit is
 * replaced. Each write is crash-safe (index cleared first, index flag written last), and every record read back is
 * verified up to the trusted root. Runs on in-process virtual cards:
 * {@code java -cp yikatong.jar io.yikatong.samples.VisitRecordSample}.
 */
public final class VisitRecordSample {

    private VisitRecordSample() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws Exception if anything fails (the sample lets typed exceptions surface)
     */
    public static void main(String[] args) throws Exception {
        DateTimeFormatter items = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
        RecordSignatureVerifier verifier = RecordSignatureVerifier.builder()
                .trustIssuer(InsecureDevelopmentPki.rootPublicKey()).build();   // production: your issuer root
        try (HealthCardSecurityModule sam = PsamSecurityModule.open(VirtualSam.transport(VirtualSam.example()), "123456",
                PsamOptions.defaults());
                HealthCardService card = HealthCardService.open(
                        VirtualHealthCards.transport(VirtualHealthCards.example()), sam)) {
            HealthCard hc = card.read();
            LocalDateTime first = LocalDateTime.of(2026, 11, 1, 8, 30);
            for (int visit = 0; visit < 6; visit++) {
                LocalDateTime when = first.plusDays(visit);
                VisitRecord record = VisitRecord.builder(VisitKind.OUTPATIENT)
                        .item(213, "一卡通虚拟医院")          // 就诊机构名称
                        .item(214, "YKT0000001")            // 就诊机构代码
                        .item(215, items.format(when))      // 就诊时间 [I]: the item map is configurable
                        .item(217, visit % 2 == 0 ? "内科" : "外科")
                        .build();
                int slot = card.writeOutpatientRecord(record);   // free slot, else the earliest visit
                VerifiedRecord verified = verifier.verify(card.readOutpatientRecord(slot).image(),
                        hc.issuer().issuerCertificate(), hc.issuer().cardNumber());
                System.out.println("visit " + (visit + 1) + "   " + when.toLocalDate() + " -> slot " + slot
                        + ", signed by " + verified.signerName());
            }
            System.out.println("index     " + card.readOutpatientIndex());
        }
    }
}
