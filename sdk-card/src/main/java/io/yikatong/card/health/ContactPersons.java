package io.yikatong.card.health;

import java.util.List;

/**
 * DF01/EF06 联系人信息: up to three emergency contacts; slots whose three fields are all empty are skipped when
 * decoded and written as empty when encoded.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param persons the contacts in slot order, at most 3 when encoded
 * @since 0.1
 */
public record ContactPersons(List<ContactPerson> persons) {

    /**
     * Copies the list.
     *
     * @throws NullPointerException if the list or an element is null
     */
    public ContactPersons {
        persons = List.copyOf(persons);
    }
}
