package io.yikatong.core;

/**
 * Thrown when bytes or text that should follow a format do not: a TLV with an impossible length, a BCD nibble above 9,
 * text that is not valid GB18030, a PEM block with bad Base64. It names the element and, when known, the byte offset.
 *
 * <p>Every decoder in the SDK that reads bytes from a card, scanner or network throws this (or a subclass) for any
 * input it cannot decode; it never throws an unchecked exception for bad input.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class MalformedDataException extends YikatongException {

    private static final long serialVersionUID = 1L;

    private final String element;
    private final int offset;

    /**
     * Creates an exception with code {@link CoreErrorCode#MALFORMED_DATA}.
     *
     * @param element what was being decoded, for example {@code "BER-TLV length"}
     * @param offset the byte offset of the problem in the decoded input, or {@code -1} if unknown
     * @param problem what is wrong
     */
    public MalformedDataException(String element, int offset, String problem) {
        this(CoreErrorCode.MALFORMED_DATA, element, offset, problem, null);
    }

    /**
     * Creates an exception.
     *
     * @param errorCode the stable code
     * @param element what was being decoded
     * @param offset the byte offset of the problem, or {@code -1} if unknown
     * @param problem what is wrong
     * @param cause the underlying failure, or {@code null}
     */
    public MalformedDataException(ErrorCode errorCode, String element, int offset, String problem, Throwable cause) {
        super(errorCode, element + (offset >= 0 ? " at offset " + offset : "") + ": " + problem, cause);
        this.element = element;
        this.offset = offset;
    }

    /**
     * Returns what was being decoded.
     *
     * @return the element name
     */
    public String element() {
        return element;
    }

    /**
     * Returns the byte offset of the problem within the decoded input.
     *
     * @return the offset, or {@code -1} when unknown
     */
    public int offset() {
        return offset;
    }
}
