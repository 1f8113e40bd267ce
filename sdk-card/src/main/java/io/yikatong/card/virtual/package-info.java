/**
 * In-process virtual cards: a small ISO/IEC 7816-4 card engine ({@link io.yikatong.card.virtual.VirtualCard}) with
 * an MF, DFs and EFs addressed by 2-byte file identifiers, transparent and record files (linear and cyclic), per-DF
 * security state and access conditions, served as a {@link io.yikatong.card.CardTransport} by
 * {@link io.yikatong.card.virtual.VirtualCardTransport}; and ready-made resident health cards (居民健康卡) built from a
 * typed {@link io.yikatong.card.virtual.HealthCardProfile} or a JSON profile
 * ({@link io.yikatong.card.virtual.VirtualHealthCards}). Integrators test their HIS against these without hardware.
 */
package io.yikatong.card.virtual;
