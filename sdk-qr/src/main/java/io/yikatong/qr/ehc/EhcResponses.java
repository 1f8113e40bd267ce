package io.yikatong.qr.ehc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.yikatong.core.Bytes;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.IdDocumentType;
import io.yikatong.core.domain.Nation;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Optional;

/**
 * Parses the platform's answers into typed values. Every malformed input ends in
 * {@link EhcMalformedResponseException}; a result code other than 0 in {@link EhcPlatformException}. Fuzzed by the
 * tests.
 */
final class EhcResponses {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EhcResponses() {
    }

    /**
     * Parses the envelope and returns {@code rsp} (an empty object when absent).
     */
    static JsonNode rsp(String op, byte[] body) throws EhcMalformedResponseException, EhcPlatformException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new EhcMalformedResponseException(op, "body", "not JSON", e);
        } catch (IOException e) {
            throw new EhcMalformedResponseException(op, "body", "unreadable", e);
        } catch (RuntimeException e) {
            throw new EhcMalformedResponseException(op, "body", "not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new EhcMalformedResponseException(op, "body", "not a JSON object", null);
        }
        JsonNode commonOut = root.get("commonOut");
        if (commonOut == null || !commonOut.isObject()) {
            throw new EhcMalformedResponseException(op, "commonOut", "missing or not an object", null);
        }
        int resultCode = integer(op, commonOut, "commonOut.resultCode");
        if (resultCode != 0) {
            JsonNode msg = commonOut.get("errMsg");
            throw new EhcPlatformException(op, resultCode, msg != null && msg.isTextual() ? msg.textValue() : null);
        }
        JsonNode rsp = root.get("rsp");
        if (rsp == null || rsp.isNull()) {
            return JSON.createObjectNode();
        }
        if (!rsp.isObject()) {
            throw new EhcMalformedResponseException(op, "rsp", "not an object", null);
        }
        return rsp;
    }

    static int integer(String op, JsonNode parent, String path) throws EhcMalformedResponseException {
        JsonNode n = parent.get(leaf(path));
        if (n == null || n.isNull()) {
            throw new EhcMalformedResponseException(op, path, "missing", null);
        }
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.intValue();
        }
        if (n.isTextual() && n.textValue().matches("-?[0-9]{1,9}")) {
            return Integer.parseInt(n.textValue());
        }
        throw new EhcMalformedResponseException(op, path, "not an integer", null);
    }

    static String text(String op, JsonNode parent, String path) throws EhcMalformedResponseException {
        String s = optionalText(op, parent, path);
        if (s.isEmpty()) {
            throw new EhcMalformedResponseException(op, path, "missing or empty", null);
        }
        return s;
    }

    static String optionalText(String op, JsonNode parent, String path) throws EhcMalformedResponseException {
        JsonNode n = parent.get(leaf(path));
        if (n == null || n.isNull()) {
            return "";
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isNumber()) {
            return n.asText();
        }
        throw new EhcMalformedResponseException(op, path, "not a string", null);
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    static String appToken(String op, JsonNode rsp) throws EhcMalformedResponseException {
        return text(op, rsp, "rsp.appToken");
    }

    static int expiresIn(String op, JsonNode rsp) throws EhcMalformedResponseException {
        int seconds = integer(op, rsp, "rsp.expiresIn");
        if (seconds <= 0) {
            throw new EhcMalformedResponseException(op, "rsp.expiresIn", "not positive", null);
        }
        return seconds;
    }

    static RegisteredHealthCard registered(String op, JsonNode rsp) throws EhcMalformedResponseException {
        return new RegisteredHealthCard(text(op, rsp, "rsp.healthCardId"), text(op, rsp, "rsp.qrCodeText"),
                optionalText(op, rsp, "rsp.phid"));
    }

    /** The card of getHealthCardByQRCode is in {@code rsp.card}; verifyQRCode puts the fields in {@code rsp}. */
    static HealthCard healthCard(String op, JsonNode node, String prefix, String fallbackQrText)
            throws EhcMalformedResponseException {
        if (node == null || !node.isObject()) {
            throw new EhcMalformedResponseException(op, prefix, "missing or not an object", null);
        }
        String qr = optionalText(op, node, prefix + ".qrCodeText");
        return new HealthCard(
                text(op, node, prefix + ".healthCardId"),
                qr.isEmpty() ? fallbackQrText : qr,
                text(op, node, prefix + ".name"),
                gender(op, text(op, node, prefix + ".gender"), prefix + ".gender"),
                nation(op, optionalText(op, node, prefix + ".nation"), prefix + ".nation"),
                birthday(op, optionalText(op, node, prefix + ".birthday"), prefix + ".birthday"),
                IdDocumentType.find(text(op, node, prefix + ".idType")).orElseThrow(
                        () -> new EhcMalformedResponseException(op, prefix + ".idType", "unknown code", null)),
                text(op, node, prefix + ".idNumber"),
                firstNonEmpty(optionalText(op, node, prefix + ".phone1"), optionalText(op, node, prefix + ".phone")),
                optionalText(op, node, prefix + ".address"),
                optionalText(op, node, prefix + ".phid"),
                optionalText(op, node, prefix + ".patid"));
    }

    static DynamicQrCode dynamicCode(String op, JsonNode rsp, QrCodeType type) throws EhcMalformedResponseException {
        String text = text(op, rsp, "rsp.qrCodeText");
        String img = optionalText(op, rsp, "rsp.qrCodeImg");
        Optional<Bytes> png = Optional.empty();
        if (!img.isEmpty()) {
            try {
                png = Optional.of(Bytes.copyOf(Base64.getMimeDecoder().decode(img)));
            } catch (IllegalArgumentException e) {
                throw new EhcMalformedResponseException(op, "rsp.qrCodeImg", "not Base64", e);
            }
        }
        Optional<QrColor> color = Optional.empty();
        JsonNode c = rsp.get("color");
        if (c != null && !c.isNull() && !(c.isTextual() && c.textValue().isEmpty())) {
            int code = integer(op, rsp, "rsp.color");
            color = Optional.of(QrColor.find(code).orElseThrow(
                    () -> new EhcMalformedResponseException(op, "rsp.color", "not 0 to 3", null)));
        }
        return new DynamicQrCode(text, type, png, color);
    }

    static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    static Gender gender(String op, String text, String path) throws EhcMalformedResponseException {
        switch (text) {
            case "男", "男性", "1":
                return Gender.MALE;
            case "女", "女性", "2":
                return Gender.FEMALE;
            default:
                throw new EhcMalformedResponseException(op, path, "not 男 or 女", null);
        }
    }

    static String genderText(Gender g) {
        return g == Gender.MALE ? "男" : "女";
    }

    static Optional<Nation> nation(String op, String text, String path) throws EhcMalformedResponseException {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        for (Nation n : Nation.values()) {
            if (n.chineseLabel().equals(text) || n.code().equals(text)) {
                return Optional.of(n);
            }
        }
        throw new EhcMalformedResponseException(op, path, "unknown nation", null);
    }

    static Optional<LocalDate> birthday(String op, String text, String path) throws EhcMalformedResponseException {
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
            throw new EhcMalformedResponseException(op, path, "not a date", e);
        }
        throw new EhcMalformedResponseException(op, path, "not yyyy-MM-dd", null);
    }
}
