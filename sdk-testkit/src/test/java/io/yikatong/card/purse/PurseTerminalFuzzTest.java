package io.yikatong.card.purse;

import io.yikatong.testkit.card.FaultyCardTransport;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.card.CardException;
import io.yikatong.card.CardSession;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualPurseCard;
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

    @Test
    void noisyAnswersGiveResultsOrTypedExceptions() {
        SplittableRandom random = new SplittableRandom(2025);
        int results = 0;
        int exceptions = 0;
        for (int i = 0; i < 2_000; i++) {
            VirtualPurseCard purse = VirtualPurseCard.builder().balance(Money.ofFen(1_000))
                    .random(new SplittableRandom(i)).build();
            CardSession card = CardSession.open(noisy(new VirtualCardTransport(purse.card()), random));
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

    /** One answer in four is replaced by random bytes (sometimes ending in 9000). */
    private static FaultyCardTransport noisy(VirtualCardTransport inner, SplittableRandom random) {
        return FaultyCardTransport.wrap(inner).intercept(apdu -> true, (command, card) -> {
            byte[] real = card.transmit(command);
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
        });
    }
}
