package io.yikatong.card.health.security;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;
import io.yikatong.card.health.security.internal.HealthCardCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Signer;
import io.yikatong.core.crypto.Sm3;
import io.yikatong.core.crypto.Sm4Key;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A security module in software — <b>for development and tests only</b>. It holds the health card's SM4 master keys
 * and the institution's SM2 signing key in process memory, where any code in the JVM (and any heap dump) can reach
 * them. A production HIS uses a PSAM ({@code PsamSecurityModule}) or a hardware security module. The name says
 * "insecure" so that nobody ships it by accident; every instance also logs nothing and says so in
 * {@link #description()}.
 *
 * <p>{@link #development()} gives the module matching the SDK's virtual cards: master keys derived from the public seed
 * {@value #DEVELOPMENT_SEED} (see {@link #developmentMasterKey(String, HealthCardKey)}). Those keys are published in
 * this source: a card personalised with them protects nothing.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class InsecureSoftwareSecurityModule implements HealthCardSecurityModule {

    /** The public seed of the development master keys. */
    public static final String DEVELOPMENT_SEED = "yikatong-development";

    private final Map<HealthCardKey, Sm4Key> masterKeys;
    private final Sm2Signer signer;
    private final Bytes organisationCertificate;
    private final Bytes issuerCertificate;

    private InsecureSoftwareSecurityModule(Builder b) {
        this.masterKeys = new EnumMap<>(b.masterKeys);
        this.signer = b.signingKey == null ? null
                : Sm2Signer.builder(b.signingKey).format(Sm2SignatureFormat.RAW).build();
        this.organisationCertificate = b.organisationCertificate;
        this.issuerCertificate = b.issuerCertificate;
    }

    /**
     * Starts building a module.
     *
     * @return a builder with no keys
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding the development master keys for every {@link HealthCardKey} (seed
     * {@value #DEVELOPMENT_SEED}), without a signing identity.
     *
     * @return a builder
     */
    public static Builder developmentBuilder() {
        Builder b = new Builder();
        for (HealthCardKey k : HealthCardKey.values()) {
            b.masterKey(k, developmentMasterKey(DEVELOPMENT_SEED, k));
        }
        return b;
    }

    /**
     * Returns the module matching the SDK's virtual health cards: development master keys, no signing identity
     * (add one with {@link #developmentBuilder()} and {@link Builder#signingIdentity}).
     *
     * @return the module
     */
    public static InsecureSoftwareSecurityModule development() {
        return developmentBuilder().build();
    }

    /**
     * Derives a development master key: the first 16 bytes of {@code SM3(seed ‖ "/" ‖ key name)}. Public by design —
     * these keys are for virtual cards and tests.
     *
     * @param seed the seed, for example {@value #DEVELOPMENT_SEED}
     * @param key which key
     * @return the master key
     */
    public static Sm4Key developmentMasterKey(String seed, HealthCardKey key) {
        Objects.requireNonNull(seed, "seed");
        byte[] d = Sm3.digest((seed + "/" + key.name()).getBytes(StandardCharsets.UTF_8));
        return Sm4Key.of(java.util.Arrays.copyOf(d, 16));
    }

    /**
     * Personalisation helper: the card key a card holds for a master key (the master key diversified with the card's
     * factors), as an issuer's personalisation system computes it. Used to build virtual cards.
     *
     * @param master the master key
     * @param key which key (decides one or two diversification levels)
     * @param factors the card's factors
     * @return the card key
     */
    public static Sm4Key cardKey(Sm4Key master, HealthCardKey key, CardFactors factors) {
        return HealthCardCrypto.cardKey(master, factors.forKey(key));
    }

    @Override
    public Bytes authenticationCryptogram(HealthCardKey key, CardFactors factors, Bytes challenge, Bytes input) {
        Objects.requireNonNull(key, "key");
        if (key.kind() == HealthCardKey.Kind.LINE_PROTECTION) {
            throw new InvalidInputException("key", key + " is a line-protection key, not an authentication key");
        }
        Sm4Key session = HealthCardCrypto.sessionKey(cardKey(master(key), key, factors), challenge);
        return Bytes.copyOf(HealthCardCrypto.cryptogram(session, input));
    }

    @Override
    public Bytes protectRecordUpdate(HealthCardKey lineKey, CardFactors factors, Bytes challenge, Bytes header,
            Bytes record) {
        Objects.requireNonNull(lineKey, "lineKey");
        if (lineKey.kind() != HealthCardKey.Kind.LINE_PROTECTION) {
            throw new InvalidInputException("lineKey", lineKey + " is not a line-protection key");
        }
        if (header.length() != 4) {
            throw new InvalidInputException("header", "must be CLA INS P1 P2 (4 bytes), was " + header.length());
        }
        Sm4Key session = HealthCardCrypto.sessionKey(cardKey(master(lineKey), lineKey, factors), challenge);
        return Bytes.copyOf(HealthCardCrypto.protect(session, header.toByteArray(), record.toByteArray()));
    }

    @Override
    public Bytes sign(Bytes message) throws CardException {
        Objects.requireNonNull(message, "message");
        if (signer == null) {
            throw new NoSigningIdentityException();
        }
        return Bytes.copyOf(signer.sign(message.toByteArray()));
    }

    @Override
    public Bytes organisationCertificate() throws CardException {
        if (organisationCertificate == null) {
            throw new NoSigningIdentityException();
        }
        return organisationCertificate;
    }

    @Override
    public Bytes issuerCertificate() throws CardException {
        if (issuerCertificate == null) {
            throw new NoSigningIdentityException();
        }
        return issuerCertificate;
    }

    @Override
    public String description() {
        return "INSECURE software security module (development only, " + masterKeys.size() + " master keys"
                + (signer == null ? ", no signing key" : ", signing key") + ")";
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return description();
    }

    private Sm4Key master(HealthCardKey key) {
        Sm4Key k = masterKeys.get(key);
        if (k == null) {
            throw new InvalidInputException("key", "this module holds no master key " + key);
        }
        return k;
    }

    /** The module was asked to sign but holds no signing identity. */
    private static final class NoSigningIdentityException extends CardException {
        private static final long serialVersionUID = 1L;

        NoSigningIdentityException() {
            super(CardErrorCode.CARD_REFUSED, "the software security module holds no signing key or certificate", null);
        }
    }

    /**
     * Builds an {@link InsecureSoftwareSecurityModule}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Map<HealthCardKey, Sm4Key> masterKeys = new EnumMap<>(HealthCardKey.class);
        private Sm2PrivateKey signingKey;
        private Bytes organisationCertificate;
        private Bytes issuerCertificate;

        private Builder() {
        }

        /**
         * Sets one master key.
         *
         * @param key which key
         * @param master its master key
         * @return this builder
         */
        public Builder masterKey(HealthCardKey key, Sm4Key master) {
            masterKeys.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(master, "master"));
            return this;
        }

        /**
         * Sets the institution's signing identity.
         *
         * @param key the SM2 private key
         * @param organisationCertificate its 190-byte organisation certificate
         * @param issuerCertificate the 180-byte issuer certificate certifying it
         * @return this builder
         * @throws InvalidInputException if a certificate has the wrong size
         */
        public Builder signingIdentity(Sm2PrivateKey key, Bytes organisationCertificate, Bytes issuerCertificate) {
            Objects.requireNonNull(key, "key");
            if (organisationCertificate.length() != 190) {
                throw new InvalidInputException("organisationCertificate", "must be 190 bytes");
            }
            if (issuerCertificate.length() != 180) {
                throw new InvalidInputException("issuerCertificate", "must be 180 bytes");
            }
            this.signingKey = key;
            this.organisationCertificate = organisationCertificate;
            this.issuerCertificate = issuerCertificate;
            return this;
        }

        /**
         * Builds the module.
         *
         * @return the module
         * @throws InvalidInputException if it holds no master key and no signing identity
         */
        public InsecureSoftwareSecurityModule build() {
            if (masterKeys.isEmpty() && signingKey == null) {
                throw new InvalidInputException("masterKeys", "a security module needs keys");
            }
            return new InsecureSoftwareSecurityModule(this);
        }
    }
}
