package io.yikatong.samples.cli;

import io.yikatong.card.ApduExchange;
import io.yikatong.card.CardSession;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.virtual.VirtualHealthCards;
import io.yikatong.core.Money;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.codec.SimpleTlv;
import io.yikatong.core.crypto.InsecureKeyAccess;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2CiphertextFormat;
import io.yikatong.core.crypto.Sm2Decrypter;
import io.yikatong.core.crypto.Sm2Encrypter;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Signer;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.core.crypto.Sm3;
import io.yikatong.core.crypto.Sm4Cipher;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4KeyDiversification;
import io.yikatong.core.crypto.Sm4Mac;
import io.yikatong.core.crypto.Sm4Mode;
import io.yikatong.core.crypto.Sm4Padding;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import io.yikatong.core.domain.ResidentIdNumber;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final String DEMO_MASTER_KEY = "00112233445566778899aabbccddeeff";

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
                .add("issuer-keys", "Issuer creates its SM2 key (PKCS#8/SPKI PEM round trip)", (facts, display) -> {
                    Sm2KeyPair pair = Sm2KeyPair.generate(random);
                    // Export and re-import as an HIS would when the key comes from a file or a key store.
                    String privatePem = pair.privateKey().toPkcs8Pem(InsecureKeyAccess.get());
                    s.issuerPrivate = Sm2PrivateKey.fromPem(privatePem);
                    s.issuerPublic = Sm2PublicKey.fromPem(pair.publicKey().toX509Pem());
                    check(s.issuerPublic.equals(pair.publicKey()), "public key changed in the PEM round trip");
                    facts.put("curve", "sm2p256v1");
                    facts.put("keyFingerprint", Hex.encode(Sm3.digest(s.issuerPublic.toX509Der())).substring(0, 16));
                })
                .add("card-read", "Insert a virtual resident health card; read its public file DDF1/EF05", (f, d) -> {
                    List<ApduExchange> apdus = new ArrayList<>();
                    try (CardSession card = CardSession.builder(VirtualHealthCards.transport(VirtualHealthCards.example()))
                            .listener(apdus::add).build()) {
                        card.send(CommandApdu.of(0x00, 0xA4, 0x00, 0x00, new byte[] {(byte) 0xDD, (byte) 0xF1}),
                                "select DDF1");
                        card.send(CommandApdu.of(0x00, 0xA4, 0x00, 0x00, new byte[] {(byte) 0xEF, 0x05}),
                                "select EF05");
                        for (int tag : new int[] {0x01, 0x02, 0x03, 0x08, 0x39}) {
                            byte[] record = card.send(CommandApdu.withNe(0x00, 0xB2, tag, 0x00, 256), "read EF05");
                            byte[] v = SimpleTlv.decode(record, tag).value().toByteArray();
                            switch (tag) {
                                case 0x01 -> f.put("cardCategory", GbText.decode(v, "EF05 card category"));
                                case 0x02 -> f.put("specVersion", GbText.decode(v, "EF05 spec version"));
                                case 0x03 -> f.put("issuerName", GbText.decode(v, "EF05 issuer name"));
                                case 0x08 -> {
                                    String number = GbText.decode(v, "EF05 card number");
                                    f.put("cardNumber", number.length() > 8
                                            ? number.substring(0, 6) + "*".repeat(number.length() - 10)
                                                    + number.substring(number.length() - 4) : "****");
                                }
                                default -> f.put("cityCode", Bcd.decodeCn(v, "EF05 city code"));
                            }
                        }
                        f.put("transport", "in-process virtual card (pcscd not needed)");
                        f.put("apdus", card.apduCount());
                    }
                    d.add("APDU trace (redacted): " + apdus.get(0) + " …");
                })
                .add("card-record-decode", "Decode a holder-file image (DDF1/EF06 byte layout)", (facts, d) -> {
                    byte[] ef06 = holderRecords();
                    facts.put("bytes", ef06.length);
                    List<SimpleTlv> records = SimpleTlv.decodeList(ef06);
                    for (SimpleTlv r : records) {
                        byte[] v = r.value().toByteArray();
                        switch (r.tag()) {
                            case 0x0B -> s.name = GbText.decode(v, "EF06 name (tag 0B)");
                            case 0x0C -> s.gender = Gender.decode(Integer.toString(v[0] & 0xFF));
                            case 0x0D -> s.nation = Nation.decode(Bcd.decodeN(v, "EF06 nation (tag 0D)"));
                            case 0x0E -> s.birthDate = Bcd.decodeDate(v, "EF06 birth date (tag 0E)");
                            case 0x0F -> s.idNumber = ResidentIdNumber.decode(GbText.decode(v, "EF06 ID (tag 0F)"));
                            default -> throw new IllegalStateException("unexpected tag " + r.tag());
                        }
                    }
                    facts.put("records", records.size());
                    facts.put("holderName", s.name.charAt(0) + "*".repeat(s.name.length() - 1));
                    facts.put("gender", s.gender.chineseLabel());
                    facts.put("nation", s.nation.chineseLabel());
                })
                .add("id-number-check", "Check the resident ID number (GB 11643 MOD 11-2)", (facts, display) -> {
                    facts.put("idNumber", s.idNumber.toString());
                    check(s.idNumber.birthDate().equals(s.birthDate), "ID birth date differs from the card's");
                    check(s.idNumber.gender() == s.gender, "ID gender differs from the card's");
                    facts.put("birthDateMatches", true);
                    facts.put("genderMatches", true);
                })
                .add("secure-messaging-mac", "Diversify the card key and MAC an update APDU (SM4)", (facts, display) -> {
                    Sm4Key master = Sm4Key.of(Hex.parse(DEMO_MASTER_KEY, "master key"));
                    byte[] cardFactor = Hex.parse("3B6A0000FF003901", "card factor"); // 8 bytes from the ATR
                    byte[] cityFactor = Hex.parse("1101303030303030", "city factor");
                    Sm4Key cardKey = Sm4KeyDiversification.diversify(master, cardFactor, cityFactor);
                    // 04DC 01 04 Lc || data, ISO 9797-1 padding method 2, CBC-MAC from a zero IV, first 4 bytes appended
                    byte[] header = Hex.parse("04DC010414", "header");
                    byte[] data = new byte[16];
                    random.nextBytes(data);
                    byte[] macInput = concat(header, data);
                    Sm4Mac mac = Sm4Mac.of(cardKey, Sm4Mac.Padding.ISO9797_1_METHOD_2, 4);
                    byte[] tag = mac.compute(Sm4Mac.zeroIv(), macInput);
                    mac.verify(Sm4Mac.zeroIv(), macInput, tag);
                    facts.put("diversification", "two-level (card factor, city factor)");
                    facts.put("keyCheckValue", Hex.encode(Arrays.copyOf(
                            Sm4Cipher.builder().key(cardKey)
                                    .mode(Sm4Mode.ECB)
                                    .padding(Sm4Padding.NONE).build()
                                    .encrypt(new byte[16]), 3)));
                    facts.put("mac", Hex.encode(tag));
                })
                .add("record-sign", "Sign an outpatient record (SM3 + SM2, raw r||s as the card stores)", (f, d) -> {
                    s.record = outpatientRecord(s);
                    Sm2Signer signer = Sm2Signer.builder(s.issuerPrivate).format(Sm2SignatureFormat.RAW).build();
                    s.signature = signer.sign(s.record);
                    f.put("recordBytes", s.record.length);
                    f.put("signatureBytes", s.signature.length);
                    f.put("userId", "1234567812345678");
                })
                .add("record-verify", "Verify it with the precomputed issuer key; reject a tampered copy", (f, d) -> {
                    Sm2Verifier verifier = Sm2Verifier.builder(s.issuerPublic).format(Sm2SignatureFormat.RAW).build();
                    verifier.verify(s.record, s.signature);
                    f.put("verified", true);
                    byte[] tampered = s.record.clone();
                    tampered[100] ^= 1;
                    try {
                        verifier.verify(tampered, s.signature);
                        throw new IllegalStateException("a tampered record verified");
                    } catch (SignatureVerificationException expected) {
                        f.put("tamperedRejected", expected.errorCode().code());
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
        boolean ok = demo.run(io.out(), io.err(), args.flag("json"), args.flag("verbose"),
                "Yikatong demo: a patient at a self-service kiosk (embedded defaults: no hardware, no network)");
        return ok ? OK : FAILED;
    }

    /** Builds DDF1/EF06 as the card stores it: one Tag-Len-Value record per element, fixed lengths, padded. */
    private static byte[] holderRecords() {
        return SimpleTlv.encode(List.of(
                SimpleTlv.of(0x0B, GbText.encode("王芳", 30)),
                SimpleTlv.of(0x0C, new byte[] {2}),
                SimpleTlv.of(0x0D, Bcd.encodeN("01", 1)),
                SimpleTlv.of(0x0E, Bcd.encodeDate(LocalDate.of(1949, 12, 31))),
                SimpleTlv.of(0x0F, GbText.encode("11010519491231002X", 18))));
    }

    /** A 3013-byte outpatient record body (the size of the card's ED01–ED05 data part). */
    private static byte[] outpatientRecord(State s) {
        byte[] record = new byte[3013];
        byte[] text = ("visit 2026-11-23 dept=outpatient patient=" + s.idNumber.value()).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, record, 0, text.length);
        return record;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** Values carried from step to step. */
    private static final class State {
        Sm2PrivateKey issuerPrivate;
        Sm2PublicKey issuerPublic;
        String name;
        Gender gender;
        Nation nation;
        LocalDate birthDate;
        ResidentIdNumber idNumber;
        byte[] record;
        byte[] signature;
    }
}
