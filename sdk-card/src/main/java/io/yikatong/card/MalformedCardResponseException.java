package io.yikatong.card;

/**
 * The card answered with bytes that do not follow the format of the file being read. The message names the file, the
 * record (when there is one) and the byte offset, never the bytes themselves (they may be personal data).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class MalformedCardResponseException extends CardException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int record;
    private final int offset;

    /**
     * Creates an exception.
     *
     * @param file the file, for example {@code "DDF1/EF06"}
     * @param record the record number, or {@code -1} for a transparent file or a command response
     * @param offset the byte offset of the problem, or {@code -1} if unknown
     * @param problem what is wrong
     * @param cause the decoder's exception, or {@code null}
     */
    public MalformedCardResponseException(String file, int record, int offset, String problem, Throwable cause) {
        super(CardErrorCode.MALFORMED_RESPONSE, file + (record >= 0 ? " record " + record : "")
                + (offset >= 0 ? " at offset " + offset : "") + ": " + problem, cause);
        this.file = file;
        this.record = record;
        this.offset = offset;
    }

    /** @return the file being read */
    public String file() {
        return file;
    }

    /** @return the record number, or {@code -1} */
    public int record() {
        return record;
    }

    /** @return the byte offset, or {@code -1} */
    public int offset() {
        return offset;
    }
}
