/**
 * Client of the local medical-insurance service that decodes the NHSA medical-insurance e-voucher (医保电子凭证,
 * "医保码"): the QR is opaque to the HIS, which asks the service ({@code ec.query}, project reference
 * qr-credentials.md §3.2) and receives the insured person's identity and the {@code ecToken} used later for
 * settlement (1101 with {@code mdtrt_cert_type = 01}). Start with
 * {@link io.yikatong.qr.medicalinsurance.MedicalInsuranceVoucherClient#builder()}; a simulator lives in
 * {@code io.yikatong.testkit.qr.medicalinsurance}.
 */
package io.yikatong.qr.medicalinsurance;
