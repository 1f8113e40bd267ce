package io.yikatong.card.social;

import io.yikatong.card.CardException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.StatusWord;
import io.yikatong.card.social.internal.MedicalAccountCodec;
import io.yikatong.card.social.internal.SsseElement;
import io.yikatong.card.social.internal.SsseRecords;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.Money;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.BerTlv;
import io.yikatong.core.codec.Tlv;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Reads the basic data of a social security card (社会保障卡, SSSE application, health-card-spec §3) over a
 * {@link CardSession}, with the commands of §3.2–3.5 and §5:
 * <ol>
 * <li>SELECT SSSE by name ({@code 00A4 0400 0F 7378312E73682EC9E7BBE1B1A3D5CF}; a {@code 61xx} answer is fetched by
 * the session), algorithm identifier from the FCI's {@code 9F0C 03 86 01 <alg>} ({@code 01} when absent);</li>
 * <li>SELECT EF05 ({@code 00A4 0200 02 EF05}) and READ RECORD by identifier for tags 01–07 with the exact Le;</li>
 * <li>INTERNAL AUTHENTICATE ({@code 0088 0000 10 <process factor 8 ‖ source 8> 08}) with random inputs; the answer
 * must equal the authenticator's, or the read stops with {@link CardNotGenuineException};</li>
 * <li>on 3.0 cards (规范版本 starting with {@code '3'}): GET CHALLENGE ({@code 0084 0000 08}) and EXTERNAL
 * AUTHENTICATE with RKSSSE ({@code 0082 00 0A 10 <cryptogram 8 ‖ source 8>}; the key reference is the vendor's
 * {@code 0A} [C-vendor, P1/P2 I], configurable);</li>
 * <li>SELECT EF06 and READ RECORD by identifier for 08, 09, 4E, 0A–0D; a missing 4E ({@code 6A83}) is normal on older
 * cards; 姓名 and 姓名扩展 are joined.</li>
 * </ol>
 * That is 21 APDUs for a 3.0 card (GET RESPONSE included), 19 for a 2.0 card.
 *
 * <p>With an authenticator ({@link Builder#authenticator}), {@link #read(CardSession)} does everything in one call.
 * When the security module is reached asynchronously (an HSM behind a web service: the reader interface's
 * {@code iReadCardBas_HSM_Step1/Step2}), use {@link #begin(CardSession)}, send
 * {@link PendingSocialSecurityRead#request()} to the HSM, and pass its answer to
 * {@link PendingSocialSecurityRead#finish(SocialSecurityAuthResponse)}.
 *
 * <p>{@link #readMedicalAccount(CardSession, String)} reads the basic-medical-insurance personal account (卡内基本医疗保险
 * 个人账户, spec §4.2) from the medical-insurance application DF04 after the cardholder PIN.
 *
 * <p>Instances are immutable and thread-safe (each read runs on the caller's session).
 *
 * @since 0.1
 */
public final class SocialSecurityCardReader {

    /** The SSSE application's DF name: ASCII {@code sx1.sh.} and GBK {@code 社会保障} (spec §3.2). */
    public static final Bytes SSSE_NAME = Bytes.fromHex("7378312E73682EC9E7BBE1B1A3D5CF");

    /** The AID of the medical-insurance application (医疗保险, DF04) under SSSE (spec §4.2). */
    public static final Bytes MEDICAL_INSURANCE_AID = Bytes.fromHex("D15600000503");

    /** The default key reference of RKSSSE in EXTERNAL AUTHENTICATE ({@code 0A}, from the vendor call). */
    public static final int DEFAULT_RKSSSE_KEY_REFERENCE = 0x0A;

    private final SocialSecurityAuthenticator authenticator;
    private final boolean skipInternalAuthentication;
    private final RandomGenerator random;
    private final String terminalNumber;
    private final String deviceNumber;
    private final int rksseKeyReference;
    private final MedicalAccountYearEncoding yearEncoding;

    private SocialSecurityCardReader(Builder b) {
        this.authenticator = b.authenticator;
        this.skipInternalAuthentication = b.skipInternalAuthentication;
        this.random = b.random == null ? new SecureRandom() : b.random;
        this.terminalNumber = b.terminalNumber != null ? b.terminalNumber
                : b.authenticator == null ? "" : b.authenticator.terminalNumber();
        this.deviceNumber = b.deviceNumber != null ? b.deviceNumber
                : b.authenticator == null ? "" : b.authenticator.deviceNumber();
        this.rksseKeyReference = b.rksseKeyReference;
        this.yearEncoding = b.yearEncoding;
    }

    /**
     * Starts building a reader.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a reader that authenticates with the given authenticator.
     *
     * @param authenticator the PSAM, HSM or software module
     * @return the reader
     */
    public static SocialSecurityCardReader of(SocialSecurityAuthenticator authenticator) {
        return builder().authenticator(authenticator).build();
    }

    /**
     * Reads the card in one call.
     *
     * @param session the session on the card (not closed here)
     * @return what was read
     * @throws SocialSecurityAuthenticatorException if no authenticator is configured and the card needs one (a 3.0
     *     card, or any card unless internal authentication is skipped), or the authenticator cannot serve the card
     * @throws CardNotGenuineException if the card's internal-authentication answer is wrong
     * @throws io.yikatong.card.AuthenticationFailedException if the card refuses the RKSSSE cryptogram ({@code 63Cx},
     *     retries left) or the key is blocked ({@code 6983})
     * @throws CardRefusedException if the card refuses another command (for example {@code 6A82}: no SSSE)
     * @throws MalformedCardResponseException if a record does not follow §3.3/§3.4
     * @throws io.yikatong.card.CardLinkException if the link fails
     * @throws CardException for other failures of the authenticator
     */
    public SocialSecurityCard read(CardSession session) throws CardException {
        Objects.requireNonNull(session, "session");
        if (authenticator != null) {
            PendingSocialSecurityRead pending = start(session, true, false);
            return pending.finish(authenticator.authenticate(pending.request()));
        }
        if (!skipInternalAuthentication) {
            throw new SocialSecurityAuthenticatorException(SocialSecurityAuthenticatorException.Reason.NO_AUTHENTICATOR,
                    "no authenticator configured: cannot verify the card is genuine");
        }
        return start(session, false, false).finishWithoutAuthentication();
    }

    /**
     * Reads what the card gives without any authentication, for a terminal without security module (PSAM, HSM): the
     * card data (EF05) of every card, and the holder data (EF06) of 1.0/2.0 cards; a 3.0 card keeps EF06 behind the
     * RKSSSE external authentication, so its holder is absent. No INTERNAL AUTHENTICATE is checked: the result is
     * <b>not verified genuine</b> ({@link UnverifiedSocialSecurityCard#genuinenessVerified()} is {@code false}) — a
     * cloned or forged card reads the same. Use it to show or pre-fill data, never to identify a patient for payment
     * or insurance settlement. Works whatever the builder's authenticator.
     *
     * @param session the session on the card (not closed here)
     * @return the unverified data
     * @throws CardRefusedException if the card refuses a command (for example {@code 6A82}: no SSSE)
     * @throws MalformedCardResponseException if a record does not follow §3.3/§3.4
     * @throws io.yikatong.card.CardLinkException if the link fails
     * @throws CardException for other card failures
     */
    public UnverifiedSocialSecurityCard readUnverified(CardSession session) throws CardException {
        Objects.requireNonNull(session, "session");
        PendingSocialSecurityRead pending = start(session, false, true);
        if (pending.card().isThirdGeneration()) {
            return new UnverifiedSocialSecurityCard(pending.card(), null, "3.0 card: the holder data (EF06) needs"
                    + " RKSSSE external authentication by a security module; only the card data (EF05) was read");
        }
        return new UnverifiedSocialSecurityCard(pending.card(), pending.finishWithoutAuthentication(), null);
    }

    /**
     * Step 1 of the two-call flow ({@code iReadCardBas_HSM_Step1}): selects SSSE, reads EF05, sends INTERNAL
     * AUTHENTICATE with random inputs and, on 3.0 cards, takes the card's challenge. The returned read holds the
     * request for the security module; the session must stay open until
     * {@link PendingSocialSecurityRead#finish(SocialSecurityAuthResponse)}.
     *
     * @param session the session on the card (not closed here)
     * @return the pending read
     * @throws CardRefusedException if the card refuses a command
     * @throws MalformedCardResponseException if EF05 or the FCI is malformed
     * @throws io.yikatong.card.CardLinkException if the link fails
     * @throws CardException for other card failures
     */
    public PendingSocialSecurityRead begin(CardSession session) throws CardException {
        return start(session, true, false);
    }

    private PendingSocialSecurityRead start(CardSession session, boolean authenticate, boolean cardDataOnly)
            throws CardException {
        Objects.requireNonNull(session, "session");
        byte[] fci = session.selectByName(SSSE_NAME, 256, "select SSSE");
        int algorithm = algorithmId(fci);
        Bytes atr = session.transport().atr();
        Bytes historical = SsseRecords.historicalBytes(atr);
        Map<Integer, Bytes> ef05 = new LinkedHashMap<>();
        selectEf(session, 0xEF05);
        for (SsseElement e : SsseElement.EF05) {
            ef05.put(e.tag(), readRecord(session, e, SsseRecords.EF05));
        }
        SocialSecurityCard.CardInfo card = SsseRecords.cardInfo(ef05);
        boolean third = card.isThirdGeneration();
        if (!authenticate) {
            if (third && !cardDataOnly) {
                throw new SocialSecurityAuthenticatorException(
                        SocialSecurityAuthenticatorException.Reason.NO_AUTHENTICATOR,
                        "3.0 card: reading the holder file needs RKSSSE external authentication, no authenticator");
            }
            return new PendingSocialSecurityRead(this, session, card, ef05, atr, historical, algorithm, null, null);
        }
        Bytes processFactor = randomBytes(8);
        Bytes source = randomBytes(8);
        byte[] data = new byte[16];
        System.arraycopy(processFactor.toByteArray(), 0, data, 0, 8);
        System.arraycopy(source.toByteArray(), 0, data, 8, 8);
        byte[] answer = session.send(CommandApdu.of(0x00, 0x88, 0x00, 0x00, data, 8), "internal authenticate");
        if (answer.length != 8) {
            throw new MalformedCardResponseException("INTERNAL AUTHENTICATE response", -1, -1,
                    "expected 8 bytes, card returned " + answer.length, null);
        }
        Bytes challenge = Bytes.empty();
        Bytes externalSource = Bytes.empty();
        if (third) {
            challenge = Bytes.copyOf(session.getChallenge(8));
            externalSource = randomBytes(8);
        }
        SocialSecurityAuthRequest request = new SocialSecurityAuthRequest(card.regionCode(), historical, algorithm,
                Bytes.fromHex(card.identificationCode()), processFactor, source, challenge, externalSource,
                terminalNumber);
        return new PendingSocialSecurityRead(this, session, card, ef05, atr, historical, algorithm, request,
                Bytes.copyOf(answer));
    }

    /**
     * Reads the basic-medical-insurance personal account (卡内基本医疗保险个人账户, spec §4.2) with 7 APDUs: SELECT SSSE
     * by name (and GET RESPONSE), VERIFY the cardholder PIN ({@code 0020 0000 <Lc> <PIN BCD>}, padded with {@code F}
     * when the digit count is odd), SELECT DF04 by AID ({@code 00A4 0400 06 D15600000503}), and GET BALANCE
     * {@code B0 26 00 01 04}, {@code B0 26 00 02 06}, {@code B0 26 00 03 06}. No authenticator is needed. The PIN is
     * sent as a sensitive command (redacted from traces) and appears in no message.
     *
     * @param session the session on the card (not closed here)
     * @param pin the cardholder PIN, 4 to 12 digits (cards are issued with {@code 123456})
     * @return the balance and the year-to-date totals
     * @throws InvalidInputException if the PIN is not 4 to 12 digits (the message does not repeat it)
     * @throws io.yikatong.card.AuthenticationFailedException if the PIN is wrong ({@code 63Cx},
     *     {@link io.yikatong.card.AuthenticationFailedException#retriesLeft()} tells the retries left) or blocked
     *     ({@code 6983}); {@link SocialSecurityErrorCodes#of} maps them to −51 and −52
     * @throws CardRefusedException if the card refuses another command (for example {@code 6A82}: no SSSE or no
     *     medical-insurance application; {@code 6982}: balance read without PIN)
     * @throws MalformedCardResponseException if an answer is not 4 or 6 bytes, a year is not a year in the
     *     configured {@link MedicalAccountYearEncoding}, or the two totals name different years (file
     *     {@code "DF04 GET BALANCE"}, record = P2)
     * @throws io.yikatong.card.CardLinkException if the link fails
     * @throws CardException for other card failures
     */
    public MedicalAccount readMedicalAccount(CardSession session, String pin) throws CardException {
        Objects.requireNonNull(session, "session");
        byte[] pinBlock = pinBlock(pin);
        session.selectByName(SSSE_NAME, 256, "select SSSE");
        try {
            session.send(CommandApdu.of(0x00, 0x20, 0x00, 0x00, pinBlock), "verify cardholder PIN");
        } finally {
            java.util.Arrays.fill(pinBlock, (byte) 0);
        }
        session.selectByName(MEDICAL_INSURANCE_AID, "select DF04 (medical insurance)");
        long balance = MedicalAccountCodec.balance(getBalance(session, 0x01, 4));
        MedicalAccountCodec.YearToDate selfPay = MedicalAccountCodec.yearToDate(getBalance(session, 0x02, 6), 0x02,
                yearEncoding);
        MedicalAccountCodec.YearToDate pooled = MedicalAccountCodec.yearToDate(getBalance(session, 0x03, 6), 0x03,
                yearEncoding);
        if (selfPay.year() != pooled.year()) {
            throw new MalformedCardResponseException(MedicalAccountCodec.FILE, 0x03, 4,
                    "the pooled-fund total's year differs from the self-pay total's year", null);
        }
        return new MedicalAccount(Money.ofFen(balance), Money.ofFen(selfPay.fen()), Money.ofFen(pooled.fen()),
                selfPay.year());
    }

    private static byte[] getBalance(CardSession session, int p2, int le) throws CardException {
        return session.send(CommandApdu.withNe(0xB0, 0x26, 0x00, p2, le), String.format("get balance %02X", p2));
    }

    /** The PIN as CN (BCD digits, {@code F}-padded); checked without echoing it. */
    private static byte[] pinBlock(String pin) {
        if (pin == null) {
            throw new InvalidInputException("pin", "is required");
        }
        int n = pin.length();
        if (n < 4 || n > 12) {
            throw new InvalidInputException("pin", "must be 4 to 12 digits");
        }
        for (int i = 0; i < n; i++) {
            char c = pin.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidInputException("pin", "must be 4 to 12 digits");
            }
        }
        return Bcd.encodeCn(pin, (n + 1) / 2);
    }

    /** Reads EF06 (after any external authentication) and assembles the result. */
    SocialSecurityCard finishRead(CardSession session, SocialSecurityCard.CardInfo card, Map<Integer, Bytes> ef05,
            Bytes atr, Bytes historical, int algorithm, boolean verified) throws CardException {
        selectEf(session, 0xEF06);
        Map<Integer, Bytes> ef06 = new LinkedHashMap<>();
        for (SsseElement e : SsseElement.EF06) {
            if (e == SsseElement.NAME_EXTENSION) {
                try {
                    ef06.put(e.tag(), readRecord(session, e, SsseRecords.EF06));
                } catch (CardRefusedException ex) {
                    if (!ex.statusWord().equals(StatusWord.RECORD_NOT_FOUND)) {
                        throw ex;
                    }
                    // older cards have no 姓名扩展 record (spec §3.4)
                }
            } else {
                ef06.put(e.tag(), readRecord(session, e, SsseRecords.EF06));
            }
        }
        SocialSecurityCard.Holder holder = SsseRecords.holder(ef06);
        return new SocialSecurityCard(card, holder, ef05, ef06, atr, historical, algorithm, verified, terminalNumber,
                deviceNumber);
    }

    void externalAuthenticate(CardSession session, Bytes cryptogram, Bytes source) throws CardException {
        byte[] data = new byte[16];
        System.arraycopy(cryptogram.toByteArray(), 0, data, 0, 8);
        System.arraycopy(source.toByteArray(), 0, data, 8, 8);
        session.send(CommandApdu.of(0x00, 0x82, 0x00, rksseKeyReference, data).asSensitive(),
                "external authenticate RKSSSE");
    }

    private static void selectEf(CardSession session, int fid) throws CardException {
        session.selectEf(fid, String.format("select %04X", fid));
    }

    private static Bytes readRecord(CardSession session, SsseElement e, String file) throws CardException {
        return Bytes.copyOf(session.readRecordByIdentifier(e.tag(), e.le(),
                String.format("read %s record %02X", file, e.tag())));
    }

    private Bytes randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return Bytes.copyOf(b);
    }

    /** The FCI's 算法标识: {@code 9F0C} holding {@code 86 01 <alg>}; {@code 01} when absent (spec §3.2). */
    static int algorithmId(byte[] fci) throws MalformedCardResponseException {
        if (fci.length == 0) {
            return 0x01;
        }
        try {
            Tlv prop = find(BerTlv.decode(fci), 0x9F0C);
            if (prop == null) {
                return 0x01;
            }
            Tlv alg = find(BerTlv.decode(prop.value().toByteArray()), 0x86);
            if (alg == null) {
                return 0x01;
            }
            if (alg.value().length() != 1) {
                throw new MalformedCardResponseException("SSSE FCI", -1, -1, "algorithm identifier (86) is not 1 byte",
                        null);
            }
            return alg.value().get(0) & 0xFF;
        } catch (MalformedDataException e) {
            throw new MalformedCardResponseException("SSSE FCI", -1, e.offset(), e.getMessage(), e);
        }
    }

    private static Tlv find(List<Tlv> objects, int tag) {
        for (Tlv t : objects) {
            if (t.tag() == tag) {
                return t;
            }
            if (t.isConstructed()) {
                Tlv found = find(t.children(), tag);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Builds a {@link SocialSecurityCardReader}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private SocialSecurityAuthenticator authenticator;
        private boolean skipInternalAuthentication;
        private RandomGenerator random;
        private String terminalNumber;
        private String deviceNumber;
        private int rksseKeyReference = DEFAULT_RKSSSE_KEY_REFERENCE;
        private MedicalAccountYearEncoding yearEncoding = MedicalAccountYearEncoding.BCD;

        private Builder() {
        }

        /**
         * Sets the authenticator (PSAM, HSM or software module) used by {@link #read(CardSession)}.
         *
         * @param authenticator the authenticator
         * @return this builder
         */
        public Builder authenticator(SocialSecurityAuthenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /**
         * Lets a reader without authenticator read 1.0/2.0 cards without checking that they are genuine
         * ({@link SocialSecurityCard#genuinenessVerified()} is then {@code false}). 3.0 cards still need an
         * authenticator.
         *
         * @return this builder
         */
        public Builder skipInternalAuthentication() {
            this.skipInternalAuthentication = true;
            return this;
        }

        /**
         * Sets the generator of the authentication inputs (default: a new {@link SecureRandom}); seed one only in
         * tests.
         *
         * @param random the generator
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Sets the terminal number and device number reported in {@link SocialSecurityCard#iReadCardBas()} and the
         * HSM request, overriding the authenticator's.
         *
         * @param terminalNumber 终端机编号, may be empty
         * @param deviceNumber 终端设备号, may be empty
         * @return this builder
         * @throws InvalidInputException if a value contains {@code |}
         */
        public Builder terminal(String terminalNumber, String deviceNumber) {
            this.terminalNumber = InsecureSoftwareSocialSecurityModule.noPipe(terminalNumber, "terminalNumber");
            this.deviceNumber = InsecureSoftwareSocialSecurityModule.noPipe(deviceNumber, "deviceNumber");
            return this;
        }

        /**
         * Sets the key reference (P2) of the RKSSSE EXTERNAL AUTHENTICATE; default {@code 0A} [C-vendor].
         *
         * @param reference 0..255
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder rksseKeyReference(int reference) {
            if (reference < 0 || reference > 0xFF) {
                throw new InvalidInputException("rksseKeyReference", "must be 0..255, was " + reference);
            }
            this.rksseKeyReference = reference;
            return this;
        }

        /**
         * Sets how {@link SocialSecurityCardReader#readMedicalAccount} decodes the year of the year-to-date totals; default
         * {@link MedicalAccountYearEncoding#BCD} [I] (the spec gives only its length).
         *
         * @param encoding the encoding
         * @return this builder
         */
        public Builder medicalAccountYearEncoding(MedicalAccountYearEncoding encoding) {
            this.yearEncoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /**
         * Builds the reader.
         *
         * @return the reader
         */
        public SocialSecurityCardReader build() {
            return new SocialSecurityCardReader(this);
        }
    }
}
