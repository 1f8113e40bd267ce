package io.yikatong.qr.ehc;

import java.util.Optional;

/**
 * The platform answered with {@code commonOut.resultCode} other than 0. It carries the platform's result code and
 * message ({@code errMsg}, for example {@code 有效时间已过期}); {@link #knownResult()} maps the code to
 * {@link EhcResultCode} when it is one the SDK knows.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class EhcPlatformException extends EhcException {

    private static final long serialVersionUID = 1L;

    private static final int MAX_MESSAGE = 200;

    private final int resultCode;
    private final String errMsg;

    /**
     * Creates an exception.
     *
     * @param operation the platform operation
     * @param resultCode the platform's {@code commonOut.resultCode}, never 0
     * @param errMsg the platform's {@code commonOut.errMsg}, or {@code null}
     */
    public EhcPlatformException(String operation, int resultCode, String errMsg) {
        super(EhcErrorCode.PLATFORM_REFUSED, operation, "platform refused with resultCode " + resultCode
                + (errMsg == null || errMsg.isEmpty() ? "" : " (" + shorten(errMsg) + ")"), null);
        this.resultCode = resultCode;
        this.errMsg = errMsg == null ? "" : errMsg;
    }

    private static String shorten(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
    }

    /**
     * Returns the platform's result code.
     *
     * @return {@code commonOut.resultCode}, never 0
     */
    public int resultCode() {
        return resultCode;
    }

    /**
     * Returns the platform's message.
     *
     * @return {@code commonOut.errMsg}, or an empty string when there was none
     */
    public String errMsg() {
        return errMsg;
    }

    /**
     * Returns the SDK's name for the result code, when it knows it.
     *
     * @return the known result, or empty for a code the SDK does not know
     */
    public Optional<EhcResultCode> knownResult() {
        return EhcResultCode.find(resultCode);
    }
}
