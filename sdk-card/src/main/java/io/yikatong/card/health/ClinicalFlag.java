package io.yikatong.card.health;

/**
 * The yes/no flags of DF02/EF05 临床基本数据 (records 3–14, tags 0x2B–0x36, one binary byte each). The psychiatric
 * flag lives in DF02/EF06 ({@link SpecialInfo}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum ClinicalFlag {
    /** 哮喘标志 (XCBZ), tag 0x2B. */
    ASTHMA(0x2B),
    /** 心脏病标志 (XZBBZ), tag 0x2C. */
    HEART_DISEASE(0x2C),
    /** 心脑血管病标志 (XNXGBBZ), tag 0x2D. */
    CARDIOVASCULAR_DISEASE(0x2D),
    /** 癫痫病标志 (DXBBZ), tag 0x2E. */
    EPILEPSY(0x2E),
    /** 凝血紊乱标志 (NXWLBZ), tag 0x2F. */
    COAGULATION_DISORDER(0x2F),
    /** 糖尿病标志 (TNBBZ), tag 0x30. */
    DIABETES(0x30),
    /** 青光眼标志 (QGYBZ), tag 0x31. */
    GLAUCOMA(0x31),
    /** 透析标志 (TXBZ), tag 0x32. */
    DIALYSIS(0x32),
    /** 器官移植标志 (QGYZBZ), tag 0x33. */
    ORGAN_TRANSPLANT(0x33),
    /** 器官缺失标志 (QGQSBZ), tag 0x34. */
    ORGAN_MISSING(0x34),
    /** 可装卸的义肢标志 (KZXYZBZ), tag 0x35. */
    REMOVABLE_PROSTHESIS(0x35),
    /** 心脏起搏器标志 (XZQBQBZ), tag 0x36. */
    PACEMAKER(0x36);

    private final int tag;

    ClinicalFlag(int tag) {
        this.tag = tag;
    }

    /**
     * Returns the tag of the flag's record.
     *
     * @return the tag, 0x2B–0x36
     */
    public int tag() {
        return tag;
    }
}
