package io.yikatong.card.health;

import io.yikatong.card.health.internal.Df03Items;
import io.yikatong.core.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * The two kinds of DF03 visit record (就诊信息, health-card-spec §1.6 and Appendix A): outpatient visits (门诊信息,
 * ED01–ED05 indexed by DF03/EF06) and inpatient stays (住院信息, EE01–EE03 indexed by DF03/EF05). Both are transparent
 * files of the same shape — data items, then a 64-byte signature and a 190-byte certificate — that differ in their
 * item map, size and number of slots; {@link VisitRecord} is one type for both, carrying its kind.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum VisitKind {
    /** 门诊信息: ED01–ED05 (5 slots, index DF03/EF06), 3267 bytes: data items 213–382, signature 383, certificate 384. */
    OUTPATIENT("outpatient", Df03Items.OUTPATIENT, HealthCardFile.DF03_EF06,
            List.of(HealthCardFile.DF03_ED01, HealthCardFile.DF03_ED02, HealthCardFile.DF03_ED03,
                    HealthCardFile.DF03_ED04, HealthCardFile.DF03_ED05)),
    /** 住院信息: EE01–EE03 (3 slots, index DF03/EF05), 1893 bytes: data items 64–210, signature 211, certificate 212. */
    INPATIENT("inpatient", Df03Items.INPATIENT, HealthCardFile.DF03_EF05,
            List.of(HealthCardFile.DF03_EE01, HealthCardFile.DF03_EE02, HealthCardFile.DF03_EE03));

    private final String label;
    private final Df03Items items;
    private final HealthCardFile indexFile;
    private final List<HealthCardFile> recordFiles;
    private final List<Integer> dataItemNumbers;

    VisitKind(String label, Df03Items items, HealthCardFile indexFile, List<HealthCardFile> recordFiles) {
        this.label = label;
        this.items = items;
        this.indexFile = indexFile;
        this.recordFiles = recordFiles;
        this.dataItemNumbers = items.dataItems().stream().map(Df03Items.Item::number).toList();
    }

    /**
     * Returns the kind of a DF03 record file.
     *
     * @param file a record file, {@code DF03_ED01}–{@code DF03_ED05} or {@code DF03_EE01}–{@code DF03_EE03}
     * @return its kind
     * @throws InvalidInputException naming {@code file} for any other file
     */
    public static VisitKind ofRecordFile(HealthCardFile file) {
        Objects.requireNonNull(file, "file");
        for (VisitKind k : values()) {
            if (k.recordFiles.contains(file)) {
                return k;
            }
        }
        throw new InvalidInputException("file", file.label() + " is not a DF03 visit record file");
    }

    /**
     * Returns the number of record slots.
     *
     * @return 5 for outpatient, 3 for inpatient records
     */
    public int slotCount() {
        return recordFiles.size();
    }

    /**
     * Returns the index file whose slot flags say which records are valid.
     *
     * @return {@link HealthCardFile#DF03_EF06} for outpatient, {@link HealthCardFile#DF03_EF05} for inpatient records
     */
    public HealthCardFile indexFile() {
        return indexFile;
    }

    /**
     * Returns the record file of a slot.
     *
     * @param slot 1..{@link #slotCount()}
     * @return for example {@link HealthCardFile#DF03_ED02} for outpatient slot 2
     * @throws InvalidInputException naming {@code slot} if it is out of range
     */
    public HealthCardFile recordFile(int slot) {
        if (slot < 1 || slot > recordFiles.size()) {
            throw new InvalidInputException("slot", label + " slots are 1.." + recordFiles.size() + ", was " + slot);
        }
        return recordFiles.get(slot - 1);
    }

    /**
     * Returns the numbers of the data items, in file order (signature and certificate excluded).
     *
     * @return 213..382 for outpatient, 64..210 for inpatient records
     */
    public List<Integer> dataItemNumbers() {
        return dataItemNumbers;
    }

    /**
     * Returns the length of the data part, the bytes that are signed.
     *
     * @return 3013 for outpatient, 1639 for inpatient records
     */
    public int dataLength() {
        return items.dataLength();
    }

    /**
     * Returns the length of a whole record file.
     *
     * @return 3267 for outpatient, 1893 for inpatient records
     */
    public int recordLength() {
        return items.totalLength();
    }

    /**
     * Returns the kind in words, for messages.
     *
     * @return {@code "outpatient"} or {@code "inpatient"}
     */
    public String label() {
        return label;
    }

    /** The item map of the records (package-private: the codecs stay internal). */
    Df03Items items() {
        return items;
    }
}
