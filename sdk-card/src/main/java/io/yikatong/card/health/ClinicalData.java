package io.yikatong.card.health;

import io.yikatong.core.domain.AboBloodType;
import io.yikatong.core.domain.RhBloodType;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * DF02/EF05 临床基本数据: blood types, twelve clinical flags and another medical alert.
 *
 * <p>On the card: ABO blood type one binary byte holding the WS 364 CV04.50.005 code ({@code 01} = A, {@code 00} or
 * {@code FF} = not recorded), Rh blood type CN 1 (CV04.50.020, values [I]), one binary byte per {@link ClinicalFlag}
 * (see {@link FlagValue} for the byte rule), other medical alert AN 40.
 *
 * <p>{@link #toString()} hides the health data. Instances are immutable and thread-safe.
 *
 * @param aboBloodType ABO血型, empty if not recorded
 * @param rhBloodType RH血型, empty if not recorded
 * @param flags a value for every {@link ClinicalFlag} (missing flags are filled with {@link FlagValue#UNWRITTEN})
 * @param otherMedicalAlert 其他医学警示名称 (QTYXJSMC), may be empty
 * @since 0.1
 */
public record ClinicalData(Optional<AboBloodType> aboBloodType, Optional<RhBloodType> rhBloodType,
        Map<ClinicalFlag, FlagValue> flags, String otherMedicalAlert) {

    /**
     * Checks for nulls and copies the flags into an unmodifiable map with all twelve flags.
     *
     * @throws NullPointerException if a component, key or value is null
     */
    public ClinicalData {
        Objects.requireNonNull(aboBloodType, "aboBloodType");
        Objects.requireNonNull(rhBloodType, "rhBloodType");
        Objects.requireNonNull(otherMedicalAlert, "otherMedicalAlert");
        EnumMap<ClinicalFlag, FlagValue> copy = new EnumMap<>(ClinicalFlag.class);
        for (ClinicalFlag f : ClinicalFlag.values()) {
            copy.put(f, FlagValue.UNWRITTEN);
        }
        flags.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "flag"), Objects.requireNonNull(v, "flag value")));
        flags = Collections.unmodifiableMap(copy);
    }

    /**
     * Returns the value of one flag.
     *
     * @param flag the flag
     * @return its value
     */
    public FlagValue flag(ClinicalFlag flag) {
        return flags.get(Objects.requireNonNull(flag, "flag"));
    }

    /**
     * Describes the file without its health data.
     *
     * @return a masked description
     */
    @Override
    public String toString() {
        return "ClinicalData[redacted]";
    }
}
