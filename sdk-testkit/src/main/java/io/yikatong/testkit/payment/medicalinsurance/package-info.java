/**
 * A loopback simulator of the medical-insurance mobile-payment platform for tests and integrators.
 *
 * @since 0.1
 */
package io.yikatong.testkit.payment.medicalinsurance;
