package io.yikatong.payment.wechat;

/**
 * The WeChat Pay APIv3 signature scheme and its paired notification cipher.
 *
 * <ul>
 *   <li>{@link #RSA}: {@code WECHATPAY2-SHA256-RSA2048} (SHA256withRSA, merchant RSA 2048 key) with
 *       {@code AEAD_AES_256_GCM} resources (the APIv3 key, 32 bytes, is the AES key).</li>
 *   <li>{@link #SM2}: the 国密 variant {@code WECHATPAY2-SM2-WITH-SM3} (SM2 with SM3, signer ID
 *       {@code 1234567812345678}) with {@code AEAD_SM4_GCM} resources. WeChat must enable it for the merchant. The
 *       signature encoding (DER by default) and the SM4 key rule are not documented in the project reference
 *       ([?], payment-protocols.md §3.1): both are options of {@link MerchantSigner#sm2} and
 *       {@link WechatPayV3Client.Builder#sm4Key(io.yikatong.core.crypto.Sm4Key)}.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum SignatureScheme {
    /** {@code WECHATPAY2-SHA256-RSA2048} with {@code AEAD_AES_256_GCM}. */
    RSA("WECHATPAY2-SHA256-RSA2048", "AEAD_AES_256_GCM"),
    /** {@code WECHATPAY2-SM2-WITH-SM3} with {@code AEAD_SM4_GCM}. */
    SM2("WECHATPAY2-SM2-WITH-SM3", "AEAD_SM4_GCM");

    private final String authorizationScheme;
    private final String resourceAlgorithm;

    SignatureScheme(String authorizationScheme, String resourceAlgorithm) {
        this.authorizationScheme = authorizationScheme;
        this.resourceAlgorithm = resourceAlgorithm;
    }

    /**
     * Returns the {@code Authorization} scheme name, also the {@code Wechatpay-Signature-Type} value.
     *
     * @return for example {@code WECHATPAY2-SHA256-RSA2048}
     */
    public String authorizationScheme() {
        return authorizationScheme;
    }

    /**
     * Returns the notification {@code resource.algorithm}.
     *
     * @return for example {@code AEAD_AES_256_GCM}
     */
    public String resourceAlgorithm() {
        return resourceAlgorithm;
    }
}
