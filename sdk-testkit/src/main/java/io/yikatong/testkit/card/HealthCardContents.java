package io.yikatong.testkit.card;

import io.yikatong.card.health.AddressInfo;
import io.yikatong.card.health.AllergyRecord;
import io.yikatong.card.health.ClinicalData;
import io.yikatong.card.health.ClinicalFlag;
import io.yikatong.card.health.ContactPersons;
import io.yikatong.card.health.DocumentInfo;
import io.yikatong.card.health.FlagValue;
import io.yikatong.card.health.ImmunisationRecord;
import io.yikatong.card.health.PersonalStatus;
import io.yikatong.card.health.SpecialInfo;
import io.yikatong.card.health.VisitKind;
import io.yikatong.card.health.VisitRecord;
import io.yikatong.core.InvalidInputException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a virtual resident health card (居民健康卡) holds in DF01–DF03 (health-card-spec §1.5, §1.6): the
 * demographic files of DF01, the clinical files of DF02 and the visit records of DF03. The DDF1 part is a
 * {@link HealthCardProfile}; both together with the key seed make a {@link HealthCardPersonalisation}.
 *
 * <p>Values are the typed models of {@code io.yikatong.card.health}; they are encoded with the same codec the reader
 * uses, so a card built from these contents reads back exactly these values. Field lengths and encodings are checked
 * when the card is built ({@link VirtualHealthCards#card(HealthCardPersonalisation)}); counts and slot numbers here.
 *
 * <p>Visit records are written to their slot as given (image bytes, signature and certificate included) and the
 * slot's index flag is set to {@code 00} (valid); slots without a record keep flag {@code FF} and a zeroed file.
 * Sign a record before passing it if the reader verifies signatures (the JSON loader does, with the development
 * organisation of {@link InsecureDevelopmentPki}).
 *
 * <p>{@link #toString()} shows counts only (the contents are personal and medical data).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param addresses DF01/EF05 地址信息
 * @param contactPersons DF01/EF06 联系人信息, at most 3 (unused slots are written empty)
 * @param personalStatus DF01/EF07 职业婚姻
 * @param documents DF01/EF08 证件记录
 * @param clinicalData DF02/EF05 临床基本数据
 * @param specialInfo DF02/EF06 特殊信息
 * @param allergies DF02/EF07 过敏基本数据 in record order (record 1, the newest, first), at most
 *     {@value #MAX_ALLERGIES}
 * @param immunisations DF02/EF08 免疫基本数据 in record order (record 1, the newest, first), at most
 *     {@value #MAX_IMMUNISATIONS}
 * @param inpatient DF03 inpatient records by slot (1–{@value #INPATIENT_SLOTS}, file EE01–EE03)
 * @param outpatient DF03 outpatient records by slot (1–{@value #OUTPATIENT_SLOTS}, file ED01–ED05)
 * @since 0.1
 */
public record HealthCardContents(
        AddressInfo addresses,
        ContactPersons contactPersons,
        PersonalStatus personalStatus,
        DocumentInfo documents,
        ClinicalData clinicalData,
        SpecialInfo specialInfo,
        List<AllergyRecord> allergies,
        List<ImmunisationRecord> immunisations,
        Map<Integer, VisitRecord> inpatient,
        Map<Integer, VisitRecord> outpatient) {

    /** How many records the allergy file DF02/EF07 holds. */
    public static final int MAX_ALLERGIES = 3;
    /** How many records the immunisation file DF02/EF08 holds. */
    public static final int MAX_IMMUNISATIONS = 10;
    /** Inpatient slots (EE01–EE03). */
    public static final int INPATIENT_SLOTS = 3;
    /** Outpatient slots (ED01–ED05). */
    public static final int OUTPATIENT_SLOTS = 5;

    /**
     * A blank card, byte for byte what earlier virtual cards held: every text empty ({@code 00}), every code unwritten
     * ({@code FF}), ABO {@code 00} (not recorded), every clinical flag and the psychiatric flag {@code 00} (which the
     * codec reads as {@link FlagValue#NO}), no allergy, immunisation or visit record.
     */
    public static final HealthCardContents EMPTY = new HealthCardContents(
            new AddressInfo("", "", "", ""),
            new ContactPersons(List.of()),
            new PersonalStatus("", "", ""),
            new DocumentInfo("", "", "", ""),
            new ClinicalData(Optional.empty(), Optional.empty(), allFlags(FlagValue.NO), ""),
            new SpecialInfo(FlagValue.NO),
            List.of(), List.of(), Map.of(), Map.of());

    /**
     * Checks that no component is {@code null}, the counts fit the files, the slot numbers exist and each visit map
     * holds records of its kind.
     *
     * @throws InvalidInputException naming the component that is missing or does not fit
     */
    public HealthCardContents {
        Object[] all = {addresses, contactPersons, personalStatus, documents, clinicalData, specialInfo, allergies,
            immunisations, inpatient, outpatient};
        String[] names = {"addresses", "contactPersons", "personalStatus", "documents", "clinicalData", "specialInfo",
            "allergies", "immunisations", "inpatient", "outpatient"};
        for (int i = 0; i < all.length; i++) {
            if (all[i] == null) {
                throw new InvalidInputException(names[i], "is required");
            }
        }
        if (contactPersons.persons().size() > 3) {
            throw new InvalidInputException("contactPersons", "at most 3, was " + contactPersons.persons().size());
        }
        allergies = List.copyOf(allergies);
        immunisations = List.copyOf(immunisations);
        if (allergies.size() > MAX_ALLERGIES) {
            throw new InvalidInputException("allergies", "at most " + MAX_ALLERGIES + ", was " + allergies.size());
        }
        if (immunisations.size() > MAX_IMMUNISATIONS) {
            throw new InvalidInputException("immunisations",
                    "at most " + MAX_IMMUNISATIONS + ", was " + immunisations.size());
        }
        inpatient = slots(inpatient, VisitKind.INPATIENT, "inpatient");
        outpatient = slots(outpatient, VisitKind.OUTPATIENT, "outpatient");
    }

    private static Map<ClinicalFlag, FlagValue> allFlags(FlagValue value) {
        Map<ClinicalFlag, FlagValue> m = new java.util.EnumMap<>(ClinicalFlag.class);
        for (ClinicalFlag f : ClinicalFlag.values()) {
            m.put(f, value);
        }
        return m;
    }

    private static Map<Integer, VisitRecord> slots(Map<Integer, VisitRecord> records, VisitKind kind, String field) {
        int slots = kind.slotCount();
        TreeMap<Integer, VisitRecord> copy = new TreeMap<>();
        records.forEach((slot, record) -> {
            if (slot == null || slot < 1 || slot > slots) {
                throw new InvalidInputException(field, "slot must be 1-" + slots + ", was " + slot);
            }
            java.util.Objects.requireNonNull(record, field + " record");
            if (record.kind() != kind) {
                throw new InvalidInputException(field, "slot " + slot + " holds an " + record.kind().label()
                        + " record");
            }
            copy.put(slot, record);
        });
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Returns a description without personal or medical data.
     *
     * @return the counts of contacts, allergies, immunisations and visit records
     */
    @Override
    public String toString() {
        return "HealthCardContents[contactPersons=" + contactPersons.persons().size() + ", allergies="
                + allergies.size() + ", immunisations=" + immunisations.size() + ", inpatientSlots="
                + inpatient.keySet() + ", outpatientSlots=" + outpatient.keySet() + "]";
    }
}
