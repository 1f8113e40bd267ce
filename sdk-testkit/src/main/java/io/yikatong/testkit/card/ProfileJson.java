package io.yikatong.testkit.card;

import com.fasterxml.jackson.databind.JsonNode;
import io.yikatong.core.Bytes;
import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.codec.SimpleTlv;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * The strict JSON reading and the TLV record encoding the virtual cards' profiles share: unknown fields are refused,
 * every error names the JSON path after a label ({@code "profile JSON: "}, {@code "SAM profile JSON: "}), and element
 * values are encoded as the cards store them (AN = GB18030 padded with {@code 00}, CN = BCD padded with {@code F}).
 * Package-private; not API.
 *
 * <p>Instances are immutable and thread-safe.
 */
final class ProfileJson {

    private final String label;

    ProfileJson(String label) {
        this.label = label;
    }

    MalformedDataException fail(String path, String problem) {
        return new MalformedDataException(label + path, -1, problem);
    }

    void onlyFields(JsonNode node, String prefix, Set<String> allowed) throws MalformedDataException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw fail(prefix + f, "unknown field");
            }
        }
    }

    JsonNode object(JsonNode parent, String field, String prefix) throws MalformedDataException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw fail(prefix + field, "missing or not an object");
        }
        return n;
    }

    String text(JsonNode parent, String field, String prefix) throws MalformedDataException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw fail(prefix + field, "missing or not a string");
        }
        return n.asText();
    }

    String optText(JsonNode parent, String field, String prefix, String absent) throws MalformedDataException {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return absent;
        }
        if (!n.isTextual()) {
            throw fail(prefix + field, "not a string");
        }
        return n.asText();
    }

    LocalDate date(JsonNode parent, String field, String prefix) throws MalformedDataException {
        String s = text(parent, field, prefix);
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new MalformedDataException(CoreErrorCode.MALFORMED_DATA, label + prefix + field,
                    e.getErrorIndex(), "not an ISO date (yyyy-MM-dd)", e);
        }
    }

    static Bytes hex(String s, String field) {
        try {
            return Bytes.fromHex(s);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.getMessage());
        }
    }

    static Bytes tlv(int tag, Bytes value) {
        return Bytes.copyOf(SimpleTlv.of(tag, value).encode());
    }

    static Bytes an(int tag, String text, int length, String field) {
        try {
            return tlv(tag, Bytes.copyOf(GbText.encode(text, length)));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.getMessage());
        }
    }

    static Bytes cn(int tag, String digits, int length, String field) {
        try {
            return tlv(tag, Bytes.copyOf(Bcd.encodeCn(digits, length)));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.getMessage());
        }
    }
}
