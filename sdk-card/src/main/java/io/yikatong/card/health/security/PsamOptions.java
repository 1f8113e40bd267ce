package io.yikatong.card.health.security;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm2PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link PsamSecurityModule}: what the health PSAM's vendor documents do not fix.
 * <ul>
 * <li>{@link Builder#signCommandHeader(Bytes)}: {@code CLA INS P1 P2} of the SAM's SM2 signing command. The command of
 * a health PSAM is not public [?]; the default {@code 802A0000} is the one the SDK's virtual SAM
 * ({@code io.yikatong.testkit.card.VirtualSam}, sdk-testkit) answers. The module sends
 * {@code <header> 20 <SM3 digest e> 40} and expects the raw signature {@code r ‖ s}.</li>
 * <li>{@link Builder#signerPublicKey(Sm2PublicKey)}: the public key of the SAM's signing key, needed to compute the
 * signed digest {@code e = SM3(Z ‖ M)} ({@link io.yikatong.core.crypto.Sm2Digest}). Optional: by default the key is
 * taken from the SAM's 190-byte organisation certificate (DF01/{@code 001C}) decoded as a {@link CardCertificate};
 * set it for SAMs whose certificate has another layout.</li>
 * <li>{@link Builder#signerUserId(String)}: the SM2 user ID in Z, default {@code 1234567812345678}.</li>
 * <li>{@link Builder#readerName(String)}: a name for logs and {@link PsamSecurityModule#description()}.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class PsamOptions {

    /** The default signing command header, {@code 802A0000} [?]. */
    public static final Bytes DEFAULT_SIGN_COMMAND_HEADER = Bytes.fromHex("802A0000");

    /** The default SM2 user ID (GM/T 0009). */
    public static final String DEFAULT_USER_ID = "1234567812345678";

    private final String readerName;
    private final Bytes signCommandHeader;
    private final Sm2PublicKey signerPublicKey;
    private final Bytes signerUserId;

    private PsamOptions(Builder b) {
        this.readerName = b.readerName;
        this.signCommandHeader = b.signCommandHeader;
        this.signerPublicKey = b.signerPublicKey;
        this.signerUserId = b.signerUserId;
    }

    /**
     * Returns the defaults: an unnamed reader, header {@code 802A0000}, no signer public key (signing refused).
     *
     * @return the options
     */
    public static PsamOptions defaults() {
        return builder().build();
    }

    /**
     * Starts building options from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the reader's name, for descriptions */
    public String readerName() {
        return readerName;
    }

    /** @return {@code CLA INS P1 P2} of the signing command */
    public Bytes signCommandHeader() {
        return signCommandHeader;
    }

    /** @return the signer's public key, if configured */
    public Optional<Sm2PublicKey> signerPublicKey() {
        return Optional.ofNullable(signerPublicKey);
    }

    /** @return the SM2 user ID bytes */
    public Bytes signerUserId() {
        return signerUserId;
    }

    @Override
    public String toString() {
        return "PsamOptions[reader=" + readerName + ", signCommand=" + signCommandHeader.toHex()
                + (signerPublicKey == null ? ", no signer key" : ", signer key set") + "]";
    }

    /**
     * Builds {@link PsamOptions}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private String readerName = "unnamed reader";
        private Bytes signCommandHeader = DEFAULT_SIGN_COMMAND_HEADER;
        private Sm2PublicKey signerPublicKey;
        private Bytes signerUserId = Bytes.copyOf(DEFAULT_USER_ID.getBytes(StandardCharsets.US_ASCII));

        private Builder() {
        }

        /**
         * Names the reader (for logs).
         *
         * @param name the reader name, not empty
         * @return this builder
         * @throws InvalidInputException if the name is empty
         */
        public Builder readerName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new InvalidInputException("readerName", "must not be blank");
            }
            this.readerName = name;
            return this;
        }

        /**
         * Sets the signing command's header [?].
         *
         * @param header {@code CLA INS P1 P2}, 4 bytes
         * @return this builder
         * @throws InvalidInputException if it is not 4 bytes or the class is {@code 00}/{@code FF}
         */
        public Builder signCommandHeader(Bytes header) {
            Objects.requireNonNull(header, "header");
            if (header.length() != 4) {
                throw new InvalidInputException("signCommandHeader", "must be 4 bytes, was " + header.length());
            }
            int cla = header.get(0) & 0xFF;
            if (cla == 0x00 || cla == 0xFF) {
                throw new InvalidInputException("signCommandHeader", "CLA must be a proprietary class");
            }
            this.signCommandHeader = header;
            return this;
        }

        /**
         * Sets the public key of the SAM's signing key.
         *
         * @param key the public key
         * @return this builder
         */
        public Builder signerPublicKey(Sm2PublicKey key) {
            this.signerPublicKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * Sets the SM2 user ID hashed into Z.
         *
         * @param userId the ID, 1 to 8191 ASCII characters
         * @return this builder
         * @throws InvalidInputException if it is empty or too long
         */
        public Builder signerUserId(String userId) {
            Objects.requireNonNull(userId, "userId");
            if (userId.isEmpty() || userId.length() > 8191) {
                throw new InvalidInputException("signerUserId", "must be 1 to 8191 characters");
            }
            this.signerUserId = Bytes.copyOf(userId.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public PsamOptions build() {
            return new PsamOptions(this);
        }
    }
}
