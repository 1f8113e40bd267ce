/**
 * Byte and text codecs for card, scanner and network data: hexadecimal text ({@link io.yikatong.core.codec.Hex}),
 * BCD numbers and dates ({@link io.yikatong.core.codec.Bcd}, the health card's "CN" 压缩数字型 and plain "N"),
 * GB18030 text ({@link io.yikatong.core.codec.GbText}, the cards' "AN" 字母数字型), BER-TLV as used by ISO/IEC 7816-4
 * ({@link io.yikatong.core.codec.BerTlv}, {@link io.yikatong.core.codec.Tlv}) and the cards' one-byte-tag records
 * ({@link io.yikatong.core.codec.SimpleTlv}), and canonical Base64 for signatures and certificates
 * ({@link io.yikatong.core.codec.CanonicalBase64}: one accepted spelling per byte string).
 *
 * <p>Naming rule used throughout the SDK: a method named {@code decode…} reads bytes or text that come from outside the
 * program (a card, a scanner, a network peer) and throws the checked {@link io.yikatong.core.MalformedDataException}
 * (with the element name and byte offset) for anything it cannot decode, never an unchecked exception; a method named
 * {@code parse…} reads a value supplied by the calling application (configuration, a form field, a test) and throws the
 * unchecked {@link io.yikatong.core.InvalidInputException}; a method named {@code encode…} produces bytes or text and
 * throws {@link io.yikatong.core.InvalidInputException} for arguments that cannot be encoded. Arrays passed in and
 * returned are always copies.
 */
package io.yikatong.core.codec;
