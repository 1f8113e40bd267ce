/**
 * National medical-insurance mobile payment (医保移动支付, 医保电子凭证 settlement) as a payment channel:
 * {@link io.yikatong.payment.medicalinsurance.MedicalInsurancePaymentClient} speaks the SM2-signed, SM4-encrypted envelope
 * (functions 6201 fee upload, 6202 place order, 6301 query, 6401 undo, 6203 refund),
 * {@link io.yikatong.payment.medicalinsurance.MedicalInsuranceCheckout} runs the hospital flow end to end with the journal and collects
 * the patient's self-pay share through a {@link io.yikatong.payment.PaymentClient}, and {@code .simulator} holds a
 * loopback simulator of the platform.
 *
 * <p>Field names beyond those the reference records (marked [?] in javadoc) are not public; function numbers, paths
 * and order-status codes are configurable through {@link io.yikatong.payment.medicalinsurance.MedicalInsuranceProfile}.
 *
 * @since 0.1
 */
package io.yikatong.payment.medicalinsurance;
