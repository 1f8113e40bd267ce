package io.yikatong.core.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * A freshly generated SM2 key pair (SM2 密钥对).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Sm2KeyPair {

    private final Sm2PrivateKey privateKey;

    private Sm2KeyPair(Sm2PrivateKey privateKey) {
        this.privateKey = privateKey;
    }

    /**
     * Generates a key pair with d uniformly random in [1, n-2].
     *
     * @param random the source of randomness, for example {@code new SecureRandom()}
     * @return the key pair
     */
    public static Sm2KeyPair generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return new Sm2KeyPair(Sm2PrivateKey.generate(random));
    }

    /**
     * Returns the private key.
     *
     * @return the private key
     */
    public Sm2PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * Returns the public key.
     *
     * @return the public key
     */
    public Sm2PublicKey publicKey() {
        return privateKey.publicKey();
    }

    /**
     * Returns {@code Sm2KeyPair[public key]}; never the private key material.
     */
    @Override
    public String toString() {
        return "Sm2KeyPair[" + publicKey() + "]";
    }
}
