package io.yikatong.core.crypto;

import io.yikatong.core.crypto.internal.Sm2CipherCore;
import io.yikatong.core.crypto.internal.Sm2Curve;
import io.yikatong.core.crypto.internal.Sm2Der;
import io.yikatong.core.crypto.internal.Sm2Hash;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Decrypts SM2 ciphertexts (SM2 解密, GB/T 32918.4) with one private key in one ciphertext layout, both fixed when the
 * decrypter is built.
 *
 * <p>Any bad input is a {@link DecryptionException}: a layout other than the configured one, a C1 that is not on the
 * curve, a truncated ciphertext, an all-zero key stream, or a C3 check value that does not match (compared in constant
 * time). The message never says more than that, so it cannot serve as an oracle beyond pass/fail.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class Sm2Decrypter {

    private static final int POINT = 65;
    private static final int C3 = Sm2Hash.DIGEST_BYTES;

    private final Sm2PrivateKey key;
    private final Sm2CiphertextFormat format;

    private Sm2Decrypter(Sm2PrivateKey key, Sm2CiphertextFormat format) {
        this.key = key;
        this.format = format;
    }

    /**
     * Creates a decrypter.
     *
     * @param privateKey the recipient's private key
     * @param format the ciphertext layout the sender uses
     * @return the decrypter
     */
    public static Sm2Decrypter create(Sm2PrivateKey privateKey, Sm2CiphertextFormat format) {
        return new Sm2Decrypter(Objects.requireNonNull(privateKey, "privateKey"), Objects.requireNonNull(format,
                "format"));
    }

    /**
     * Decrypts a ciphertext.
     *
     * @param ciphertext the ciphertext in this decrypter's layout
     * @return the plaintext
     * @throws DecryptionException if the ciphertext is malformed, truncated, in another layout, or was not made for
     *     this key
     */
    public byte[] decrypt(byte[] ciphertext) throws DecryptionException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Sm2CipherCore.Parts parts = parse(ciphertext, format);
        byte[] m = Sm2CipherCore.decrypt(key.scalar(), parts);
        if (m == null) {
            throw new DecryptionException("SM2 decryption failed (integrity check)");
        }
        return m;
    }

    static Sm2CipherCore.Parts parse(byte[] ct, Sm2CiphertextFormat format) throws DecryptionException {
        ECPoint c1;
        byte[] c2;
        byte[] c3;
        if (format == Sm2CiphertextFormat.C1C3C2 || format == Sm2CiphertextFormat.C1C2C3) {
            if (ct.length < POINT + C3 + 1) {
                throw new DecryptionException("SM2 ciphertext too short (" + ct.length + " bytes)");
            }
            if (ct[0] != 0x04) {
                throw new DecryptionException("SM2 ciphertext C1 is not an uncompressed point");
            }
            c1 = point(Arrays.copyOfRange(ct, 0, POINT));
            int c2Len = ct.length - POINT - C3;
            if (format == Sm2CiphertextFormat.C1C3C2) {
                c3 = Arrays.copyOfRange(ct, POINT, POINT + C3);
                c2 = Arrays.copyOfRange(ct, POINT + C3, ct.length);
            } else {
                c2 = Arrays.copyOfRange(ct, POINT, POINT + c2Len);
                c3 = Arrays.copyOfRange(ct, POINT + c2Len, ct.length);
            }
        } else {
            BigInteger x;
            BigInteger y;
            byte[] first;
            byte[] second;
            try {
                Sm2Der der = Sm2Der.openSequence(ct);
                x = der.readUnsignedInteger("C1 x");
                y = der.readUnsignedInteger("C1 y");
                first = der.readOctetString(format == Sm2CiphertextFormat.C1C3C2_DER ? "C3" : "C2");
                second = der.readOctetString(format == Sm2CiphertextFormat.C1C3C2_DER ? "C2" : "C3");
                der.finish();
            } catch (IllegalArgumentException e) {
                throw new DecryptionException("SM2 ciphertext is not the expected DER structure", e);
            }
            if (x.bitLength() > 256 || y.bitLength() > 256) {
                throw new DecryptionException("SM2 ciphertext C1 coordinate too large");
            }
            byte[] enc = new byte[POINT];
            enc[0] = 0x04;
            System.arraycopy(Sm2Curve.to32(x), 0, enc, 1, 32);
            System.arraycopy(Sm2Curve.to32(y), 0, enc, 33, 32);
            c1 = point(enc);
            c3 = format == Sm2CiphertextFormat.C1C3C2_DER ? first : second;
            c2 = format == Sm2CiphertextFormat.C1C3C2_DER ? second : first;
            if (c3.length != C3) {
                throw new DecryptionException("SM2 ciphertext C3 must be 32 bytes, was " + c3.length);
            }
            if (c2.length == 0) {
                throw new DecryptionException("SM2 ciphertext C2 is empty");
            }
        }
        return new Sm2CipherCore.Parts(c1, c2, c3);
    }

    private static ECPoint point(byte[] enc) throws DecryptionException {
        try {
            return Sm2Curve.decodePoint(enc);
        } catch (RuntimeException e) {
            throw new DecryptionException("SM2 ciphertext C1 is not a point on the SM2 curve", e);
        }
    }

    /**
     * Returns the ciphertext layout.
     *
     * @return the format
     */
    public Sm2CiphertextFormat format() {
        return format;
    }

    /**
     * Returns the public key matching this decrypter's private key.
     *
     * @return the public key
     */
    public Sm2PublicKey publicKey() {
        return key.publicKey();
    }

    @Override
    public String toString() {
        return "Sm2Decrypter[" + format + ", " + key.publicKey() + "]";
    }
}
