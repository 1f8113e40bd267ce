package io.yikatong.card.health;

import java.util.Objects;

/**
 * DF01, the holder's extended information (持卡人扩展信息).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param addresses DF01/EF05
 * @param contactPersons DF01/EF06
 * @param personalStatus DF01/EF07
 * @param documents DF01/EF08
 * @since 0.1
 */
public record Demographics(AddressInfo addresses, ContactPersons contactPersons, PersonalStatus personalStatus,
        DocumentInfo documents) {

    /** Checks that no component is {@code null}. */
    public Demographics {
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(contactPersons, "contactPersons");
        Objects.requireNonNull(personalStatus, "personalStatus");
        Objects.requireNonNull(documents, "documents");
    }
}
