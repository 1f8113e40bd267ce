package io.yikatong.card.health;

import java.util.List;
import java.util.Objects;

/**
 * DF02, the clinical information (临床/健康信息).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param data DF02/EF05, clinical basic data
 * @param special DF02/EF06, special information
 * @param allergies DF02/EF07, newest first
 * @param immunisations DF02/EF08, newest first
 * @since 0.1
 */
public record ClinicalInfo(ClinicalData data, SpecialInfo special, List<AllergyRecord> allergies,
        List<ImmunisationRecord> immunisations) {

    /** Checks that no component is {@code null} and copies the lists. */
    public ClinicalInfo {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(special, "special");
        allergies = List.copyOf(allergies);
        immunisations = List.copyOf(immunisations);
    }
}
