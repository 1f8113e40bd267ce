package io.yikatong.payment.medicalinsurance.settlement.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON of the settlement interface: an {@link ObjectMapper} that reads every number exactly ({@link BigDecimal}, never
 * {@code double}) and writes {@link BigDecimal} in plain notation, plus readers of the reply fields that turn every
 * deviation into a {@link ChannelMalformedResponseException} naming the field (never its value).
 *
 * <p>Reply rules: an absent, {@code null} or empty-string field is "no value"; a numeric field may arrive as a JSON
 * number or a string of digits ({@code "12.30"}); an amount with more than two significant decimals, a count with
 * more than four or a price with more than six is malformed (never rounded); unknown fields are ignored.
 *
 * <p>Not API. Thread-safe (stateless).
 */
public final class Json {

    /** The channel identifier of the errors raised by the settlement client. */
    public static final String CHANNEL = "mi-settlement";

    /** The mapper: exact decimals in and out. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxNumberLength(64).maxStringLength(1 << 22).build());
    }

    private Json() {
    }

    /** A new empty object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A new empty array. */
    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Serialises a node. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /**
     * Parses text into a tree.
     *
     * @param what what the text is, for the message
     * @param text the text
     * @return the tree
     * @throws ChannelMalformedResponseException if it is not one JSON value
     */
    public static JsonNode parse(String what, String text) throws ChannelMalformedResponseException {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw malformed(what + " is empty");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ChannelMalformedResponseException(CHANNEL, what + " is not JSON", null);
        } catch (RuntimeException e) {
            throw new ChannelMalformedResponseException(CHANNEL, what + " cannot be read", null);
        }
    }

    /** A malformed-reply exception. */
    public static ChannelMalformedResponseException malformed(String message) {
        return new ChannelMalformedResponseException(CHANNEL, message, null);
    }

    // ------------------------------------------------------------------ writing

    /** Yuan with exactly two decimals, from fen. */
    public static BigDecimal yuan(Money amount) {
        return BigDecimal.valueOf(amount.fen(), 2);
    }

    /** Yuan with exactly two decimals, from fen. */
    public static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    // ------------------------------------------------------------------ reading

    private static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || (n.isTextual() && n.asText().isEmpty());
    }

    /** The object under {@code name}, or a malformed error naming {@code path}. */
    public static JsonNode object(JsonNode parent, String name, String path) throws ChannelMalformedResponseException {
        JsonNode n = parent == null ? null : parent.get(name);
        if (n == null || !n.isObject()) {
            throw malformed(path + " is missing or not an object");
        }
        return n;
    }

    /** The elements of the array under {@code name} (absent or null: none; a single object: one). */
    public static List<JsonNode> array(JsonNode parent, String name, String path)
            throws ChannelMalformedResponseException {
        JsonNode n = parent == null ? null : parent.get(name);
        List<JsonNode> out = new ArrayList<>();
        if (absent(n)) {
            return out;
        }
        if (n.isObject()) {
            out.add(n);
            return out;
        }
        if (!n.isArray()) {
            throw malformed(path + " is not an array");
        }
        for (JsonNode e : n) {
            if (!e.isObject()) {
                throw malformed(path + " has an element that is not an object");
            }
            out.add(e);
        }
        return out;
    }

    /** Text of a required field: a string or a number, not empty. */
    public static String text(JsonNode o, String name, String path) throws ChannelMalformedResponseException {
        String s = optText(o, name, path);
        if (s.isEmpty()) {
            throw malformed(path + "." + name + " is missing");
        }
        return s;
    }

    /** Text of an optional field; an empty string when absent. */
    public static String optText(JsonNode o, String name, String path) throws ChannelMalformedResponseException {
        JsonNode n = o == null ? null : o.get(name);
        if (absent(n)) {
            return "";
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isNumber()) {
            if (n.isBigDecimal()) {
                BigDecimal d = n.decimalValue();
                if (d.scale() > 20 || d.scale() < -20) {
                    throw malformed(path + "." + name + " is out of range");
                }
                return d.toPlainString();
            }
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asText();
        }
        throw malformed(path + "." + name + " is not a string");
    }

    /** An exact decimal: a JSON number or a numeric string; {@code null} when absent. */
    public static BigDecimal optDecimal(JsonNode o, String name, String path)
            throws ChannelMalformedResponseException {
        JsonNode n = o == null ? null : o.get(name);
        if (absent(n)) {
            return null;
        }
        BigDecimal d;
        if (n.isNumber()) {
            d = n.decimalValue();
        } else if (n.isTextual()) {
            String t = n.asText().strip();
            if (t.length() > 40 || !t.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
                throw malformed(path + "." + name + " is not a decimal number");
            }
            d = new BigDecimal(t);
        } else {
            throw malformed(path + "." + name + " is not a number");
        }
        if (d.scale() > 20 || d.scale() < -20 || d.precision() - d.scale() > 18) {
            throw malformed(path + "." + name + " is out of range");
        }
        return d;
    }

    /** An amount in yuan with at most two decimals, as fen; absent is {@code absentFen}. */
    public static long fen(JsonNode o, String name, String path, Long absentFen)
            throws ChannelMalformedResponseException {
        BigDecimal d = optDecimal(o, name, path);
        if (d == null) {
            if (absentFen == null) {
                throw malformed(path + "." + name + " is missing");
            }
            return absentFen;
        }
        return exactFen(d, path + "." + name);
    }

    /** Converts yuan to fen exactly. */
    public static long exactFen(BigDecimal yuan, String field) throws ChannelMalformedResponseException {
        try {
            return yuan.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw malformed(field + " is not an amount in yuan with at most two decimals");
        }
    }

    /** A decimal with at most {@code scale} significant decimals, or a malformed error; absent is zero. */
    public static BigDecimal scaled(JsonNode o, String name, String path, int scale)
            throws ChannelMalformedResponseException {
        BigDecimal d = optDecimal(o, name, path);
        if (d == null) {
            return BigDecimal.ZERO.setScale(scale);
        }
        try {
            return d.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw malformed(path + "." + name + " has more than " + scale + " decimals");
        }
    }

    /** Maps every element with a reader that may throw. */
    public static <T> List<T> each(List<JsonNode> nodes, Reader<T> reader) throws ChannelMalformedResponseException {
        List<T> out = new ArrayList<>(nodes.size());
        for (JsonNode n : nodes) {
            out.add(reader.read(n));
        }
        return List.copyOf(out);
    }

    /**
     * Reads one value from a node.
     *
     * @param <T> the value
     */
    @FunctionalInterface
    public interface Reader<T> {
        /**
         * Reads.
         *
         * @param node the node
         * @return the value
         * @throws ChannelMalformedResponseException if the node is malformed
         */
        T read(JsonNode node) throws ChannelMalformedResponseException;
    }
}
