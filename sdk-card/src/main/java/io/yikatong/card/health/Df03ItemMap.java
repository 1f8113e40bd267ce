package io.yikatong.card.health;

import io.yikatong.card.health.internal.Df03Items;
import io.yikatong.card.health.internal.Encoding;
import io.yikatong.core.InvalidInputException;

/**
 * Which DF03 items hold the visit dates. The item byte layout (Appendix A of the project's health-card reference) is
 * from a vendor map [C-vendor], but what the date items mean is an inference [I]: 7-byte CN items look like
 * date-times ({@code yyyyMMddHHmmss}), 4-byte CN items like dates. {@link #DEFAULT} applies that reading
 * (outpatient visit time = item 215, inpatient admission date = item 66, discharge date = item 77); a deployment
 * whose cards differ passes its own map to {@link VisitRecord#visitTime(Df03ItemMap)},
 * {@link VisitRecord#admissionDate(Df03ItemMap)} and {@link VisitRecord#dischargeDate(Df03ItemMap)}, and to
 * {@link HealthCardService.Builder#df03ItemMap(Df03ItemMap)} for the slot choice.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param outpatientVisitTime the ED item holding the visit date-time (CN 7)
 * @param inpatientAdmissionDate the EE item holding the admission date (CN 4)
 * @param inpatientDischargeDate the EE item holding the discharge date (CN 4)
 * @since 0.1
 */
public record Df03ItemMap(int outpatientVisitTime, int inpatientAdmissionDate, int inpatientDischargeDate) {

    /** The default reading: items 215, 66 and 77 [I]. */
    public static final Df03ItemMap DEFAULT = new Df03ItemMap(215, 66, 77);

    /**
     * Checks that each item exists with the expected shape.
     *
     * @throws InvalidInputException if the visit-time item is not a 7-byte CN ED data item, or a date item is not a
     *     4-byte CN EE data item
     */
    public Df03ItemMap {
        check(Df03Items.OUTPATIENT.dataItem(outpatientVisitTime, "outpatient"), 7, "outpatientVisitTime");
        check(Df03Items.INPATIENT.dataItem(inpatientAdmissionDate, "inpatient"), 4, "inpatientAdmissionDate");
        check(Df03Items.INPATIENT.dataItem(inpatientDischargeDate, "inpatient"), 4, "inpatientDischargeDate");
    }

    private static void check(Df03Items.Item item, int length, String field) {
        if (item.encoding() != Encoding.CN || item.length() != length) {
            throw new InvalidInputException(field, "item " + item.number() + " is " + item.encoding() + " "
                    + item.length() + ", expected CN " + length);
        }
    }
}
