package io.yikatong.testkit.card;

import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTransport;
import io.yikatong.core.Bytes;
import io.yikatong.core.codec.Hex;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A {@link CardTransport} for unit tests that replays an expected conversation: each command the code under test sends
 * must equal the next scripted command (compared as hex, case-insensitively), and is answered with the scripted
 * response or failure. Anything else fails loudly with an {@link AssertionError} naming the step, so a test written
 * with it cannot pass by accident.
 *
 * <pre>{@code
 * ScriptedCardTransport card = new ScriptedCardTransport()
 *         .expect("00a4040010d15600000543484e0000000000000000", "9000")
 *         .expect("00b0950000", "…9000");
 * // … run the code under test on card …
 * card.assertConsumed();
 * }</pre>
 *
 * <p>Framework-neutral (no test library on the class path is needed). Thread-safe: the script is guarded by the
 * instance's lock, so a test may script and inspect it from another thread than the one transmitting.
 */
public final class ScriptedCardTransport implements CardTransport {

    private record Step(String command, byte[] response, CardLinkException failure) {
    }

    private final Deque<Step> script = new ArrayDeque<>();
    private Bytes atr = Bytes.fromHex("3b6a0000ff003901");
    private boolean extendedLength;
    private int sent;
    private boolean closed;

    /** Creates an empty script with a generic ATR and short APDUs only. */
    public ScriptedCardTransport() {
    }

    /**
     * Scripts the next command and its response.
     *
     * @param commandHex the command APDU the code must send next, in hex
     * @param responseHex the response APDU (data and status word), in hex
     * @return this transport
     */
    public synchronized ScriptedCardTransport expect(String commandHex, String responseHex) {
        Objects.requireNonNull(commandHex, "commandHex");
        Objects.requireNonNull(responseHex, "responseHex");
        script.add(new Step(normalise(commandHex), Hex.parse(responseHex.replace(" ", ""), "responseHex"), null));
        return this;
    }

    /**
     * Scripts the next command and a link failure instead of a response (a pulled card, a dead reader).
     *
     * @param commandHex the command APDU the code must send next, in hex
     * @param failure what {@link #transmit(byte[])} throws
     * @return this transport
     */
    public synchronized ScriptedCardTransport expectFailure(String commandHex, CardLinkException failure) {
        Objects.requireNonNull(commandHex, "commandHex");
        Objects.requireNonNull(failure, "failure");
        script.add(new Step(normalise(commandHex), null, failure));
        return this;
    }

    /**
     * Sets the ATR the transport reports.
     *
     * @param atr the answer to reset
     * @return this transport
     */
    public synchronized ScriptedCardTransport atr(Bytes atr) {
        this.atr = Objects.requireNonNull(atr, "atr");
        return this;
    }

    /**
     * Sets whether the transport claims extended-length APDU support.
     *
     * @param supported the claim
     * @return this transport
     */
    public synchronized ScriptedCardTransport extendedLength(boolean supported) {
        this.extendedLength = supported;
        return this;
    }

    @Override
    public synchronized byte[] transmit(byte[] commandApdu) throws CardLinkException {
        if (closed) {
            throw new AssertionError("command sent after close: " + Hex.encode(commandApdu));
        }
        Step step = script.poll();
        String actual = Hex.encode(commandApdu);
        int index = ++sent;
        if (step == null) {
            throw new AssertionError("unexpected command #" + index + " " + actual + " after the end of the script");
        }
        if (!step.command().equals(actual)) {
            throw new AssertionError("command #" + index + ": expected " + step.command() + " but was " + actual);
        }
        if (step.failure() != null) {
            throw step.failure();
        }
        return step.response().clone();
    }

    @Override
    public synchronized Bytes atr() {
        return atr;
    }

    @Override
    public synchronized boolean supportsExtendedLength() {
        return extendedLength;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /**
     * Fails unless every scripted command was sent.
     *
     * @throws AssertionError naming the first command that was not sent
     */
    public synchronized void assertConsumed() {
        if (!script.isEmpty()) {
            throw new AssertionError(script.size() + " scripted commands were not sent; the next was "
                    + script.peek().command());
        }
    }

    /** @return whether {@link #close()} was called */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** @return how many commands were sent so far */
    public synchronized int commandsSent() {
        return sent;
    }

    private static String normalise(String hex) {
        String compact = hex.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
        Hex.parse(compact, "commandHex");
        return compact;
    }

    @Override
    public synchronized String toString() {
        return "ScriptedCardTransport{sent=" + sent + ", remaining=" + script.size() + ", closed=" + closed + "}";
    }
}
