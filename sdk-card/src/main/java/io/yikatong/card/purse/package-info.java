/**
 * The card electronic purse (电子钱包, PBOC EP purchase with a PSAM, health-card-spec §4.1): read the balance and take
 * money from a card so that every purchase ends either provably done or provably not done.
 *
 * <p>{@link io.yikatong.card.purse.PurseTerminal} runs the purchase against a card {@link io.yikatong.card.CardSession}
 * and a {@link io.yikatong.card.purse.PurseSecurityModule} (a PSAM: {@link io.yikatong.card.purse.PsamPurseModule};
 * development: {@link io.yikatong.card.purse.InsecureSoftwarePurseModule}). Outcomes are values
 * ({@link io.yikatong.card.purse.PurchaseResult}); a purchase whose answer was lost is
 * {@link io.yikatong.card.purse.PurchaseResult.Unknown} and is settled later with
 * {@link io.yikatong.card.purse.PurseTerminal#recover}.
 *
 * <p>Money is {@link io.yikatong.core.Money} (long fen) throughout.
 *
 * @since 0.1
 */
package io.yikatong.card.purse;
