/**
 * The card e-wallet (电子钱包) as a {@link io.yikatong.payment.PaymentClient} channel: a PBOC purse purchase on the
 * patient's card through {@link io.yikatong.card.purse.PurseTerminal} and a PSAM, journalled like any other payment.
 * See {@link io.yikatong.payment.purse.CardPurseChannel}.
 */
package io.yikatong.payment.purse;
