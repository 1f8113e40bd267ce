/**
 * The compatibility layer for HIS code written against the health-card reader DLL ({@code WSB_RWInterface.dll},
 * 居民健康卡应用接口技术规范 §6.2, health-card-spec §2): {@link io.yikatong.card.compat.HealthCardDll} mirrors the
 * DLL's C interface function by function — the same function names and parameter order, {@link StringBuilder} output
 * buffers for its {@code char*} outputs, text values in the DLL's formats, and the DLL's {@code int} return codes
 * (0, 101–113, negative reader codes) instead of exceptions — so that existing call sequences port line by line.
 *
 * <p>It is a migration aid, kept apart from the SDK's API: nothing else in the SDK uses this package (a build check
 * enforces it), and it adds no capability of its own. New code, and migrated code as it is touched, should use the
 * idiomatic API the facade is built on: {@link io.yikatong.card.health.HealthCardService} with its typed, immutable
 * models ({@link io.yikatong.card.health.HolderInfo}, {@link io.yikatong.card.health.VisitRecord}, ...), typed
 * exceptions ({@link io.yikatong.card.CardException} and its subclasses) instead of return codes, and a
 * {@link io.yikatong.card.health.security.HealthCardSecurityModule} for the SAM.
 * {@link io.yikatong.card.compat.HealthCardDll#service()} hands out the service behind a facade, so a migration can
 * move one call at a time.
 */
package io.yikatong.card.compat;
