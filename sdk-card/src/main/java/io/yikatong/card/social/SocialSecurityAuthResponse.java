package io.yikatong.card.social;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import java.util.Objects;

/**
 * A security module's answer to a {@link SocialSecurityAuthRequest}: the internal-authentication answer the card must
 * give if it is genuine, and the RKSSSE external-authentication cryptogram (3.0 cards). The pipe layout of
 * {@link #toPipeString()} / {@link #parse(String)} — {@code 内部认证结果|外部认证密文|} in upper-case hex — stands in
 * for the {@code pKey} argument of {@code iReadCardBas_HSM_Step2}, whose exact format is not evidenced [I]; adapt an
 * HSM's own format with {@link #of(Bytes, Bytes)}.
 *
 * <p>{@link #toString()} shows no cryptogram.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param internalAuthenticationResult the expected internal-authentication answer, 8 bytes
 * @param externalCryptogram the external-authentication cryptogram, 8 bytes, or empty for 1.0/2.0 cards
 * @since 0.1
 */
public record SocialSecurityAuthResponse(Bytes internalAuthenticationResult, Bytes externalCryptogram) {

    /**
     * Checks the lengths.
     *
     * @throws InvalidInputException if a component is missing or has the wrong length
     */
    public SocialSecurityAuthResponse {
        if (internalAuthenticationResult == null || internalAuthenticationResult.length() != 8) {
            throw new InvalidInputException("internalAuthenticationResult", "must be 8 bytes");
        }
        if (externalCryptogram == null || (!externalCryptogram.isEmpty() && externalCryptogram.length() != 8)) {
            throw new InvalidInputException("externalCryptogram", "must be 8 bytes or empty");
        }
    }

    /**
     * Creates an answer.
     *
     * @param internalAuthenticationResult 8 bytes
     * @param externalCryptogram 8 bytes, or empty
     * @return the answer
     * @throws InvalidInputException if a length is wrong
     */
    public static SocialSecurityAuthResponse of(Bytes internalAuthenticationResult, Bytes externalCryptogram) {
        return new SocialSecurityAuthResponse(internalAuthenticationResult, externalCryptogram);
    }

    /**
     * Renders {@code 内部认证结果|外部认证密文|}.
     *
     * @return the pipe string
     */
    public String toPipeString() {
        return SocialSecurityAuthRequest.hex(internalAuthenticationResult) + "|"
                + SocialSecurityAuthRequest.hex(externalCryptogram) + "|";
    }

    /**
     * Parses {@code 内部认证结果|外部认证密文|}.
     *
     * @param pipe the HSM's answer
     * @return the answer
     * @throws InvalidInputException if the layout or a length is wrong (the field is named)
     */
    public static SocialSecurityAuthResponse parse(String pipe) {
        Objects.requireNonNull(pipe, "pipe");
        String[] f = pipe.split("\\|", -1);
        if (f.length != 3 || !f[2].isEmpty()) {
            throw new InvalidInputException("pipe", "must be 2 fields, each followed by '|'");
        }
        return new SocialSecurityAuthResponse(SocialSecurityAuthRequest.bytes(f[0], "internalAuthenticationResult"),
                SocialSecurityAuthRequest.bytes(f[1], "externalCryptogram"));
    }

    /**
     * Returns a description without the cryptograms.
     *
     * @return whether an external cryptogram is present
     */
    @Override
    public String toString() {
        return "SocialSecurityAuthResponse[external=" + !externalCryptogram.isEmpty() + "]";
    }
}
