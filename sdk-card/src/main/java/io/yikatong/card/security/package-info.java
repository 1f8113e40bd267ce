/**
 * The health card's security: its keys ({@link io.yikatong.card.security.HealthCardKey}), the card's diversification
 * data ({@link io.yikatong.card.security.CardFactors}) and the security-module SPI
 * ({@link io.yikatong.card.security.SecurityModule}) implemented by a PSAM and, for development only, by
 * {@link io.yikatong.card.security.InsecureSoftwareSecurityModule}.
 */
package io.yikatong.card.security;
