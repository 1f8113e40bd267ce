package io.yikatong.card.social;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import java.util.Locale;
import java.util.Objects;

/**
 * What a security module needs to authenticate one social security card read: the output fields of the reader
 * interface's {@code iReadCardBas_HSM_Step1} (health-card-spec §3.6), in order:
 * 区划 | ATR | 算法标识 | 卡识别码 | 内部认证过程因子 | 内部认证原始数据 | 外部认证过程因子 | 外部认证原始数据 | 终端号 |.
 *
 * <p>The internal-authentication process factor and source are random bytes chosen by the reader (the card answers
 * them in the same read, so an old answer cannot be replayed); the external process factor is the card's challenge
 * (GET CHALLENGE) and the external source 8 random bytes of the reader. On 1.0/2.0 cards the external fields are
 * empty. That the ATR field carries only the historical bytes, as in {@code iReadCardBas}, is an inference [I].
 *
 * <p>{@link #toString()} shows no card identifiers.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param regionCode 发卡地区行政区划代码, 6 digits
 * @param historicalBytes the ATR's historical bytes
 * @param algorithmId 算法标识 of the SSSE FCI, 0..255 ({@code 03} = SM4)
 * @param cardIdentificationCode 卡识别码, 16 bytes
 * @param internalProcessFactor 内部认证过程因子, 8 bytes
 * @param internalSource 内部认证原始数据, 8 bytes
 * @param externalProcessFactor 外部认证过程因子 (the card's challenge), 8 bytes, or empty if the card needs no
 *     external authentication
 * @param externalSource 外部认证原始数据, 8 bytes, or empty together with the process factor
 * @param terminalNumber 终端号, may be empty; must not contain {@code |}
 * @since 0.1
 */
public record SocialSecurityAuthRequest(String regionCode, Bytes historicalBytes, int algorithmId,
        Bytes cardIdentificationCode, Bytes internalProcessFactor, Bytes internalSource, Bytes externalProcessFactor,
        Bytes externalSource, String terminalNumber) {

    /**
     * Checks the components.
     *
     * @throws InvalidInputException if a component is missing or has the wrong length
     */
    public SocialSecurityAuthRequest {
        required(regionCode, "regionCode");
        required(historicalBytes, "historicalBytes");
        required(cardIdentificationCode, "cardIdentificationCode");
        required(internalProcessFactor, "internalProcessFactor");
        required(internalSource, "internalSource");
        required(externalProcessFactor, "externalProcessFactor");
        required(externalSource, "externalSource");
        required(terminalNumber, "terminalNumber");
        if (!regionCode.matches("[0-9]{6}")) {
            throw new InvalidInputException("regionCode", "must be 6 digits");
        }
        if (historicalBytes.length() > 15) {
            throw new InvalidInputException("historicalBytes", "at most 15 bytes, was " + historicalBytes.length());
        }
        if (algorithmId < 0 || algorithmId > 0xFF) {
            throw new InvalidInputException("algorithmId", "must be 0..255, was " + algorithmId);
        }
        length(cardIdentificationCode, 16, "cardIdentificationCode");
        length(internalProcessFactor, 8, "internalProcessFactor");
        length(internalSource, 8, "internalSource");
        if (!(externalProcessFactor.isEmpty() && externalSource.isEmpty())) {
            length(externalProcessFactor, 8, "externalProcessFactor");
            length(externalSource, 8, "externalSource");
        }
        if (terminalNumber.indexOf('|') >= 0) {
            throw new InvalidInputException("terminalNumber", "must not contain '|'");
        }
    }

    /**
     * Tells whether the card needs the RKSSSE external authentication (a 3.0 card).
     *
     * @return whether the external fields are present
     */
    public boolean needsExternalAuthentication() {
        return !externalProcessFactor.isEmpty();
    }

    /**
     * Renders the {@code iReadCardBas_HSM_Step1} output: the 9 fields above, each followed by {@code |}; binary
     * values as upper-case hex, the algorithm identifier as 2 hex digits.
     *
     * @return the pipe string
     */
    public String toPipeString() {
        String[] f = {regionCode, hex(historicalBytes), String.format("%02X", algorithmId), hex(cardIdentificationCode),
            hex(internalProcessFactor), hex(internalSource), hex(externalProcessFactor), hex(externalSource),
            terminalNumber};
        StringBuilder sb = new StringBuilder();
        for (String s : f) {
            sb.append(s).append('|');
        }
        return sb.toString();
    }

    /**
     * Parses a {@link #toPipeString()} string, as an HSM-side service (or a simulator of one) receives it.
     *
     * @param pipe the 9 fields, each followed by {@code |}
     * @return the request
     * @throws InvalidInputException if the string does not have this layout (the field is named)
     */
    public static SocialSecurityAuthRequest parse(String pipe) {
        Objects.requireNonNull(pipe, "pipe");
        String[] f = pipe.split("\\|", -1);
        if (f.length != 10 || !f[9].isEmpty()) {
            throw new InvalidInputException("pipe", "must be 9 fields, each followed by '|'");
        }
        if (!f[2].matches("[0-9A-Fa-f]{2}")) {
            throw new InvalidInputException("algorithmId", "must be 2 hex digits");
        }
        return new SocialSecurityAuthRequest(f[0], bytes(f[1], "historicalBytes"), Integer.parseInt(f[2], 16),
                bytes(f[3], "cardIdentificationCode"), bytes(f[4], "internalProcessFactor"),
                bytes(f[5], "internalSource"), bytes(f[6], "externalProcessFactor"), bytes(f[7], "externalSource"),
                f[8]);
    }

    /**
     * Returns a description without card identifiers.
     *
     * @return region, algorithm and whether external authentication is asked for
     */
    @Override
    public String toString() {
        return String.format("SocialSecurityAuthRequest[region=%s, algorithm=%02X, external=%s]", regionCode,
                algorithmId, needsExternalAuthentication());
    }

    static String hex(Bytes b) {
        return b.toHex().toUpperCase(Locale.ROOT);
    }

    static Bytes bytes(String hex, String field) {
        try {
            return Bytes.fromHex(hex);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, "not hex: " + e.getMessage());
        }
    }

    private static void required(Object o, String field) {
        if (o == null) {
            throw new InvalidInputException(field, "is required");
        }
    }

    private static void length(Bytes b, int n, String field) {
        if (b.length() != n) {
            throw new InvalidInputException(field, "must be " + n + " bytes, was " + b.length());
        }
    }
}
