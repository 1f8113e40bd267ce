package io.yikatong.card.health;

import io.yikatong.core.domain.MaritalStatus;

import java.util.Objects;
import java.util.Optional;

/**
 * DF01/EF07 职业婚姻: education, marital status and occupation codes.
 *
 * <p>On the card: education CN 1 (GB/T 4658, 2 digits), marital status CN 1 (GB/T 2261.2, 2 digits), occupation AN 3
 * (GB/T 6565). Empty fields are empty strings. Codes are kept raw; {@link #maritalStatus()} names known ones.
 *
 * <p>{@link #toString()} hides the codes. Instances are immutable and thread-safe.
 *
 * @param educationCode 文化程度代码 (WHCD)
 * @param maritalStatusCode 婚姻状况代码 (HYZK) as stored
 * @param occupationCode 职业代码 (ZY)
 * @since 0.1
 */
public record PersonalStatus(String educationCode, String maritalStatusCode, String occupationCode) {

    /**
     * Checks that no component is null.
     *
     * @throws NullPointerException if a component is null
     */
    public PersonalStatus {
        Objects.requireNonNull(educationCode, "educationCode");
        Objects.requireNonNull(maritalStatusCode, "maritalStatusCode");
        Objects.requireNonNull(occupationCode, "occupationCode");
    }

    /**
     * Looks up {@link #maritalStatusCode()} in GB/T 2261.2.
     *
     * @return the status, or empty if the code is empty or unknown
     */
    public Optional<MaritalStatus> maritalStatus() {
        return MaritalStatus.find(maritalStatusCode);
    }

    /**
     * Describes the file without its values.
     *
     * @return a masked description
     */
    @Override
    public String toString() {
        return "PersonalStatus[educationCode=**, maritalStatusCode=**, occupationCode=***]";
    }
}
