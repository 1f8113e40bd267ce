/**
 * The health card's symmetric cryptography (key diversification, authentication cryptograms, secure messaging), shared
 * by the software security module and the SDK's virtual cards and SAM so that both sides compute the same bytes. Not
 * API: public classes here may change without notice.
 *
 * <p>It sits below {@code io.yikatong.card.health.security}, not in {@code io.yikatong.card.health.internal}: the
 * security package must not depend on anything that depends on {@code io.yikatong.card.health}, or the package cycle
 * between the health card and its security would be back.
 */
package io.yikatong.card.health.security.internal;
