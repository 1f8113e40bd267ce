/**
 * PC/SC access to card readers (读卡器) through pcsc-lite or WinSCard and the jnasmartcardio provider:
 * {@link io.yikatong.card.pcsc.PcscReaders} finds readers by name and waits for cards,
 * {@link io.yikatong.card.pcsc.PcscCardTransport} is the {@link io.yikatong.card.CardTransport} to a card in a reader,
 * and sdk-testkit's {@code io.yikatong.testkit.card.VpcdCardBridge} inserts any {@code CardTransport} (an in-process
 * virtual card) into the vsmartcard vpcd virtual reader, so that tests and demos run through the real PC/SC stack
 * without hardware.
 * Only the first two classes touch {@code javax.smartcardio}.
 */
package io.yikatong.card.pcsc;
