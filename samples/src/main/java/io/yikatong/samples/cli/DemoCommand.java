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
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.domain.ResidentIdNumber;
import io.yikatong.core.domain.IdDocumentType;
import io.yikatong.qr.QrClassifier;
import io.yikatong.qr.ScannedCode;
import io.yikatong.qr.ehc.CardChannel;
import io.yikatong.qr.ehc.CardUseReport;
import io.yikatong.qr.ehc.EhcPlatformClient;
import io.yikatong.qr.ehc.HealthCardRegistration;
import io.yikatong.qr.ehc.PlatformChannel;
import io.yikatong.qr.ehc.QrCodeType;
import io.yikatong.qr.ehc.QrVerification;
import io.yikatong.qr.ehc.RegisteredHealthCard;
import io.yikatong.qr.ehc.UseScene;
import io.yikatong.qr.ehc.simulator.EhcPlatformSimulator;
import io.yikatong.qr.insurance.BusinessType;
import io.yikatong.qr.insurance.MedicalInsuranceVoucherClient;
import io.yikatong.qr.insurance.VoucherIdentity;
import io.yikatong.qr.insurance.simulator.MedicalInsuranceSimulator;
import io.yikatong.qr.render.ErrorCorrection;
import io.yikatong.qr.render.QrCodes;
import io.yikatong.qr.render.QrMatrix;
import io.yikatong.qr.render.TerminalRenderer;
import io.yikatong.qr.token.CredentialType;
import io.yikatong.qr.token.InMemoryReplayGuard;
import io.yikatong.qr.token.TokenClaims;
import io.yikatong.qr.token.TokenIssuer;
import io.yikatong.qr.token.TokenVerificationException;
import io.yikatong.qr.token.TokenVerifier;
import io.yikatong.qr.token.TrustList;
import io.yikatong.qr.token.VerifiedToken;
import java.util.Locale;
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
                .add("ehc-scan", "Scan the patient's e-health-card QR; verify it with the platform (simulator)",
                        (f, d) -> {
                    s.ehcPlatform = EhcPlatformSimulator.builder().appId("yikatong-demo").appSecret("demo-secret")
                            .build().start(0);
                    EhcPlatformClient platform = EhcPlatformClient.builder().baseUri(s.ehcPlatform.baseUri())
                            .appId("yikatong-demo").appSecret("demo-secret").hospitalId("YKT0000001")
                            .channel(PlatformChannel.SCAN_TERMINAL).build();
                    RegisteredHealthCard registered = s.ehcPlatform.preload(HealthCardRegistration.of(
                            s.holder.name(), s.holder.gender(), s.holder.nation(), s.holder.birthDate(),
                            IdDocumentType.RESIDENT_ID_CARD, s.holder.idNumber(), "", "13900000000"));
                    String shown = platform.getDynamicQRCode(registered.healthCardId(), IdDocumentType.RESIDENT_ID_CARD,
                            s.holder.idNumber(), QrCodeType.DYNAMIC).qrCodeText();
                    ScannedCode scanned = QrClassifier.defaults().classify(shown.toLowerCase(Locale.ROOT) + "\r\n");
                    check(scanned instanceof ScannedCode.EhcDynamicCode, "not recognised as a dynamic code: "
                            + scanned.kindName());
                    io.yikatong.qr.ehc.HealthCard verified = platform.verifyQRCode(new QrVerification(
                            ((ScannedCode.EhcDynamicCode) scanned).text(), "YKT0000001-0001",
                            UseScene.SAME_DAY_REGISTRATION, CardChannel.SELF_SERVICE_KIOSK));
                    check(verified.idNumber().equals(s.holder.idNumber()), "the code belongs to someone else");
                    platform.reportHISData(new CardUseReport(shown, verified.idNumber(), verified.name(),
                            java.time.LocalDateTime.now(java.time.ZoneId.of("Asia/Shanghai")),
                            UseScene.SAME_DAY_REGISTRATION, CardChannel.SELF_SERVICE_KIOSK, "0300", "11"));
                    f.put("kind", scanned.kindName());
                    f.put("platform", s.ehcPlatform.baseUri().toString());
                    f.put("sameHolderAsCard", true);
                    f.put("useReported", s.ehcPlatform.reportedUses().size());
                })
                .add("voucher-scan", "Scan the medical-insurance e-voucher (医保码); get identity and ecToken",
                        (f, d) -> {
                    s.insurance = MedicalInsuranceSimulator.builder().orgId("H11010500001").build().start(0);
                    String code = s.insurance.issueVoucher(new MedicalInsuranceSimulator.InsuredPerson(
                            s.holder.name(), s.holder.idNumber(), "01", "110100", s.holder.gender(),
                            s.holder.birthDate()), java.time.Instant.now().plusSeconds(3600));
                    ScannedCode scanned = QrClassifier.defaults().classify(code);
                    check(scanned instanceof ScannedCode.MedicalInsuranceVoucher, "not recognised as a voucher");
                    VoucherIdentity who = MedicalInsuranceVoucherClient.builder().baseUri(s.insurance.baseUri())
                            .orgId("H11010500001").operator("K01", "自助机").office("0300", "内科")
                            .selfService(true).build().query(BusinessType.OUTPATIENT_REGISTRATION, code);
                    check(who.idNo().equals(s.holder.idNumber()), "the voucher belongs to someone else");
                    f.put("kind", scanned.kindName());
                    f.put("insuranceRegion", who.insuOrg());
                    f.put("ecToken", who.ecToken().substring(0, 4) + "…(kept for settlement)");
                })
                .add("visit-pass", "Issue a signed offline visit pass (SM2, Base45) shown as a QR code", (f, d) -> {
                    Sm2KeyPair hospital = Sm2KeyPair.generate(random);
                    String token = TokenIssuer.builder().signingKey(hospital.privateKey()).issuer("YKT-DEMO")
                            .keyId("2026-11").clock(java.time.Clock.systemUTC()).random(random).build()
                            .issue(TokenClaims.builder().type(CredentialType.VISIT_PASS).subject(s.holder.idNumber())
                                    .ttl(java.time.Duration.ofHours(2)).oneTime(true).claim("dept", "0300").build());
                    QrMatrix matrix = QrCodes.encode(token, ErrorCorrection.M);
                    for (String line : TerminalRenderer.builder().build().render(matrix).split("\n")) {
                        d.add(line);
                    }
                    TokenVerifier gate = TokenVerifier.builder()
                            .trustList(TrustList.builder().addKey("YKT-DEMO", "2026-11", hospital.publicKey()).build())
                            .clock(java.time.Clock.systemUTC()).allowedSkew(java.time.Duration.ofSeconds(30))
                            .replayGuard(InMemoryReplayGuard.withDefaults()).build();
                    VerifiedToken pass = gate.verify(token);
                    check(pass.subject().equals(s.holder.idNumber()), "pass subject changed");
                    try {
                        gate.verify(token);
                        throw new IllegalStateException("a one-time pass was accepted twice");
                    } catch (TokenVerificationException expected) {
                        f.put("secondScan", expected.reason().name().toLowerCase(Locale.ROOT));
                    }
                    f.put("characters", token.length());
                    f.put("qrVersion", matrix.version() + " (" + matrix.size() + "x" + matrix.size() + ", EC M)");
                    f.put("verifiedOffline", true);
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
            if (s.ehcPlatform != null) {
                s.ehcPlatform.close();
            }
            if (s.insurance != null) {
                s.insurance.close();
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
        EhcPlatformSimulator ehcPlatform;
        MedicalInsuranceSimulator insurance;
    }
}
