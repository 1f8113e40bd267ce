package io.yikatong.payment.purse;

import io.yikatong.testkit.card.FaultyCardTransport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardSession;
import io.yikatong.card.purse.PsamPurseModule;
import io.yikatong.card.purse.PurseTerminal;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.time.ChinaTime;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.QrPayment;
import io.yikatong.payment.RefundRequest;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.JournalStorageException;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.spi.NotificationRejectedException;
import io.yikatong.testkit.SettableClock;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualPurseCard;
import io.yikatong.testkit.card.VirtualPursePsam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card e-wallet through {@link PaymentClient}: a {@link VirtualPurseCard} in a "reader" the test controls, a PSAM
 * on a {@link VirtualPursePsam}, an H2 journal and a directory proof store; lost answers, removed cards, crashes.
 */
class CardPurseChannelTest {

    private static final Money START = Money.ofFen(5_000);

    @TempDir
    Path dir;

    private final SettableClock clock = SettableClock.of(Instant.parse("2026-03-04T02:05:06Z"), ChinaTime.ZONE);
    private final VirtualPurseCard purse = VirtualPurseCard.builder().balance(START).random(new SplittableRandom(3))
            .build();
    private final VirtualPursePsam psam = VirtualPursePsam.builder().build();
    private final Reader reader = new Reader();
    private JdbcPaymentJournal journal;
    private PaymentClient client;

    /** The purse reader: which card is in it, and a fault on the next DEBIT. */
    private final class Reader implements CardSessionSource {
        volatile VirtualPurseCard card = purse;
        volatile boolean present = true;
        volatile Fault fault = Fault.NONE;
        final AtomicInteger sessions = new AtomicInteger();
        final AtomicInteger absentAnswers = new AtomicInteger();

        @Override
        public CardSession session() throws CardException {
            sessions.incrementAndGet();
            if (!present) {
                absentAnswers.incrementAndGet();
                throw new CardLinkException(CardErrorCode.NO_CARD, "no card", null);
            }
            Fault f = fault;
            fault = Fault.NONE;
            return CardSession.open(faulty(new VirtualCardTransport(card.card()), f));
        }

        /** Forwards to the card; on DEBIT with a fault, the card is pulled (before or after it saw the command). */
        private FaultyCardTransport faulty(VirtualCardTransport inner, Fault f) {
            FaultyCardTransport t = FaultyCardTransport.wrap(inner);
            if (f == Fault.NONE) {
                return t;
            }
            return t.intercept(FaultyCardTransport.command(0x80, 0x54), (command, card) -> {
                present = false; // pulled out
                t.removeCard();
                if (f == Fault.DROP_AFTER_DEBIT || f == Fault.CRASH_AFTER_DEBIT) {
                    card.transmit(command);
                }
                if (f == Fault.CRASH_AFTER_DEBIT || f == Fault.CRASH_BEFORE_DEBIT) {
                    throw new Crash();
                }
                throw new CardLinkException(CardErrorCode.CARD_REMOVED, "card removed", null);
            });
        }
    }

    private enum Fault { NONE, DROP_AFTER_DEBIT, DROP_BEFORE_DEBIT, CRASH_AFTER_DEBIT, CRASH_BEFORE_DEBIT }

    /** A JVM crash, as far as the code under test can tell. */
    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("simulated crash");
        }
    }


    /** What the test does while the payment client sleeps (the clock advances in any case). */
    private volatile Runnable duringSleep = () -> { };
    private CardPurseChannel channel;

    @BeforeEach
    void start() throws Exception {
        open();
    }

    private void open() throws CardException {
        journal = JdbcPaymentJournal.embedded(dir.resolve("journal"), clock, "test");
        PurseTerminal terminal = PurseTerminal.builder(PsamPurseModule.open(new VirtualCardTransport(psam.card())))
                .clock(clock).build();
        channel = CardPurseChannel.create(terminal, reader, PurseProofStore.directory(dir.resolve("purse")));
        client = PaymentClient.builder().journal(journal).channel(channel).clock(clock).sleeper(d -> {
            clock.advance(d);
            duringSleep.run();
        }).build();
    }

    @AfterEach
    void stop() {
        journal.close();
    }

    private static BarcodePayment pay(String no, long fen, String authCode) {
        return new BarcodePayment(CardPurseChannel.ID, no, Money.ofFen(fen), "挂号费", authCode);
    }

    @Test
    void paysFromTheInsertedCardOnceAndJournalsIt() {
        PaymentOutcome.Paid p = assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(pay("PURSEORDER1", 1_200, CardPurseChannel.INSERTED_CARD)));
        assertEquals(Money.ofFen(1_200), p.amount());
        assertEquals(purse.applicationSerial().toHex() + "-0", p.channelTradeNo());
        assertEquals(Money.ofFen(3_800), purse.balance());
        assertEquals(PaymentState.PAID, journal.find("PURSEORDER1").orElseThrow().state());
        // the same order again: the recorded outcome, no second debit
        assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(pay("PURSEORDER1", 1_200, CardPurseChannel.INSERTED_CARD)));
        // and the channel itself never debits one order number twice, even if asked directly
        assertEquals(io.yikatong.payment.spi.ChannelStatus.PAID,
                channel.barcodePay("PURSEORDER1", Money.ofFen(1_200), "x", CardPurseChannel.INSERTED_CARD).status());
        assertEquals(Money.ofFen(3_800), purse.balance());
        assertEquals(1, purse.transactionSerial());
    }

    @Test
    void authCodePinsTheCard() {
        String serial = purse.applicationSerial().toHex();
        assertInstanceOf(PaymentOutcome.Paid.class, client.barcodePay(pay("PURSEORDER2", 100, serial.toLowerCase())));
        VirtualPurseCard other = VirtualPurseCard.builder().balance(START)
                .applicationSerial(Bytes.fromHex("0102030405060708")).build();
        reader.card = other;
        PaymentOutcome.Declined d = assertInstanceOf(PaymentOutcome.Declined.class,
                client.barcodePay(pay("PURSEORDER3", 100, serial)));
        assertEquals(DeclineReason.AUTH_CODE_INVALID, d.reason());
        assertEquals("CARD_MISMATCH", d.channelCode());
        assertEquals(START, other.balance());
        assertThrows(InvalidInputException.class, () -> client.barcodePay(pay("PURSEORDER4", 100, "12345")));
    }

    @Test
    void insufficientBalanceAndNoCardAreDeclinedWithNothingTaken() {
        PaymentOutcome.Declined d = assertInstanceOf(PaymentOutcome.Declined.class,
                client.barcodePay(pay("PURSEORDER5", 9_999, CardPurseChannel.INSERTED_CARD)));
        assertEquals(DeclineReason.INSUFFICIENT_FUNDS, d.reason());
        assertEquals("9401", d.channelCode());
        reader.present = false;
        PaymentOutcome.Declined none = assertInstanceOf(PaymentOutcome.Declined.class,
                client.barcodePay(pay("PURSEORDER6", 100, CardPurseChannel.INSERTED_CARD)));
        assertEquals("NO_CARD", none.channelCode());
        assertEquals(START, purse.balance());
        assertEquals(0, purse.transactionSerial());
    }

    @Test
    void answerLostAfterTheCardDebitedResolvesToPaidWhenTheCardComesBack() {
        reader.fault = Fault.DROP_AFTER_DEBIT;
        // the patient pulled the card during DEBIT; it is inserted again after two queries found no card
        duringSleep = () -> {
            if (reader.absentAnswers.get() >= 2) {
                reader.present = true;
            }
        };
        PaymentOutcome.Paid p = assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(pay("PURSEORDER7", 700, CardPurseChannel.INSERTED_CARD)));
        assertEquals(Money.ofFen(700), p.amount());
        assertEquals(2, reader.absentAnswers.get());
        assertEquals(Money.ofFen(4_300), purse.balance());
        assertEquals(1, purse.transactionSerial(), "debited exactly once");
    }

    @Test
    void answerLostBeforeTheCardDebitedIsClosedNotPaid() {
        reader.fault = Fault.DROP_BEFORE_DEBIT;
        duringSleep = () -> reader.present = true;
        PaymentOutcome.Closed c = assertInstanceOf(PaymentOutcome.Closed.class,
                client.barcodePay(pay("PURSEORDER8", 700, CardPurseChannel.INSERTED_CARD)));
        assertEquals("PURSEORDER8", c.merchantOrderNo());
        assertEquals(START, purse.balance());
        assertEquals(0, purse.transactionSerial());
        assertEquals(PaymentState.CLOSED, journal.find("PURSEORDER8").orElseThrow().state());
    }

    @Test
    void cardAwayPastTheDeadlineIsPaidWhenItReturnsDuringTheReverse() {
        reader.fault = Fault.DROP_AFTER_DEBIT;
        Instant deadline = clock.instant().plusSeconds(30);
        // the loop only sleeps up to the deadline; the clock passes it only between reverse attempts
        duringSleep = () -> {
            if (clock.instant().isAfter(deadline)) {
                reader.present = true;
            }
        };
        PaymentOutcome.Paid p = assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(pay("PURSEORDER9", 500, CardPurseChannel.INSERTED_CARD)));
        assertEquals(Money.ofFen(500), p.amount());
        assertTrue(reader.absentAnswers.get() >= 3, "queried without the card first: " + reader.absentAnswers);
        assertEquals(Money.ofFen(4_500), purse.balance());
        assertEquals(1, purse.transactionSerial());
    }

    @Test
    void cardNeverBackStaysPendingThenResumeSettlesIt() {
        reader.fault = Fault.DROP_AFTER_DEBIT;
        PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class,
                client.barcodePay(pay("PURSEORDER10", 900, CardPurseChannel.INSERTED_CARD)));
        assertEquals("PURSEORDER10", p.merchantOrderNo());
        assertEquals(Money.ofFen(4_100), purse.balance()); // the card did debit: never call it declined
        reader.present = true;
        List<PaymentOutcome> resumed = client.resumePending();
        assertEquals(1, resumed.size());
        assertInstanceOf(PaymentOutcome.Paid.class, resumed.get(0));
        assertEquals(PaymentState.PAID, journal.find("PURSEORDER10").orElseThrow().state());
        assertEquals(1, purse.transactionSerial());
    }

    @Test
    void crashAfterDebitIsResolvedPaidExactlyOnceAfterRestart() throws Exception {
        reader.fault = Fault.CRASH_AFTER_DEBIT;
        assertThrows(Crash.class, () -> client.barcodePay(pay("PURSEORDER11", 1_000, CardPurseChannel.INSERTED_CARD)));
        journal.close();
        assertEquals(Money.ofFen(4_000), purse.balance());

        open(); // a new process: new journal connection, new channel, new proof store on the same directories
        reader.present = true;
        List<PaymentOutcome> resumed = client.resumePending();
        assertEquals(1, resumed.size());
        PaymentOutcome.Paid p = assertInstanceOf(PaymentOutcome.Paid.class, resumed.get(0));
        assertEquals(Money.ofFen(1_000), p.amount());
        assertEquals(Money.ofFen(4_000), purse.balance());
        assertEquals(1, purse.transactionSerial());
        assertEquals(List.of(), client.resumePending());
    }

    @Test
    void crashBeforeDebitIsResolvedClosedAfterRestart() throws Exception {
        reader.fault = Fault.CRASH_BEFORE_DEBIT;
        assertThrows(Crash.class, () -> client.barcodePay(pay("PURSEORDER12", 1_000, CardPurseChannel.INSERTED_CARD)));
        journal.close();
        open();
        reader.present = true;
        List<PaymentOutcome> resumed = client.resumePending();
        assertInstanceOf(PaymentOutcome.Closed.class, resumed.get(0));
        assertEquals(START, purse.balance());
        assertEquals(PaymentState.CLOSED, journal.find("PURSEORDER12").orElseThrow().state());
    }

    @Test
    void refundsQrAndNotificationsAreNotSupportedAndSaySo() {
        assertInstanceOf(PaymentOutcome.Paid.class, client.barcodePay(pay("PURSEORDER13", 300, CardPurseChannel.INSERTED_CARD)));
        PaymentOutcome.Declined r = assertInstanceOf(PaymentOutcome.Declined.class,
                client.refund(new RefundRequest("PURSEORDER13", "PURSEORDER13R1", Money.ofFen(100), "退号")));
        assertEquals(DeclineReason.REFUND_FAILED, r.reason());
        assertEquals("NOT_SUPPORTED", r.channelCode());
        assertEquals(Money.ofFen(4_700), purse.balance());
        PaymentOutcome.Declined q = assertInstanceOf(PaymentOutcome.Declined.class,
                client.qrPay(new QrPayment(CardPurseChannel.ID, "PURSEORDER14", Money.ofFen(100), "x")));
        assertEquals("NOT_SUPPORTED", q.channelCode());
        assertThrows(NotificationRejectedException.class,
                () -> client.handleNotification(CardPurseChannel.ID, Map.of(), new byte[] {'{', '}'}));
    }

    @Test
    void corruptProofFilesAreTypedStorageErrors() throws Exception {
        reader.fault = Fault.DROP_AFTER_DEBIT;
        assertInstanceOf(PaymentOutcome.Pending.class,
                client.barcodePay(pay("PURSEORDER15", 200, CardPurseChannel.INSERTED_CARD)));
        Path file = dir.resolve("purse").resolve("PURSEORDER15.purse");
        String good = Files.readString(file);
        assertTrue(good.contains("state=PENDING"), good);
        assertTrue(!good.contains("\r"));
        SplittableRandom random = new SplittableRandom(11);
        PurseProofStore store = PurseProofStore.directory(dir.resolve("purse"));
        int parsed = 0;
        for (int i = 0; i < 2_000; i++) {
            char[] chars = good.toCharArray();
            int edits = 1 + random.nextInt(4);
            for (int k = 0; k < edits; k++) {
                chars[random.nextInt(chars.length)] = (char) (random.nextBoolean() ? random.nextInt(32, 127)
                        : "=\n0Fz-".charAt(random.nextInt(6)));
            }
            String text = random.nextInt(10) == 0 ? new String(chars, 0, random.nextInt(chars.length))
                    : new String(chars);
            Files.writeString(file, text);
            try {
                store.find("PURSEORDER15");
                parsed++;
            } catch (JournalStorageException e) {
                assertTrue(e.getMessage().startsWith("purse proof PURSEORDER15 is corrupt"), e.getMessage());
            }
        }
        assertTrue(parsed < 2_000, "some mutations must be rejected");
        Files.writeString(file, good);
        assertEquals(PurseProofStore.State.PENDING, store.find("PURSEORDER15").orElseThrow().state());
    }
}
