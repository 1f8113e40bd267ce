/**
 * The social security card (社会保障卡, SSSE application, health-card-spec §3): {@link
 * io.yikatong.card.social.SocialSecurityCardReader} reads the card data and holder data into {@link
 * io.yikatong.card.social.SocialSecurityCard}, verifies the card is genuine (internal authentication) and, on 3.0
 * cards, gains read rights with RKSSSE through a {@link io.yikatong.card.social.SocialSecurityAuthenticator} — a
 * PSAM, a hardware security module (one call, or the two-call flow of {@link
 * io.yikatong.card.social.PendingSocialSecurityRead}) or, for development, {@link
 * io.yikatong.card.social.InsecureSoftwareSocialSecurityModule}. {@link io.yikatong.card.social.SocialSecurityErrorCodes}
 * maps failures to the 人社部 reader interface's codes.
 */
package io.yikatong.card.social;
