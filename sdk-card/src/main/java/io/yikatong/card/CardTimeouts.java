package io.yikatong.card;

import io.yikatong.core.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * The deadlines of card I/O: every exchange with a card or SAM — connecting (power-up, ATR, exclusive access),
 * each command, and the release (end of exclusive access, disconnect with reset) — ends within its deadline, or with a
 * {@link CardLinkException} whose code is {@link CardErrorCode#TIMEOUT}. Used by
 * {@link io.yikatong.card.pcsc.PcscReaders#open(CardTimeouts)} and {@link BoundedCardTransport}.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>deadline</th><th>default</th><th>applies to</th></tr>
 *   <tr><td>{@link #connect()}</td><td>5 s</td><td>SCardConnect and taking exclusive access</td></tr>
 *   <tr><td>{@link #command()}</td><td>5 s</td><td>ordinary ISO/IEC 7816-4 commands: SELECT, READ BINARY/RECORD,
 *       UPDATE BINARY/RECORD, GET CHALLENGE, VERIFY, GET RESPONSE …</td></tr>
 *   <tr><td>{@link #longCommand()}</td><td>30 s</td><td>commands the standard lets run long
 *       ({@link #isLongCommand(byte[])})</td></tr>
 *   <tr><td>{@link #release()}</td><td>5 s</td><td>end of exclusive access, disconnect (card reset), context
 *       release</td></tr>
 * </table>
 *
 * <p>Why a longer deadline for some commands: ISO/IEC 7816-3 lets a card ask for more working time without limit
 * (T=0: NULL procedure bytes {@code 60}; T=1: S(WTX) requests), and cards do so while they compute with keys or commit
 * a transaction to EEPROM. These are the proprietary-class commands (CLA with bit 8 set: the health-card SAM's
 * {@code 80FA} encryption and MAC and {@code 80DE} key derivation, the PSAM's and the e-purse's {@code 8050/8054/8070/
 * 8072} purchase commands, the health card's secure-messaging {@code 84…} commands) and the ISO commands that run
 * asymmetric cryptography: PERFORM SECURITY OPERATION ({@code 2A}), GENERATE ASYMMETRIC KEY PAIR ({@code 46}, {@code
 * 47}) and INTERNAL AUTHENTICATE ({@code 88}). Slow SAMs take a few seconds for an SM2 operation; 30 s leaves a wide
 * margin and still ends a stuck command.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class CardTimeouts {

    /** The largest deadline accepted: 10 minutes. */
    public static final Duration MAX = Duration.ofMinutes(10);

    private static final CardTimeouts DEFAULTS = builder().build();

    private final Duration connect;
    private final Duration command;
    private final Duration longCommand;
    private final Duration release;

    private CardTimeouts(Builder b) {
        this.connect = b.connect;
        this.command = b.command;
        this.longCommand = b.longCommand;
        this.release = b.release;
    }

    /**
     * Returns the defaults: connect 5 s, command 5 s, long command 30 s, release 5 s.
     *
     * @return the default deadlines
     */
    public static CardTimeouts defaults() {
        return DEFAULTS;
    }

    /**
     * Starts from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns one deadline for connecting, ordinary commands and the release; long commands keep the longer of
     * {@code deadline} and the default 30 s (what a command-line {@code --card-timeout} sets).
     *
     * @param deadline the deadline, positive, at most {@link #MAX}
     * @return the deadlines
     * @throws InvalidInputException if {@code deadline} is out of range
     */
    public static CardTimeouts of(Duration deadline) {
        Builder b = builder().connect(deadline).command(deadline).release(deadline);
        if (deadline.compareTo(b.longCommand) > 0) {
            b.longCommand(deadline);
        }
        return b.build();
    }

    /** @return the deadline for connecting to the card and taking exclusive access */
    public Duration connect() {
        return connect;
    }

    /** @return the deadline for an ordinary command */
    public Duration command() {
        return command;
    }

    /** @return the deadline for a command of {@link #isLongCommand(byte[])} */
    public Duration longCommand() {
        return longCommand;
    }

    /** @return the deadline for releasing the card (end of exclusive access, disconnect, context release) */
    public Duration release() {
        return release;
    }

    /**
     * Returns the deadline of one command: {@link #longCommand()} if {@link #isLongCommand(byte[])}, else
     * {@link #command()}.
     *
     * @param commandApdu the encoded command
     * @return its deadline
     */
    public Duration forCommand(byte[] commandApdu) {
        return isLongCommand(commandApdu) ? longCommand : command;
    }

    /**
     * Tells whether a command may legitimately run long (see the class description): a proprietary class (CLA bit 8
     * set, except {@code FF}, the PC/SC reader pseudo-class), or INS {@code 2A}, {@code 46}, {@code 47} or {@code 88}.
     *
     * @param commandApdu the encoded command
     * @return {@code true} for a command that gets {@link #longCommand()}
     */
    public static boolean isLongCommand(byte[] commandApdu) {
        if (commandApdu == null || commandApdu.length < 2) {
            return false;
        }
        int cla = commandApdu[0] & 0xFF;
        int ins = commandApdu[1] & 0xFF;
        if ((cla & 0x80) != 0 && cla != 0xFF) {
            return true;
        }
        return ins == 0x2A || ins == 0x46 || ins == 0x47 || ins == 0x88;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardTimeouts t && connect.equals(t.connect) && command.equals(t.command)
                && longCommand.equals(t.longCommand) && release.equals(t.release);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connect, command, longCommand, release);
    }

    @Override
    public String toString() {
        return "CardTimeouts[connect=" + connect.toMillis() + " ms, command=" + command.toMillis() + " ms, longCommand="
                + longCommand.toMillis() + " ms, release=" + release.toMillis() + " ms]";
    }

    /**
     * Builds {@link CardTimeouts}; starts from the defaults. {@link #build()} rejects a long-command deadline shorter
     * than the ordinary one.
     *
     * <p>Not thread-safe; confine to one thread.
     */
    public static final class Builder {
        private Duration connect = Duration.ofSeconds(5);
        private Duration command = Duration.ofSeconds(5);
        private Duration longCommand = Duration.ofSeconds(30);
        private Duration release = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * Sets the connect deadline.
         *
         * @param deadline positive, at most {@link #MAX}
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder connect(Duration deadline) {
            this.connect = checked(deadline, "connect");
            return this;
        }

        /**
         * Sets the deadline of ordinary commands.
         *
         * @param deadline positive, at most {@link #MAX}
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder command(Duration deadline) {
            this.command = checked(deadline, "command");
            return this;
        }

        /**
         * Sets the deadline of long commands ({@link CardTimeouts#isLongCommand(byte[])}).
         *
         * @param deadline positive, at most {@link #MAX}
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder longCommand(Duration deadline) {
            this.longCommand = checked(deadline, "longCommand");
            return this;
        }

        /**
         * Sets the release deadline.
         *
         * @param deadline positive, at most {@link #MAX}
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder release(Duration deadline) {
            this.release = checked(deadline, "release");
            return this;
        }

        /**
         * Builds the deadlines.
         *
         * @return the deadlines
         * @throws InvalidInputException if the long-command deadline is shorter than the ordinary one
         */
        public CardTimeouts build() {
            if (longCommand.compareTo(command) < 0) {
                throw new InvalidInputException("longCommand", "must not be shorter than command ("
                        + longCommand.toMillis() + " ms < " + command.toMillis() + " ms)");
            }
            return new CardTimeouts(this);
        }

        private static Duration checked(Duration d, String field) {
            if (d == null || d.isNegative() || d.isZero() || d.compareTo(MAX) > 0) {
                throw new InvalidInputException(field, "must be positive and at most 10 minutes, was " + d);
            }
            return d;
        }
    }
}
