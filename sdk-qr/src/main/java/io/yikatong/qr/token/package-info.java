/**
 * Signed offline tokens (离线凭证) for QR codes: a compact, SM2-signed credential (health card, health code, visit or
 * registration pass) that a counter or kiosk can check without network.
 *
 * <p>{@link io.yikatong.qr.token.TokenIssuer} signs {@link io.yikatong.qr.token.TokenClaims} into QR text
 * ({@code YKT1:} + Base45, see {@link io.yikatong.qr.token.YikatongTokenFormatV1} for the byte layout);
 * {@link io.yikatong.qr.token.TokenVerifier} checks it against a {@link io.yikatong.qr.token.TrustList} and returns a
 * {@link io.yikatong.qr.token.VerifiedToken} or throws {@link io.yikatong.qr.token.TokenVerificationException} with a
 * coarse reason. One-time codes are remembered by a {@link io.yikatong.qr.token.ReplayGuard}.
 *
 * <p>The GB/T 38961/38962 code layout was not available; the format is behind the
 * {@link io.yikatong.qr.token.TokenFormat} SPI so that a standards-exact format can be added.
 */
package io.yikatong.qr.token;
