/**
 * Shared foundation of the Yikatong SDK: the error model ({@link io.yikatong.core.YikatongException},
 * {@link io.yikatong.core.ErrorCode}), money in fen ({@link io.yikatong.core.Money}) and immutable bytes
 * ({@link io.yikatong.core.Bytes}).
 *
 * <p>Sub-packages: {@code crypto} (SM2, SM3, SM4), {@code codec} (hex, BCD, GB18030 text, TLV), {@code domain}
 * (resident ID numbers and national code tables), {@code time} (clocks for tests and simulators). Packages named
 * {@code internal} are not API and may change in any release.
 */
package io.yikatong.core;
