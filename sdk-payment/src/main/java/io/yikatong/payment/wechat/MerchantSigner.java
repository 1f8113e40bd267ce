package io.yikatong.payment.wechat;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.payment.wechat.internal.WechatCrypto;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs WeChat Pay APIv3 requests with the merchant key (商户 API 私钥) and builds the {@code Authorization} header
 * (payment-protocols.md §3.1):
 *
 * <pre>{@code
 * WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="...",timestamp="1554208460",serial_no="...",signature="..."
 * }</pre>
 *
 * <p>The signed message is five lines, each ending in {@code \n}: the HTTP method, the canonical URL (raw path plus
 * {@code ?rawQuery}, no host), the timestamp (epoch seconds), the nonce, and the body (empty for GET). The signature
 * is SHA256withRSA (or SM2 with SM3 for {@link SignatureScheme#SM2}), Base64-encoded.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class MerchantSigner {

    private final SignatureScheme scheme;
    private final String mchid;
    private final String serialNo;
    private final WechatCrypto.Signer signer;

    private MerchantSigner(SignatureScheme scheme, String mchid, String serialNo, WechatCrypto.Signer signer) {
        this.scheme = scheme;
        this.mchid = requireToken(mchid, "mchid");
        this.serialNo = requireToken(serialNo, "serialNo");
        this.signer = signer;
    }

    private static String requireToken(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(field, "must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '"' || c == ',') {
                throw new InvalidInputException(field, "must be printable ASCII without quotes, commas or spaces");
            }
        }
        return value;
    }

    /**
     * Creates an RSA signer ({@code WECHATPAY2-SHA256-RSA2048}).
     *
     * @param mchid the merchant ID (商户号)
     * @param serialNo the serial number of the merchant API certificate (商户 API 证书序列号)
     * @param privateKey the merchant RSA private key ({@code apiclient_key.pem}), at least 2048 bits
     * @return the signer
     * @throws InvalidInputException if a field is empty or the key is not RSA of at least 2048 bits
     */
    public static MerchantSigner rsa(String mchid, String serialNo, PrivateKey privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        if (!(privateKey instanceof RSAPrivateKey) || ((RSAPrivateKey) privateKey).getModulus().bitLength() < 2048) {
            throw new InvalidInputException("privateKey", "must be an RSA key of at least 2048 bits");
        }
        return new MerchantSigner(SignatureScheme.RSA, mchid, serialNo, WechatCrypto.rsaSigner(privateKey));
    }

    /**
     * Creates an SM2 signer ({@code WECHATPAY2-SM2-WITH-SM3}, signer ID {@code 1234567812345678}).
     *
     * @param mchid the merchant ID
     * @param serialNo the serial number of the merchant SM2 certificate
     * @param privateKey the merchant SM2 private key
     * @param format the signature encoding before Base64: {@link Sm2SignatureFormat#DER} is what Tencent Kona's
     *     {@code SM3withSM2} produces and the default assumption; not confirmed by the project reference ([?])
     * @return the signer
     * @throws InvalidInputException if a field is empty
     */
    public static MerchantSigner sm2(String mchid, String serialNo, Sm2PrivateKey privateKey,
            Sm2SignatureFormat format) {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(format, "format");
        return new MerchantSigner(SignatureScheme.SM2, mchid, serialNo, WechatCrypto.sm2Signer(privateKey, format));
    }

    /**
     * Builds the message that is signed for a request.
     *
     * @param method the HTTP method, for example {@code POST}
     * @param canonicalUrl the raw path and query, for example {@code /v3/pay/transactions/out-trade-no/X?mchid=1}
     * @param timestamp the epoch seconds as sent
     * @param nonce the nonce as sent
     * @param body the body exactly as sent, empty for GET
     * @return {@code method\nurl\ntimestamp\nnonce\nbody\n}
     */
    public static String requestMessage(String method, String canonicalUrl, long timestamp, String nonce,
            String body) {
        return method + "\n" + canonicalUrl + "\n" + timestamp + "\n" + nonce + "\n" + (body == null ? "" : body)
                + "\n";
    }

    /**
     * Signs a message and Base64-encodes the signature.
     *
     * @param message the message (UTF-8 encoded before signing)
     * @return the Base64 signature
     */
    public String sign(String message) {
        return Base64.getEncoder().encodeToString(signer.sign(message.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Builds the {@code Authorization} header value for a request.
     *
     * @param method the HTTP method
     * @param canonicalUrl the raw path and query
     * @param body the body exactly as sent, empty for GET
     * @param timestamp the epoch seconds
     * @param nonce the nonce (32 alphanumeric characters in the official SDK)
     * @return the header value
     * @throws InvalidInputException if the nonce is empty or contains quotes, commas or spaces
     */
    public String authorization(String method, String canonicalUrl, String body, long timestamp, String nonce) {
        requireToken(nonce, "nonce");
        String signature = sign(requestMessage(method, canonicalUrl, timestamp, nonce, body));
        return scheme.authorizationScheme() + " mchid=\"" + mchid + "\",nonce_str=\"" + nonce + "\",timestamp=\""
                + timestamp + "\",serial_no=\"" + serialNo + "\",signature=\"" + signature + "\"";
    }

    /**
     * Returns the scheme.
     *
     * @return RSA or SM2
     */
    public SignatureScheme scheme() {
        return scheme;
    }

    /**
     * Returns the merchant ID.
     *
     * @return the mchid
     */
    public String mchid() {
        return mchid;
    }

    /**
     * Returns the merchant certificate serial number.
     *
     * @return the serial
     */
    public String serialNo() {
        return serialNo;
    }

    /**
     * Returns {@code MerchantSigner[scheme, mchid, serial]}; never key material.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "MerchantSigner[" + scheme + ", " + mchid + ", " + serialNo + "]";
    }
}
