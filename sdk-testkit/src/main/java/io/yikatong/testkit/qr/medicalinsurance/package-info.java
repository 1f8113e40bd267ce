/**
 * A local simulator of the medical-insurance e-voucher decode service ({@code ec.query}, {@code localEcTokenCheck})
 * on 127.0.0.1, for tests, demos and HIS integration work. Vouchers are opaque 28-character codes mapped to insured
 * persons; the simulator's codes are documented on
 * {@link io.yikatong.testkit.qr.medicalinsurance.MedicalInsuranceVoucherSimulator}.
 */
package io.yikatong.testkit.qr.medicalinsurance;
