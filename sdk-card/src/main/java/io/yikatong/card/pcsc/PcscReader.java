package io.yikatong.card.pcsc;

/**
 * One PC/SC reader as listed by {@link PcscReaders#list()}: its name and whether a card was present at that moment.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the PC/SC reader name, for example {@code "Virtual PCD 00 00"}
 * @param cardPresent whether a card was in the reader when listed
 * @since 0.1
 */
public record PcscReader(String name, boolean cardPresent) {
}
