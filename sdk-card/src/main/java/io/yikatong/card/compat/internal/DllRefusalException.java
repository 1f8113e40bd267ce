package io.yikatong.card.compat.internal;

/**
 * A failure the facade itself decides (not the card, the SAM or the caller's input): a function the SDK does not
 * perform (issuance-only writes), an unusable DF03 record (index flag {@code FF}) or a cyclic record that holds
 * nothing. It carries the DLL return code. Messages never contain personal data.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DllRefusalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int returnCode;

    /**
     * Creates an exception.
     *
     * @param returnCode the DLL return code it stands for
     * @param message what was refused, without personal data
     */
    public DllRefusalException(int returnCode, String message) {
        super(message);
        this.returnCode = returnCode;
    }

    /**
     * Returns the DLL return code.
     *
     * @return for example {@link ReturnCodes#RECORD_UNUSABLE}
     */
    public int returnCode() {
        return returnCode;
    }
}
