package io.yikatong.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Bytes;
import io.yikatong.core.codec.Hex;
import java.util.ArrayDeque;
import java.util.Deque;

/** A transport that replays an expected conversation and fails loudly on anything else. Test scope only. */
final class ScriptedCardTransport implements CardTransport {

    private record Step(String command, byte[] response, CardLinkException failure) {
    }

    private final Deque<Step> script = new ArrayDeque<>();
    private boolean closed;

    ScriptedCardTransport expect(String commandHex, String responseHex) {
        script.add(new Step(commandHex.toLowerCase(), Hex.parse(responseHex, "response"), null));
        return this;
    }

    ScriptedCardTransport expectFailure(String commandHex, CardLinkException failure) {
        script.add(new Step(commandHex.toLowerCase(), null, failure));
        return this;
    }

    @Override
    public byte[] transmit(byte[] commandApdu) throws CardLinkException {
        Step step = script.poll();
        String actual = Hex.encode(commandApdu);
        if (step == null) {
            throw new AssertionError("unexpected command " + actual + " after the end of the script");
        }
        assertEquals(step.command(), actual, "command");
        if (step.failure() != null) {
            throw step.failure();
        }
        return step.response().clone();
    }

    @Override
    public Bytes atr() {
        return Bytes.fromHex("3b6a0000ff003901");
    }

    @Override
    public boolean supportsExtendedLength() {
        return false;
    }

    @Override
    public void close() {
        closed = true;
    }

    void assertConsumed() {
        assertTrue(script.isEmpty(), () -> script.size() + " scripted commands were not sent: " + script.peek());
    }

    boolean closed() {
        return closed;
    }
}
