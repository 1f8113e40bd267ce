package io.yikatong.card.social;

import io.yikatong.card.CardException;

/**
 * Computes the social security card's authentication data (health-card-spec §3.5): the expected answer of the card's
 * internal authentication and, for 3.0 cards, the RKSSSE external-authentication cryptogram. One call serves one read;
 * it is the whole of what a PSAM or hardware security module (加密机) does for {@code iReadCardBas}.
 *
 * <p>Implementations:
 * <ul>
 * <li>{@link InsecureSoftwareSocialSecurityModule} — development master keys in memory, for tests only;</li>
 * <li>a hardware security module: implement this interface by sending {@link SocialSecurityAuthRequest#toPipeString()}
 * (the {@code iReadCardBas_HSM_Step1} output) to the HSM and returning
 * {@link SocialSecurityAuthResponse#parse(String)} of its answer — or, when the HSM call cannot happen inside the read
 * (another process, a web round trip), use the resumable two-call API
 * {@link SocialSecurityCardReader#begin(io.yikatong.card.CardSession)} /
 * {@link PendingSocialSecurityRead#finish(SocialSecurityAuthResponse)} instead.</li>
 * </ul>
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface SocialSecurityAuthenticator {

    /**
     * Computes the authentication data for one read.
     *
     * @param request the card's identification code, algorithm and the authentication inputs
     * @return the expected internal-authentication answer and, if the request asks for it, the external cryptogram
     * @throws SocialSecurityAuthenticatorException if the algorithm or a key is not available
     * @throws CardException if the module's link fails or it refuses
     */
    SocialSecurityAuthResponse authenticate(SocialSecurityAuthRequest request) throws CardException;

    /**
     * Returns the terminal number (终端机编号, for example a PSAM's MF/0016 content), empty if unknown.
     *
     * @return the terminal number; default empty
     */
    default String terminalNumber() {
        return "";
    }

    /**
     * Returns the terminal device number (终端设备号), empty if unknown.
     *
     * @return the device number; default empty
     */
    default String deviceNumber() {
        return "";
    }

    /**
     * Describes the authenticator without secrets, for logs.
     *
     * @return a description
     */
    String description();
}
