package io.yikatong.samples.cli;

import io.yikatong.card.ApduExchange;
import io.yikatong.card.CardSession;
import io.yikatong.card.health.ContactInfo;
import io.yikatong.card.health.HealthCard;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.HolderInfo;
import io.yikatong.card.health.IssuerInfo;
import io.yikatong.card.health.RecordSignatureVerifier;
import io.yikatong.card.health.VerifiedRecord;
import io.yikatong.card.health.VisitKind;
import io.yikatong.card.health.VisitRecord;
import io.yikatong.card.health.security.CardCertificate;
import io.yikatong.card.health.security.PsamOptions;
import io.yikatong.card.health.security.PsamSecurityModule;
import io.yikatong.core.Bytes;
import io.yikatong.core.Money;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.domain.IdDocumentType;
import io.yikatong.core.domain.ResidentIdNumber;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.BarcodePolicy;
import io.yikatong.payment.OrderNumbers;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.journal.EventSource;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.JournalEvent;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.PlatformVerifier;
import io.yikatong.payment.wechat.WechatPayChannel;
import io.yikatong.payment.wechat.WechatPayV3Client;
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
import io.yikatong.qr.medicalinsurance.BusinessType;
import io.yikatong.qr.medicalinsurance.MedicalInsuranceVoucherClient;
import io.yikatong.qr.medicalinsurance.VoucherIdentity;
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
import io.yikatong.testkit.card.InsecureDevelopmentPki;
import io.yikatong.payment.medicalinsurance.settlement.CashLeg;
import io.yikatong.payment.medicalinsurance.settlement.Credential;
import io.yikatong.payment.medicalinsurance.settlement.Institution;
import io.yikatong.payment.medicalinsurance.settlement.OutpatientSettlement;
import io.yikatong.payment.medicalinsurance.settlement.PersonInfo;
import io.yikatong.payment.medicalinsurance.settlement.ProvinceProfile;
import io.yikatong.payment.medicalinsurance.settlement.SettlementClient;
import io.yikatong.payment.medicalinsurance.settlement.SettlementJournal;
import io.yikatong.payment.medicalinsurance.settlement.VisitOutcome;
import io.yikatong.testkit.payment.medicalinsurance.settlement.SettlementPlatformSimulator;
import io.yikatong.testkit.payment.medicalinsurance.settlement.SimulatedSettlement;
import io.yikatong.testkit.card.VirtualCard;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.testkit.card.VirtualSam;
import io.yikatong.testkit.qr.ehc.EhcPlatformSimulator;
import io.yikatong.testkit.qr.medicalinsurance.MedicalInsuranceVoucherSimulator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code demo}: the main job on embedded defaults — no card reader, no network. A patient arrives at a self-service
 * kiosk: a virtual resident health card is inserted (through pcscd and vpcd when they are running, otherwise
 * in-process) and read with the development SAM; the ID number and the issuer certificate are checked; the
 * e-health-card code and the medical-insurance e-voucher are scanned and verified with their platforms (local
 * simulators); the registration fee is paid by payment code through the WeChat Pay simulator (the "user paying" state
 * resolves by itself) and journalled; a signed visit pass is issued as a QR code in the terminal; the outpatient record
 * is written to the card, read back and verified; the phone number is updated with secure messaging.
 */
final class DemoCommand implements Command {

    /** Development master key of the demo (never a production key). */

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String synopsis() {
        return "demo [--json] [--in-process]   the patient journey on embedded defaults (no hardware, no network);"
                + " the virtual card goes through pcscd + vpcd when they run, unless --in-process";
    }

    @Override
    public int run(List<String> argv, Io io) throws Exception {
        Args args = Args.parse(argv, Set.of(), Set.of("json", "verbose", "in-process"));
        args.requireNoPositional();
        SecureRandom random = new SecureRandom();
        State s = new State();
        s.tryPcsc = !args.flag("in-process");
        // the kiosk's payment gateway connection and journal start with the kiosk, not when the patient pays
        s.payments = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return s.startPayments();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });

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
                    s.pcsc = s.tryPcsc ? DemoPcsc.insert(s.card) : null;
                    try (HealthCardService card = HealthCardService.builder(
                            CardSession.builder(s.openCard()).listener(apdus::add).readChunk(256)
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
                        f.put("transport", s.pcsc != null ? "pcscd + vpcd, reader '" + s.pcsc.reader() + "'"
                                : "in-process virtual card (pcscd not running)");
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
                .add("ehc-scan", "Scan the e-health-card QR; verify it with the platform (simulator)",
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
                .add("voucher-scan", "Scan the medical-insurance e-voucher (医保码); get identity, token",
                        (f, d) -> {
                    s.insurance = MedicalInsuranceVoucherSimulator.builder().orgId("H11010500001").build().start(0);
                    String code = s.insurance.issueVoucher(new MedicalInsuranceVoucherSimulator.InsuredPerson(
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
                .add("payment", "Pay the registration fee (挂号费) by WeChat payment code",
                        (f, d) -> {
                    PaymentClient payments = s.payments.get(30, java.util.concurrent.TimeUnit.SECONDS);
                    s.wechat.simulator().nextCodepayUserPaying(2, "SUCCESS");   // "用户支付中" for two queries
                    ScannedCode scanned = QrClassifier.defaults().classify("134567890123456789\r\n");
                    check(scanned instanceof ScannedCode.PaymentCode, "not recognised as a payment code");
                    Money fee = Money.parseYuan("12.30");
                    String no = OrderNumbers.create(java.time.Clock.system(PayCommands.CHINA), "GH").next();
                    PaymentOutcome outcome = payments.barcodePay(new BarcodePayment("wechat", no, fee, "挂号费",
                            ((ScannedCode.PaymentCode) scanned).code()));
                    check(outcome instanceof PaymentOutcome.Paid, "the fee was not paid: " + outcome.status());
                    List<String> states = new ArrayList<>(List.of("CREATED"));
                    long queries = 0;
                    for (JournalEvent e : s.journal.events(no)) {
                        if (e.kind() == JournalEvent.Kind.CHANGED && (states.isEmpty()
                                || !states.get(states.size() - 1).equals(e.toState()))) {
                            states.add(e.toState());
                        }
                        queries += e.source() == EventSource.QUERY ? 1 : 0;
                    }
                    s.paid = (PaymentOutcome.Paid) outcome;
                    f.put("scanned", scanned.kindName() + " (" + ((ScannedCode.PaymentCode) scanned).channel() + ")");
                    f.put("amount", fee.toYuanString() + " yuan = " + fee.fen() + " fen");
                    f.put("outcome", outcome.status());
                    f.put("orderNo", no);
                    f.put("journal", String.join(" → ", states) + " (queried " + queries + "x while the user paid)");
                    f.put("gateway", "WeChat Pay APIv3 simulator " + s.wechat.simulator().baseUri()
                            + ", RSA signatures checked both ways (started with the kiosk)");
                })
                .add("settlement", "Settle the visit with medical insurance (医保 1101 → 2207); cash share by code",
                        (f, d) -> {
                    PaymentClient payments = s.payments.get(30, java.util.concurrent.TimeUnit.SECONDS);
                    SettlementClient yb = s.startSettlement();
                    PersonInfo who = yb.personInfo(YbCommands.OPERATOR,
                            new Credential.IdNumber(
                                    s.holder.idNumber()));
                    check(who.certno().equals(s.holder.idNumber()) && who.psnName().equals(s.holder.name()),
                            "1101 found someone else");
                    CashLeg cash =
                            CashLeg.barcode(payments, "wechat",
                                    "134567890123456789", "门诊医保结算自付");
                    VisitOutcome o =
                            OutpatientSettlement.of(yb, cash)
                                    .settle(YbCommands.exampleVisit(new Credential.IdNumber(s.holder.idNumber()), "DEMO" + System.currentTimeMillis()
                                            % 100_000_000L), cash);
                    check(o instanceof VisitOutcome.Settled,
                            "not settled: " + o);
                    var settled = (VisitOutcome.Settled) o;
                    check(settled.cash() instanceof PaymentOutcome.Paid, "the cash share was not paid");
                    s.ybSettlement = s.yb.settlement(settled.setlId()).orElseThrow();
                    SettlementPlatformSimulator
                            .checkIdentities(s.ybSettlement);
                    f.put("person", mask(who.psnName()) + " (1101 by the card's ID number), psn_no " + who.psnNo()
                            + ", insutype " + who.insurances().get(0).insutype());
                    f.put("total", settled.medfeeSumamt().toYuanString() + " yuan (4 fee lines, 2204)");
                    f.put("fund", settled.fundPaySumamt().toYuanString() + " yuan (统筹基金)");
                    f.put("account", settled.acctPay().toYuanString() + " yuan (个人账户)");
                    f.put("cash", settled.psnCashPay().toYuanString() + " yuan by WeChat payment code, "
                            + settled.cash().status());
                    f.put("setlId", settled.setlId());
                    f.put("platform", "national platform simulator " + s.yb.gatewayUri()
                            + " (identities of §3 checked)");
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
                    try (HealthCardService card = HealthCardService.open(s.openCard(), s.sam)) {
                        s.slot = card.writeOutpatientRecord(VisitRecord.builder(VisitKind.OUTPATIENT)
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
                    try (HealthCardService card = HealthCardService.open(s.openCard(), s.sam)) {
                        VisitRecord r = card.readOutpatientRecord(s.slot);
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
                    try (HealthCardService card = HealthCardService.open(s.openCard(), s.sam)) {
                        ContactInfo before = card.readContact();
                        card.writeContact(new ContactInfo(before.expiryDate(), "13900000000", before.phone2(),
                                before.paymentMethods()));
                        check(card.readContact().phone1().equals("13900000000"), "phone not written");
                        f.put("phone1", "139****0000");
                        f.put("apdus", card.session().apduCount());
                    }
                });
        demo.summary(() -> {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("patient", mask(s.holder.name()) + ", identity read from the card and matched by both QR codes");
            m.put("paid", s.paid.amount().toYuanString() + " yuan by WeChat payment code, order " + s.paid.merchantOrderNo()
                    + " (journalled)");
            m.put("settled", s.ybSettlement.medfeeSumamt().toYuanString() + " yuan: fund "
                    + s.ybSettlement.fundPaySumamt().toYuanString() + ", account " + s.ybSettlement.acctPay().toYuanString()
                    + ", cash " + s.ybSettlement.psnCashPay().toYuanString() + " (医保 settlement " + s.ybSettlement.setlId()
                    + ")");
            m.put("visitPass", "signed offline QR, one-time, verified and refused on the second scan");
            m.put("cardRecord", "outpatient slot " + s.slot + " written, read back, signature verified");
            m.put("transport", s.pcsc != null ? "pcscd + vpcd" : "in-process");
            return m;
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
            s.closePayments();
            if (s.pcsc != null) {
                s.pcsc.close();
            }
        }
        return ok ? OK : FAILED;
    }

    private static String mask(String name) {
        return io.yikatong.core.Redaction.name(name);   // the SDK's one policy (PersonalField.NAME)
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
        MedicalInsuranceVoucherSimulator insurance;
        boolean tryPcsc;
        DemoPcsc pcsc;
        PayCommands.RunningSimulator wechat;
        java.nio.file.Path journalDir;
        JdbcPaymentJournal journal;
        PaymentOutcome.Paid paid;
        SettlementPlatformSimulator yb;
        SettlementJournal ybJournal;
        SimulatedSettlement ybSettlement;

        /** Starts the settlement platform simulator and a client with its journal next to the payment journal. */
        synchronized SettlementClient startSettlement()
                throws java.io.IOException {
            yb = SettlementPlatformSimulator.start();
            ybJournal = SettlementJournal.embedded(
                    journalDir.resolve("yb"), java.time.Clock.systemUTC(), "demo");
            return SettlementClient.builder().gateway(yb.gatewayUri())
                    .profile(ProvinceProfile.named("national"))
                    .institution(new Institution(
                            yb.fixmedinsCode(), "一卡通示例医院", "110100"))
                    .journal(ybJournal).build();
        }

        java.util.concurrent.CompletableFuture<PaymentClient> payments;

        /** Starts the WeChat Pay simulator with development keys, the embedded journal and the payment client. */
        synchronized PaymentClient startPayments() throws Exception {
            wechat = PayCommands.startSimulator(0);
            journalDir = java.nio.file.Files.createTempDirectory("yikatong-demo-journal-");
            journal = JdbcPaymentJournal.embedded(journalDir);
            PayKeys keys = wechat.keys();
            WechatPayV3Client wire = WechatPayV3Client.builder().baseUri(wechat.simulator().baseUri())
                    .appid(keys.appid)
                    .signer(MerchantSigner.rsa(keys.mchid, keys.merchantSerial, keys.merchantPrivate))
                    .verifier(PlatformVerifier.builder().rsaPublicKey(keys.platformSerial, keys.platformPublic)
                            .build())
                    .apiV3Key(keys.apiV3Key()).requestTimeout(java.time.Duration.ofSeconds(10)).build();
            return PaymentClient.builder().journal(journal)
                    .channel(WechatPayChannel.create(wire, PayCommands.PLACEHOLDER_NOTIFY))
                    // the demo's patient answers quickly; production keeps BarcodePolicy.defaults()
                    .barcodePolicy(new BarcodePolicy(java.time.Duration.ofMillis(200),
                            java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(400),
                            java.time.Duration.ofSeconds(30), 10, java.time.Duration.ofMillis(500)))
                    .build();
        }

        /** A new connection to the inserted card: through pcscd when it is served there, else in-process. */
        io.yikatong.card.CardTransport openCard() throws io.yikatong.card.CardException {
            return pcsc != null ? pcsc.connect() : new VirtualCardTransport(card);
        }

        void closePayments() throws java.io.IOException {
            if (payments != null) {
                try {
                    payments.get(30, java.util.concurrent.TimeUnit.SECONDS); // let the start-up finish first
                } catch (Exception e) {
                    // the payment step reported it (or never ran); only the resources below matter here
                    payments.cancel(true);
                }
            }
            synchronized (this) {
                closeStarted();
            }
        }

        private void closeStarted() throws java.io.IOException {
            if (ybJournal != null) {
                ybJournal.close();
            }
            if (yb != null) {
                yb.close();
            }
            if (journal != null) {
                journal.close();
            }
            if (wechat != null) {
                wechat.close();
            }
            if (journalDir != null) {
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(journalDir)) {
                    for (java.nio.file.Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        java.nio.file.Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
