package io.yikatong.card.purse;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.card.CardException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CardTransport;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualPurseCard;
import io.yikatong.core.Bytes;
import io.yikatong.core.Money;
import io.yikatong.core.time.ChinaTime;
import io.yikatong.testkit.SettableClock;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PurseTerminal} against a card answering with seeded random bytes: every run ends in a result or a
 * {@link CardException}, never an untyped exception.
 */
class PurseTerminalFuzzTest {

    private final PurseTerminal terminal = PurseTerminal.builder(InsecureSoftwarePurseModule.development())
            .clock(SettableClock.of(Instant.parse("2025-03-04T02:05:06Z"), ChinaTime.ZONE)).build();

    /** A real purse card whose answers are, with some probability, replaced by random bytes. */
    private static final class NoisyCard implements CardTransport {
        private final VirtualCardTransport inner;
        private final SplittableRandom random;

        NoisyCard(VirtualCardTransport inner, SplittableRandom random) {
            this.inner = inner;
            this.random = random;
        }

        @Override
        public byte[] transmit(byte[] apdu) throws io.yikatong.card.CardLinkException {
            byte[] real = inner.transmit(apdu);
            if (random.nextInt(4) != 0) {
                return real;
            }
            byte[] noise = new byte[random.nextInt(0, 24)];
            random.nextBytes(noise);
            if (noise.length >= 2 && random.nextBoolean()) {
                noise[noise.length - 2] = (byte) 0x90;
                noise[noise.length - 1] = 0x00;
            }
            return noise;
        }

        @Override
        public Bytes atr() {
            return inner.atr();
        }

        @Override
        public boolean supportsExtendedLength() {
            return false;
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void noisyAnswersGiveResultsOrTypedExceptions() {
        SplittableRandom random = new SplittableRandom(2025);
        int results = 0;
        int exceptions = 0;
        for (int i = 0; i < 2_000; i++) {
            VirtualPurseCard purse = VirtualPurseCard.builder().balance(Money.ofFen(1_000))
                    .random(new SplittableRandom(i)).build();
            CardSession card = CardSession.open(new NoisyCard(new VirtualCardTransport(purse.card()), random));
            try {
                PurchaseResult r = terminal.purchase(card, Money.ofFen(1 + random.nextInt(1_500)));
                if (r instanceof PurchaseResult.Unknown u) {
                    PurchaseResult settled = terminal.recover(card, u);
                    assertTrue(settled instanceof PurchaseResult.Completed
                            || settled instanceof PurchaseResult.NotDebited);
                }
                if (r instanceof PurchaseResult.Completed c) {
                    // a completed purchase must be real: the card holds the balance the result reports
                    assertTrue(purse.balance().equals(c.balanceAfter()), "completed but card balance differs");
                }
                results++;
            } catch (CardException e) {
                exceptions++;
            } catch (RuntimeException e) {
                fail("untyped exception in run " + i, e);
            }
        }
        assertTrue(results > 100 && exceptions > 100, results + " results, " + exceptions + " exceptions");
    }
}
