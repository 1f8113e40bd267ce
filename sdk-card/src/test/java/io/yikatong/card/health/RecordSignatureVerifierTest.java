package io.yikatong.card.health;

import static io.yikatong.card.health.RecordSignatureFailure.BAD_CERTIFICATE_SIGNATURE;
import static io.yikatong.card.health.RecordSignatureFailure.BAD_RECORD_SIGNATURE;
import static io.yikatong.card.health.RecordSignatureFailure.CERTIFICATE_EXPIRED;
import static io.yikatong.card.health.RecordSignatureFailure.CERTIFICATE_NOT_YET_VALID;
import static io.yikatong.card.health.RecordSignatureFailure.MALFORMED;
import static io.yikatong.card.health.RecordSignatureFailure.UNKNOWN_ISSUER;
import static io.yikatong.card.health.RecordSignatureFailure.UNSIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.health.security.CardCertificate;
import io.yikatong.card.health.security.CardCertificateType;
import io.yikatong.core.Bytes;
import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecordSignatureVerifierTest {

    private static final RecordSignatureTestChain CHAIN = RecordSignatureTestChain.standard();
    private static final RecordSignatureProfile DATA = RecordSignatureProfile.DATA_PART;
    private static final RecordSignatureProfile BOUND = RecordSignatureProfile.DATA_PART_WITH_CARD_NUMBER;
    private static final String CARD = RecordSignatureTestChain.CARD_NUMBER;
    private static final VerifiedRecord.Kind EE = VerifiedRecord.Kind.INPATIENT;
    private static final VerifiedRecord.Kind ED = VerifiedRecord.Kind.OUTPATIENT;

    private static final RecordSignatureVerifier VERIFIER = CHAIN.verifier().build();
    private static final RecordSignatureVerifier PINNED = RecordSignatureVerifier.builder()
            .trustIssuer(RecordSignatureTestChain.ROOT_ID, CHAIN.root.publicKey())
            .clock(RecordSignatureTestChain.TODAY).build();

    private static RecordSignatureFailure failure(RecordSignatureVerifier v, Bytes record, Bytes issuer,
            String card) {
        SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
                () -> v.verify(record, issuer, card));
        assertEquals(CoreErrorCode.SIGNATURE_INVALID, e.errorCode());
        Optional<RecordSignatureFailure> f = RecordSignatureFailure.of(e);
        assertTrue(f.isPresent(), e.getMessage());
        assertFalse(e.getMessage().contains(CARD), e.getMessage());
        return f.get();
    }

    private static RecordSignatureFailure failure(Bytes record) {
        return failure(VERIFIER, record, CHAIN.issuer.encoded(), CARD);
    }

    @Test
    void signedRecordsVerifyAndExposeTheSigner() throws Exception {
        for (VerifiedRecord.Kind kind : VerifiedRecord.Kind.values()) {
            Bytes data = RecordSignatureTestChain.randomData(kind, 7);
            Bytes record = DATA.signRecord(data, null, CHAIN.orgKeys.privateKey(), CHAIN.org);
            assertEquals(kind.recordLength(), record.length());
            assertEquals(data, record.slice(0, kind.dataLength()));
            assertEquals(CHAIN.org.encoded(), record.slice(kind.dataLength() + 64, kind.recordLength()));

            VerifiedRecord v = VERIFIER.verify(record, CHAIN.issuer.encoded(), null);
            assertEquals(kind, v.kind());
            assertEquals(data, v.dataPart());
            assertEquals(record.slice(kind.dataLength(), kind.dataLength() + 64), v.signature());
            assertEquals(RecordSignatureTestChain.ORG_ID, v.signerId());
            assertEquals(RecordSignatureTestChain.ORG_NAME, v.signerName());
            assertEquals(CHAIN.org, v.signerCertificate());
            assertEquals(CHAIN.issuer, v.issuerCertificate());
            assertEquals(v, VERIFIER.verify(record, CHAIN.issuer.encoded(), CARD));
            String s = v.toString();
            assertTrue(s.contains(RecordSignatureTestChain.ORG_NAME), s);
            assertFalse(s.contains(data.slice(0, 8).toHex()), s);
        }
        assertEquals(1893, EE.recordLength());
        assertEquals(3267, ED.recordLength());
    }

    @Test
    void recordLayoutMatchesTheSpec() {
        Bytes record = CHAIN.signedRecord(EE, DATA, 1);
        // spec §1.6: signature at 1639 (64 B), certificate at 1703 (190 B)
        assertEquals(CHAIN.org.encoded(), record.slice(1703, 1893));
        record = CHAIN.signedRecord(ED, DATA, 1);
        assertEquals(CHAIN.org.encoded(), record.slice(3077, 3267));
    }

    @Test
    void cardBoundProfileBindsTheRecordToTheCard() throws Exception {
        Bytes record = CHAIN.signedRecord(ED, BOUND, 3);
        RecordSignatureVerifier bound = CHAIN.verifier().profile(BOUND).build();
        assertEquals(ED, bound.verify(record, CHAIN.issuer.encoded(), CARD).kind());
        assertEquals(BAD_RECORD_SIGNATURE,
                failure(bound, record, CHAIN.issuer.encoded(), "110101199003071235"));
        // the same record under the data-part profile does not verify either
        assertEquals(BAD_RECORD_SIGNATURE, failure(record));
        // and a data-part record does not verify under the card-bound profile
        assertEquals(BAD_RECORD_SIGNATURE,
                failure(bound, CHAIN.signedRecord(ED, DATA, 3), CHAIN.issuer.encoded(), CARD));
        assertEquals("cardNumber", assertThrows(InvalidInputException.class,
                () -> bound.verify(record, CHAIN.issuer.encoded(), null)).field());
    }

    @Test
    void signedBytesAreTheDocumentedMessages() {
        Bytes data = RecordSignatureTestChain.randomData(EE, 11);
        assertEquals(data, DATA.signedBytes(data, null));
        assertEquals(data, DATA.signedBytes(data, CARD));
        Bytes m = BOUND.signedBytes(data, CARD);
        assertEquals(18 + 1639, m.length());
        assertEquals(Bytes.copyOf(CARD.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), m.slice(0, 18));
        assertEquals(data, m.slice(18, m.length()));
        Bytes shortNumber = BOUND.signedBytes(data, "A1234");
        assertEquals(Bytes.fromHex("41313233340000000000000000000000" + "0000"), shortNumber.slice(0, 18));

        assertEquals("dataPart", assertThrows(InvalidInputException.class,
                () -> DATA.signedBytes(data.slice(0, 1638), null)).field());
        assertEquals("cardNumber", assertThrows(InvalidInputException.class,
                () -> BOUND.signedBytes(data, null)).field());
        assertEquals("cardNumber", assertThrows(InvalidInputException.class,
                () -> BOUND.signedBytes(data, "")).field());
        InvalidInputException tooLong = assertThrows(InvalidInputException.class,
                () -> BOUND.signedBytes(data, CARD + "9"));
        assertEquals("cardNumber", tooLong.field());
        assertFalse(tooLong.getMessage().contains(CARD), tooLong.getMessage());
    }

    @Test
    void userIdIsPartOfTheProfile() throws Exception {
        RecordSignatureProfile custom = DATA.withUserId("YIKATONG");
        assertEquals(RecordSignatureProfile.Coverage.DATA_PART, custom.coverage());
        Bytes record = CHAIN.signedRecord(EE, custom, 5);
        CHAIN.verifier().profile(custom).build().verify(record, CHAIN.issuer.encoded(), null);
        assertEquals(BAD_RECORD_SIGNATURE, failure(record));
        assertEquals(custom, DATA.withUserId("YIKATONG"));
        assertEquals("userId", assertThrows(InvalidInputException.class,
                () -> DATA.withUserId("x".repeat(8192))).field());
    }

    @Test
    void unsignedRecordsAreReportedAsUnsigned() {
        for (VerifiedRecord.Kind kind : VerifiedRecord.Kind.values()) {
            byte[] b = new byte[kind.recordLength()];
            System.arraycopy(RecordSignatureTestChain.randomData(kind, 1).toByteArray(), 0, b, 0, kind.dataLength());
            assertEquals(UNSIGNED, failure(Bytes.copyOf(b)));
            Arrays.fill(b, kind.dataLength(), b.length, (byte) 0xFF);
            assertEquals(UNSIGNED, failure(Bytes.copyOf(b)));
            // a zero signature with a certificate is not "unsigned": it is a bad signature
            System.arraycopy(CHAIN.org.encoded().toByteArray(), 0, b, kind.dataLength() + 64, 190);
            Arrays.fill(b, kind.dataLength(), kind.dataLength() + 64, (byte) 0);
            assertEquals(BAD_RECORD_SIGNATURE, failure(Bytes.copyOf(b)));
            // a signature without a certificate is malformed
            b = CHAIN.signedRecord(kind, DATA, 1).toByteArray();
            Arrays.fill(b, kind.dataLength() + 64, b.length, (byte) 0);
            assertEquals(MALFORMED, failure(Bytes.copyOf(b)));
        }
    }

    @Test
    void everyTamperedDataByteBreaksTheRecordSignature() {
        Bytes record = CHAIN.signedRecord(EE, DATA, 21);
        SplittableRandom rnd = new SplittableRandom(0xDA7AL);
        int[] offsets = new int[42];
        offsets[0] = 0;
        offsets[1] = EE.dataLength() - 1;
        for (int i = 2; i < offsets.length; i++) {
            offsets[i] = rnd.nextInt(EE.dataLength());
        }
        for (int offset : offsets) {
            assertEquals(BAD_RECORD_SIGNATURE, failure(RecordSignatureTestChain.flip(record, offset,
                    1 << rnd.nextInt(8))), "data offset " + offset);
        }
    }

    /** Every byte of the signature and organisation certificate, flipped, gives the reason its field implies. */
    @Test
    void everyTamperedSignatureOrCertificateByteIsCaught() {
        Bytes record = CHAIN.signedRecord(EE, DATA, 22);
        int sig = EE.dataLength();
        int cert = sig + 64;
        for (int i = sig; i < EE.recordLength(); i++) {
            RecordSignatureFailure f = failure(RecordSignatureTestChain.flip(record, i, 0x01));
            Set<RecordSignatureFailure> expected;
            if (i < cert) {
                expected = Set.of(BAD_RECORD_SIGNATURE);
            } else {
                int c = i - cert;
                if (c < 2 || c >= 186) { // version, type, reserved
                    expected = Set.of(MALFORMED);
                } else if (c < 12) { // subjectId: ASCII stays ASCII
                    expected = Set.of(BAD_CERTIFICATE_SIGNATURE);
                } else if (c < 20) { // issuerId
                    expected = Set.of(UNKNOWN_ISSUER);
                } else if (c < 28) { // dates: another date or none
                    expected = Set.of(MALFORMED, BAD_CERTIFICATE_SIGNATURE);
                } else if (c < 58) { // GBK name: another character or an invalid sequence
                    expected = Set.of(MALFORMED, BAD_CERTIFICATE_SIGNATURE);
                } else if (c < 122) { // public key: off the curve
                    expected = Set.of(MALFORMED);
                } else { // certificate signature
                    expected = Set.of(BAD_CERTIFICATE_SIGNATURE);
                }
            }
            assertTrue(expected.contains(f), "record offset " + i + " gave " + f + ", expected " + expected);
        }
    }

    /** Every byte of the issuer certificate, flipped, gives the reason its field implies (root pinned by ID). */
    @Test
    void everyTamperedIssuerCertificateByteIsCaught() {
        Bytes record = CHAIN.signedRecord(ED, DATA, 23);
        Bytes issuer = CHAIN.issuer.encoded();
        for (int i = 0; i < issuer.length(); i++) {
            RecordSignatureFailure f = failure(PINNED, record, RecordSignatureTestChain.flip(issuer, i, 0x01), CARD);
            Set<RecordSignatureFailure> expected;
            if (i < 2 || i >= 176 || (i >= 48 && i < 112)) { // version, type, reserved, public key
                expected = Set.of(MALFORMED);
            } else if (i < 10) { // subjectId
                expected = Set.of(BAD_CERTIFICATE_SIGNATURE);
            } else if (i < 18) { // issuerId: the pinned root no longer applies
                expected = Set.of(UNKNOWN_ISSUER);
            } else if (i < 48) { // dates and name
                expected = Set.of(MALFORMED, BAD_CERTIFICATE_SIGNATURE);
            } else { // signature
                expected = Set.of(BAD_CERTIFICATE_SIGNATURE);
            }
            assertTrue(expected.contains(f), "issuer offset " + i + " gave " + f + ", expected " + expected);
        }
        // without pinning, a tampered issuer certificate is simply not signed by any trusted root
        assertEquals(UNKNOWN_ISSUER, failure(VERIFIER, record, RecordSignatureTestChain.flip(issuer, 130, 1), CARD));
        assertEquals(UNKNOWN_ISSUER, failure(VERIFIER, record, RecordSignatureTestChain.flip(issuer, 3, 1), CARD));
    }

    @Test
    void wrongRootOrIssuerIsAnUnknownIssuer() throws Exception {
        Bytes record = CHAIN.signedRecord(EE, DATA, 31);
        Sm2KeyPair other = Sm2KeyPair.generate(new SecureRandom());
        RecordSignatureVerifier wrongRoot = RecordSignatureVerifier.builder().trustIssuer(other.publicKey())
                .clock(RecordSignatureTestChain.TODAY).build();
        assertEquals(UNKNOWN_ISSUER, failure(wrongRoot, record, CHAIN.issuer.encoded(), CARD));
        RecordSignatureVerifier otherPinnedId = RecordSignatureVerifier.builder()
                .trustIssuer("0000000000000001", CHAIN.root.publicKey()).clock(RecordSignatureTestChain.TODAY).build();
        assertEquals(UNKNOWN_ISSUER, failure(otherPinnedId, record, CHAIN.issuer.encoded(), CARD));
        RecordSignatureVerifier pinnedWrongKey = RecordSignatureVerifier.builder()
                .trustIssuer(RecordSignatureTestChain.ROOT_ID, other.publicKey())
                .clock(RecordSignatureTestChain.TODAY).build();
        assertEquals(BAD_CERTIFICATE_SIGNATURE, failure(pinnedWrongKey, record, CHAIN.issuer.encoded(), CARD));

        // several roots: the right one is found among them, pinned or not
        RecordSignatureVerifier.builder().trustIssuer(other.publicKey()).trustIssuer(CHAIN.root.publicKey())
                .clock(RecordSignatureTestChain.TODAY).build().verify(record, CHAIN.issuer.encoded(), null);
        RecordSignatureVerifier.builder().trustIssuer("0000000000000001", other.publicKey())
                .trustIssuer(RecordSignatureTestChain.ROOT_ID.toLowerCase(), CHAIN.root.publicKey())
                .clock(RecordSignatureTestChain.TODAY).build().verify(record, CHAIN.issuer.encoded(), null);

        // a genuine issuer certificate of another issuer under the same root: the record's org was not issued by it
        RecordSignatureTestChain second = RecordSignatureTestChain.standard();
        CardCertificate otherIssuer = CardCertificate.builder().type(CardCertificateType.ISSUER)
                .subjectId("3130303030303032").issuerId(RecordSignatureTestChain.ROOT_ID)
                .validity(LocalDate.of(2020, 1, 1), LocalDate.of(2039, 12, 31)).subjectName("另一发卡机构")
                .publicKey(second.issuerKeys.publicKey()).signWith(CHAIN.root.privateKey());
        assertEquals(UNKNOWN_ISSUER, failure(VERIFIER, record, otherIssuer.encoded(), CARD));
        // same issuer ID, other key (a forged or re-keyed issuer): the organisation certificate does not verify
        CardCertificate rekeyed = CardCertificate.builder().type(CardCertificateType.ISSUER)
                .subjectId(RecordSignatureTestChain.ISSUER_ID).issuerId(RecordSignatureTestChain.ROOT_ID)
                .validity(LocalDate.of(2020, 1, 1), LocalDate.of(2039, 12, 31)).subjectName("x")
                .publicKey(second.issuerKeys.publicKey()).signWith(CHAIN.root.privateKey());
        assertEquals(BAD_CERTIFICATE_SIGNATURE, failure(VERIFIER, record, rekeyed.encoded(), CARD));
        // an issuer certificate signed by an untrusted root with the right IDs and keys
        CardCertificate selfMade = CardCertificate.builder().type(CardCertificateType.ISSUER)
                .subjectId(RecordSignatureTestChain.ISSUER_ID).issuerId(RecordSignatureTestChain.ROOT_ID)
                .validity(LocalDate.of(2020, 1, 1), LocalDate.of(2039, 12, 31)).subjectName("x")
                .publicKey(CHAIN.issuerKeys.publicKey()).signWith(other.privateKey());
        assertEquals(UNKNOWN_ISSUER, failure(VERIFIER, record, selfMade.encoded(), CARD));
        assertEquals(BAD_CERTIFICATE_SIGNATURE, failure(PINNED, record, selfMade.encoded(), CARD));
    }

    @Test
    void recordSignedWithAnotherKeyThanItsCertificateIsABadRecordSignature() {
        Bytes record = CHAIN.signedRecord(EE, DATA, 41);
        RecordSignatureTestChain second = RecordSignatureTestChain.standard();
        Bytes foreign = DATA.signRecord(record.slice(0, EE.dataLength()), null, second.orgKeys.privateKey(),
                second.org);
        byte[] b = foreign.toByteArray();
        System.arraycopy(CHAIN.org.encoded().toByteArray(), 0, b, EE.dataLength() + 64, 190);
        assertEquals(BAD_RECORD_SIGNATURE, failure(Bytes.copyOf(b)));
        assertEquals("organisationKey", assertThrows(InvalidInputException.class,
                () -> DATA.signRecord(record.slice(0, EE.dataLength()), null, second.orgKeys.privateKey(),
                        CHAIN.org)).field());
        assertEquals("organisationCertificate", assertThrows(InvalidInputException.class,
                () -> DATA.signRecord(record.slice(0, EE.dataLength()), null, CHAIN.issuerKeys.privateKey(),
                        CHAIN.issuer)).field());
    }

    @Test
    void validityIsCheckedAfterSignaturesForBothCertificates() {
        Bytes record = CHAIN.signedRecord(EE, DATA, 51);
        Bytes issuer = CHAIN.issuer.encoded();
        // organisation 2024-01-01..2028-12-31
        assertEquals(CERTIFICATE_EXPIRED, failure(CHAIN.verifier().clock(chinaDay(2029, 1, 1)).build(), record,
                issuer, CARD));
        assertEquals(CERTIFICATE_NOT_YET_VALID, failure(CHAIN.verifier().clock(chinaDay(2023, 12, 31)).build(),
                record, issuer, CARD));
        // issuer 2020-01-01..2039-12-31 (checked first)
        assertEquals(CERTIFICATE_EXPIRED, failure(CHAIN.verifier().clock(chinaDay(2040, 1, 1)).build(), record,
                issuer, CARD));
        assertEquals(CERTIFICATE_NOT_YET_VALID, failure(CHAIN.verifier().clock(chinaDay(2019, 12, 31)).build(),
                record, issuer, CARD));
        // an expired issuer with a still-valid organisation
        RecordSignatureTestChain oldIssuer = new RecordSignatureTestChain(LocalDate.of(2015, 1, 1),
                LocalDate.of(2025, 12, 31), LocalDate.of(2024, 1, 1), LocalDate.of(2028, 12, 31));
        SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
                () -> oldIssuer.verifier().build().verify(oldIssuer.signedRecord(EE, DATA, 1),
                        oldIssuer.issuer.encoded(), null));
        assertEquals(Optional.of(CERTIFICATE_EXPIRED), RecordSignatureFailure.of(e));
        assertTrue(e.getMessage().contains("issuer certificate"), e.getMessage());
        // a not-yet-valid issuer with a valid organisation
        RecordSignatureTestChain newIssuer = new RecordSignatureTestChain(LocalDate.of(2027, 1, 1),
                LocalDate.of(2040, 12, 31), LocalDate.of(2024, 1, 1), LocalDate.of(2028, 12, 31));
        assertEquals(CERTIFICATE_NOT_YET_VALID, failure(newIssuer.verifier().build(),
                newIssuer.signedRecord(EE, DATA, 1), newIssuer.issuer.encoded(), CARD));
        // a bad signature on an expired certificate is reported as the bad signature
        assertEquals(BAD_CERTIFICATE_SIGNATURE, failure(CHAIN.verifier().clock(chinaDay(2029, 1, 1)).build(),
                RecordSignatureTestChain.flip(record, EE.dataLength() + 64 + 130, 1), issuer, CARD));
    }

    @Test
    void validityDaysAreChinaDaysWhateverTheClockZone() throws Exception {
        Bytes record = CHAIN.signedRecord(EE, DATA, 61);
        Bytes issuer = CHAIN.issuer.encoded();
        // the organisation's last day 2028-12-31 ends at 2028-12-31T16:00Z
        Instant lastSecond = Instant.parse("2028-12-31T15:59:59Z");
        for (ZoneId zone : new ZoneId[] {ZoneOffset.UTC, ZoneId.of("America/Los_Angeles"), ZoneId.of("Asia/Tokyo")}) {
            CHAIN.verifier().clock(Clock.fixed(lastSecond, zone)).build().verify(record, issuer, null);
            assertEquals(CERTIFICATE_EXPIRED, failure(CHAIN.verifier()
                    .clock(Clock.fixed(lastSecond.plusSeconds(1), zone)).build(), record, issuer, CARD));
        }
        // the first day 2024-01-01 starts at 2023-12-31T16:00Z
        Instant firstSecond = Instant.parse("2023-12-31T16:00:00Z");
        CHAIN.verifier().clock(Clock.fixed(firstSecond, ZoneOffset.UTC)).build().verify(record, issuer, null);
        assertEquals(CERTIFICATE_NOT_YET_VALID, failure(CHAIN.verifier()
                .clock(Clock.fixed(firstSecond.minusSeconds(1), ZoneOffset.UTC)).build(), record, issuer, CARD));
    }

    private static Clock chinaDay(int y, int m, int d) {
        return Clock.fixed(LocalDate.of(y, m, d).atTime(12, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant(),
                ZoneOffset.UTC);
    }

    @Test
    void malformedCertificatesCarryTheDecoderCause() {
        Bytes record = CHAIN.signedRecord(EE, DATA, 71);
        SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
                () -> VERIFIER.verify(RecordSignatureTestChain.flip(record, EE.dataLength() + 64 + 187, 1),
                        CHAIN.issuer.encoded(), null));
        assertEquals(Optional.of(MALFORMED), RecordSignatureFailure.of(e));
        MalformedDataException cause = assertInstanceOf(MalformedDataException.class, e.getCause());
        assertEquals(187, cause.offset());
        assertEquals("card certificate reserved", cause.element());

        // an organisation certificate given where the issuer certificate belongs cannot be 180 bytes; a 180-byte
        // blob with the organisation type byte is malformed
        assertEquals(MALFORMED, failure(VERIFIER, record,
                RecordSignatureTestChain.flip(CHAIN.issuer.encoded(), 1, 0x03), CARD));
        // the issuer certificate put into the record (padded to 190) has the issuer type with the wrong length
        byte[] b = record.toByteArray();
        byte[] iss = CHAIN.issuer.encoded().toByteArray();
        Arrays.fill(b, EE.dataLength() + 64, b.length, (byte) 0);
        System.arraycopy(iss, 0, b, EE.dataLength() + 64, iss.length);
        assertEquals(MALFORMED, failure(Bytes.copyOf(b)));
    }

    @Test
    void callerErrorsAreInvalidInput() {
        Bytes record = CHAIN.signedRecord(EE, DATA, 81);
        Bytes issuer = CHAIN.issuer.encoded();
        assertEquals("wholeRecord", assertThrows(InvalidInputException.class,
                () -> VERIFIER.verify(record.slice(0, 1892), issuer, null)).field());
        assertEquals("issuerCertificate", assertThrows(InvalidInputException.class,
                () -> VERIFIER.verify(record, CHAIN.org.encoded(), null)).field());
        assertEquals("trustIssuer", assertThrows(InvalidInputException.class,
                () -> RecordSignatureVerifier.builder().build()).field());
        assertEquals("rootId", assertThrows(InvalidInputException.class,
                () -> RecordSignatureVerifier.builder().trustIssuer("ROOT", CHAIN.root.publicKey())).field());
        assertThrows(NullPointerException.class, () -> VERIFIER.verify(null, issuer, null));
    }

    @Test
    void failureReasonIsReadBackOnlyFromRecordVerification() {
        assertEquals(Optional.empty(), RecordSignatureFailure.of(new SignatureVerificationException("SM2 "
                + "signature invalid")));
        assertEquals(Optional.empty(), RecordSignatureFailure.of(new SignatureVerificationException(
                RecordSignatureFailure.PREFIX + "something else]: x")));
        for (RecordSignatureFailure f : RecordSignatureFailure.values()) {
            assertEquals(Optional.of(f), RecordSignatureFailure.of(f.exception("detail", null)));
        }
    }
}
