package io.yikatong.qr.medicalinsurance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.yikatong.core.domain.Gender;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/** Parses the service's answers; every malformed input ends in {@link VoucherMalformedResponseException}. */
final class VoucherResponses {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private VoucherResponses() {
    }

    /** Parses {@code {code, message, data}} and returns {@code data} (an empty object when absent). */
    static JsonNode data(String transType, byte[] body) throws VoucherException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new VoucherMalformedResponseException("body", "not JSON", e);
        } catch (IOException | RuntimeException e) {
            throw new VoucherMalformedResponseException("body", "unreadable", e);
        }
        if (root == null || !root.isObject()) {
            throw new VoucherMalformedResponseException("body", "not a JSON object", null);
        }
        JsonNode c = root.get("code");
        int code;
        if (c != null && c.isIntegralNumber() && c.canConvertToInt()) {
            code = c.intValue();
        } else if (c != null && c.isTextual() && c.textValue().matches("-?[0-9]{1,9}")) {
            code = Integer.parseInt(c.textValue());
        } else {
            throw new VoucherMalformedResponseException("code", "missing or not an integer", null);
        }
        if (code != 0) {
            JsonNode m = root.get("message");
            throw new VoucherRefusedException(transType, code, m != null && m.isTextual() ? m.textValue() : null);
        }
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            return JSON.createObjectNode();
        }
        if (!data.isObject()) {
            throw new VoucherMalformedResponseException("data", "not an object", null);
        }
        return data;
    }

    static VoucherIdentity identity(JsonNode data) throws VoucherMalformedResponseException {
        return new VoucherIdentity(text(data, "userName", true), text(data, "idNo", true), text(data, "idType", true),
                text(data, "insuOrg", false), text(data, "ecIndexNo", true), text(data, "ecToken", true),
                gender(text(data, "gender", false)), birthday(text(data, "birthday", false)));
    }

    /** Parses the {@code flag} of a token check: 1 accepted, 0 refused. */
    static boolean flag(JsonNode data) throws VoucherMalformedResponseException {
        String f = text(data, "flag", true);
        switch (f) {
            case "1":
                return true;
            case "0":
                return false;
            default:
                throw new VoucherMalformedResponseException("data.flag", "not 0 or 1", null);
        }
    }

    static String text(JsonNode data, String field, boolean required) throws VoucherMalformedResponseException {
        JsonNode n = data.get(field);
        String s;
        if (n == null || n.isNull()) {
            s = "";
        } else if (n.isTextual()) {
            s = n.textValue();
        } else if (n.isIntegralNumber()) {
            s = n.asText();
        } else {
            throw new VoucherMalformedResponseException("data." + field, "not a string", null);
        }
        if (required && s.isEmpty()) {
            throw new VoucherMalformedResponseException("data." + field, "missing or empty", null);
        }
        return s;
    }

    static Optional<Gender> gender(String code) throws VoucherMalformedResponseException {
        if (code.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Gender.find(code).orElseThrow(
                () -> new VoucherMalformedResponseException("data.gender", "not a GB/T 2261.1 code", null)));
    }

    static Optional<LocalDate> birthday(String text) throws VoucherMalformedResponseException {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                return Optional.of(LocalDate.parse(text));
            }
            if (text.matches("[0-9]{8}")) {
                return Optional.of(LocalDate.of(Integer.parseInt(text.substring(0, 4)),
                        Integer.parseInt(text.substring(4, 6)), Integer.parseInt(text.substring(6, 8))));
            }
        } catch (DateTimeException e) {
            throw new VoucherMalformedResponseException("data.birthday", "not a date", e);
        }
        throw new VoucherMalformedResponseException("data.birthday", "not yyyy-MM-dd or yyyyMMdd", null);
    }
}
