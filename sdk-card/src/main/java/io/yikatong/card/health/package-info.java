/**
 * The resident health card (居民健康卡) data model: the file catalogue ({@link io.yikatong.card.health.HealthCardFile})
 * and one immutable type per file ({@link io.yikatong.card.health.IssuerInfo}, {@link io.yikatong.card.health.HolderInfo},
 * {@link io.yikatong.card.health.Photo}, ..., {@link io.yikatong.card.health.VisitRecord} for outpatient and inpatient
 * records alike), read and written by {@link io.yikatong.card.health.HealthCardService}. The types hold decoded values
 * only; the byte codecs live in {@code io.yikatong.card.health.internal}.
 *
 * <p>The card's security — keys, diversification factors, the security-module SPI and its PSAM and development
 * implementations, SAM certificates — is the subpackage {@code io.yikatong.card.health.security}, which this package
 * uses and which does not use this package. Code migrating from the vendor reader DLL can start from the
 * call-by-call facade in {@code io.yikatong.card.compat}.
 *
 * <p>Facts marked [I] or [?] in the project's health-card reference (flag byte values, the DF03 item meanings, the
 * payment-method codes) are documented where they are used and can be overridden where the API allows it.
 */
package io.yikatong.card.health;
