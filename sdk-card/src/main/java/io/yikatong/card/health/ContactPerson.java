package io.yikatong.card.health;

import io.yikatong.core.Redaction;

import java.util.Objects;

/**
 * One emergency contact of DF01/EF06 联系人信息.
 *
 * <p>On the card: name AN 30, relation CN 1 (GB/T 4761 家庭关系代码, 2 digits [I]), phone AN 20.
 *
 * <p>{@link #toString()} masks name and phone. Instances are immutable and thread-safe.
 *
 * @param name 联系人姓名 (LXRXM)
 * @param relationCode 联系人关系代码 (LXRGX), 0 or 2 digits
 * @param phone 联系人电话 (LXRDH)
 * @since 0.1
 */
public record ContactPerson(String name, String relationCode, String phone) {

    /**
     * Checks that no component is null.
     *
     * @throws NullPointerException if a component is null
     */
    public ContactPerson {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(relationCode, "relationCode");
        Objects.requireNonNull(phone, "phone");
    }

    /**
     * Tells whether all three fields are empty (an unused slot on the card).
     *
     * @return true if name, relation code and phone are all empty
     */
    public boolean isEmpty() {
        return name.isEmpty() && relationCode.isEmpty() && phone.isEmpty();
    }

    /**
     * Describes the contact with name and phone masked.
     *
     * @return a masked description
     */
    @Override
    public String toString() {
        return "ContactPerson[name=" + Redaction.name(name) + ", relationCode=" + relationCode + ", phone="
                + Redaction.phone(phone) + "]";
    }
}
