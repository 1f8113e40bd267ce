package io.yikatong.card;

import java.util.Objects;

/**
 * The card answered a command with an error status word. The status word and the command header (never its data) are
 * kept for diagnosis; the message reads like {@code READ RECORD 00B2 refused: 6A83 (record not found)}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class CardRefusedException extends CardException {

    private static final long serialVersionUID = 1L;

    private final StatusWord statusWord;
    private final int cla;
    private final int ins;

    /**
     * Creates an exception.
     *
     * @param command the refused command (only its header is kept)
     * @param statusWord the card's answer
     * @param what what the command was for, for example {@code "select DDF1"}
     */
    public CardRefusedException(CommandApdu command, StatusWord statusWord, String what) {
        this(CardErrorCode.CARD_REFUSED, command, statusWord, what);
    }

    CardRefusedException(CardErrorCode code, CommandApdu command, StatusWord statusWord, String what) {
        super(code, String.format("%s (%02X%02X) refused: %s", what, command.cla(), command.ins(), statusWord), null);
        this.statusWord = Objects.requireNonNull(statusWord, "statusWord");
        this.cla = command.cla();
        this.ins = command.ins();
    }

    /**
     * Returns the status word the card answered.
     *
     * @return the status word
     */
    public StatusWord statusWord() {
        return statusWord;
    }

    /**
     * Returns the refused command's class byte.
     *
     * @return CLA
     */
    public int cla() {
        return cla;
    }

    /**
     * Returns the refused command's instruction byte.
     *
     * @return INS
     */
    public int ins() {
        return ins;
    }
}
