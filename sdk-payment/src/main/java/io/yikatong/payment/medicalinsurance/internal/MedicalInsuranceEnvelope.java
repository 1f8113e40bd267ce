package io.yikatong.payment.medicalinsurance.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.CanonicalBase64;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.crypto.DecryptionException;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Signer;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.core.crypto.Sm4Cipher;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4Mode;
import io.yikatong.core.crypto.Sm4Padding;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceCheckout;
import io.yikatong.payment.medicalinsurance.SignatureEncoding;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelSignatureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The 医保移动支付 envelope of payment-protocols §3.5, for one side of the link: seals outgoing messages with this
 * side's SM2 key and opens incoming ones with the peer's public key. Both sides share appId and appSecret.
 *
 * <ul>
 *   <li><b>Sign string:</b> the top-level fields except {@code encData}, {@code signData} and {@code extra}, with the
 *       plaintext {@code data} rendered by {@link #canonicalJson(JsonNode)}; null or empty values dropped; keys
 *       sorted; {@code k=v} joined with {@code &}; then {@code &key=<appSecret>}.</li>
 *   <li><b>Signature:</b> SM3withSM2, user ID = the appSecret bytes (UTF-8), Base64 of raw {@code r || s} or DER.</li>
 *   <li><b>Encryption:</b> working key = the first 16 characters of upper-hex(SM4-ECB-PKCS7(appSecret) under key
 *       appId[0:16]) taken as ASCII bytes; {@code encData} = hex of SM4-ECB-PKCS7(UTF-8 JSON of data), decoded
 *       case-insensitively.</li>
 * </ul>
 *
 * <p>Thread-safe; create one and share it.
 */
public final class MedicalInsuranceEnvelope {

    /** The channel identifier in the errors this class raises. */
    private static final String CHANNEL = MedicalInsuranceCheckout.CHANNEL;

    /** The envelope version written on requests and replies. */
    public static final String VERSION = "2.0.1";
    private static final Set<String> UNSIGNED = Set.of("encData", "signData", "extra");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final int MAX_BODY = 1 << 20;

    private final String appId;
    private final String appSecret;
    private final Sm2Signer signer;
    private final Sm2Verifier verifier;
    private final Sm4Cipher cipher;
    private final boolean upperHex;

    /**
     * Creates an envelope.
     *
     * @param appId the application ID, at least 16 ASCII characters
     * @param appSecret the application secret (signing user ID and key-derivation input)
     * @param ownKey this side's SM2 private key
     * @param peerKey the other side's SM2 public key
     * @param encoding the signature encoding of both directions
     * @param upperHex whether {@code encData} is written in upper case
     * @throws InvalidInputException if an argument is missing or the appId is shorter than 16 characters
     */
    public MedicalInsuranceEnvelope(String appId, String appSecret, Sm2PrivateKey ownKey, Sm2PublicKey peerKey,
            SignatureEncoding encoding, boolean upperHex) {
        this.appId = appId;
        this.appSecret = Objects.requireNonNull(appSecret, "appSecret");
        Objects.requireNonNull(encoding, "encoding");
        Sm2SignatureFormat format = encoding == SignatureEncoding.DER ? Sm2SignatureFormat.DER : Sm2SignatureFormat.RAW;
        byte[] id = appSecret.getBytes(StandardCharsets.UTF_8);
        this.signer = Sm2Signer.builder(Objects.requireNonNull(ownKey, "ownKey")).userId(id).format(format).build();
        this.verifier = Sm2Verifier.builder(Objects.requireNonNull(peerKey, "peerKey")).userId(id).format(format)
                .build();
        this.cipher = Sm4Cipher.builder().key(Sm4Key.of(workingKey(appId, appSecret))).mode(Sm4Mode.ECB)
                .padding(Sm4Padding.PKCS7).build();
        this.upperHex = upperHex;
    }

    /**
     * Derives the SM4 working key: SM4-ECB-PKCS7(appSecret) under the first 16 bytes of appId, upper-hex, first 16
     * characters as ASCII bytes.
     *
     * @param appId the application ID, at least 16 ASCII characters
     * @param appSecret the application secret, not empty
     * @return the 16 key bytes (a new array)
     * @throws InvalidInputException if the appId is shorter than 16 ASCII characters or the secret is empty
     */
    public static byte[] workingKey(String appId, String appSecret) {
        if (appId == null || appId.length() < 16 || !StandardCharsets.US_ASCII.newEncoder().canEncode(appId)) {
            throw new InvalidInputException("appId", "must be at least 16 ASCII characters");
        }
        if (appSecret == null || appSecret.isEmpty()) {
            throw new InvalidInputException("appSecret", "must not be empty");
        }
        Sm4Cipher derive = Sm4Cipher.builder()
                .key(Sm4Key.of(appId.substring(0, 16).getBytes(StandardCharsets.US_ASCII)))
                .mode(Sm4Mode.ECB).padding(Sm4Padding.PKCS7).build();
        String hex = Hex.encodeUpper(derive.encrypt(appSecret.getBytes(StandardCharsets.UTF_8)));
        return hex.substring(0, 16).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Renders a JSON value canonically for signing: object keys sorted, null, empty-string, empty-array and
     * empty-object members dropped, numbers and booleans as strings, array elements rendered canonically and sorted
     * by their rendering; compact, no whitespace.
     *
     * @param value the value
     * @return the text
     */
    public static String canonicalJson(JsonNode value) {
        StringBuilder out = new StringBuilder();
        render(value, out);
        return out.toString();
    }

    private static boolean isEmpty(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() || v.isTextual() && v.asText().isEmpty()
                || v.isContainerNode() && v.size() == 0;
    }

    private static void render(JsonNode v, StringBuilder out) {
        if (v.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            v.fields().forEachRemaining(e -> {
                if (!isEmpty(e.getValue())) {
                    sorted.put(e.getKey(), e.getValue());
                }
            });
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                quote(e.getKey(), out);
                out.append(':');
                render(e.getValue(), out);
            }
            out.append('}');
        } else if (v.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : v) {
                if (!isEmpty(item)) {
                    items.add(canonicalJson(item));
                }
            }
            items.sort(null);
            out.append('[').append(String.join(",", items)).append(']');
        } else {
            quote(scalar(v), out);
        }
    }

    private static String scalar(JsonNode v) {
        if (v.isNumber()) {
            return v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
        }
        return v.asText();
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
    }

    /**
     * Builds the sign string of a message.
     *
     * @param fields the top-level fields, with {@code data} as the plaintext object; {@code encData},
     *     {@code signData} and {@code extra} are ignored
     * @param appSecret the application secret appended as {@code &key=}
     * @return the sign string
     */
    public static String signString(ObjectNode fields, String appSecret) {
        TreeMap<String, String> sorted = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (UNSIGNED.contains(e.getKey()) || isEmpty(e.getValue())) {
                continue;
            }
            JsonNode v = e.getValue();
            sorted.put(e.getKey(), v.isContainerNode() ? canonicalJson(v) : scalar(v));
        }
        StringBuilder out = new StringBuilder();
        sorted.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return out.append("&key=").append(appSecret).toString();
    }

    /**
     * Seals a message: signs the fields with {@code data}, then replaces {@code data} by {@code encData} and adds
     * {@code signData}.
     *
     * @param data the plaintext data object, or {@code null} for none
     * @param timestamp the epoch milliseconds
     * @param replyFields {@code code}, {@code message} and {@code success} for a reply, empty for a request
     * @return the JSON text to send
     */
    public String seal(JsonNode data, long timestamp, Map<String, Object> replyFields) {
        ObjectNode msg = JsonNodeFactory.instance.objectNode();
        msg.put("appId", appId);
        msg.put("encType", "SM4");
        msg.put("signType", "SM2");
        msg.put("timestamp", timestamp);
        msg.put("version", VERSION);
        replyFields.forEach((k, v) -> msg.set(k, JSON.valueToTree(v)));
        if (data != null) {
            msg.set("data", data);
        }
        byte[] sig = signer.sign(signString(msg, appSecret).getBytes(StandardCharsets.UTF_8));
        msg.remove("data");
        if (data != null) {
            msg.put("encData", encrypt(data));
        }
        msg.put("signData", CanonicalBase64.encode(sig));
        try {
            return JSON.writeValueAsString(msg);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("envelope", e);
        }
    }

    /**
     * Encrypts a data object: hex of SM4-ECB-PKCS7 over its UTF-8 JSON.
     *
     * @param data the data
     * @return the hex text in the configured case
     */
    public String encrypt(JsonNode data) {
        byte[] plain;
        try {
            plain = JSON.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("data", e);
        }
        byte[] c = cipher.encrypt(plain);
        return upperHex ? Hex.encodeUpper(c) : Hex.encode(c);
    }

    /**
     * Decrypts {@code encData} into a JSON object.
     *
     * @param encData the hex text, either case
     * @return the data object
     * @throws ChannelMalformedResponseException if the text is not hex, does not decrypt or is not a JSON object
     */
    public ObjectNode decrypt(String encData) throws ChannelMalformedResponseException {
        try {
            byte[] plain = cipher.decrypt(Hex.decode(encData, "encData"));
            JsonNode n = JSON.readTree(plain);
            if (n == null || !n.isObject()) {
                throw new ChannelMalformedResponseException(CHANNEL, "encData: plaintext is not a JSON object", null);
            }
            return (ObjectNode) n;
        } catch (MalformedDataException e) {
            throw new ChannelMalformedResponseException(CHANNEL, "encData: not hex text", e);
        } catch (DecryptionException e) {
            throw new ChannelMalformedResponseException(CHANNEL, "encData: does not decrypt", e);
        } catch (IOException e) {
            throw new ChannelMalformedResponseException(CHANNEL, "encData: plaintext is not JSON", e);
        }
    }

    /**
     * Opens a message: parses it, checks appId, decrypts {@code encData} and verifies {@code signData}. Nothing of the
     * payload is returned before the signature verified.
     *
     * @param body the raw body
     * @return the top-level fields with {@code data} (the decrypted object, absent if there was no {@code encData})
     *     in place of {@code encData}
     * @throws ChannelMalformedResponseException if the body is not an envelope, names another appId, or does not
     *     decrypt
     * @throws ChannelSignatureException if the signature is missing or does not verify
     */
    public ObjectNode open(byte[] body) throws ChannelMalformedResponseException, ChannelSignatureException {
        if (body == null || body.length == 0 || body.length > MAX_BODY) {
            throw new ChannelMalformedResponseException(CHANNEL, "envelope: empty or larger than 1 MiB", null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new ChannelMalformedResponseException(CHANNEL, "envelope: not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new ChannelMalformedResponseException(CHANNEL, "envelope: not a JSON object", null);
        }
        ObjectNode msg = ((ObjectNode) root).deepCopy();
        JsonNode signData = msg.get("signData");
        if (signData == null || !signData.isTextual() || signData.asText().isEmpty()) {
            throw new ChannelSignatureException(CHANNEL, "envelope: signData missing", null);
        }
        if (!appId.equals(msg.path("appId").asText(null))) {
            throw new ChannelMalformedResponseException(CHANNEL, "envelope: appId missing or not ours", null);
        }
        if (msg.has("data")) {
            throw new ChannelMalformedResponseException(CHANNEL, "envelope: plaintext data on the wire", null);
        }
        JsonNode enc = msg.get("encData");
        if (enc != null && !enc.isNull() && !(enc.isTextual() && enc.asText().isEmpty())) {
            if (!enc.isTextual()) {
                throw new ChannelMalformedResponseException(CHANNEL, "envelope: encData is not text", null);
            }
            msg.set("data", decrypt(enc.asText()));
        }
        byte[] sig;
        try {
            sig = CanonicalBase64.decode(signData.asText(), "signData");
        } catch (MalformedDataException e) {
            throw new ChannelSignatureException(CHANNEL, "envelope: signData is not canonical Base64", e);
        }
        try {
            verifier.verify(signString(msg, appSecret).getBytes(StandardCharsets.UTF_8), sig);
        } catch (SignatureVerificationException e) {
            throw new ChannelSignatureException(CHANNEL, "envelope: SM2 signature does not verify", e);
        }
        msg.remove("encData");
        msg.remove("signData");
        return msg;
    }

    /**
     * Returns the shared JSON mapper (big decimals for floats).
     *
     * @return the mapper
     */
    public static ObjectMapper json() {
        return JSON;
    }


    @Override
    public String toString() {
        return "MedicalInsuranceEnvelope[" + appId + "]";
    }
}
