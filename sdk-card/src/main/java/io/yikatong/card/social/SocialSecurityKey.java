package io.yikatong.card.social;

/**
 * The social security card's (社会保障卡) SSSE keys this SDK uses (health-card-spec §3.5). Both are held by the card
 * diversified with its 16-byte card identification code (卡识别码) and, as master keys, by a PSAM, a hardware security
 * module or — for development — {@link InsecureSoftwareSocialSecurityModule}. The diversification and the cryptogram
 * are an inference [I] (the LD/T 32.4 text was not available): see {@link InsecureSoftwareSocialSecurityModule}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum SocialSecurityKey {
    /** The card's internal-authentication key: the card proves it is genuine (内部认证, spec §10.3 of the reader spec). */
    INTERNAL_AUTHENTICATION,
    /** RKSSSE, the read key of 3.0 cards: external authentication before the holder file EF06 may be read. */
    RKSSSE
}
