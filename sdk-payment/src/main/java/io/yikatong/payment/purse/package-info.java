/**
 * The card e-wallet (电子钱包) as a {@link io.yikatong.payment.PaymentClient} channel: a PBOC purse purchase on the
 * patient's card through {@link io.yikatong.card.purse.PurseTerminal} and a PSAM, journalled like any other payment.
 * See {@link io.yikatong.payment.purse.CardPurseChannel}.
 *
 * <p><b>Dependency.</b> This is the only package of sdk-payment that uses the card stack (sdk-card, which reaches the
 * readers over PC/SC through JNA). sdk-payment declares it {@code <optional>}: an integrator who does not use the card
 * e-wallet does not get it; one who does adds it next to sdk-payment:
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>io.yikatong</groupId>
 *   <artifactId>sdk-card</artifactId>
 * </dependency>
 * }</pre>
 *
 * Without it, loading {@code CardPurseChannel} fails with {@code NoClassDefFoundError}; the other channels are not
 * affected.
 */
package io.yikatong.payment.purse;
