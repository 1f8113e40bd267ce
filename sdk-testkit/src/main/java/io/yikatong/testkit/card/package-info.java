/**
 * In-process virtual cards: a small ISO/IEC 7816-4 card engine ({@link io.yikatong.testkit.card.VirtualCard}) with
 * an MF, DFs and EFs addressed by 2-byte file identifiers, transparent and record files (linear and cyclic), per-DF
 * security state and access conditions, served as a {@link io.yikatong.card.CardTransport} by
 * {@link io.yikatong.testkit.card.VirtualCardTransport}; and ready-made resident health cards (居民健康卡) built from a
 * typed {@link io.yikatong.testkit.card.HealthCardProfile} or a JSON profile
 * ({@link io.yikatong.testkit.card.VirtualHealthCards}). Integrators test their HIS against these without hardware.
 */
package io.yikatong.testkit.card;
