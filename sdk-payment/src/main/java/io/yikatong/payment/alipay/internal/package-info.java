/**
 * Implementation details of the Alipay channel: RSA2 signing strings and raw response-node extraction. Public
 * classes here are not API and may change without notice.
 *
 * @since 0.1
 */
package io.yikatong.payment.alipay.internal;
