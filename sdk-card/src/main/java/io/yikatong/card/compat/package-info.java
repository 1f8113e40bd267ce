/**
 * Compatibility facade for HIS code written against the health-card reader DLL ({@code WSB_RWInterface.dll},
 * health-card-spec §2): {@link io.yikatong.card.compat.HealthCardDll} mirrors its functions one by one, with the
 * DLL's integer return codes, on top of the typed {@link io.yikatong.card.health.HealthCardService}.
 */
package io.yikatong.card.compat;
