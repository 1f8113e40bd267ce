package io.yikatong.card.health;

import io.yikatong.card.AuthenticationFailedException;
import io.yikatong.card.CardException;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.StatusWord;
import io.yikatong.card.health.internal.HealthCardCodec;
import io.yikatong.card.health.security.CardFactors;
import io.yikatong.card.health.security.HealthCardKey;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes a resident health card (居民健康卡) through a {@link CardSession}: the typed API over the card's
 * files (health-card-spec §1.2–1.6) and its security flows (§1.8). It selects files by identifier as the vendor
 * flows do, remembers which DF and EF are selected and which keys are authenticated so that no command is sent twice,
 * gets read and update rights from the {@link HealthCardSecurityModule} and protects record writes with secure
 * messaging.
 *
 * <pre>{@code
 * try (HealthCardService card = HealthCardService.open(transport, securityModule)) {
 *     HealthCard hc = card.read();
 *     System.out.println(hc.holder().name());
 * }
 * }</pre>
 *
 * <p>Without a security module only {@link #readIssuer()} (DDF1/EF05, public) works; every other read or write throws
 * {@link InvalidInputException} naming {@code securityModule}.
 *
 * <p>DF03 visit records are written crash-safe: the record is signed first (nothing is written if signing fails),
 * then the slot's index flag is cleared if it was set, then the data, then signature and certificate, and the index
 * flag is set last — a card pulled at any point leaves the slot empty (flag {@code FF}), never half-valid.
 *
 * <p>Not thread-safe; confine to one thread (like the card session it owns).
 *
 * @since 0.1
 */
public final class HealthCardService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthCardService.class);
    private static final int DDF1 = 0xDDF1;
    private static final int MF = 0x3F00;

    private final CardSession session;
    private final HealthCardSecurityModule securityModule;
    private final CardFactors.AtrFactorRule atrRule;
    private final RecordSignatureProfile signatureProfile;
    private final Df03ItemMap itemMap;

    private int currentDf = -1;
    private int currentEf = -1;
    private final Set<HealthCardKey> authenticated = EnumSet.noneOf(HealthCardKey.class);
    private CardFactors factors;
    private String cardNumber;

    private HealthCardService(Builder b) {
        this.session = b.session;
        this.securityModule = b.securityModule;
        this.atrRule = b.atrRule;
        this.signatureProfile = b.signatureProfile;
        this.itemMap = b.itemMap;
    }

    /**
     * Starts building a service on an open session.
     *
     * @param session the card session; the service owns it from now on and closes it
     * @return a builder
     */
    public static Builder builder(CardSession session) {
        return new Builder(Objects.requireNonNull(session, "session"));
    }

    /**
     * Opens a service on a transport with a security module, using the defaults (ATR bytes 5..12 as the card factor,
     * the default record-signature profile).
     *
     * @param transport the card's transport; closed with the service
     * @param securityModule the SAM, or {@code null} to read the public file only
     * @return the service
     */
    public static HealthCardService open(io.yikatong.card.CardTransport transport,
            HealthCardSecurityModule securityModule) {
        Builder b = builder(CardSession.open(transport));
        if (securityModule != null) {
            b.securityModule(securityModule);
        }
        return b.build();
    }

    /** @return the session, for its APDU count and transport */
    public CardSession session() {
        return session;
    }

    // ------------------------------------------------------------------------------------------------ reads

    /**
     * Reads DDF1/EF05, the issuer data; needs no security module.
     *
     * @return the issuer data
     * @throws CardException if the link fails, the card refuses or answers garbage
     */
    public IssuerInfo readIssuer() throws CardException {
        IssuerInfo issuer = HealthCardCodec.decodeIssuerInfo(readTlvFile(HealthCardFile.DDF1_EF05));
        cardNumber = issuer.cardNumber();
        if (factors == null) {
            factors = CardFactors.fromCard(session.transport().atr(), atrRule, issuer.cityCode());
        }
        return issuer;
    }

    /**
     * Reads the holder data (DDF1/EF06) after RK_DDF1.
     *
     * @return the holder data
     * @throws CardException if the link fails, the card or the module refuses, or the card answers garbage
     */
    public HolderInfo readHolder() throws CardException {
        return HealthCardCodec.decodeHolderInfo(readTlvFile(HealthCardFile.DDF1_EF06));
    }

    /**
     * Reads the photo (DDF1/EF07): its 2-byte length first, then exactly the image bytes.
     *
     * @return the photo
     * @throws CardException if the link fails, the card or the module refuses, or the length is abnormal
     */
    public Photo readPhoto() throws CardException {
        select(HealthCardFile.DDF1_EF07);
        int chunk = Math.min(session.readChunk(), HealthCardFile.DDF1_EF07.size());
        byte[] head = session.readBinary(0, chunk, HealthCardFile.DDF1_EF07.label());
        int total = Photo.totalLength(Bytes.copyOf(head, 0, 2));
        byte[] all = new byte[total];
        System.arraycopy(head, 0, all, 0, Math.min(total, head.length));
        if (total > head.length) {
            byte[] rest = session.readBinary(head.length, total - head.length, HealthCardFile.DDF1_EF07.label());
            System.arraycopy(rest, 0, all, head.length, rest.length);
        }
        return HealthCardCodec.decodePhoto(Bytes.copyOf(all));
    }

    /**
     * Reads validity, phones and payment methods (DDF1/EF08) after RK_DDF1.
     *
     * @return the data
     * @throws CardException if the link fails, the card or the module refuses, or the card answers garbage
     */
    public ContactInfo readContact() throws CardException {
        return HealthCardCodec.decodeContactInfo(readTlvFile(HealthCardFile.DDF1_EF08));
    }

    /**
     * Reads DF01/EF05, the addresses.
     *
     * @return the addresses
     * @throws CardException on link, refusal or format errors
     */
    public AddressInfo readAddresses() throws CardException {
        return HealthCardCodec.decodeAddressInfo(readTlvFile(HealthCardFile.DF01_EF05));
    }

    /**
     * Reads DF01/EF06, the emergency contacts.
     *
     * @return the contacts
     * @throws CardException on link, refusal or format errors
     */
    public ContactPersons readContactPersons() throws CardException {
        return HealthCardCodec.decodeContactPersons(readTlvFile(HealthCardFile.DF01_EF06));
    }

    /**
     * Reads DF01/EF07, education, marriage and occupation.
     *
     * @return the data
     * @throws CardException on link, refusal or format errors
     */
    public PersonalStatus readPersonalStatus() throws CardException {
        return HealthCardCodec.decodePersonalStatus(readTlvFile(HealthCardFile.DF01_EF07));
    }

    /**
     * Reads DF01/EF08, the document records.
     *
     * @return the data
     * @throws CardException on link, refusal or format errors
     */
    public DocumentInfo readDocuments() throws CardException {
        return HealthCardCodec.decodeDocumentInfo(readTlvFile(HealthCardFile.DF01_EF08));
    }

    /**
     * Reads DF02/EF05, the clinical basic data.
     *
     * @return the data
     * @throws CardException on link, refusal or format errors
     */
    public ClinicalData readClinicalData() throws CardException {
        return HealthCardCodec.decodeClinicalData(readTlvFile(HealthCardFile.DF02_EF05));
    }

    /**
     * Reads DF02/EF06, the special information.
     *
     * @return the data
     * @throws CardException on link, refusal or format errors
     */
    public SpecialInfo readSpecialInfo() throws CardException {
        return HealthCardCodec.decodeSpecialInfo(readTlvFile(HealthCardFile.DF02_EF06));
    }

    /**
     * Reads the allergy records (DF02/EF07, cyclic), newest first.
     *
     * @return the records, empty slots skipped
     * @throws CardException on link, refusal or format errors
     */
    public List<AllergyRecord> readAllergies() throws CardException {
        return HealthCardCodec.decodeAllergies(readCyclicFile(HealthCardFile.DF02_EF07));
    }

    /**
     * Reads the immunisation records (DF02/EF08, cyclic), newest first.
     *
     * @return the records, empty slots skipped
     * @throws CardException on link, refusal or format errors
     */
    public List<ImmunisationRecord> readImmunisations() throws CardException {
        return HealthCardCodec.decodeImmunisations(readCyclicFile(HealthCardFile.DF02_EF08));
    }

    /**
     * Reads the inpatient index (DF03/EF05).
     *
     * @return which of the 3 slots hold a valid record
     * @throws CardException on link, refusal or format errors
     */
    public VisitIndex readInpatientIndex() throws CardException {
        return readVisitIndex(VisitKind.INPATIENT);
    }

    /**
     * Reads the outpatient index (DF03/EF06).
     *
     * @return which of the 5 slots hold a valid record
     * @throws CardException on link, refusal or format errors
     */
    public VisitIndex readOutpatientIndex() throws CardException {
        return readVisitIndex(VisitKind.OUTPATIENT);
    }

    /**
     * Reads the index of one kind of visit record: DF03/EF06 (outpatient) or DF03/EF05 (inpatient).
     *
     * @param kind outpatient or inpatient
     * @return which slots hold a valid record
     * @throws CardException on link, refusal or format errors
     */
    public VisitIndex readVisitIndex(VisitKind kind) throws CardException {
        HealthCardFile index = Objects.requireNonNull(kind, "kind").indexFile();
        return HealthCardCodec.decodeVisitIndex(index, readFixedRecords(index));
    }

    /**
     * Reads an inpatient record file EE01–EE03 as it is, whatever its index flag says.
     *
     * @param slot 1..3
     * @return the record, of kind {@link VisitKind#INPATIENT}
     * @throws CardException on link, refusal or format errors
     */
    public VisitRecord readInpatientRecord(int slot) throws CardException {
        return readVisitRecord(VisitKind.INPATIENT, slot);
    }

    /**
     * Reads an outpatient record file ED01–ED05 as it is, whatever its index flag says.
     *
     * @param slot 1..5
     * @return the record, of kind {@link VisitKind#OUTPATIENT}
     * @throws CardException on link, refusal or format errors
     */
    public VisitRecord readOutpatientRecord(int slot) throws CardException {
        return readVisitRecord(VisitKind.OUTPATIENT, slot);
    }

    /**
     * Reads a visit record file as it is, whatever its index flag says.
     *
     * @param kind outpatient (ED01–ED05) or inpatient (EE01–EE03)
     * @param slot 1..{@link VisitKind#slotCount()}
     * @return the record
     * @throws InvalidInputException naming {@code slot} if it is out of range
     * @throws CardException on link, refusal or format errors
     */
    public VisitRecord readVisitRecord(VisitKind kind, int slot) throws CardException {
        HealthCardFile f = Objects.requireNonNull(kind, "kind").recordFile(slot);
        select(f);
        return HealthCardCodec.decodeVisitRecord(f, Bytes.copyOf(session.readBinary(0, f.size(), f.label())));
    }

    /**
     * Reads the application's main files: issuer, holder, photo and contact (DDF1/EF05–EF08).
     *
     * @return the card's data
     * @throws CardException on link, refusal or format errors
     * @throws InvalidInputException if the service has no security module
     */
    public HealthCard read() throws CardException {
        requireSecurityModule();
        IssuerInfo issuer = readIssuer();
        return new HealthCard(session.transport().atr(), issuer, readHolder(), readPhoto(), readContact(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Reads every file: DDF1, DF01, DF02 and DF03 (the records of the slots whose index flag is valid).
     *
     * @return the card's data
     * @throws CardException on link, refusal or format errors
     * @throws InvalidInputException if the service has no security module
     */
    public HealthCard readAll() throws CardException {
        HealthCard main = read();
        Demographics demographics = new Demographics(readAddresses(), readContactPersons(), readPersonalStatus(),
                readDocuments());
        ClinicalInfo clinical = new ClinicalInfo(readClinicalData(), readSpecialInfo(), readAllergies(),
                readImmunisations());
        VisitIndex in = readInpatientIndex();
        VisitIndex out = readOutpatientIndex();
        Map<Integer, VisitRecord> inpatient = new LinkedHashMap<>();
        for (int s = 1; s <= in.slotCount(); s++) {
            if (in.isValid(s)) {
                inpatient.put(s, readInpatientRecord(s));
            }
        }
        Map<Integer, VisitRecord> outpatient = new LinkedHashMap<>();
        for (int s = 1; s <= out.slotCount(); s++) {
            if (out.isValid(s)) {
                outpatient.put(s, readOutpatientRecord(s));
            }
        }
        return new HealthCard(main.atr(), main.issuer(), main.holder(), main.photo(), main.contact(),
                Optional.of(demographics), Optional.of(clinical),
                Optional.of(new VisitRecords(in, inpatient, out, outpatient)));
    }

    // ------------------------------------------------------------------------------------------------ writes

    /**
     * Writes DDF1/EF08 (validity, phones, payment methods) with secure messaging after UK_DDF1.
     *
     * @param contact the new contents
     * @throws CardException on link or refusal errors; records written before a failure stay written
     */
    public void writeContact(ContactInfo contact) throws CardException {
        writeTlvFile(HealthCardFile.DDF1_EF08, HealthCardKey.UK_DDF1, HealthCardCodec.encodeContactInfo(contact));
    }

    /**
     * Writes DF01/EF05, the addresses.
     *
     * @param addresses the new contents
     * @throws CardException on link or refusal errors
     */
    public void writeAddresses(AddressInfo addresses) throws CardException {
        writeTlvFile(HealthCardFile.DF01_EF05, HealthCardKey.UK_DF01, HealthCardCodec.encodeAddressInfo(addresses));
    }

    /**
     * Writes DF01/EF06, the emergency contacts.
     *
     * @param contacts the new contents
     * @throws CardException on link or refusal errors
     */
    public void writeContactPersons(ContactPersons contacts) throws CardException {
        writeTlvFile(HealthCardFile.DF01_EF06, HealthCardKey.UK_DF01, HealthCardCodec.encodeContactPersons(contacts));
    }

    /**
     * Writes DF01/EF07, education, marriage and occupation.
     *
     * @param status the new contents
     * @throws CardException on link or refusal errors
     */
    public void writePersonalStatus(PersonalStatus status) throws CardException {
        writeTlvFile(HealthCardFile.DF01_EF07, HealthCardKey.UK_DF01, HealthCardCodec.encodePersonalStatus(status));
    }

    /**
     * Writes DF01/EF08, the document records.
     *
     * @param documents the new contents
     * @throws CardException on link or refusal errors
     */
    public void writeDocuments(DocumentInfo documents) throws CardException {
        writeTlvFile(HealthCardFile.DF01_EF08, HealthCardKey.UK_DF01, HealthCardCodec.encodeDocumentInfo(documents));
    }

    /**
     * Writes DF02/EF05, the clinical basic data, after UK_DF02_1.
     *
     * @param data the new contents
     * @throws CardException on link or refusal errors
     */
    public void writeClinicalData(ClinicalData data) throws CardException {
        writeTlvFile(HealthCardFile.DF02_EF05, HealthCardKey.UK_DF02_1, HealthCardCodec.encodeClinicalData(data));
    }

    /**
     * Writes DF02/EF06, the special information, after UK_DF02_2.
     *
     * @param info the new contents
     * @throws CardException on link or refusal errors
     */
    public void writeSpecialInfo(SpecialInfo info) throws CardException {
        writeTlvFile(HealthCardFile.DF02_EF06, HealthCardKey.UK_DF02_2, HealthCardCodec.encodeSpecialInfo(info));
    }

    /**
     * Appends an allergy record (DF02/EF07): it becomes record 1, the oldest of 3 is dropped.
     *
     * @param allergy the record
     * @throws CardException on link or refusal errors
     */
    public void appendAllergy(AllergyRecord allergy) throws CardException {
        appendCyclic(HealthCardFile.DF02_EF07, HealthCardCodec.encodeAllergyRecord(allergy));
    }

    /**
     * Appends an immunisation record (DF02/EF08): it becomes record 1, the oldest of 10 is dropped.
     *
     * @param immunisation the record
     * @throws CardException on link or refusal errors
     */
    public void appendImmunisation(ImmunisationRecord immunisation) throws CardException {
        appendCyclic(HealthCardFile.DF02_EF08, HealthCardCodec.encodeImmunisationRecord(immunisation));
    }

    /**
     * Returns the slot the next outpatient record goes to (the vendor's {@code iReader_GetLastEDIndex} rule): the
     * first empty slot; if all 5 hold records, the one with the earliest visit time (unreadable times count as
     * earliest).
     *
     * @return 1..5
     * @throws CardException on link, refusal or format errors
     */
    public int nextOutpatientSlot() throws CardException {
        return nextVisitSlot(VisitKind.OUTPATIENT);
    }

    /**
     * Returns the slot the next inpatient record goes to ({@code iReader_GetLastEEIndex}): the first empty slot; if
     * all 3 hold records, the earliest admission date, ties broken by the earliest discharge date.
     *
     * @return 1..3
     * @throws CardException on link, refusal or format errors
     */
    public int nextInpatientSlot() throws CardException {
        return nextVisitSlot(VisitKind.INPATIENT);
    }

    /**
     * Returns the slot the next record of a kind goes to: the first empty slot; if all hold records, the outpatient
     * record with the earliest visit time, or the inpatient record with the earliest admission date (ties: the
     * earliest discharge date); unreadable dates count as earliest. The dates are read with the builder's
     * {@link Df03ItemMap}.
     *
     * @param kind outpatient or inpatient
     * @return 1..{@link VisitKind#slotCount()}
     * @throws CardException on link, refusal or format errors
     */
    public int nextVisitSlot(VisitKind kind) throws CardException {
        VisitIndex index = readVisitIndex(kind);
        if (index.firstFreeSlot().isPresent()) {
            return index.firstFreeSlot().getAsInt();
        }
        return kind == VisitKind.OUTPATIENT ? earliestVisit(index) : earliestStay(index);
    }

    private int earliestVisit(VisitIndex index) throws CardException {
        int best = 1;
        LocalDateTime bestTime = null;
        for (int s = 1; s <= index.slotCount(); s++) {
            Optional<LocalDateTime> t = readOutpatientRecord(s).visitTime(itemMap);
            LocalDateTime time = t.orElse(LocalDateTime.MIN);
            if (bestTime == null || time.isBefore(bestTime)) {
                best = s;
                bestTime = time;
            }
        }
        return best;
    }

    private int earliestStay(VisitIndex index) throws CardException {
        int best = 1;
        LocalDate bestAdmission = null;
        LocalDate bestDischarge = null;
        for (int s = 1; s <= index.slotCount(); s++) {
            VisitRecord r = readInpatientRecord(s);
            LocalDate a = r.admissionDate(itemMap).orElse(LocalDate.MIN);
            LocalDate d = r.dischargeDate(itemMap).orElse(LocalDate.MIN);
            if (bestAdmission == null || a.isBefore(bestAdmission)
                    || (a.equals(bestAdmission) && d.isBefore(bestDischarge))) {
                best = s;
                bestAdmission = a;
                bestDischarge = d;
            }
        }
        return best;
    }

    /**
     * Writes an outpatient record into the slot {@link #nextOutpatientSlot()} chooses, signed by the security module,
     * crash-safe (see the class description).
     *
     * @param record an outpatient record: its data part is written, its signature and certificate are replaced
     * @return the slot written, 1..5
     * @throws InvalidInputException naming {@code record} if it is an inpatient record
     * @throws CardException on link or refusal errors; the slot is then empty, never half-valid
     */
    public int writeOutpatientRecord(VisitRecord record) throws CardException {
        return writeVisitRecord(requireKind(record, VisitKind.OUTPATIENT));
    }

    /**
     * Writes an inpatient record into the slot {@link #nextInpatientSlot()} chooses, signed, crash-safe.
     *
     * @param record an inpatient record: its data part is written, its signature and certificate are replaced
     * @return the slot written, 1..3
     * @throws InvalidInputException naming {@code record} if it is an outpatient record
     * @throws CardException on link or refusal errors; the slot is then empty, never half-valid
     */
    public int writeInpatientRecord(VisitRecord record) throws CardException {
        return writeVisitRecord(requireKind(record, VisitKind.INPATIENT));
    }

    /**
     * Writes a visit record of either kind into the slot {@link #nextVisitSlot(VisitKind)} chooses for its kind,
     * signed by the security module, crash-safe (see the class description).
     *
     * @param record the record: its data part is written, its signature and certificate are replaced
     * @return the slot written
     * @throws CardException on link or refusal errors; the slot is then empty, never half-valid
     */
    public int writeVisitRecord(VisitRecord record) throws CardException {
        Objects.requireNonNull(record, "record");
        VisitKind kind = record.kind();
        int slot = nextVisitSlot(kind);
        writeVisit(kind, slot, record.dataPart());
        return slot;
    }

    /**
     * Marks an outpatient slot empty ({@code iErase_DF03EF06Info}) after UK_DF03_2; the record's bytes stay.
     *
     * @param slot 1..5
     * @throws CardException on link or refusal errors
     */
    public void eraseOutpatientRecord(int slot) throws CardException {
        eraseVisitRecord(VisitKind.OUTPATIENT, slot);
    }

    /**
     * Marks an inpatient slot empty ({@code iErase_DF03EF05Info}) after UK_DF03_2.
     *
     * @param slot 1..3
     * @throws CardException on link or refusal errors
     */
    public void eraseInpatientRecord(int slot) throws CardException {
        eraseVisitRecord(VisitKind.INPATIENT, slot);
    }

    /**
     * Marks a visit slot empty after UK_DF03_2; the record's bytes stay.
     *
     * @param kind outpatient or inpatient
     * @param slot 1..{@link VisitKind#slotCount()}
     * @throws InvalidInputException naming {@code slot} if it is out of range
     * @throws CardException on link or refusal errors
     */
    public void eraseVisitRecord(VisitKind kind, int slot) throws CardException {
        setVisitIndexFlag(kind, slot, false);
    }

    /**
     * Low-level: reads bytes of a DF03 record file (EE01–EE03, ED01–ED05) whatever its index says — what the vendor
     * function {@code iR_DF03EDInfo(rec, data, pos, len, style)} does. Prefer {@link #readOutpatientRecord(int)}.
     *
     * @param file a DF03 record file
     * @param offset first byte
     * @param length how many bytes
     * @return the bytes
     * @throws InvalidInputException if the file is not a DF03 record file or the range does not fit it
     * @throws CardException on link, refusal or format errors
     */
    public Bytes readRecordBytes(HealthCardFile file, int offset, int length) throws CardException {
        checkRange(file, offset, length);
        select(file);
        return Bytes.copyOf(session.readBinary(offset, length, file.label()));
    }

    /**
     * Low-level: writes bytes into a DF03 record file after UK_DF03_1 without touching its index flag or signature —
     * what the vendor function {@code iW_DF03EDInfo} does. Such a write is <b>not</b> crash-safe and leaves the
     * record's signature stale; prefer {@link #writeVisitRecord(VisitRecord)}.
     *
     * @param file a DF03 record file
     * @param offset first byte
     * @param data the bytes
     * @throws InvalidInputException if the file is not a DF03 record file or the range does not fit it
     * @throws CardException on link or refusal errors
     */
    public void updateRecordBytes(HealthCardFile file, int offset, Bytes data) throws CardException {
        checkRange(file, offset, data.length());
        requireSecurityModule();
        select(file);
        authenticateUpdate(HealthCardKey.UK_DF03_1);
        select(file);
        session.updateBinary(offset, data.toByteArray(), file.label());
    }

    /**
     * Low-level: sets a DF03 index flag ({@code iW_DF03EF05Info} / {@code iW_DF03EF06Info}: valid) or clears it
     * ({@code iErase_…}) without writing a record.
     *
     * @param kind {@link VisitKind#INPATIENT} for DF03/EF05 (slots 1..3), {@link VisitKind#OUTPATIENT} for EF06
     *     (slots 1..5)
     * @param slot the slot
     * @param valid {@code true} to mark the slot valid ({@code 00}), {@code false} for empty ({@code FF})
     * @throws InvalidInputException if the slot is out of range
     * @throws CardException on link or refusal errors
     */
    public void setVisitIndexFlag(VisitKind kind, int slot, boolean valid) throws CardException {
        Objects.requireNonNull(kind, "kind").recordFile(slot);
        setIndexFlag(kind.indexFile(), slot, valid);
    }

    private static void checkRange(HealthCardFile file, int offset, int length) {
        Objects.requireNonNull(file, "file");
        if (file.dfFid() != 0xDF03 || file.structure() != HealthCardFile.Structure.TRANSPARENT) {
            throw new InvalidInputException("file", file.label() + " is not a DF03 record file");
        }
        if (offset < 0 || length < 0 || offset + length > file.size()) {
            throw new InvalidInputException("offset", "range " + offset + "+" + length + " does not fit "
                    + file.label() + " (" + file.size() + " bytes)");
        }
    }

    /**
     * Closes the session (and its transport).
     *
     * @throws CardLinkException if closing the link failed
     */
    @Override
    public void close() throws CardLinkException {
        session.close();
    }

    // ------------------------------------------------------------------------------------------------ internals

    private void writeVisit(VisitKind kind, int slot, Bytes dataPart) throws CardException {
        HealthCardFile index = kind.indexFile();
        HealthCardFile file = kind.recordFile(slot);
        requireSecurityModule();
        // 1. everything that can fail without touching the card first: the signature and the certificate
        if (cardNumber == null) {
            readIssuer();
        }
        Bytes signature = securityModule.sign(signatureProfile.signedBytes(dataPart, cardNumber));
        Bytes certificate = securityModule.organisationCertificate();
        if (signature.length() != 64 || certificate.length() != 190) {
            throw new InvalidInputException("securityModule", "returned a signature of " + signature.length()
                    + " bytes or a certificate of " + certificate.length() + " bytes (expected 64 and 190)");
        }
        // 2. the slot becomes invalid before its bytes change
        VisitIndex current = readVisitIndex(kind);
        if (current.isValid(slot)) {
            setIndexFlag(index, slot, false);
        }
        // 3. data, then signature and certificate
        select(file);
        authenticateUpdate(HealthCardKey.UK_DF03_1);
        select(file);
        session.updateBinary(0, dataPart.toByteArray(), file.label());
        byte[] tail = new byte[signature.length() + certificate.length()];
        System.arraycopy(signature.toByteArray(), 0, tail, 0, 64);
        System.arraycopy(certificate.toByteArray(), 0, tail, 64, 190);
        session.updateBinary(dataPart.length(), tail, file.label());
        // 4. the index flag last
        setIndexFlag(index, slot, true);
        LOG.debug("wrote {} (slot {}) and marked it valid", file.label(), slot);
    }

    private void setIndexFlag(HealthCardFile index, int slot, boolean valid) throws CardException {
        requireSecurityModule();
        select(index);
        authenticateUpdate(valid ? HealthCardKey.UK_DF03_1 : HealthCardKey.UK_DF03_2);
        select(index);
        session.send(CommandApdu.withNe(0x84, valid ? 0xD2 : 0x0C, slot, 0x04, 256),
                (valid ? "mark valid " : "erase ") + index.label() + " slot " + slot);
    }

    private List<Bytes> readTlvFile(HealthCardFile file) throws CardException {
        select(file);
        List<Bytes> records = new ArrayList<>(file.recordCount());
        for (int r = 1; r <= file.recordCount(); r++) {
            try {
                records.add(Bytes.copyOf(session.readRecord(r, "read " + file.label() + " record " + r)));
            } catch (CardRefusedException e) {
                if (e.statusWord().equals(StatusWord.RECORD_NOT_FOUND)) {
                    break; // the decoder names a missing required element
                }
                throw e;
            }
        }
        return records;
    }

    private List<Bytes> readCyclicFile(HealthCardFile file) throws CardException {
        return readRecordsUntilMissing(file);
    }

    private List<Bytes> readFixedRecords(HealthCardFile file) throws CardException {
        List<Bytes> records = readRecordsUntilMissing(file);
        if (records.size() != file.recordCount()) {
            throw new MalformedCardResponseException(file.label(), records.size() + 1, -1,
                    "index file has " + records.size() + " records, expected " + file.recordCount(), null);
        }
        return records;
    }

    private List<Bytes> readRecordsUntilMissing(HealthCardFile file) throws CardException {
        select(file);
        List<Bytes> records = new ArrayList<>();
        for (int r = 1; r <= file.recordCount(); r++) {
            try {
                records.add(Bytes.copyOf(session.readRecord(r, "read " + file.label() + " record " + r)));
            } catch (CardRefusedException e) {
                if (e.statusWord().equals(StatusWord.RECORD_NOT_FOUND)) {
                    break;
                }
                throw e;
            }
        }
        return records;
    }

    private void writeTlvFile(HealthCardFile file, HealthCardKey updateKey, List<Bytes> records) throws CardException {
        requireSecurityModule();
        select(file);
        authenticateUpdate(updateKey);
        select(file);
        for (int r = 1; r <= records.size(); r++) {
            Bytes challenge = challenge();
            Bytes header = CardSession.updateRecordSecuredHeader(r);
            Bytes data = securityModule.protectRecordUpdate(updateKey.lineProtectionKey(), factors(), challenge, header,
                    records.get(r - 1));
            session.updateRecordSecured(r, data.toByteArray(), "write " + file.label() + " record " + r);
        }
    }

    private void appendCyclic(HealthCardFile file, Bytes record) throws CardException {
        requireSecurityModule();
        select(file);
        authenticateUpdate(HealthCardKey.UK_DF02_3);
        select(file);
        session.appendCyclicRecord(record.toByteArray(), "append to " + file.label());
    }

    /** Selects a file (and its DF, and authenticates the DF's read key unless it is DDF1/EF05). */
    private void select(HealthCardFile file) throws CardException {
        if (file != HealthCardFile.DDF1_EF05) {
            requireSecurityModule();
            factors(); // may read EF05 first: do it before navigating
        }
        selectDf(file.dfFid());
        if (file != HealthCardFile.DDF1_EF05) {
            authenticateRead(HealthCardKey.readKeyOf(file.dfFid()));
        }
        if (currentEf != file.efFid()) {
            session.selectFile(file.efFid(), "select " + file.label());
            currentEf = file.efFid();
        }
    }

    private void selectDf(int df) throws CardException {
        if (currentDf == df) {
            return;
        }
        if (df != DDF1 && currentDf != DDF1 && !isChildDf(currentDf)) {
            selectDf(DDF1);
        }
        try {
            session.selectFile(df, String.format("select %04X", df));
        } catch (CardRefusedException e) {
            if (df != DDF1 || !e.statusWord().equals(StatusWord.FILE_NOT_FOUND) || currentDf == MF) {
                throw e;
            }
            // the card is not where we thought (another application moved it): start from the MF
            session.selectFile(MF, "select MF");
            authenticated.clear();
            currentDf = MF;
            session.selectFile(df, String.format("select %04X", df));
        }
        // rights of DFs no longer on the path MF/DDF1/df are lost
        authenticated.removeIf(k -> k.dfFid() != DDF1 && k.dfFid() != df);
        currentDf = df;
        currentEf = -1;
    }

    private static boolean isChildDf(int df) {
        return df == 0xDF01 || df == 0xDF02 || df == 0xDF03;
    }

    private void authenticateRead(HealthCardKey key) throws CardException {
        if (authenticated.contains(key)) {
            return;
        }
        Bytes challenge = challenge();
        Bytes a = securityModule.authenticationCryptogram(key, factors(), challenge, HealthCardKey.READ_AUTHENTICATION_INPUT);
        externalAuthenticate(key, a, HealthCardKey.READ_AUTHENTICATION_INPUT);
    }

    private void authenticateUpdate(HealthCardKey key) throws CardException {
        if (authenticated.contains(key)) {
            return;
        }
        Bytes r1 = challenge();
        Bytes r2 = challenge();
        Bytes a = securityModule.authenticationCryptogram(key, factors(), r2, r1);
        externalAuthenticate(key, a, r1);
    }

    private void externalAuthenticate(HealthCardKey key, Bytes cryptogram, Bytes input) throws CardException {
        byte[] data = new byte[17];
        System.arraycopy(cryptogram.toByteArray(), 0, data, 0, 8);
        System.arraycopy(input.toByteArray(), 0, data, 8, 8);
        data[16] = 0x01;
        session.send(CommandApdu.of(0x00, 0x82, 0x00, key.cardKeyReference(), data), "authenticate " + key);
        authenticated.add(key);
    }

    private Bytes challenge() throws CardException {
        return Bytes.copyOf(session.getChallenge(8));
    }

    private CardFactors factors() throws CardException {
        if (factors == null) {
            // the city code (tag 39) is the last record of DDF1/EF05: read it by identifier, one command
            selectDf(DDF1);
            if (currentEf != 0xEF05) {
                session.selectFile(0xEF05, "select DDF1/EF05");
                currentEf = 0xEF05;
            }
            byte[] rec = session.readRecordByIdentifier(0x39, 5, "read DDF1/EF05 city code");
            if (rec.length != 5 || rec[0] != 0x39 || rec[1] != 3) {
                throw new MalformedCardResponseException("DDF1/EF05", 10, 0, "city code record is not 39 03 <3 bytes>", null);
            }
            String city = io.yikatong.core.codec.Hex.encode(java.util.Arrays.copyOfRange(rec, 2, 5));
            if (!city.matches("[0-9]{6}")) {
                throw new MalformedCardResponseException("DDF1/EF05", 10, 2, "city code is not 6 BCD digits", null);
            }
            factors = CardFactors.fromCard(session.transport().atr(), atrRule, city);
        }
        return factors;
    }

    private void requireSecurityModule() {
        if (securityModule == null) {
            throw new InvalidInputException("securityModule",
                    "this needs a security module (SAM); without one only DDF1/EF05 (readIssuer) can be read");
        }
    }

    private static VisitRecord requireKind(VisitRecord record, VisitKind kind) {
        Objects.requireNonNull(record, "record");
        if (record.kind() != kind) {
            throw new InvalidInputException("record", "is an " + record.kind().label() + " record, expected "
                    + kind.label());
        }
        return record;
    }

    /**
     * Builds a {@link HealthCardService}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final CardSession session;
        private HealthCardSecurityModule securityModule;
        private CardFactors.AtrFactorRule atrRule = CardFactors.AtrFactorRule.BYTES_5_TO_12;
        private RecordSignatureProfile signatureProfile = RecordSignatureProfile.DATA_PART;
        private Df03ItemMap itemMap = Df03ItemMap.DEFAULT;

        private Builder(CardSession session) {
            this.session = session;
        }

        /**
         * Sets the security module that gives read and update rights and signs visit records.
         *
         * @param securityModule the SAM or a development module
         * @return this builder
         */
        public Builder securityModule(HealthCardSecurityModule securityModule) {
            this.securityModule = Objects.requireNonNull(securityModule, "securityModule");
            return this;
        }

        /**
         * Sets where the card factor sits in the ATR (default ATR bytes 5..12; card batches differ, spec §1.8 [C-vendor]).
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder atrFactorRule(CardFactors.AtrFactorRule rule) {
            this.atrRule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /**
         * Sets which bytes a DF03 record signature covers (default: the data part, spec §1.8 [?]).
         *
         * @param profile the profile
         * @return this builder
         */
        public Builder recordSignatureProfile(RecordSignatureProfile profile) {
            this.signatureProfile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /**
         * Sets which DF03 items hold the visit and admission dates used by the slot-choice rule ([I]).
         *
         * @param itemMap the map
         * @return this builder
         */
        public Builder df03ItemMap(Df03ItemMap itemMap) {
            this.itemMap = Objects.requireNonNull(itemMap, "itemMap");
            return this;
        }

        /**
         * Builds the service.
         *
         * @return the service
         */
        public HealthCardService build() {
            return new HealthCardService(this);
        }
    }
}
