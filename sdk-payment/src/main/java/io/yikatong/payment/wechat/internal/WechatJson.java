package io.yikatong.payment.wechat.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.wechat.Refund;
import io.yikatong.payment.wechat.Transaction;
import io.yikatong.payment.wechat.WechatPayChannel;
import java.io.IOException;

/**
 * JSON helpers shared by the client and the simulator.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class WechatJson {

    /** The channel identifier in the errors this class raises. */
    private static final String CHANNEL = WechatPayChannel.ID;

    /** The shared mapper. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private WechatJson() {
    }

    /**
     * A new empty object.
     *
     * @return the object
     */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Serialises.
     *
     * @param node the node
     * @return compact JSON
     */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON serialisation failed", e);
        }
    }

    /**
     * Parses a JSON object.
     *
     * @param bytes the bytes
     * @param what what is being parsed, for messages
     * @return the object
     * @throws ChannelMalformedResponseException if not a JSON object
     */
    public static JsonNode parseObject(byte[] bytes, String what) throws ChannelMalformedResponseException {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            throw new ChannelMalformedResponseException(CHANNEL, what + ": not JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw new ChannelMalformedResponseException(CHANNEL, what + ": not a JSON object", null);
        }
        return node;
    }

    /**
     * A required text field.
     *
     * @param node the object
     * @param field the field
     * @param what what is being parsed
     * @return the text
     * @throws ChannelMalformedResponseException if absent or not text
     */
    public static String text(JsonNode node, String field, String what) throws ChannelMalformedResponseException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new ChannelMalformedResponseException(CHANNEL, what + ": missing text field " + field, null);
        }
        return v.asText();
    }

    /**
     * An optional text field.
     *
     * @param node the object
     * @param field the field
     * @param what what is being parsed
     * @return the text or an empty string
     * @throws ChannelMalformedResponseException if present and not text
     */
    public static String optText(JsonNode node, String field, String what) throws ChannelMalformedResponseException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new ChannelMalformedResponseException(CHANNEL, what + ": field " + field + " is not text", null);
        }
        return v.asText();
    }

    /**
     * An optional non-negative integer inside {@code amount}.
     *
     * @param node the object
     * @param field the field inside {@code amount}
     * @param what what is being parsed
     * @return the value or 0
     * @throws ChannelMalformedResponseException if present and not a non-negative integer
     */
    public static long amount(JsonNode node, String field, String what) throws ChannelMalformedResponseException {
        JsonNode amount = node.get("amount");
        if (amount == null || amount.isNull()) {
            return 0;
        }
        if (!amount.isObject()) {
            throw new ChannelMalformedResponseException(CHANNEL, what + ": amount is not an object", null);
        }
        JsonNode v = amount.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw new ChannelMalformedResponseException(CHANNEL, what + ": amount." + field
                    + " is not a non-negative integer", null);
        }
        return v.asLong();
    }

    /**
     * Decodes a transaction object.
     *
     * @param node the object
     * @param what what is being parsed
     * @return the transaction
     * @throws ChannelMalformedResponseException on missing or mistyped fields
     */
    public static Transaction transaction(JsonNode node, String what) throws ChannelMalformedResponseException {
        return new Transaction(text(node, "out_trade_no", what), optText(node, "transaction_id", what),
                text(node, "trade_state", what), optText(node, "trade_state_desc", what),
                amount(node, "total", what), amount(node, "payer_total", what), optText(node, "success_time", what),
                "", "");
    }

    /**
     * Decodes a refund object ({@code status} in replies, {@code refund_status} in notifications).
     *
     * @param node the object
     * @param what what is being parsed
     * @return the refund
     * @throws ChannelMalformedResponseException on missing or mistyped fields
     */
    public static Refund refund(JsonNode node, String what) throws ChannelMalformedResponseException {
        String status = node.has("status") ? text(node, "status", what) : text(node, "refund_status", what);
        return new Refund(text(node, "out_trade_no", what), text(node, "out_refund_no", what),
                optText(node, "refund_id", what), status, amount(node, "refund", what), amount(node, "total", what));
    }
}
