package io.yikatong.testkit.card;

/**
 * The structure of a record elementary file (ISO/IEC 7816-4 §7.3.3).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum RecordStructure {
    /** Linear file, every record has the same length. */
    LINEAR_FIXED,
    /** Linear file, records up to a maximum length (the health card's TLV record files). */
    LINEAR_VARIABLE,
    /**
     * Cyclic file of fixed-length records: a new record becomes record 1, the others shift by one and the oldest is
     * dropped when the file is full (DF02/EF07 allergies, DF02/EF08 immunisations).
     */
    CYCLIC
}
