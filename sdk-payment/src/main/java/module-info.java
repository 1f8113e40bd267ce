/**
 * Yikatong payment: {@code PaymentClient} over the channel SPI (WeChat Pay, Alipay, UnionPay, medical-insurance
 * mobile payment and the card e-purse), its durable journal, notifications and reconciliation.
 *
 * <p>The card e-purse channel ({@code io.yikatong.payment.purse}) needs {@code io.yikatong.card}, which is optional:
 * a payment service that takes no card payments does not load the card stack. The embedded journal needs the H2
 * driver at run time only. Internal packages are not exported; {@code io.yikatong.testkit} (development only) is the
 * one friend module.
 */
module io.yikatong.payment {
    requires transitive io.yikatong.core;
    requires transitive java.sql;
    requires static io.yikatong.card;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;
    requires org.slf4j;

    exports io.yikatong.payment;
    exports io.yikatong.payment.alipay;
    exports io.yikatong.payment.journal;
    exports io.yikatong.payment.medicalinsurance;
    exports io.yikatong.payment.medicalinsurance.settlement;
    exports io.yikatong.payment.purse;
    exports io.yikatong.payment.spi;
    exports io.yikatong.payment.unionpay;
    exports io.yikatong.payment.wechat;

    exports io.yikatong.payment.alipay.internal to io.yikatong.testkit;
    exports io.yikatong.payment.medicalinsurance.internal to io.yikatong.testkit;
    exports io.yikatong.payment.medicalinsurance.settlement.internal to io.yikatong.testkit;
    exports io.yikatong.payment.unionpay.internal to io.yikatong.testkit;
    exports io.yikatong.payment.wechat.internal to io.yikatong.testkit;
}
