package io.yikatong.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;

/** Input checks shared by the request records. Thread-safe (stateless). */
final class Fields {

    private Fields() {
    }

    static String required(String field, String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw new InvalidInputException(field, "must be 1 to " + max + " characters");
        }
        return value;
    }

    static String optional(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidInputException(field, "must be at most " + max + " characters");
        }
        return value == null ? "" : value;
    }

    static void credentialExtras(ObjectNode d, Credential c) {
        if (!c.cardSn().isEmpty()) {
            d.put("card_sn", c.cardSn());
        }
        if (!c.psnCertType().isEmpty()) {
            d.put("psn_cert_type", c.psnCertType());
        }
        if (!c.psnCertNo().isEmpty()) {
            d.put("certno", c.psnCertNo());
        }
        if (!c.psnName().isEmpty()) {
            d.put("psn_name", c.psnName());
        }
    }
}
