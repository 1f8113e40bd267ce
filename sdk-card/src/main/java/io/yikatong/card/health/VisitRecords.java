package io.yikatong.card.health;

import java.util.Map;
import java.util.Objects;

/**
 * DF03, the visit records (就诊信息): both indexes and the records of the slots they mark valid.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param inpatientIndex DF03/EF05
 * @param inpatient valid inpatient records by slot (1..3)
 * @param outpatientIndex DF03/EF06
 * @param outpatient valid outpatient records by slot (1..5)
 * @since 0.1
 */
public record VisitRecords(VisitIndex inpatientIndex, Map<Integer, InpatientRecord> inpatient,
        VisitIndex outpatientIndex, Map<Integer, OutpatientRecord> outpatient) {

    /** Checks that no component is {@code null} and copies the maps (ordered by slot). */
    public VisitRecords {
        Objects.requireNonNull(inpatientIndex, "inpatientIndex");
        Objects.requireNonNull(outpatientIndex, "outpatientIndex");
        inpatient = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(inpatient));
        outpatient = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(outpatient));
    }
}
