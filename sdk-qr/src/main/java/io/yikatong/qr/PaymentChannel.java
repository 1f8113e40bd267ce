package io.yikatong.qr;

/**
 * The wallet that issued a payment code (付款码) shown by the payer and scanned by the merchant (被扫).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum PaymentChannel {
    /** WeChat Pay (微信支付) 付款码. */
    WECHAT("wechatPayCode"),
    /** Alipay (支付宝) 付款码. */
    ALIPAY("alipayPayCode"),
    /** UnionPay (银联) 付款码 / 云闪付. */
    UNIONPAY("unionPayCode");

    private final String kindName;

    PaymentChannel(String kindName) {
        this.kindName = kindName;
    }

    /**
     * Returns the stable JSON name of a payment code of this channel.
     *
     * @return for example {@code "wechatPayCode"}
     */
    public String kindName() {
        return kindName;
    }
}
