package io.yikatong.card.health;

import java.util.Objects;

/**
 * DF01/EF05 地址信息: two addresses with their types (WS 364 CV02.01.205 地址类别代码, 2 digits, values [I]).
 *
 * <p>On the card: address types CN 1, addresses AN 100. Empty fields are empty strings.
 *
 * <p>{@link #toString()} hides the addresses. Instances are immutable and thread-safe.
 *
 * @param addressType1 地址类别1 (DZLB1), 0 or 2 digits
 * @param address1 地址1 (DZ1)
 * @param addressType2 地址类别2 (DZLB2), 0 or 2 digits
 * @param address2 地址2 (DZ2)
 * @since 0.1
 */
public record AddressInfo(String addressType1, String address1, String addressType2, String address2) {

    /**
     * Checks that no component is null.
     *
     * @throws NullPointerException if a component is null
     */
    public AddressInfo {
        Objects.requireNonNull(addressType1, "addressType1");
        Objects.requireNonNull(address1, "address1");
        Objects.requireNonNull(addressType2, "addressType2");
        Objects.requireNonNull(address2, "address2");
    }

    /**
     * Describes the file with the addresses hidden (their lengths only).
     *
     * @return a masked description
     */
    @Override
    public String toString() {
        return "AddressInfo[addressType1=" + addressType1 + ", address1=(" + address1.length() + " chars), addressType2="
                + addressType2 + ", address2=(" + address2.length() + " chars)]";
    }
}
