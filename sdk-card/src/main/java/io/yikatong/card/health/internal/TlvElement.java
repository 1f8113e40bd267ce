package io.yikatong.card.health.internal;

/**
 * One data element of a TLV record file: the record it lives in, its tag, its fixed maximum length, its encoding and
 * its name in the health-card reference. Instances are immutable and thread-safe.
 *
 * @param record the record number (1-based)
 * @param tag the one-byte tag
 * @param maxLength the maximum (and, when written by this SDK, the actual) value length
 * @param encoding the encoding style
 * @param name the Chinese element name with the vendor parameter name, for messages
 */
public record TlvElement(int record, int tag, int maxLength, Encoding encoding, String name) {
}
