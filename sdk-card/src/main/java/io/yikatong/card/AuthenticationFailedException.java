package io.yikatong.card;

/**
 * A verification or authentication was refused: a wrong PIN or key ({@code 63Cx}, with x retries left) or a blocked
 * method ({@code 6983}, no retries left).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class AuthenticationFailedException extends CardRefusedException {

    private static final long serialVersionUID = 1L;

    private final int retriesLeft;

    /**
     * Creates an exception.
     *
     * @param command the refused command (only its header is kept)
     * @param statusWord {@code 63Cx} or {@code 6983}
     * @param what what was being authenticated, without the secret
     */
    public AuthenticationFailedException(CommandApdu command, StatusWord statusWord, String what) {
        super(CardErrorCode.AUTHENTICATION_FAILED, command, statusWord, what);
        this.retriesLeft = Math.max(0, statusWord.retriesLeft());
    }

    /**
     * Returns how many more attempts the card allows.
     *
     * @return the retries left; 0 when the method is blocked
     */
    public int retriesLeft() {
        return retriesLeft;
    }
}
