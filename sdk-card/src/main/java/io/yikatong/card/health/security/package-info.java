/**
 * The resident health card's security (health-card-spec §1.8): its keys
 * ({@link io.yikatong.card.health.security.HealthCardKey}), the card's diversification data
 * ({@link io.yikatong.card.health.security.CardFactors}), the security-module SPI
 * ({@link io.yikatong.card.health.security.HealthCardSecurityModule}) implemented by a PSAM
 * ({@link io.yikatong.card.health.security.PsamSecurityModule}) and, for development only, by
 * {@link io.yikatong.card.health.security.InsecureSoftwareSecurityModule}, and the compact SM2 certificates a SAM
 * holds ({@link io.yikatong.card.health.security.CardCertificate}).
 *
 * <p>{@code io.yikatong.card.health} uses this package ({@code HealthCardService} gains rights and signs through a
 * {@code HealthCardSecurityModule}); this package uses nothing of {@code io.yikatong.card.health}, so the two form no
 * cycle. The PSAM of the electronic purse is a different application with its own module
 * ({@code io.yikatong.card.purse.PsamPurseModule}), and the social security card authenticates through its own SPI
 * ({@code io.yikatong.card.social.SocialSecurityAuthenticator}).
 */
package io.yikatong.card.health.security;
