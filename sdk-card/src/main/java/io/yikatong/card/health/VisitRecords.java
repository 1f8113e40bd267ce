package io.yikatong.card.health;

import io.yikatong.core.InvalidInputException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
public record VisitRecords(VisitIndex inpatientIndex, Map<Integer, VisitRecord> inpatient,
        VisitIndex outpatientIndex, Map<Integer, VisitRecord> outpatient) {

    /**
     * Checks that no component is {@code null} and that each map holds records of its kind, and copies the maps
     * (ordered by slot).
     *
     * @throws InvalidInputException naming {@code inpatient} or {@code outpatient} if a map holds a record of the
     *     other kind
     */
    public VisitRecords {
        Objects.requireNonNull(inpatientIndex, "inpatientIndex");
        Objects.requireNonNull(outpatientIndex, "outpatientIndex");
        inpatient = copy(inpatient, VisitKind.INPATIENT, "inpatient");
        outpatient = copy(outpatient, VisitKind.OUTPATIENT, "outpatient");
    }

    private static Map<Integer, VisitRecord> copy(Map<Integer, VisitRecord> records, VisitKind kind, String field) {
        Map<Integer, VisitRecord> sorted = new TreeMap<>(records);
        for (VisitRecord r : sorted.values()) {
            if (r.kind() != kind) {
                throw new InvalidInputException(field, "holds an " + r.kind().label() + " record");
            }
        }
        return Collections.unmodifiableMap(sorted);
    }
}
