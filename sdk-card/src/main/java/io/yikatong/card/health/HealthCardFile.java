package io.yikatong.card.health;

/**
 * The elementary files of the resident health card (居民健康卡) application under DDF1, with the structure and sizes
 * from the project's health-card reference (§1.2–1.6, [C-vendor]).
 *
 * <p>Structures:
 * <ul>
 * <li>{@link Structure#TLV_RECORDS}: one data element per record, {@code tag || len || value}; {@link #recordCount()}
 * is the number of elements, {@link #recordLength()} is 0 (records differ in length).</li>
 * <li>{@link Structure#CYCLIC_RECORDS}: DF02/EF07 allergies (3 × 120 bytes) and DF02/EF08 immunisations
 * (10 × 24 bytes), no TLV.</li>
 * <li>{@link Structure#INDEX_RECORDS}: DF03/EF05 (3 × 1 byte) and DF03/EF06 (5 × 1 byte) visit indexes.</li>
 * <li>{@link Structure#TRANSPARENT}: the photo DDF1/EF07 (3072 bytes) and the visit records EE01–EE03 (1893 bytes)
 * and ED01–ED05 (3267 bytes); {@link #recordCount()} and {@link #recordLength()} are 0.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum HealthCardFile {
    /** DDF1/EF05 发卡机构基本数据文件 (issuer and card data), 10 TLV records. */
    DDF1_EF05(0xDDF1, 0xEF05, Structure.TLV_RECORDS, 10, 0, 0),
    /** DDF1/EF06 持卡人基本信息数据文件 (holder), 5 TLV records. */
    DDF1_EF06(0xDDF1, 0xEF06, Structure.TLV_RECORDS, 5, 0, 0),
    /** DDF1/EF07 照片 (photo), transparent, 3072 bytes. */
    DDF1_EF07(0xDDF1, 0xEF07, Structure.TRANSPARENT, 0, 0, 3072),
    /** DDF1/EF08 validity, phones, payment modes, 6 TLV records. */
    DDF1_EF08(0xDDF1, 0xEF08, Structure.TLV_RECORDS, 6, 0, 0),
    /** DF01/EF05 地址信息 (addresses), 4 TLV records. */
    DF01_EF05(0xDF01, 0xEF05, Structure.TLV_RECORDS, 4, 0, 0),
    /** DF01/EF06 联系人信息 (contacts), 9 TLV records. */
    DF01_EF06(0xDF01, 0xEF06, Structure.TLV_RECORDS, 9, 0, 0),
    /** DF01/EF07 职业婚姻 (education, marital status, occupation), 3 TLV records. */
    DF01_EF07(0xDF01, 0xEF07, Structure.TLV_RECORDS, 3, 0, 0),
    /** DF01/EF08 证件记录 (documents), 4 TLV records. */
    DF01_EF08(0xDF01, 0xEF08, Structure.TLV_RECORDS, 4, 0, 0),
    /** DF02/EF05 临床基本数据 (clinical basic data), 15 TLV records. */
    DF02_EF05(0xDF02, 0xEF05, Structure.TLV_RECORDS, 15, 0, 0),
    /** DF02/EF06 特殊信息 (special information), 1 TLV record. */
    DF02_EF06(0xDF02, 0xEF06, Structure.TLV_RECORDS, 1, 0, 0),
    /** DF02/EF07 过敏基本数据 (allergies), cyclic, 3 records of 120 bytes. */
    DF02_EF07(0xDF02, 0xEF07, Structure.CYCLIC_RECORDS, 3, 120, 0),
    /** DF02/EF08 免疫基本数据 (immunisations), cyclic, 10 records of 24 bytes. */
    DF02_EF08(0xDF02, 0xEF08, Structure.CYCLIC_RECORDS, 10, 24, 0),
    /** DF03/EF05 住院信息索引 (inpatient index), 3 records of 1 byte. */
    DF03_EF05(0xDF03, 0xEF05, Structure.INDEX_RECORDS, 3, 1, 0),
    /** DF03/EF06 门诊信息索引 (outpatient index), 5 records of 1 byte. */
    DF03_EF06(0xDF03, 0xEF06, Structure.INDEX_RECORDS, 5, 1, 0),
    /** DF03/EE01 住院信息 (inpatient record 1), transparent, 1893 bytes. */
    DF03_EE01(0xDF03, 0xEE01, Structure.TRANSPARENT, 0, 0, 1893),
    /** DF03/EE02 住院信息 (inpatient record 2), transparent, 1893 bytes. */
    DF03_EE02(0xDF03, 0xEE02, Structure.TRANSPARENT, 0, 0, 1893),
    /** DF03/EE03 住院信息 (inpatient record 3), transparent, 1893 bytes. */
    DF03_EE03(0xDF03, 0xEE03, Structure.TRANSPARENT, 0, 0, 1893),
    /** DF03/ED01 门诊信息 (outpatient record 1), transparent, 3267 bytes. */
    DF03_ED01(0xDF03, 0xED01, Structure.TRANSPARENT, 0, 0, 3267),
    /** DF03/ED02 门诊信息 (outpatient record 2), transparent, 3267 bytes. */
    DF03_ED02(0xDF03, 0xED02, Structure.TRANSPARENT, 0, 0, 3267),
    /** DF03/ED03 门诊信息 (outpatient record 3), transparent, 3267 bytes. */
    DF03_ED03(0xDF03, 0xED03, Structure.TRANSPARENT, 0, 0, 3267),
    /** DF03/ED04 门诊信息 (outpatient record 4), transparent, 3267 bytes. */
    DF03_ED04(0xDF03, 0xED04, Structure.TRANSPARENT, 0, 0, 3267),
    /** DF03/ED05 门诊信息 (outpatient record 5), transparent, 3267 bytes. */
    DF03_ED05(0xDF03, 0xED05, Structure.TRANSPARENT, 0, 0, 3267);

    /**
     * How a file stores its data.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Structure {
        /** Records of one {@code tag || len || value} element each. */
        TLV_RECORDS,
        /** Cyclic fixed-length records without TLV. */
        CYCLIC_RECORDS,
        /** Fixed one-byte validity flags of the DF03 visit indexes. */
        INDEX_RECORDS,
        /** A transparent (binary) file. */
        TRANSPARENT
    }

    private final int dfFid;
    private final int efFid;
    private final Structure structure;
    private final int recordCount;
    private final int recordLength;
    private final int size;

    HealthCardFile(int dfFid, int efFid, Structure structure, int recordCount, int recordLength, int size) {
        this.dfFid = dfFid;
        this.efFid = efFid;
        this.structure = structure;
        this.recordCount = recordCount;
        this.recordLength = recordLength;
        this.size = size;
    }

    /**
     * Returns the file identifier of the DF holding this file.
     *
     * @return {@code 0xDDF1}, {@code 0xDF01}, {@code 0xDF02} or {@code 0xDF03}
     */
    public int dfFid() {
        return dfFid;
    }

    /**
     * Returns the file identifier of this file, used in SELECT by FID.
     *
     * @return for example {@code 0xEF05} or {@code 0xEE01}
     */
    public int efFid() {
        return efFid;
    }

    /**
     * Returns the name used in messages and exceptions.
     *
     * @return for example {@code "DDF1/EF05"} or {@code "DF03/ED02"}
     */
    public String label() {
        return String.format("%04X/%04X", dfFid, efFid);
    }

    /**
     * Returns how the file stores its data.
     *
     * @return the structure
     */
    public Structure structure() {
        return structure;
    }

    /**
     * Returns the number of records: data elements of a TLV file, records of a cyclic or index file.
     *
     * @return the record count, 0 for a transparent file
     */
    public int recordCount() {
        return recordCount;
    }

    /**
     * Returns the fixed record length of a cyclic or index file.
     *
     * @return 120, 24 or 1; 0 for TLV (variable-length records) and transparent files
     */
    public int recordLength() {
        return recordLength;
    }

    /**
     * Returns the size of a transparent file.
     *
     * @return 3072, 1893 or 3267; 0 for record files
     */
    public int size() {
        return size;
    }
}
