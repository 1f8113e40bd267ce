package io.yikatong.samples.cli;

import io.yikatong.card.ApduExchange;
import io.yikatong.card.CardSession;
import io.yikatong.card.health.CardCertificate;
import io.yikatong.card.health.ContactInfo;
import io.yikatong.card.health.HealthCard;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.HolderInfo;
import io.yikatong.card.health.IssuerInfo;
import io.yikatong.card.health.OutpatientRecord;
import io.yikatong.card.health.RecordSignatureVerifier;
import io.yikatong.card.health.VerifiedRecord;
import io.yikatong.card.security.PsamOptions;
import io.yikatong.card.security.PsamSecurityModule;
import io.yikatong.card.virtual.InsecureDevelopmentPki;
import io.yikatong.card.virtual.VirtualCard;
import io.yikatong.card.virtual.VirtualCardTransport;
import io.yikatong.card.virtual.VirtualHealthCards;
import io.yikatong.card.virtual.VirtualSam;
import io.yikatong.core.Bytes;
import io.yikatong.core.Money;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2CiphertextFormat;
import io.yikatong.core.crypto.Sm2Decrypter;
import io.yikatong.core.crypto.Sm2Encrypter;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.domain.ResidentIdNumber;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code demo}: the main job on embedded defaults — no card reader, no network. It walks through what a kiosk does
 * with the SDK's foundation today: issuer keys, decoding a holder record exactly as the resident health card stores it,
 * checking the ID number, the card's secure-messaging MAC with a diversified key, signing and verifying a visit record
 * with a precomputed issuer key, wrapping a session key for the platform, and exact money. Later modules add the
 * virtual card, QR codes and payments to the same journey.
 */
final class DemoCommand implements Command {

    /** Development master key of the demo (never a production key). */

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String synopsis() {
        return "demo [--json]   the patient journey on embedded defaults (no hardware, no network)";
    }

    @Override
    public int run(List<String> argv, Io io) throws Exception {
        Args args = Args.parse(argv, Set.of(), Set.of("json", "verbose"));
        args.requireNoPositional();
        SecureRandom random = new SecureRandom();
        State s = new State();

        DemoRunner demo = new DemoRunner()
                .add("sam-open", "Insert the development SAM in its own slot; verify its PIN", (f, d) -> {
                    s.samCard = VirtualSam.transport(VirtualSam.example());
                    s.sam = PsamSecurityModule.open(s.samCard, "123456", PsamOptions.builder()
                            .readerName("virtual SAM slot").build());
                    f.put("sam", s.sam.description());
                    f.put("keys", "development master keys (published: never for real cards)");
                })
                .add("card-read", "Insert a virtual health card; read issuer, holder, photo, contact", (f, d) -> {
                    List<ApduExchange> apdus = new ArrayList<>();
                    s.card = VirtualHealthCards.card(VirtualHealthCards.example(), random);
                    try (HealthCardService card = HealthCardService.builder(
                            CardSession.builder(new VirtualCardTransport(s.card)).listener(apdus::add).readChunk(256)
                                    .build()).securityModule(s.sam).build()) {
                        HealthCard hc = card.read();
                        s.holder = hc.holder();
                        s.issuer = hc.issuer();
                        f.put("holderName", mask(hc.holder().name()));
                        f.put("gender", hc.holder().gender().chineseLabel());
                        f.put("nation", hc.holder().nation().chineseLabel());
                        f.put("photo", hc.photo().format() + ", " + hc.photo().image().length() + " bytes");
                        f.put("issuer", hc.issuer().issuerName());
                        f.put("apdus", card.session().apduCount());
                        f.put("transport", "in-process virtual card (pcscd not needed)");
                    }
                    d.add("APDU trace (redacted): " + apdus.get(0) + " …");
                })
                .add("id-number-check", "Check the ID number (GB 11643 MOD 11-2) against the card", (f, d) -> {
                    ResidentIdNumber id = ResidentIdNumber.decode(s.holder.idNumber());
                    f.put("idNumber", id.toString());
                    check(id.birthDate().equals(s.holder.birthDate()), "ID birth date differs from the card's");
                    check(id.gender() == s.holder.gender(), "ID gender differs from the card's");
                    f.put("birthDateMatches", true);
                    f.put("genderMatches", true);
                })
                .add("issuer-certificate", "Verify the issuer certificate (EF05) against the trusted root", (f, d) -> {
                    CardCertificate cert = CardCertificate.decode(s.issuer.issuerCertificate());
                    cert.verifySignature(InsecureDevelopmentPki.rootPublicKey());
                    f.put("issuer", cert.subjectName());
                    f.put("validTo", cert.validTo().toString());
                    f.put("root", "development root (InsecureDevelopmentPki)");
                })
                .add("visit-write", "Write a signed outpatient record to DF03 (index flag last)", (f, d) -> {
                    try (HealthCardService card = HealthCardService.open(new VirtualCardTransport(s.card), s.sam)) {
                        s.slot = card.writeOutpatientRecord(OutpatientRecord.builder()
                                .item(213, "一卡通虚拟医院").item(214, "YKT0000001")
                                .item(215, "20261123093000").item(217, "内科").build());
                        f.put("slot", s.slot);
                        f.put("apdus", card.session().apduCount());
                        f.put("signedBy", "the SAM (SM3 + SM2, raw r||s) with its 190-byte organisation certificate");
                    }
                })
                .add("visit-verify", "Read it back; verify signature and chain; reject tampering",
                        (f, d) -> {
                    RecordSignatureVerifier verifier = RecordSignatureVerifier.builder()
                            .trustIssuer(InsecureDevelopmentPki.rootPublicKey()).build();
                    try (HealthCardService card = HealthCardService.open(new VirtualCardTransport(s.card), s.sam)) {
                        OutpatientRecord r = card.readOutpatientRecord(s.slot);
                        VerifiedRecord v = verifier.verify(r.image(), s.issuer.issuerCertificate(), s.issuer.cardNumber());
                        f.put("signer", v.signerName());
                        f.put("department", r.item(217));
                        byte[] tampered = r.image().toByteArray();
                        tampered[100] ^= 1;
                        try {
                            verifier.verify(Bytes.copyOf(tampered), s.issuer.issuerCertificate(), s.issuer.cardNumber());
                            throw new IllegalStateException("a tampered record verified");
                        } catch (SignatureVerificationException expected) {
                            f.put("tamperedRejected", expected.errorCode().code());
                        }
                    }
                })
                .add("secure-messaging-write", "Update the phone number with secure messaging (SM4 + MAC, 04DC)", (f, d) -> {
                    try (HealthCardService card = HealthCardService.open(new VirtualCardTransport(s.card), s.sam)) {
                        ContactInfo before = card.readContact();
                        card.writeContact(new ContactInfo(before.expiryDate(), "13900000000", before.phone2(),
                                before.paymentMethods()));
                        check(card.readContact().phone1().equals("13900000000"), "phone not written");
                        f.put("phone1", "139****0000");
                        f.put("apdus", card.session().apduCount());
                    }
                })
                .add("key-envelope", "Wrap an SM4 session key for the platform (SM2, C1C3C2)", (facts, display) -> {
                    Sm2KeyPair platform = Sm2KeyPair.generate(random);
                    byte[] sessionKey = new byte[16];
                    random.nextBytes(sessionKey);
                    byte[] envelope = Sm2Encrypter.builder(platform.publicKey()).build().encrypt(sessionKey);
                    byte[] opened = Sm2Decrypter.create(platform.privateKey(), Sm2CiphertextFormat.C1C3C2)
                            .decrypt(envelope);
                    check(MessageDigest.isEqual(sessionKey, opened), "session key changed in the envelope");
                    facts.put("format", "C1C3C2 (GM/T 0003-2012)");
                    facts.put("envelopeBytes", envelope.length);
                })
                .add("fee-amount", "Registration fee in exact fen (never double)", (facts, display) -> {
                    Money fee = Money.parseYuan("12.30");
                    facts.put("fen", fee.fen());
                    facts.put("yuan", fee.toYuanString());
                });
        boolean ok;
        try {
            ok = demo.run(io.out(), io.err(), args.flag("json"), args.flag("verbose"),
                    "Yikatong demo: a patient at a self-service kiosk (embedded defaults: no hardware, no network)");
        } finally {
            if (s.sam != null) {
                s.sam.close();
            }
        }
        return ok ? OK : FAILED;
    }

    private static String mask(String name) {
        return name.isEmpty() ? "" : name.charAt(0) + "*".repeat(name.length() - 1);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** Values carried from step to step. */
    private static final class State {
        VirtualCardTransport samCard;
        PsamSecurityModule sam;
        VirtualCard card;
        HolderInfo holder;
        IssuerInfo issuer;
        int slot;
    }
}
