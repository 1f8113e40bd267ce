package io.yikatong.card.social;

import io.yikatong.card.social.internal.SocialSecurityCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm3;
import io.yikatong.core.crypto.Sm4Key;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A social security card authenticator in software — <b>for development and tests only</b>: the SSSE master keys
 * sit in process memory. Production uses a PSAM or a hardware security module.
 *
 * <p>Cryptography [I — the LD/T 32.4 text was not available; verify against a real PSAM before relying on it]: the
 * card key is the master key diversified with the 16-byte card identification code; an answer is
 * {@code E[0..7] XOR E[8..15]} with {@code E = SM4(sessionKey, source ‖ 00×8)} and the session key the card key
 * diversified with the 8-byte process factor (the same fold as the health card's cryptogram). Only algorithm
 * identifier {@code 03} (SM4) is supported.
 *
 * <p>{@link #development()} matches the SDK's virtual social security cards: master keys derived from the public
 * seed {@value #DEVELOPMENT_SEED} ({@link #developmentMasterKey(String, SocialSecurityKey)}).
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class InsecureSoftwareSocialSecurityModule implements SocialSecurityAuthenticator {

    /** The public seed of the development master keys. */
    public static final String DEVELOPMENT_SEED = "yikatong-development-ssc";

    private final Map<SocialSecurityKey, Sm4Key> masterKeys;
    private final String terminalNumber;
    private final String deviceNumber;

    private InsecureSoftwareSocialSecurityModule(Builder b) {
        this.masterKeys = new EnumMap<>(b.masterKeys);
        this.terminalNumber = b.terminalNumber;
        this.deviceNumber = b.deviceNumber;
    }

    /**
     * Starts building a module.
     *
     * @return a builder without keys
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding both development master keys.
     *
     * @return a builder
     */
    public static Builder developmentBuilder() {
        Builder b = new Builder();
        for (SocialSecurityKey k : SocialSecurityKey.values()) {
            b.masterKey(k, developmentMasterKey(DEVELOPMENT_SEED, k));
        }
        return b;
    }

    /**
     * Returns the module matching the SDK's virtual social security cards (development keys, no terminal number).
     *
     * @return the module
     */
    public static InsecureSoftwareSocialSecurityModule development() {
        return developmentBuilder().build();
    }

    /**
     * Derives a development master key: the first 16 bytes of {@code SM3(seed ‖ "/" ‖ key name)}. Public by design.
     *
     * @param seed the seed, for example {@value #DEVELOPMENT_SEED}
     * @param key which key
     * @return the master key
     */
    public static Sm4Key developmentMasterKey(String seed, SocialSecurityKey key) {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(key, "key");
        byte[] d = Sm3.digest((seed + "/" + key.name()).getBytes(StandardCharsets.UTF_8));
        return Sm4Key.of(Arrays.copyOf(d, 16));
    }

    /**
     * Personalisation helper: the key a card holds for a master key (diversified with its identification code).
     *
     * @param master the master key
     * @param cardIdentificationCode the card's 16-byte identification code
     * @return the card key
     * @throws InvalidInputException if the code is not 16 bytes
     */
    public static Sm4Key cardKey(Sm4Key master, Bytes cardIdentificationCode) {
        return SocialSecurityCrypto.cardKey(master, cardIdentificationCode);
    }

    @Override
    public SocialSecurityAuthResponse authenticate(SocialSecurityAuthRequest request)
            throws SocialSecurityAuthenticatorException {
        Objects.requireNonNull(request, "request");
        if (request.algorithmId() != SocialSecurityCrypto.ALGORITHM_SM4) {
            throw new SocialSecurityAuthenticatorException(SocialSecurityAuthenticatorException.Reason.ALGORITHM_UNSUPPORTED,
                    String.format("software module supports algorithm 03 (SM4) only, card announces %02X",
                            request.algorithmId()));
        }
        Sm4Key internal = masterKeys.get(SocialSecurityKey.INTERNAL_AUTHENTICATION); // required by the builder
        Bytes id = request.cardIdentificationCode();
        Bytes internalResult = SocialSecurityCrypto.response(SocialSecurityCrypto.cardKey(internal, id),
                request.internalProcessFactor(), request.internalSource());
        Bytes external = Bytes.empty();
        if (request.needsExternalAuthentication()) {
            Sm4Key rk = masterKeys.get(SocialSecurityKey.RKSSSE);
            if (rk == null) {
                throw new SocialSecurityAuthenticatorException(SocialSecurityAuthenticatorException.Reason.NO_RKSSSE_KEY,
                        "3.0 card, but the software module holds no RKSSSE key");
            }
            external = SocialSecurityCrypto.response(SocialSecurityCrypto.cardKey(rk, id),
                    request.externalProcessFactor(), request.externalSource());
        }
        return SocialSecurityAuthResponse.of(internalResult, external);
    }

    @Override
    public String terminalNumber() {
        return terminalNumber;
    }

    @Override
    public String deviceNumber() {
        return deviceNumber;
    }

    @Override
    public String description() {
        return "INSECURE software social security module (development only, " + masterKeys.size() + " master keys)";
    }

    @Override
    public String toString() {
        return description();
    }

    /**
     * Builds an {@link InsecureSoftwareSocialSecurityModule}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Map<SocialSecurityKey, Sm4Key> masterKeys = new EnumMap<>(SocialSecurityKey.class);
        private String terminalNumber = "";
        private String deviceNumber = "";

        private Builder() {
        }

        /**
         * Sets one master key.
         *
         * @param key which key
         * @param master its master key
         * @return this builder
         */
        public Builder masterKey(SocialSecurityKey key, Sm4Key master) {
            masterKeys.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(master, "master"));
            return this;
        }

        /**
         * Removes a master key (to model a PSAM without RKSSSE).
         *
         * @param key which key
         * @return this builder
         */
        public Builder withoutKey(SocialSecurityKey key) {
            masterKeys.remove(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * Sets the terminal number and device number reported for {@code iReadCardBas}.
         *
         * @param terminalNumber 终端机编号, may be empty
         * @param deviceNumber 终端设备号, may be empty
         * @return this builder
         * @throws InvalidInputException if a value contains {@code |}
         */
        public Builder terminal(String terminalNumber, String deviceNumber) {
            this.terminalNumber = noPipe(terminalNumber, "terminalNumber");
            this.deviceNumber = noPipe(deviceNumber, "deviceNumber");
            return this;
        }

        /**
         * Builds the module.
         *
         * @return the module
         * @throws InvalidInputException if it holds no internal-authentication key
         */
        public InsecureSoftwareSocialSecurityModule build() {
            if (!masterKeys.containsKey(SocialSecurityKey.INTERNAL_AUTHENTICATION)) {
                throw new InvalidInputException("masterKeys", "the internal-authentication master key is required");
            }
            return new InsecureSoftwareSocialSecurityModule(this);
        }
    }

    static String noPipe(String s, String field) {
        Objects.requireNonNull(s, field);
        if (s.indexOf('|') >= 0) {
            throw new InvalidInputException(field, "must not contain '|'");
        }
        return s;
    }
}
