package io.yikatong.card.social;

import io.yikatong.card.CardException;
import io.yikatong.card.CardSession;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;

/**
 * A social security card read between the two steps of the hardware-security-module flow
 * ({@code iReadCardBas_HSM_Step1} / {@code Step2}, health-card-spec §3.6): EF05 is read, the card has answered the
 * internal authentication and (3.0 cards) given its challenge. Send {@link #request()} to the HSM — as a typed value or
 * as {@link SocialSecurityAuthRequest#toPipeString()} — and pass the answer to {@link #finish}. The card session must
 * stay open and untouched in between (another command would consume the card's challenge). A pending read finishes
 * once; after any failure start again with {@link SocialSecurityCardReader#begin(CardSession)}.
 *
 * <p>Not thread-safe; confine to one thread.
 *
 * @since 0.1
 */
public final class PendingSocialSecurityRead {

    private final SocialSecurityCardReader reader;
    private final CardSession session;
    private final SocialSecurityCard.CardInfo card;
    private final Map<Integer, Bytes> ef05;
    private final Bytes atr;
    private final Bytes historical;
    private final int algorithm;
    private final SocialSecurityAuthRequest request;
    private final Bytes cardAnswer;
    private boolean finished;

    PendingSocialSecurityRead(SocialSecurityCardReader reader, CardSession session, SocialSecurityCard.CardInfo card,
            Map<Integer, Bytes> ef05, Bytes atr, Bytes historical, int algorithm, SocialSecurityAuthRequest request,
            Bytes cardAnswer) {
        this.reader = reader;
        this.session = session;
        this.card = card;
        this.ef05 = ef05;
        this.atr = atr;
        this.historical = historical;
        this.algorithm = algorithm;
        this.request = request;
        this.cardAnswer = cardAnswer;
    }

    /**
     * Returns the request for the security module (the {@code iReadCardBas_HSM_Step1} output).
     *
     * @return the request
     */
    public SocialSecurityAuthRequest request() {
        return request;
    }

    /**
     * Returns the card data read in step 1 (EF05), for example to show which card is being read.
     *
     * @return the card data
     */
    public SocialSecurityCard.CardInfo card() {
        return card;
    }

    /**
     * Step 2 ({@code iReadCardBas_HSM_Step2}): checks the card's internal-authentication answer against the module's,
     * performs the RKSSSE external authentication on 3.0 cards and reads EF06.
     *
     * @param response the security module's answer
     * @return what was read
     * @throws IllegalStateException if this read already finished (successfully or not)
     * @throws InvalidInputException if a 3.0 card's answer lacks the external cryptogram
     * @throws CardNotGenuineException if the card's answer differs from the module's
     * @throws SocialSecurityAuthenticatorException with {@code NOT_NEEDED} if an external cryptogram comes for a card
     *     that needs none
     * @throws io.yikatong.card.AuthenticationFailedException if the card refuses the cryptogram ({@code 63Cx}) or the
     *     key is blocked
     * @throws CardException if the card refuses a command, answers malformed data or the link fails
     */
    public SocialSecurityCard finish(SocialSecurityAuthResponse response) throws CardException {
        Objects.requireNonNull(response, "response");
        if (finished) {
            throw new IllegalStateException("this social security card read already finished");
        }
        finished = true;
        if (!MessageDigest.isEqual(cardAnswer.toByteArray(), response.internalAuthenticationResult().toByteArray())) {
            throw new CardNotGenuineException();
        }
        if (request.needsExternalAuthentication()) {
            if (response.externalCryptogram().isEmpty()) {
                throw new InvalidInputException("externalCryptogram", "a 3.0 card needs the RKSSSE cryptogram");
            }
            reader.externalAuthenticate(session, response.externalCryptogram(), request.externalSource());
        } else if (!response.externalCryptogram().isEmpty()) {
            throw new SocialSecurityAuthenticatorException(SocialSecurityAuthenticatorException.Reason.NOT_NEEDED,
                    "the card needs no external authentication");
        }
        return reader.finishRead(session, card, ef05, atr, historical, algorithm, true);
    }

    /** Finishes a read of a 1.0/2.0 card without any authentication. */
    SocialSecurityCard finishWithoutAuthentication() throws CardException {
        finished = true;
        return reader.finishRead(session, card, ef05, atr, historical, algorithm, false);
    }

    /**
     * Returns a description without card identifiers.
     *
     * @return the region and whether the read finished
     */
    @Override
    public String toString() {
        return "PendingSocialSecurityRead[region=" + card.regionCode() + ", finished=" + finished + "]";
    }
}
