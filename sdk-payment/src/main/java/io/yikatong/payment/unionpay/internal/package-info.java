/**
 * Implementation details of the UnionPay channel: ACP sign strings, RSA and secure-key signatures, certificate-chain
 * checks and the answer/form codecs. Public classes here are not API and may change without notice.
 *
 * @since 0.1
 */
package io.yikatong.payment.unionpay.internal;
