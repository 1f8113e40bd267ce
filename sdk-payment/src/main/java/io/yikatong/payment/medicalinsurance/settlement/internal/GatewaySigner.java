package io.yikatong.payment.medicalinsurance.settlement.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two gateway signatures of reference §1.4 (headers only; the body is not signed):
 *
 * <ul>
 *   <li><b>TIF</b> ({@code ebus} gateways: Guangdong, Hebei): {@code x-tif-signature} = lower-case hex
 *       SHA-256(UTF-8(timestamp + paasToken + nonce + timestamp)), timestamp in epoch seconds.</li>
 *   <li><b>CSB</b> (Hunan, Jiangxi): {@code _api_signature} = Base64(HmacSHA1(SK, UTF-8(the four {@code _api_*}
 *       parameters except the signature, as {@code k=v} sorted by key and joined with {@code &}))), timestamp in epoch
 *       milliseconds.</li>
 * </ul>
 *
 * <p>Not API. Thread-safe (stateless).
 */
public final class GatewaySigner {

    private GatewaySigner() {
    }

    /**
     * The TIF signature.
     *
     * @param epochSeconds the {@code x-tif-timestamp}
     * @param paasToken the secret token
     * @param nonce the {@code x-tif-nonce}
     * @return 64 lower-case hex digits
     */
    public static String tifSignature(long epochSeconds, String paasToken, String nonce) {
        String ts = Long.toString(epochSeconds);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((ts + paasToken + nonce + ts).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * The CSB string to sign.
     *
     * @param accessKey {@code _api_access_key}
     * @param apiName {@code _api_name}
     * @param epochMillis {@code _api_timestamp}
     * @param apiVersion {@code _api_version}
     * @return {@code _api_access_key=…&_api_name=…&_api_timestamp=…&_api_version=…}
     */
    public static String csbStringToSign(String accessKey, String apiName, long epochMillis, String apiVersion) {
        Map<String, String> m = new TreeMap<>();
        m.put("_api_access_key", accessKey);
        m.put("_api_name", apiName);
        m.put("_api_timestamp", Long.toString(epochMillis));
        m.put("_api_version", apiVersion);
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) -> s.append(s.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return s.toString();
    }

    /**
     * The CSB signature.
     *
     * @param secretKey the SK
     * @param stringToSign {@link #csbStringToSign}
     * @return Base64 (standard alphabet, padded) of the 20-byte HMAC
     */
    public static String csbSignature(String secretKey, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }
}
