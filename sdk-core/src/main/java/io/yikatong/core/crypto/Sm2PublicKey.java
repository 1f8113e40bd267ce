package io.yikatong.core.crypto;

import io.yikatong.core.Bytes;
import io.yikatong.core.crypto.internal.Sm2Curve;
import io.yikatong.core.crypto.internal.Sm2KeyCache;
import io.yikatong.core.crypto.internal.Sm2KeyCodec;
import io.yikatong.core.crypto.internal.Sm2KeyState;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An SM2 public key (SM2 公钥): a point on the recommended curve {@code sm2p256v1} (GB/T 32918.5), checked on decoding
 * to lie on the curve and not be the point at infinity.
 *
 * <p>Decoding is cheap when repeated: decoded keys, with the verification precomputation they carry, are kept in a
 * bounded internal cache (256 entries, least recently used evicted) keyed by the encoded point, so integrations that
 * decode the issuer key from bytes or PEM on every call do not pay for decoding and precomputation each time. Only
 * public data is cached.
 *
 * <p>Two keys are equal when they hold the same point.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Sm2PublicKey {

    private static final String RAW = "SM2 public key (raw point)";
    private static final String PEM = "SM2 public key (PEM)";

    private final Sm2KeyState state;

    private Sm2PublicKey(Sm2KeyState state) {
        this.state = state;
    }

    static Sm2PublicKey of(Sm2KeyState state) {
        return new Sm2PublicKey(state);
    }

    /**
     * Decodes a raw point: 65-byte uncompressed {@code 04||x||y}, 64-byte {@code x||y}, or 33-byte compressed
     * {@code 02/03||x}.
     *
     * @param encoded the point bytes
     * @return the key
     * @throws KeyFormatException if the length or prefix is wrong, or the point is not on the SM2 curve or is the point
     *     at infinity
     */
    public static Sm2PublicKey fromRawPoint(byte[] encoded) throws KeyFormatException {
        Objects.requireNonNull(encoded, "encoded");
        Bytes cacheKey = Bytes.copyOf(encoded);
        Sm2KeyState cached = Sm2KeyCache.get(cacheKey);
        if (cached != null) {
            return new Sm2PublicKey(cached);
        }
        Sm2KeyState state;
        try {
            state = new Sm2KeyState(Sm2Curve.decodePoint(cacheKey.toByteArray()));
        } catch (RuntimeException e) {
            throw new KeyFormatException(RAW, "not a valid SM2 point: " + e.getMessage(), e);
        }
        Sm2KeyCache.put(cacheKey, state);
        return new Sm2PublicKey(state);
    }

    /**
     * Decodes an X.509 SubjectPublicKeyInfo, which must say {@code id-ecPublicKey} with the named curve
     * {@code sm2p256v1} (1.2.156.10197.1.301), as OpenSSL writes it.
     *
     * @param der the DER bytes
     * @return the key
     * @throws KeyFormatException if the DER is malformed, the key is not EC, the curve is not SM2, or the point is
     *     invalid
     */
    public static Sm2PublicKey fromX509Der(byte[] der) throws KeyFormatException {
        Objects.requireNonNull(der, "der");
        return fromRawPoint(Sm2KeyCodec.pointFromSpki(der));
    }

    /**
     * Decodes PEM text with one {@code PUBLIC KEY} block (what {@code openssl pkey -pubout} writes). Text outside the
     * block is ignored.
     *
     * @param pem the PEM text
     * @return the key
     * @throws KeyFormatException if there is not exactly one PUBLIC KEY block or it is not a valid SM2 key
     */
    public static Sm2PublicKey fromPem(String pem) throws KeyFormatException {
        Objects.requireNonNull(pem, "pem");
        List<Sm2KeyCodec.PemBlock> blocks = Sm2KeyCodec.parsePem(pem, PEM);
        Sm2KeyCodec.PemBlock found = null;
        for (Sm2KeyCodec.PemBlock b : blocks) {
            if (b.label().equals(Sm2KeyCodec.PUBLIC_KEY)) {
                if (found != null) {
                    throw new KeyFormatException(PEM, "more than one PUBLIC KEY block", null);
                }
                found = b;
            }
        }
        if (found == null) {
            throw new KeyFormatException(PEM, "no PUBLIC KEY block", null);
        }
        return fromX509Der(found.der());
    }

    /**
     * Returns the uncompressed point {@code 04||x||y}.
     *
     * @return a new 65-byte array
     */
    public byte[] toUncompressedPoint() {
        return state.uncompressedShared().clone();
    }

    /**
     * Encodes the key as X.509 SubjectPublicKeyInfo (id-ecPublicKey, sm2p256v1, uncompressed point).
     *
     * @return a new DER array
     */
    public byte[] toX509Der() {
        return Sm2KeyCodec.toSpki(state.uncompressedShared());
    }

    /**
     * Encodes the key as a PEM {@code PUBLIC KEY} block, readable by {@code openssl pkey -pubin}.
     *
     * @return the PEM text
     */
    public String toX509Pem() {
        return Sm2KeyCodec.toPem(Sm2KeyCodec.PUBLIC_KEY, toX509Der());
    }

    Sm2KeyState state() {
        return state;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sm2PublicKey other
                && Arrays.equals(state.uncompressedShared(), other.state.uncompressedShared());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(state.uncompressedShared());
    }

    /**
     * Returns {@code Sm2PublicKey[04...]} with the first bytes of the uncompressed point (public data).
     */
    @Override
    public String toString() {
        return "Sm2PublicKey[" + HexFormat.of().formatHex(state.uncompressedShared(), 0, 9) + "…]";
    }
}
