package io.yikatong.testkit.card;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTransport;
import io.yikatong.core.Bytes;
import io.yikatong.core.codec.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Wraps a working {@link CardTransport} (usually a {@link VirtualCardTransport}) and injects the faults a card reader
 * sees in the field: a card pulled before or after a command reached it, a link that dies, a response altered on the
 * way, a status word the card would not have sent. For tests of code that must survive them (a purchase whose DEBIT
 * answer is lost, a read that is interrupted, a SAM that refuses once).
 *
 * <pre>{@code
 * FaultyCardTransport card = FaultyCardTransport.wrap(new VirtualCardTransport(purseCard))
 *         .removeCardAfter(FaultyCardTransport.command(0x80, 0x54), true); // DEBIT reaches the card, the answer is lost
 * }</pre>
 *
 * <p>Rules are checked in the order they were added; the first whose matcher accepts a command handles it. Once the
 * card is removed every later command fails with {@link CardErrorCode#CARD_REMOVED} until {@link #insertCard()}.
 * A card that stops answering ({@link #stopAnswering()}, {@link #stopAnsweringAt(Predicate)}) blocks every command
 * until {@link #resumeAnswering()}, as a frozen card or a hung reader driver does: for tests of deadlines.
 *
 * <p>Thread-safe: every method synchronises on the instance (a blocked command waits without holding the lock).
 */
public final class FaultyCardTransport implements CardTransport {

    /** What a rule does with a command it matched. */
    @FunctionalInterface
    public interface Interception {
        /**
         * Handles one command.
         *
         * @param command the command APDU (a copy)
         * @param card the wrapped transport, to forward the command to when the rule wants the card to see it
         * @return the response the caller receives
         * @throws CardLinkException the link failure the caller sees
         */
        byte[] handle(byte[] command, CardTransport card) throws CardLinkException;
    }

    private record Rule(Predicate<byte[]> matcher, int nth, Interception action) {
    }

    private final CardTransport inner;
    private final List<Rule> rules = new ArrayList<>();
    private final List<int[]> matches = new ArrayList<>();
    private CardErrorCode linkFailure;
    private boolean removed;
    private boolean frozen;
    private int blocked;
    private int sent;

    private FaultyCardTransport(CardTransport inner) {
        this.inner = inner;
    }

    /**
     * Wraps a transport.
     *
     * @param inner the working transport the commands go to
     * @return a transport that forwards everything until a rule says otherwise
     */
    public static FaultyCardTransport wrap(CardTransport inner) {
        return new FaultyCardTransport(Objects.requireNonNull(inner, "inner"));
    }

    /**
     * Matches commands by class and instruction byte.
     *
     * @param cla the CLA byte
     * @param ins the INS byte
     * @return the matcher
     */
    public static Predicate<byte[]> command(int cla, int ins) {
        return apdu -> apdu.length >= 2 && (apdu[0] & 0xFF) == cla && (apdu[1] & 0xFF) == ins;
    }

    /**
     * Matches commands whose hex encoding starts with a prefix (case-insensitive).
     *
     * @param hexPrefix the prefix, e.g. {@code "00b095"}
     * @return the matcher
     */
    public static Predicate<byte[]> commandStartingWith(String hexPrefix) {
        String prefix = hexPrefix.replace(" ", "").toLowerCase(Locale.ROOT);
        return apdu -> Hex.encode(apdu).startsWith(prefix);
    }

    /**
     * Adds a general rule: every matching command is handed to {@code action}.
     *
     * @param matcher which commands
     * @param action what to do with them
     * @return this transport
     */
    public synchronized FaultyCardTransport intercept(Predicate<byte[]> matcher, Interception action) {
        return add(matcher, 0, action);
    }

    /**
     * Removes the card at the first matching command.
     *
     * @param matcher which command
     * @param commandReachesCard {@code true}: the card executes the command and the answer is lost (the hard case
     *        for a purchase); {@code false}: the card is gone before the command reaches it
     * @return this transport
     */
    public synchronized FaultyCardTransport removeCardAfter(Predicate<byte[]> matcher, boolean commandReachesCard) {
        return add(matcher, 1, (command, card) -> {
            if (commandReachesCard) {
                card.transmit(command);
            }
            removed = true;
            throw removedException();
        });
    }

    /**
     * Removes the card once {@code commands} commands have been answered.
     *
     * @param commands how many commands are answered normally
     * @return this transport
     */
    public synchronized FaultyCardTransport removeCardAfterCommands(int commands) {
        if (commands < 0) {
            throw new IllegalArgumentException("commands must not be negative");
        }
        return add(apdu -> sent > commands, 1, (command, card) -> {
            removed = true;
            throw removedException();
        });
    }

    /**
     * Forwards matching commands and hands their responses to {@code change} before the caller sees them.
     *
     * @param matcher which commands
     * @param change alters the response (data and status word)
     * @return this transport
     */
    public synchronized FaultyCardTransport tamperResponse(Predicate<byte[]> matcher, UnaryOperator<byte[]> change) {
        Objects.requireNonNull(change, "change");
        return add(matcher, 0, (command, card) -> change.apply(card.transmit(command)));
    }

    /**
     * Answers the {@code nth} matching command (1 = the first; 0 = every one) with a fixed response instead of
     * forwarding it: the card never sees it.
     *
     * @param matcher which commands
     * @param responseHex the response (data and status word), e.g. {@code "6581"}
     * @param nth which occurrence
     * @return this transport
     */
    public synchronized FaultyCardTransport answerInstead(Predicate<byte[]> matcher, String responseHex, int nth) {
        if (nth < 0) {
            throw new IllegalArgumentException("nth must not be negative");
        }
        byte[] answer = Hex.parse(responseHex.replace(" ", ""), "responseHex");
        return add(matcher, nth, (command, card) -> answer.clone());
    }

    /**
     * The card stops answering at the first matching command: that command and every later one block (the caller's
     * thread waits) until {@link #resumeAnswering()}; then they reach the card.
     *
     * @param matcher which command
     * @return this transport
     */
    public synchronized FaultyCardTransport stopAnsweringAt(Predicate<byte[]> matcher) {
        return add(matcher, 1, (command, card) -> {
            frozen = true;
            awaitAnswering();
            return card.transmit(command);
        });
    }

    /**
     * The card stops answering now: every command (and {@link #reset()}) blocks until {@link #resumeAnswering()}.
     *
     * @return this transport
     */
    public synchronized FaultyCardTransport stopAnswering() {
        this.frozen = true;
        return this;
    }

    /**
     * Ends {@link #stopAnswering()} / {@link #stopAnsweringAt(Predicate)}: the blocked commands go on to the card.
     *
     * @return this transport
     */
    public synchronized FaultyCardTransport resumeAnswering() {
        this.frozen = false;
        notifyAll();
        return this;
    }

    /** @return how many commands are blocked right now by {@link #stopAnswering()} */
    public synchronized int blockedCommands() {
        return blocked;
    }

    /**
     * From now on every command fails with a link error of this kind (a dead reader, a stopped service).
     *
     * @param code the failure, e.g. {@link CardErrorCode#READER_UNAVAILABLE}
     * @return this transport
     */
    public synchronized FaultyCardTransport failLink(CardErrorCode code) {
        this.linkFailure = Objects.requireNonNull(code, "code");
        return this;
    }

    /**
     * Ends a {@link #failLink(CardErrorCode)}.
     *
     * @return this transport
     */
    public synchronized FaultyCardTransport restoreLink() {
        this.linkFailure = null;
        return this;
    }

    /**
     * Removes the card now: every later command fails with {@link CardErrorCode#CARD_REMOVED} (for an
     * {@link #intercept(Predicate, Interception)} rule that pulls the card while handling a command).
     *
     * @return this transport
     */
    public synchronized FaultyCardTransport removeCard() {
        this.removed = true;
        return this;
    }

    /**
     * Puts a removed card back: commands reach the wrapped transport again (rules that already fired stay spent).
     *
     * @return this transport
     */
    public synchronized FaultyCardTransport insertCard() {
        this.removed = false;
        return this;
    }

    /** @return whether the card is currently removed */
    public synchronized boolean isCardRemoved() {
        return removed;
    }

    /** @return how many commands the caller sent (including failed ones) */
    public synchronized int commandsSent() {
        return sent;
    }

    /**
     * How many commands matched a rule so far.
     *
     * @param rule the rule's position, 0 for the first added
     * @return the count
     */
    public synchronized int matches(int rule) {
        return matches.get(rule)[0];
    }

    @Override
    public synchronized byte[] transmit(byte[] commandApdu) throws CardLinkException {
        sent++;
        awaitAnswering();
        if (linkFailure != null) {
            throw new CardLinkException(linkFailure, "link failure injected by the test", null);
        }
        if (removed) {
            throw removedException();
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (!rule.matcher().test(commandApdu.clone())) {
                continue;
            }
            int count = ++matches.get(i)[0];
            if (rule.nth() == 0 || count == rule.nth()) {
                return rule.action().handle(commandApdu.clone(), inner);
            }
        }
        return inner.transmit(commandApdu);
    }

    @Override
    public synchronized void reset() throws CardLinkException {
        awaitAnswering();
        if (removed) {
            throw removedException();
        }
        inner.reset();
    }

    @Override
    public Bytes atr() {
        return inner.atr();
    }

    @Override
    public boolean supportsExtendedLength() {
        return inner.supportsExtendedLength();
    }

    @Override
    public void close() throws CardLinkException {
        inner.close();
    }

    @Override
    public synchronized String toString() {
        return "FaultyCardTransport{rules=" + rules.size() + ", sent=" + sent + ", removed=" + removed
                + ", frozen=" + frozen
                + ", linkFailure=" + linkFailure + "}";
    }

    /** Waits (releasing the lock) while the card does not answer. Called with the lock held. */
    private void awaitAnswering() throws CardLinkException {
        while (frozen) {
            blocked++;
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CardLinkException(CardErrorCode.LINK_FAILED, "interrupted while the card did not answer", e);
            } finally {
                blocked--;
            }
        }
    }

    private FaultyCardTransport add(Predicate<byte[]> matcher, int nth, Interception action) {
        rules.add(new Rule(Objects.requireNonNull(matcher, "matcher"), nth, Objects.requireNonNull(action, "action")));
        matches.add(new int[1]);
        return this;
    }

    private static CardLinkException removedException() {
        return new CardLinkException(CardErrorCode.CARD_REMOVED, "card removed (injected by the test)", null);
    }
}
