/**
 * Implementation details of the 医保 "两定" settlement client: the JSON envelope, exact decimal fields, the gateway
 * signatures (TIF, CSB) and the reconciliation TAB files. Public classes here are not API and may change without
 * notice; they are exported only to {@code io.yikatong.testkit} (the platform simulator).
 *
 * @since 0.1
 */
package io.yikatong.payment.medicalinsurance.settlement.internal;
