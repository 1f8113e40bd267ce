package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;

/**
 * The 经办人 (or terminal) in whose name messages are sent; sign-in (9001) is per operator per day.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param type {@code opter_type}: 1 经办人, 2 自助终端, 3 移动终端
 * @param id {@code opter} / {@code opter_no}, 1 to 20 characters
 * @param name {@code opter_name}, 1 to 50 characters
 * @param mac the terminal's MAC address for 9001 (≤20), may be empty
 * @param ip the terminal's IP address for 9001 (≤20), may be empty
 * @since 0.1
 */
public record Operator(String type, String id, String name, String mac, String ip) {

    /** @throws InvalidInputException if a field breaks the rules above */
    public Operator {
        if (!"1".equals(type) && !"2".equals(type) && !"3".equals(type)) {
            throw new InvalidInputException("type", "must be 1, 2 or 3");
        }
        if (id == null || !id.matches("[0-9A-Za-z_-]{1,20}")) {
            throw new InvalidInputException("id", "must be 1 to 20 letters, digits, _ or -");
        }
        if (name == null || name.isEmpty() || name.length() > 50) {
            throw new InvalidInputException("name", "must be 1 to 50 characters");
        }
        mac = mac == null ? "" : mac;
        ip = ip == null ? "" : ip;
        if (mac.length() > 20 || ip.length() > 20) {
            throw new InvalidInputException(mac.length() > 20 ? "mac" : "ip", "must be at most 20 characters");
        }
    }

    /**
     * An 经办人 without terminal details.
     *
     * @param id the operator number
     * @param name the operator's name
     * @return the operator
     */
    public static Operator clerk(String id, String name) {
        return new Operator("1", id, name, "", "");
    }
}
