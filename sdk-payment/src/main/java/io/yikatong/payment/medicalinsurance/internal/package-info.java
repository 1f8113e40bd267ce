/**
 * Implementation details of the medical-insurance channel: the envelope (canonical sign string, SM2 signature with the
 * appSecret as user ID, SM4 working-key derivation and encryption). Public classes here are not API and may change
 * without notice.
 *
 * @since 0.1
 */
package io.yikatong.payment.medicalinsurance.internal;
