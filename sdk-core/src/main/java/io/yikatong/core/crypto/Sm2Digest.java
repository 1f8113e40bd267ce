package io.yikatong.core.crypto;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm2Hash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The digest an SM2 signature signs (GB/T 32918.2 §6.1 steps A1–A2, GM/T 0009 §5.1 and §8.1): {@code e = SM3(Z_A ‖ M)}
 * with the signer's identity hash {@code Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A)}, where
 * {@code ENTL_A} is the bit length of the user ID as 2 bytes, {@code a}, {@code b}, {@code x_G}, {@code y_G} are the
 * parameters of the curve {@code sm2p256v1} and {@code x_A}, {@code y_A} the signer's public key, all as 32 bytes.
 *
 * <p>{@link Sm2Signer} and {@link Sm2Verifier} compute it internally; this class gives it to code that has the
 * message signed elsewhere — a PSAM or a hardware security module that signs a 32-byte digest, or a remote signing
 * service — so that host and device hash exactly as the SDK does:
 * <pre>{@code
 * byte[] e = Sm2Digest.of(signerPublicKey).digest(message);   // default user ID 1234567812345678
 * byte[] rs = samSignsDigest(e);                              // the device signs e
 * Sm2Verifier.builder(signerPublicKey).format(Sm2SignatureFormat.RAW).build().verify(message, rs);
 * }</pre>
 *
 * <p>The default user ID is {@value #DEFAULT_USER_ID} (GM/T 0009), as for {@link Sm2Signer} and {@link Sm2Verifier};
 * signatures made by OpenSSL without {@code distid} use the empty ID.
 *
 * <p>Instances are immutable and thread-safe; {@code Z_A} is computed once, when the digest is created.
 *
 * @since 0.1
 */
public final class Sm2Digest {

    /** The default user ID of GM/T 0009, {@value}. */
    public static final String DEFAULT_USER_ID = "1234567812345678";

    /** Largest user ID in bytes: {@code ENTL} counts bits in 16 bits. */
    public static final int MAX_USER_ID_BYTES = Sm2Hash.MAX_ID_BYTES;

    private final Sm2PublicKey publicKey;
    private final byte[] userId;
    private final byte[] z;
    private final Sm2Hash hash;

    private Sm2Digest(Sm2PublicKey publicKey, byte[] userId) {
        this.publicKey = publicKey;
        this.userId = userId;
        this.z = Sm2Hash.z(userId, publicKey.state().point());
        this.hash = Sm2Hash.withPrefix(z);
    }

    /**
     * Creates the digest for a signer with the default user ID {@value #DEFAULT_USER_ID}.
     *
     * @param publicKey the signer's public key
     * @return the digest
     */
    public static Sm2Digest of(Sm2PublicKey publicKey) {
        return of(publicKey, DEFAULT_USER_ID.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Creates the digest for a signer and user ID.
     *
     * @param publicKey the signer's public key
     * @param userId the user ID bytes (ID<sub>A</sub>), at most {@value #MAX_USER_ID_BYTES} bytes; empty is allowed
     *     (OpenSSL's default)
     * @return the digest
     * @throws InvalidInputException naming {@code userId} if it is longer than {@value #MAX_USER_ID_BYTES} bytes
     */
    public static Sm2Digest of(Sm2PublicKey publicKey, byte[] userId) {
        Objects.requireNonNull(publicKey, "publicKey");
        return new Sm2Digest(publicKey, Sm2Signer.checkedUserId(userId));
    }

    /**
     * Creates the digest for a signer and a user ID given as text (UTF-8, as {@link Sm2Signer.Builder#userId(String)}
     * encodes it).
     *
     * @param publicKey the signer's public key
     * @param userId the user ID text
     * @return the digest
     * @throws InvalidInputException naming {@code userId} if its UTF-8 form is longer than
     *     {@value #MAX_USER_ID_BYTES} bytes
     */
    public static Sm2Digest of(Sm2PublicKey publicKey, String userId) {
        return of(publicKey, Objects.requireNonNull(userId, "userId").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the signer's identity hash {@code Z_A}.
     *
     * @return 32 bytes (a copy)
     */
    public byte[] z() {
        return z.clone();
    }

    /**
     * Computes {@code e = SM3(Z_A ‖ M)}, the 32 bytes an SM2 signature over {@code message} signs.
     *
     * @param message the message M (not a digest)
     * @return 32 bytes
     */
    public byte[] digest(byte[] message) {
        return hash.digest(Objects.requireNonNull(message, "message"));
    }

    /**
     * Computes {@code e = SM3(Z_A ‖ M)} of a message read from a stream to its end, in bounded memory whatever its
     * size. The stream is not closed.
     *
     * @param message the message M (not a digest)
     * @return 32 bytes
     * @throws IOException if reading fails
     */
    public byte[] digest(InputStream message) throws IOException {
        return hash.digest(Objects.requireNonNull(message, "message"));
    }

    /**
     * Returns the signer's public key.
     *
     * @return the key
     */
    public Sm2PublicKey publicKey() {
        return publicKey;
    }

    /**
     * Returns the user ID.
     *
     * @return the ID bytes (a copy)
     */
    public byte[] userId() {
        return userId.clone();
    }

    /**
     * Describes the digest by its key and the user ID's length (public data).
     *
     * @return for example {@code Sm2Digest[Sm2PublicKey[04…], userId 16 bytes]}
     */
    @Override
    public String toString() {
        return "Sm2Digest[" + publicKey + ", userId " + userId.length + " bytes]";
    }
}
