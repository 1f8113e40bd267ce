package io.yikatong.card.purse;

import io.yikatong.card.CardException;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.ResponseApdu;
import io.yikatong.card.StatusWord;
import io.yikatong.card.purse.internal.PurseCodec;
import io.yikatong.card.purse.internal.PurseCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.time.ChinaTime;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A purse terminal: reads the electronic-purse balance and runs purchases (PBOC EP 消费, health-card-spec §4.1) with a
 * {@link PurseSecurityModule}. One purchase is, on the card session:
 * <ol>
 * <li>SELECT the purse application by AID ({@code 00A4 0400}), SELECT its public application file {@code 0015} and
 * READ BINARY its 30 bytes (the application serial, the key diversification factor);</li>
 * <li>INITIALIZE FOR PURCHASE {@code 8050 0102 0B <keyIndex><amount 4><terminal 6> 0F} → balance, card TSN, key
 * version, algorithm id, pseudo-random;</li>
 * <li>security module: INIT SAM FOR PURCHASE → terminal TSN, MAC1;</li>
 * <li>DEBIT FOR PURCHASE {@code 8054 0100 0F <terminalTSN 4><date 4><time 3><MAC1 4> 08} → TAC, MAC2;</li>
 * <li>security module: CREDIT SAM FOR PURCHASE checks MAC2.</li>
 * </ol>
 * That is 5 card APDUs. Date and time come from the injected {@link Clock}.
 *
 * <p><b>Outcomes.</b> A purchase is provably done or provably not done:
 * <ul>
 * <li>{@link PurchaseResult.Completed} — debited and MAC2 verified;</li>
 * <li>{@link PurchaseResult.Declined} — the card refused INITIALIZE, or refused DEBIT with a command error
 * ({@code 93xx}, {@code 94xx}, {@code 67xx}, {@code 69xx}, {@code 6Axx}, {@code 6Dxx}, {@code 6Exx}; for example
 * {@code 9401}, {@code 9302}): a purse card checks before it debits, so nothing was debited [I, PBOC];</li>
 * <li>{@link PurchaseResult.Unknown} — the link to the card failed, or its answer to DEBIT was unreadable or had any
 * other status word (such as {@code 6581} memory failure) after DEBIT was sent,
 * or the security module's link failed while checking MAC2: settle it with {@link #recover}.</li>
 * </ul>
 * A {@link CardException} thrown by {@link #purchase} means nothing was debited (it happens before DEBIT is sent),
 * <b>except</b> {@link CardAnswerNotAuthenticException}: the card answered DEBIT but its MAC2 was rejected — never
 * treat that as paid; the exception carries the {@link PurchaseProofRequest}.
 *
 * <p><b>Recovery</b> ({@link #recover}): with the same card inserted again, GET TRANSACTION PROOF
 * {@code 805A 0006 02 <cardTSN 2> 08} (PBOC's way to recover a lost purchase answer [I]) returns MAC2 and TAC of that
 * purchase if the card made it — then the security module checks MAC2 and the result is
 * {@link PurchaseResult.Completed}; {@code 9406} (no proof for that TSN) gives {@link PurchaseResult.NotDebited}.
 * Recover before the card is used for another purchase: a card's TSN advances only when it debits, so a later
 * purchase on the same card would reuse the serial number and its proof would not verify (that surfaces as
 * {@link CardAnswerNotAuthenticException}, never as a false success).
 *
 * <p>Not thread-safe; confine to one thread (the card session is not thread-safe either).
 *
 * @since 0.1
 */
public final class PurseTerminal {

    /**
     * The default purse application identifier, {@code A000000632010105} — the electronic-purse AID of the
     * 交通联合 (China T-Union) interoperable card application, a stand-in for a PBOC EP application [I]. Configure the
     * AID of the cards you accept with {@link Builder#application(Bytes)}.
     */
    public static final Bytes DEFAULT_AID = Bytes.fromHex("A000000632010105");

    /** The default purchase key index, {@code 01} [I]. */
    public static final int DEFAULT_KEY_INDEX = 1;

    private static final Logger logger = LoggerFactory.getLogger(PurseTerminal.class);
    private static final int PROOF_NOT_AVAILABLE = 0x9406;

    private final PurseSecurityModule securityModule;
    private final Bytes aid;
    private final int keyIndex;
    private final Clock clock;

    private PurseTerminal(Builder b) {
        this.securityModule = b.securityModule;
        this.aid = b.aid;
        this.keyIndex = b.keyIndex;
        this.clock = b.clock;
    }

    /**
     * Starts building a terminal.
     *
     * @param securityModule the purse security module (PSAM)
     * @return a builder with the default AID, key index and {@link ChinaTime#systemClock()}
     */
    public static Builder builder(PurseSecurityModule securityModule) {
        return new Builder(Objects.requireNonNull(securityModule, "securityModule"));
    }

    /**
     * Reads the purse balance (SELECT, GET BALANCE {@code 805C 0002 04}).
     *
     * @param card the card session
     * @return the balance
     * @throws CardLinkException if the link failed
     * @throws CardRefusedException if the card has no such purse or refused GET BALANCE
     * @throws MalformedCardResponseException if the balance is not 4 bytes
     */
    public Money balance(CardSession card) throws CardException {
        Objects.requireNonNull(card, "card");
        card.selectByName(aid, "select purse application");
        byte[] r = card.send(CommandApdu.withNe(0x80, 0x5C, 0x00, 0x02, 4), "GET BALANCE");
        if (r.length != 4) {
            throw new MalformedCardResponseException("GET BALANCE response", -1, Math.min(r.length, 4),
                    "expected 4 bytes, got " + r.length, null);
        }
        return Money.ofFen(PurseCrypto.unsigned(r, 0, 4));
    }

    /**
     * Takes {@code amount} from the card's purse.
     *
     * @param card the card session
     * @param amount the amount, 1 fen to {@value io.yikatong.card.purse.internal.PurseCrypto#MAX_AMOUNT} fen
     * @return {@link PurchaseResult.Completed}, {@link PurchaseResult.Declined} or {@link PurchaseResult.Unknown}
     * @throws InvalidInputException if the amount is out of range
     * @throws CardAnswerNotAuthenticException if the security module rejected the card's MAC2 (not paid)
     * @throws CardException if the card link, the card (outside INITIALIZE/DEBIT) or the security module failed before
     *     DEBIT was sent: nothing was debited
     */
    public PurchaseResult purchase(CardSession card, Money amount) throws CardException {
        return purchase(card, amount, request -> { });
    }

    /**
     * Takes {@code amount} from the card's purse, handing the purchase's proof request to {@code recorder} after the
     * security module authorised it and <em>before</em> DEBIT is sent. A caller that must survive a crash between
     * DEBIT and its answer stores the request durably there: {@link #recover} needs it, with the same card, to learn
     * whether the card debited.
     *
     * @param card the card session
     * @param amount the amount, 1 fen to {@value io.yikatong.card.purse.internal.PurseCrypto#MAX_AMOUNT} fen
     * @param recorder called once before DEBIT; if it throws, DEBIT is not sent and the exception propagates
     * @return {@link PurchaseResult.Completed}, {@link PurchaseResult.Declined} or {@link PurchaseResult.Unknown}
     * @throws InvalidInputException if the amount is out of range
     * @throws CardAnswerNotAuthenticException if the security module rejected the card's MAC2 (not paid)
     * @throws CardException if the card link, the card (outside INITIALIZE/DEBIT) or the security module failed before
     *     DEBIT was sent: nothing was debited
     */
    public PurchaseResult purchase(CardSession card, Money amount, PurchaseRecorder recorder) throws CardException {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(recorder, "recorder");
        long fen = checkAmount(amount);
        Bytes serial = selectApplication(card);
        Bytes terminal = securityModule.terminalNumber();
        ByteArrayOutputStream init = new ByteArrayOutputStream(11);
        init.write(keyIndex);
        init.writeBytes(PurseCrypto.u32(fen));
        init.writeBytes(terminal.toByteArray());
        CommandApdu initialize = CommandApdu.of(0x80, 0x50, 0x01, 0x02, init.toByteArray(), 15);
        ResponseApdu ir = card.transmit(initialize);
        if (!ir.statusWord().isSuccess()) {
            return new PurchaseResult.Declined(ir.statusWord(), amount);
        }
        PurseCodec.Initialize i = PurseCodec.initialize(ir.data());
        LocalDateTime now = LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        PurseTransaction tx = new PurseTransaction(serial, keyIndex, i.keyVersion(), i.algorithmId(), i.cardRandom(),
                i.cardTsn(), amount, terminal, now);
        PurchaseAuthorization auth = securityModule.authorizePurchase(tx);
        PurchaseProofRequest request = new PurchaseProofRequest(tx, auth, Money.ofFen(i.balance()));
        recorder.beforeDebit(request);

        ByteArrayOutputStream debit = new ByteArrayOutputStream(15);
        debit.writeBytes(PurseCrypto.u32(auth.terminalTsn()));
        debit.writeBytes(PurseCrypto.dateTime(now));
        debit.writeBytes(auth.mac1().toByteArray());
        CommandApdu debitCommand = CommandApdu.of(0x80, 0x54, 0x01, 0x00, debit.toByteArray(), 8);
        PurseCodec.Proof proof;
        try {
            ResponseApdu dr = card.transmit(debitCommand);
            StatusWord sw = dr.statusWord();
            if (!sw.isSuccess()) {
                if (refusedBeforeDebit(sw)) {
                    return new PurchaseResult.Declined(sw, amount);
                }
                throw new MalformedCardResponseException("DEBIT FOR PURCHASE response", -1, -1,
                        "status " + sw + " does not say whether the card debited", null);
            }
            proof = PurseCodec.debit(dr.data());
        } catch (CardLinkException | MalformedCardResponseException e) {
            logger.warn("purse purchase outcome unknown (card TSN {}, {}): {}; recover it with the same card",
                    request.cardTsn(), amount, e.getMessage());
            return new PurchaseResult.Unknown(request);
        }
        return verified(request, proof);
    }

    /**
     * Reads the purse application serial number (SELECT the purse, SELECT {@code 0015}, READ BINARY), for example
     * to check that the card in the reader is the card a payment is meant for.
     *
     * @param card the card session
     * @return the 8-byte application serial
     * @throws CardException if the link failed, the card has no such purse, or its answer is malformed
     */
    public Bytes applicationSerial(CardSession card) throws CardException {
        return selectApplication(Objects.requireNonNull(card, "card"));
    }

    /**
     * Settles a purchase whose outcome was unknown: asks the card (inserted again) for the proof of that purchase.
     *
     * @param card a session with the card of the purchase
     * @param unknown the unknown outcome
     * @return {@link PurchaseResult.Completed} (the card debited, MAC2 verified; its balance was taken exactly once)
     *     or {@link PurchaseResult.NotDebited}
     * @throws PurseCardMismatchException if another card is inserted
     * @throws CardAnswerNotAuthenticException if the security module rejects the card's MAC2
     * @throws CardException if the card link or the security module failed, or the card refused otherwise: the
     *     outcome is still unknown; try again
     */
    public PurchaseResult recover(CardSession card, PurchaseResult.Unknown unknown) throws CardException {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(unknown, "unknown");
        PurchaseProofRequest request = unknown.request();
        PurseTransaction tx = request.transaction();
        if (!selectApplication(card).equals(tx.applicationSerial())) {
            throw new PurseCardMismatchException();
        }
        CommandApdu command = CommandApdu.of(0x80, 0x5A, 0x00, PurseCrypto.TYPE_PURCHASE,
                new byte[] {(byte) (tx.cardTsn() >>> 8), (byte) tx.cardTsn()}, 8);
        ResponseApdu r = card.transmit(command);
        if (r.statusWord().value() == PROOF_NOT_AVAILABLE) {
            return new PurchaseResult.NotDebited(request);
        }
        if (!r.statusWord().isSuccess()) {
            throw new CardRefusedException(command, r.statusWord(), "GET TRANSACTION PROOF");
        }
        PurseCodec.Proof proof = PurseCodec.transactionProof(r.data());
        return verified(request, proof);
    }

    private PurchaseResult verified(PurchaseProofRequest request, PurseCodec.Proof proof)
            throws CardException {
        try {
            securityModule.verifyPurchase(request.transaction(), request.authorization(), proof.mac2());
        } catch (CardAnswerNotAuthenticException e) {
            throw new CardAnswerNotAuthenticException(request, e);
        } catch (CardLinkException e) {
            logger.warn("purse purchase outcome unknown (card TSN {}): security module link failed: {}",
                    request.cardTsn(), e.getMessage());
            return new PurchaseResult.Unknown(request);
        }
        return new PurchaseResult.Completed(request, proof.tac(), request.balanceAfter());
    }

    /**
     * Whether a DEBIT status word is a refusal of the command (checked before debiting: 93xx/94xx purse errors, 67xx,
     * 69xx, 6Axx, 6Dxx, 6Exx). Anything else — memory failure {@code 6581}, warnings, {@code 6F00}, unknown codes — leaves
     * the outcome unknown.
     */
    private static boolean refusedBeforeDebit(StatusWord sw) {
        return switch (sw.sw1()) {
            case 0x93, 0x94, 0x67, 0x69, 0x6A, 0x6D, 0x6E -> true;
            default -> false;
        };
    }

    private Bytes selectApplication(CardSession card) throws CardException {
        card.selectByName(aid, "select purse application");
        card.selectFile(0x0015, "select purse EF0015");
        return PurseCodec.applicationSerial(card.readBinary(0, PurseCodec.APPLICATION_FILE_SIZE, "purse EF0015"));
    }

    static long checkAmount(Money amount) {
        if (amount == null) {
            throw new InvalidInputException("amount", "is required");
        }
        if (amount.fen() < 1 || amount.fen() > PurseCrypto.MAX_AMOUNT) {
            throw new InvalidInputException("amount", "must be 1.." + PurseCrypto.MAX_AMOUNT + " fen, was "
                    + amount.fen());
        }
        return amount.fen();
    }

    /**
     * Builds a {@link PurseTerminal}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final PurseSecurityModule securityModule;
        private Bytes aid = DEFAULT_AID;
        private int keyIndex = DEFAULT_KEY_INDEX;
        private Clock clock = ChinaTime.systemClock();

        private Builder(PurseSecurityModule securityModule) {
            this.securityModule = securityModule;
        }

        /**
         * Sets the purse application identifier (default {@link #DEFAULT_AID}).
         *
         * @param aid 5 to 16 bytes
         * @return this builder
         * @throws InvalidInputException if the length is out of range
         */
        public Builder application(Bytes aid) {
            if (aid == null || aid.length() < 5 || aid.length() > 16) {
                throw new InvalidInputException("aid", "must be 5 to 16 bytes");
            }
            this.aid = aid;
            return this;
        }

        /**
         * Sets the purchase key index sent in INITIALIZE FOR PURCHASE (default {@value #DEFAULT_KEY_INDEX}).
         *
         * @param keyIndex 1..255
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder keyIndex(int keyIndex) {
            if (keyIndex < 1 || keyIndex > 255) {
                throw new InvalidInputException("keyIndex", "must be 1..255, was " + keyIndex);
            }
            this.keyIndex = keyIndex;
            return this;
        }

        /**
         * Sets the clock that dates purchases (its zone gives the local date and time sent to the card).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the terminal.
         *
         * @return the terminal
         */
        public PurseTerminal build() {
            return new PurseTerminal(this);
        }
    }
}
