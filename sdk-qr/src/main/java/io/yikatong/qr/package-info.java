/**
 * Recognising and rendering QR codes at the hospital counter: {@link io.yikatong.qr.QrClassifier} tells what a
 * scanned text is (electronic health card static or dynamic code, Yikatong signed token, medical-insurance e-voucher,
 * WeChat / Alipay / UnionPay payment code, health-code URL) as a sealed {@link io.yikatong.qr.ScannedCode};
 * {@link io.yikatong.qr.render} encodes and renders QR symbols.
 *
 * <p>Facts tagged [I] (inference) or [L] (low-authority source) in the javadoc come from
 * {@code docs/qr-credentials.md}; each such rule is configurable through {@link io.yikatong.qr.QrClassifier#builder()}.
 */
package io.yikatong.qr;
