package io.yikatong.core.crypto;

import io.yikatong.core.crypto.internal.Sm2Curve;
import io.yikatong.core.crypto.internal.Sm2KeyCodec;
import io.yikatong.core.crypto.internal.Sm2KeyState;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.util.BigIntegers;

/**
 * An SM2 private key (SM2 私钥): a scalar d in [1, n-2] on the curve {@code sm2p256v1}, with its public key and the
 * per-key signing precomputation (1 + d)<sup>-1</sup> mod n.
 *
 * <p>Secret material leaves the object only through methods that take an {@link InsecureKeyAccess} token.
 * {@link #toString()} never shows it, and there is deliberately no {@code equals}/{@code hashCode} on the material
 * (compare {@link #publicKey()} instead).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Sm2PrivateKey {

    private static final String PEM = "SM2 private key (PEM)";
    private static final String RAW = "SM2 private key (raw scalar)";

    private final BigInteger d;
    private final BigInteger inverseOnePlusD;
    private final Sm2PublicKey publicKey;

    private Sm2PrivateKey(BigInteger d) {
        this.d = d;
        this.inverseOnePlusD = BigIntegers.modOddInverse(Sm2Curve.N, d.add(BigInteger.ONE));
        this.publicKey = Sm2PublicKey.of(new Sm2KeyState(Sm2Curve.multiplyG(d)));
    }

    static Sm2PrivateKey ofScalar(BigInteger d) throws KeyFormatException {
        Sm2KeyCodec.checkScalar(d, RAW);
        return new Sm2PrivateKey(d);
    }

    /**
     * Decodes PKCS#8 PrivateKeyInfo (what {@code openssl genpkey -algorithm SM2} writes, DER form).
     *
     * @param der the DER bytes
     * @return the key
     * @throws KeyFormatException if the DER is malformed, not an EC key on sm2p256v1, the scalar is out of range, or
     *     an embedded public key does not match
     */
    public static Sm2PrivateKey fromPkcs8Der(byte[] der) throws KeyFormatException {
        Objects.requireNonNull(der, "der");
        return new Sm2PrivateKey(Sm2KeyCodec.scalarFromPkcs8(der));
    }

    /**
     * Decodes PEM text holding one {@code PRIVATE KEY} block (PKCS#8, from {@code openssl genpkey -algorithm SM2} and,
     * in OpenSSL 3, {@code openssl ecparam -genkey -name SM2}) or one SEC1 block ({@code EC PRIVATE KEY}, or
     * {@code SM2 PRIVATE KEY} as OpenSSL 3 {@code openssl ec} labels it). An {@code EC PARAMETERS} or
     * {@code SM2 PARAMETERS} block, as {@code ecparam} writes before the key, is accepted if it names sm2p256v1.
     * Encrypted keys are not supported.
     *
     * @param pem the PEM text
     * @return the key
     * @throws KeyFormatException if there is not exactly one private key block or it is not a valid SM2 key
     */
    public static Sm2PrivateKey fromPem(String pem) throws KeyFormatException {
        Objects.requireNonNull(pem, "pem");
        List<Sm2KeyCodec.PemBlock> blocks = Sm2KeyCodec.parsePem(pem, PEM);
        Sm2KeyCodec.PemBlock found = null;
        for (Sm2KeyCodec.PemBlock b : blocks) {
            switch (b.label()) {
                case Sm2KeyCodec.PRIVATE_KEY, Sm2KeyCodec.EC_PRIVATE_KEY, Sm2KeyCodec.SM2_PRIVATE_KEY -> {
                    if (found != null) {
                        throw new KeyFormatException(PEM, "more than one private key block", null);
                    }
                    found = b;
                }
                case Sm2KeyCodec.ENCRYPTED_PRIVATE_KEY ->
                    throw new KeyFormatException(PEM, "encrypted private keys are not supported", null);
                case Sm2KeyCodec.EC_PARAMETERS, Sm2KeyCodec.SM2_PARAMETERS -> Sm2KeyCodec.checkEcParameters(b.der(), PEM);
                default -> {
                    // other blocks (certificates, public keys) are not ours to judge here
                }
            }
        }
        if (found == null) {
            throw new KeyFormatException(PEM, "no PRIVATE KEY or EC PRIVATE KEY block", null);
        }
        BigInteger d = found.label().equals(Sm2KeyCodec.PRIVATE_KEY)
                ? Sm2KeyCodec.scalarFromPkcs8(found.der())
                : Sm2KeyCodec.scalarFromSec1(found.der());
        return new Sm2PrivateKey(d);
    }

    /**
     * Creates a key from the raw 32-byte big-endian scalar d (as some payment channels and HSM exports hand it out).
     *
     * @param scalar the 32 bytes of d
     * @param access the token that marks this call site as handling raw secret material
     * @return the key
     * @throws KeyFormatException if the input is not 32 bytes or d is not in [1, n-2]
     */
    public static Sm2PrivateKey fromRawScalar(byte[] scalar, InsecureKeyAccess access) throws KeyFormatException {
        Objects.requireNonNull(scalar, "scalar");
        Objects.requireNonNull(access, "access");
        if (scalar.length != Sm2Curve.FIELD_BYTES) {
            throw new KeyFormatException(RAW, "must be 32 bytes, was " + scalar.length, null);
        }
        return ofScalar(new BigInteger(1, scalar));
    }

    /**
     * Generates a new random key.
     *
     * @param random the source of randomness
     * @return the key
     */
    static Sm2PrivateKey generate(java.security.SecureRandom random) {
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, Sm2Curve.N_MINUS_2, random);
        return new Sm2PrivateKey(d);
    }

    /**
     * Returns the public key.
     *
     * @return the matching public key
     */
    public Sm2PublicKey publicKey() {
        return publicKey;
    }

    /**
     * Exports the key as PKCS#8 PrivateKeyInfo DER (id-ecPublicKey, sm2p256v1, with the public key), the format of
     * {@code openssl genpkey -algorithm SM2}.
     *
     * @param access the token that marks this call site as exporting secret material
     * @return a new DER array holding the secret key
     */
    public byte[] toPkcs8Der(InsecureKeyAccess access) {
        Objects.requireNonNull(access, "access");
        return Sm2KeyCodec.toPkcs8(d, publicKey.state().uncompressedShared());
    }

    /**
     * Exports the key as a PEM {@code PRIVATE KEY} block (PKCS#8), readable by {@code openssl pkey}.
     *
     * @param access the token that marks this call site as exporting secret material
     * @return the PEM text holding the secret key
     */
    public String toPkcs8Pem(InsecureKeyAccess access) {
        return Sm2KeyCodec.toPem(Sm2KeyCodec.PRIVATE_KEY, toPkcs8Der(access));
    }

    /**
     * Exports the raw scalar d as 32 big-endian bytes.
     *
     * @param access the token that marks this call site as exporting secret material
     * @return a new 32-byte array holding the secret scalar
     */
    public byte[] toRawScalar(InsecureKeyAccess access) {
        Objects.requireNonNull(access, "access");
        return Sm2Curve.to32(d);
    }

    BigInteger scalar() {
        return d;
    }

    BigInteger inverseOnePlusD() {
        return inverseOnePlusD;
    }

    /**
     * Returns {@code Sm2PrivateKey[redacted]}; never the key material.
     */
    @Override
    public String toString() {
        return "Sm2PrivateKey[redacted]";
    }
}
