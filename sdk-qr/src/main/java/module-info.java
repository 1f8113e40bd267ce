/**
 * Yikatong QR: classification of scanned codes, the e-health-card and medical-insurance e-voucher platform clients,
 * signed offline tokens with replay guards, and QR rendering (PNG, SVG, terminal) on ZXing.
 *
 * <p>Internal packages are not exported; {@code io.yikatong.testkit} (development only) is the one friend module.
 */
module io.yikatong.qr {
    requires transitive io.yikatong.core;
    requires transitive java.sql;
    requires java.desktop;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires com.google.zxing;
    requires org.slf4j;

    exports io.yikatong.qr;
    exports io.yikatong.qr.ehc;
    exports io.yikatong.qr.medicalinsurance;
    exports io.yikatong.qr.render;
    exports io.yikatong.qr.token;

    exports io.yikatong.qr.ehc.internal to io.yikatong.testkit;
}
