package io.yikatong.payment.purse;

import io.yikatong.card.CardException;
import io.yikatong.card.CardSession;
import io.yikatong.card.purse.CardAnswerNotAuthenticException;
import io.yikatong.card.purse.PurchaseResult;
import io.yikatong.card.purse.PurseCardMismatchException;
import io.yikatong.card.purse.PurseTerminal;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.purse.PurseProofStore.Entry;
import io.yikatong.payment.purse.PurseProofStore.State;
import io.yikatong.payment.spi.ChannelNotification;
import io.yikatong.payment.spi.ChannelResult;
import io.yikatong.payment.spi.ChannelStatus;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.spi.NotificationRejectedException;
import io.yikatong.payment.spi.PaymentChannelAdapter;
import io.yikatong.payment.spi.RefundResult;
import io.yikatong.payment.spi.ReverseResult;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card e-wallet channel ({@code purse}): a barcode payment whose "code" is the card in the purse reader. Use it
 * through {@link io.yikatong.payment.PaymentClient#barcodePay} like any other channel; the journal records it the
 * same way.
 *
 * <pre>{@code
 * CardPurseChannel purse = CardPurseChannel.create(
 *         PurseTerminal.builder(PsamPurseModule.open(psamTransport)).build(),
 *         () -> CardSession.open(cardTransport),
 *         PurseProofStore.directory(dataDir.resolve("purse")));
 * PaymentClient client = PaymentClient.builder().journal(journal).channel(purse).build();
 * client.barcodePay(new BarcodePayment("purse", no, Money.ofFen(1200), "挂号费", CardPurseChannel.INSERTED_CARD));
 * }</pre>
 *
 * <p><b>The auth code</b> is either the purse application serial number in hex (16 digits, as
 * {@link PurseTerminal#applicationSerial} reads it) — the purchase then runs only if that card is inserted, and a
 * different card is declined with code {@code CARD_MISMATCH} before anything is sent — or {@link #INSERTED_CARD}.
 *
 * <p><b>Outcomes.</b> The proof request is written to the {@link PurseProofStore} before DEBIT is sent. Completed →
 * paid (channel trade number {@code <serial>-<card TSN>}); refused before debiting → declined with the status word
 * ({@code 9401} insufficient balance → {@link DeclineReason#INSUFFICIENT_FUNDS}); a link lost after DEBIT, an
 * ambiguous status word, or a MAC2 the PSAM rejects → unknown. {@link #query} settles an unknown purchase with
 * {@code GET TRANSACTION PROOF} on the card in the reader (paid, or closed when the card proves it did not debit);
 * while the card is away, or another card is inserted, the outcome stays unknown. No card or no reader before
 * anything was sent is declined with code {@code NO_CARD}: nothing was taken.
 *
 * <p><b>No reversal, no refund.</b> A purse debit cannot be undone by the terminal: giving money back is a load
 * (圈存) at the issuer, or cash at the counter. {@link #reverse} therefore settles the purchase from the card's proof
 * ({@code NOT_FOUND} when it did not debit, {@code FAILED} with code {@code DEBITED} when it did — the next query
 * records it paid); {@link #refund} answers {@code FAILED} with code {@code NOT_SUPPORTED}. QR payments are
 * declined ({@code NOT_SUPPORTED}); the purse sends no notifications.
 *
 * <p><b>Dependency.</b> This channel needs the card stack: add {@code io.yikatong:sdk-card} to the application next
 * to {@code io.yikatong:sdk-payment}, which declares it optional (see the {@link io.yikatong.payment.purse package}).
 *
 * <p>Thread-safe; create one per purse reader and share it. Card operations are serialised: one reader serves one
 * purchase at a time.
 *
 * @since 0.1
 */
public final class CardPurseChannel implements PaymentChannelAdapter {

    /** The channel identifier stored in the journal. */
    public static final String ID = "purse";

    /** The auth code that accepts whatever purse card is in the reader. */
    public static final String INSERTED_CARD = "inserted-card";

    private static final Logger LOG = LoggerFactory.getLogger(CardPurseChannel.class);
    private static final Pattern SERIAL = Pattern.compile("[0-9A-Fa-f]{16}");

    private final PurseTerminal terminal;
    private final CardSessionSource cards;
    private final PurseProofStore store;
    private final Object reader = new Object();

    private CardPurseChannel(PurseTerminal terminal, CardSessionSource cards, PurseProofStore store) {
        this.terminal = terminal;
        this.cards = cards;
        this.store = store;
    }

    /**
     * Creates the channel.
     *
     * @param terminal the purse terminal (with its PSAM); confined to this channel from now on
     * @param cards gives a session with the card in the purse reader
     * @param store where proof requests are kept before DEBIT
     * @return the channel
     * @throws InvalidInputException if an argument is null
     */
    public static CardPurseChannel create(PurseTerminal terminal, CardSessionSource cards, PurseProofStore store) {
        if (terminal == null) {
            throw new InvalidInputException("terminal", "is required");
        }
        if (cards == null) {
            throw new InvalidInputException("cards", "is required");
        }
        if (store == null) {
            throw new InvalidInputException("store", "is required");
        }
        return new CardPurseChannel(terminal, cards, store);
    }

    @Override
    public String channelId() {
        return ID;
    }

    @Override
    public ChannelResult barcodePay(String merchantOrderNo, Money amount, String description, String authCode) {
        Optional<Bytes> pinned = expectedSerial(authCode);
        synchronized (reader) {
            if (store.find(merchantOrderNo).isPresent()) {
                return query(merchantOrderNo); // never a second DEBIT for one order number
            }
            CardSession card;
            try {
                card = cards.session();
                if (pinned.isPresent() && !pinned.get().equals(terminal.applicationSerial(card))) {
                    return ChannelResult.declined(DeclineReason.AUTH_CODE_INVALID, "CARD_MISMATCH",
                            "the card in the reader is not the card of the auth code");
                }
            } catch (CardException e) {
                return ChannelResult.declined(DeclineReason.PAYMENT_FAILED, "NO_CARD", describe(e));
            }
            PurchaseResult r;
            try {
                r = terminal.purchase(card, amount, request -> store.begin(merchantOrderNo, request));
            } catch (CardAnswerNotAuthenticException e) {
                LOG.error("purse purchase {}: the PSAM rejected the card's MAC2; not treated as paid", merchantOrderNo);
                return ChannelResult.of(ChannelStatus.UNKNOWN, "MAC2_REJECTED");
            } catch (CardException e) {
                // thrown before DEBIT: nothing taken, and nothing or a PENDING proof was stored
                store.find(merchantOrderNo).ifPresent(x -> store.settle(merchantOrderNo, State.NOT_DEBITED, ""));
                return ChannelResult.declined(DeclineReason.PAYMENT_FAILED, "CARD_ERROR", describe(e));
            }
            return settle(merchantOrderNo, r);
        }
    }

    @Override
    public ChannelResult qrPay(String merchantOrderNo, Money amount, String description) {
        return ChannelResult.declined(DeclineReason.INVALID_REQUEST, "NOT_SUPPORTED",
                "the card e-wallet pays only with the card in the reader");
    }

    @Override
    public ChannelResult query(String merchantOrderNo) {
        synchronized (reader) {
            Optional<Entry> found = store.find(merchantOrderNo);
            if (found.isEmpty()) {
                return ChannelResult.of(ChannelStatus.NOT_FOUND, "");
            }
            Entry e = found.get();
            switch (e.state()) {
                case PAID:
                    return paid(e);
                case DECLINED:
                    return ChannelResult.declined(reasonOf(e.detail()), e.detail(), "refused by the card");
                case NOT_DEBITED:
                    return ChannelResult.of(ChannelStatus.CLOSED, "NOT_DEBITED");
                default:
                    break;
            }
            try {
                PurchaseResult r = terminal.recover(cards.session(), new PurchaseResult.Unknown(e.request()));
                return settle(merchantOrderNo, r);
            } catch (PurseCardMismatchException x) {
                return ChannelResult.of(ChannelStatus.UNKNOWN, "OTHER_CARD");
            } catch (CardAnswerNotAuthenticException x) {
                LOG.error("purse purchase {}: the PSAM rejected the card's proof; not treated as paid",
                        merchantOrderNo);
                return ChannelResult.of(ChannelStatus.UNKNOWN, "MAC2_REJECTED");
            } catch (CardException x) {
                return ChannelResult.of(ChannelStatus.UNKNOWN, "NO_CARD");
            }
        }
    }

    @Override
    public ChannelResult close(String merchantOrderNo) {
        ChannelResult r = query(merchantOrderNo);
        return r.status() == ChannelStatus.NOT_FOUND ? ChannelResult.of(ChannelStatus.CLOSED, "NOT_SENT") : r;
    }

    @Override
    public ReverseResult reverse(String merchantOrderNo) {
        ChannelResult r = query(merchantOrderNo);
        return switch (r.status()) {
            case NOT_FOUND, CLOSED, DECLINED -> new ReverseResult(ReverseResult.Status.NOT_FOUND, r.code(),
                    "the card did not debit");
            case PAID -> new ReverseResult(ReverseResult.Status.FAILED, "DEBITED",
                    "a purse debit cannot be reversed at the terminal");
            default -> new ReverseResult(ReverseResult.Status.UNKNOWN, r.code(), "insert the card again");
        };
    }

    @Override
    public RefundResult refund(String merchantOrderNo, String merchantRefundNo, Money refund, Money total,
            String reason) {
        return new RefundResult(RefundResult.Status.FAILED, null, "NOT_SUPPORTED",
                "refund a card e-wallet purchase by a load at the issuer or in cash");
    }

    @Override
    public RefundResult queryRefund(String merchantOrderNo, String merchantRefundNo) {
        return new RefundResult(RefundResult.Status.FAILED, null, "NOT_SUPPORTED",
                "refund a card e-wallet purchase by a load at the issuer or in cash");
    }

    @Override
    public ChannelNotification parseNotification(Map<String, String> headers, byte[] rawBody)
            throws NotificationRejectedException {
        throw new NotificationRejectedException("the card e-wallet sends no notifications", null);
    }

    private ChannelResult settle(String merchantOrderNo, PurchaseResult r) {
        if (r instanceof PurchaseResult.Completed c) {
            store.settle(merchantOrderNo, State.PAID, c.tac().toHex());
            return paid(store.find(merchantOrderNo).orElseThrow());
        }
        if (r instanceof PurchaseResult.Declined d) {
            String sw = String.format(Locale.ROOT, "%04X", d.statusWord().value());
            if (store.find(merchantOrderNo).isPresent()) {
                store.settle(merchantOrderNo, State.DECLINED, sw);
            }
            return ChannelResult.declined(reasonOf(sw), sw, "refused by the card");
        }
        if (r instanceof PurchaseResult.NotDebited) {
            store.settle(merchantOrderNo, State.NOT_DEBITED, "");
            return ChannelResult.of(ChannelStatus.CLOSED, "NOT_DEBITED");
        }
        return ChannelResult.of(ChannelStatus.UNKNOWN, "ANSWER_LOST");
    }

    private static ChannelResult paid(Entry e) {
        return ChannelResult.paid(e.request().transaction().applicationSerial().toHex() + "-" + e.request().cardTsn(),
                e.request().amount());
    }

    private static DeclineReason reasonOf(String statusWord) {
        return statusWord.toUpperCase(Locale.ROOT).startsWith("9401") ? DeclineReason.INSUFFICIENT_FUNDS
                : DeclineReason.PAYMENT_FAILED;
    }

    private static Optional<Bytes> expectedSerial(String authCode) {
        if (INSERTED_CARD.equals(authCode)) {
            return Optional.empty();
        }
        if (authCode == null || !SERIAL.matcher(authCode).matches()) {
            throw new InvalidInputException("authCode",
                    "must be the purse application serial (16 hex digits) or " + INSERTED_CARD);
        }
        return Optional.of(Bytes.fromHex(authCode));
    }

    private static String describe(CardException e) {
        return e.errorCode().code();
    }

    @Override
    public String toString() {
        return "CardPurseChannel[" + store + "]";
    }
}
