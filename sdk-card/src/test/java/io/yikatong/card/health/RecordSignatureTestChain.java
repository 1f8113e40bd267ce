package io.yikatong.card.health;

import io.yikatong.card.health.security.CardCertificate;
import io.yikatong.card.health.security.CardCertificateType;
import io.yikatong.core.Bytes;
import io.yikatong.core.crypto.Sm2KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/** A root → issuer → organisation chain issued in the test, and helpers to build DF03 records signed under it. */
final class RecordSignatureTestChain {

    static final String ROOT_ID = "524F4F5430303031";
    static final String ISSUER_ID = "3130303030303031";
    static final String ORG_ID = "SAM0000001";
    /** 22 bytes of GBK: 11 Chinese characters. */
    static final String ISSUER_NAME = "某省卫生健康委员会发卡";
    /** 30 bytes of GBK: 15 Chinese characters. */
    static final String ORG_NAME = "某某市第一人民医院信息中心测试";
    static final String CARD_NUMBER = "110101199003071234";
    /** 2026-03-15 10:00 China time. */
    static final Clock TODAY = Clock.fixed(Instant.parse("2026-03-15T02:00:00Z"), ZoneOffset.UTC);

    final Sm2KeyPair root;
    final Sm2KeyPair issuerKeys;
    final Sm2KeyPair orgKeys;
    final CardCertificate issuer;
    final CardCertificate org;

    RecordSignatureTestChain(LocalDate issuerFrom, LocalDate issuerTo, LocalDate orgFrom, LocalDate orgTo) {
        SecureRandom random = new SecureRandom();
        root = Sm2KeyPair.generate(random);
        issuerKeys = Sm2KeyPair.generate(random);
        orgKeys = Sm2KeyPair.generate(random);
        issuer = CardCertificate.builder().type(CardCertificateType.ISSUER).subjectId(ISSUER_ID).issuerId(ROOT_ID)
                .validity(issuerFrom, issuerTo).subjectName(ISSUER_NAME).publicKey(issuerKeys.publicKey())
                .signWith(root.privateKey());
        org = CardCertificate.builder().type(CardCertificateType.ORGANISATION).subjectId(ORG_ID).issuerId(ISSUER_ID)
                .validity(orgFrom, orgTo).subjectName(ORG_NAME).publicKey(orgKeys.publicKey())
                .signWith(issuerKeys.privateKey());
    }

    /** Issuer 2020-01-01..2039-12-31, organisation 2024-01-01..2028-12-31. */
    static RecordSignatureTestChain standard() {
        return new RecordSignatureTestChain(LocalDate.of(2020, 1, 1), LocalDate.of(2039, 12, 31),
                LocalDate.of(2024, 1, 1), LocalDate.of(2028, 12, 31));
    }

    static Bytes randomData(VerifiedRecord.Kind kind, long seed) {
        byte[] data = new byte[kind.dataLength()];
        SplittableRandom r = new SplittableRandom(seed);
        r.nextBytes(data);
        return Bytes.copyOf(data);
    }

    Bytes signedRecord(VerifiedRecord.Kind kind, RecordSignatureProfile profile, long seed) {
        return profile.signRecord(randomData(kind, seed), CARD_NUMBER, orgKeys.privateKey(), org);
    }

    RecordSignatureVerifier.Builder verifier() {
        return RecordSignatureVerifier.builder().trustIssuer(root.publicKey()).clock(TODAY);
    }

    static Bytes flip(Bytes b, int offset, int mask) {
        byte[] a = b.toByteArray();
        a[offset] ^= (byte) mask;
        return Bytes.copyOf(a);
    }
}
