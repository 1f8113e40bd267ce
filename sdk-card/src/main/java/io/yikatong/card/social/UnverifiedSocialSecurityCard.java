package io.yikatong.card.social;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SocialSecurityCardReader#readUnverified(io.yikatong.card.CardSession)} read from a social security card
 * (社会保障卡) without any authentication. <b>Not verified genuine</b>: the card's INTERNAL AUTHENTICATE answer was not
 * checked by a security module, so a cloned or forged card reads the same; {@link #genuinenessVerified()} is always
 * {@code false}. The holder data is present for 1.0/2.0 cards and absent for 3.0 cards (their EF06 needs the RKSSSE
 * external authentication); {@link #limitation()} says what was not read.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class UnverifiedSocialSecurityCard {

    private final SocialSecurityCard.CardInfo card;
    private final SocialSecurityCard read;
    private final String limitation;

    UnverifiedSocialSecurityCard(SocialSecurityCard.CardInfo card, SocialSecurityCard read, String limitation) {
        this.card = Objects.requireNonNull(card, "card");
        this.read = read;
        this.limitation = limitation;
    }

    /**
     * Returns the card data (EF05).
     *
     * @return the card data
     */
    public SocialSecurityCard.CardInfo card() {
        return card;
    }

    /**
     * Returns the holder data (EF06), if the card gives it without authentication (1.0/2.0 cards).
     *
     * @return the holder data, or empty for a 3.0 card
     */
    public Optional<SocialSecurityCard.Holder> holder() {
        return read == null ? Optional.empty() : Optional.of(read.holder());
    }

    /**
     * Returns the whole read of a 1.0/2.0 card (raw records, ATR, {@code iReadCardBas}), whose
     * {@link SocialSecurityCard#genuinenessVerified()} is {@code false}.
     *
     * @return the read, or empty for a 3.0 card
     */
    public Optional<SocialSecurityCard> read() {
        return Optional.ofNullable(read);
    }

    /**
     * Always {@code false}: nothing verified that the card is genuine.
     *
     * @return {@code false}
     */
    public boolean genuinenessVerified() {
        return false;
    }

    /**
     * Says what could not be read without authentication.
     *
     * @return an English sentence, or empty when the card gave everything but the proof of genuineness
     */
    public Optional<String> limitation() {
        return Optional.ofNullable(limitation);
    }

    /**
     * Returns a description without personal data.
     *
     * @return the card data's description and whether the holder was read
     */
    @Override
    public String toString() {
        return "UnverifiedSocialSecurityCard[" + card + ", holder=" + (read == null ? "not read" : "***")
                + ", genuinenessVerified=false]";
    }
}
