package io.yikatong.core.crypto.internal;

import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.CanonicalBase64;
import io.yikatong.core.crypto.KeyFormatException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;

/**
 * PEM and DER codecs for SM2 keys: SubjectPublicKeyInfo, PKCS#8 PrivateKeyInfo and SEC1 ECPrivateKey, each with
 * {@code id-ecPublicKey} and the named curve {@code sm2p256v1} as OpenSSL writes them. Every failure on untrusted input
 * is a {@link KeyFormatException}. Internal: not API.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Sm2KeyCodec {

    /** PEM label of SubjectPublicKeyInfo. */
    public static final String PUBLIC_KEY = "PUBLIC KEY";
    /** PEM label of PKCS#8. */
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    /** PEM label of SEC1. */
    public static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    /** PEM label OpenSSL 3.0 {@code openssl ec} gives a SEC1 key on the SM2 curve. */
    public static final String SM2_PRIVATE_KEY = "SM2 PRIVATE KEY";
    /** PEM label OpenSSL 3.0 {@code openssl ecparam -name SM2} gives the curve parameters. */
    public static final String SM2_PARAMETERS = "SM2 PARAMETERS";
    /** PEM label of encrypted PKCS#8. */
    public static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";
    /** PEM label of EC domain parameters (written by {@code openssl ecparam -genkey}). */
    public static final String EC_PARAMETERS = "EC PARAMETERS";

    private static final int MAX_PEM_CHARS = 1 << 20;

    private Sm2KeyCodec() {
    }

    /** One decoded PEM block. Instances are immutable and thread-safe. */
    public static final class PemBlock {
        private final String label;
        private final byte[] der;

        PemBlock(String label, byte[] der) {
            this.label = label;
            this.der = der;
        }

        /**
         * Returns the label.
         *
         * @return the text between BEGIN and the dashes
         */
        public String label() {
            return label;
        }

        /**
         * Returns a copy of the decoded bytes.
         *
         * @return the DER
         */
        public byte[] der() {
            return der.clone();
        }
    }

    /**
     * Splits PEM text into blocks. Text outside blocks is ignored (as OpenSSL does); inside a block only Base64 is
     * allowed (whitespace around each line is dropped, the rest read by {@link CanonicalBase64}: padding required,
     * no non-zero padding bits), and encrypted (RFC 1421 header) blocks are rejected.
     *
     * @param pem the text
     * @param element the element name for error messages
     * @return the blocks, possibly empty
     * @throws KeyFormatException if a block is unterminated or its Base64 is invalid
     */
    public static List<PemBlock> parsePem(String pem, String element) throws KeyFormatException {
        if (pem.length() > MAX_PEM_CHARS) {
            throw new KeyFormatException(element, "PEM text longer than " + MAX_PEM_CHARS + " characters", null);
        }
        List<PemBlock> blocks = new ArrayList<>();
        String[] lines = pem.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i++].strip();
            if (!line.startsWith("-----BEGIN ") || !line.endsWith("-----") || line.length() < 16) {
                continue;
            }
            String label = line.substring(11, line.length() - 5);
            String endLine = "-----END " + label + "-----";
            StringBuilder b64 = new StringBuilder();
            boolean closed = false;
            while (i < lines.length) {
                String body = lines[i++].strip();
                if (body.equals(endLine)) {
                    closed = true;
                    break;
                }
                if (body.indexOf(':') >= 0) {
                    throw new KeyFormatException(element, "PEM headers (encrypted PEM) are not supported", null);
                }
                b64.append(body);
            }
            if (!closed) {
                throw new KeyFormatException(element, "PEM block '" + label + "' has no END line", null);
            }
            try {
                blocks.add(new PemBlock(label, CanonicalBase64.decode(b64, element)));
            } catch (MalformedDataException e) {
                throw new KeyFormatException(element, "PEM block '" + label + "' is not canonical Base64", e);
            }
        }
        return blocks;
    }

    /**
     * Formats DER as PEM with 64-character lines and a trailing newline.
     *
     * @param label the label
     * @param der the bytes
     * @return the PEM text
     */
    public static String toPem(String label, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
    }

    private static ASN1Primitive parseAsn1(byte[] der, String element) throws KeyFormatException {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(der);
            if (p == null) {
                throw new KeyFormatException(element, "empty input", null);
            }
            return p;
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException(element, "not valid DER", e);
        }
    }

    private static void checkNamedCurve(ASN1Encodable params, String element) throws KeyFormatException {
        if (params == null) {
            throw new KeyFormatException(element, "curve parameters missing", null);
        }
        ASN1Primitive p = params.toASN1Primitive();
        if (!(p instanceof ASN1ObjectIdentifier oid)) {
            throw new KeyFormatException(element, "explicit curve parameters are not supported; need named curve "
                    + Sm2Curve.CURVE_OID.getId(), null);
        }
        if (!oid.equals(Sm2Curve.CURVE_OID)) {
            throw new KeyFormatException(element, "curve " + oid.getId() + " is not sm2p256v1 ("
                    + Sm2Curve.CURVE_OID.getId() + ")", null);
        }
    }

    private static void checkAlgorithm(AlgorithmIdentifier alg, String element) throws KeyFormatException {
        if (alg == null) {
            throw new KeyFormatException(element, "algorithm identifier missing", null);
        }
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            throw new KeyFormatException(element, "not an EC key (algorithm " + oid.getId() + ")", null);
        }
        checkNamedCurve(alg.getParameters(), element);
    }

    /**
     * Extracts the encoded point from a SubjectPublicKeyInfo, checking algorithm and curve (the point itself is
     * validated by the caller).
     *
     * @param der the DER
     * @return the encoded point bytes
     * @throws KeyFormatException if the DER is not an SM2 SubjectPublicKeyInfo
     */
    public static byte[] pointFromSpki(byte[] der) throws KeyFormatException {
        String element = "SM2 public key (SubjectPublicKeyInfo)";
        ASN1Primitive p = parseAsn1(der, element);
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(p);
            checkAlgorithm(spki.getAlgorithm(), element);
            DERBitString bits = (DERBitString) DERBitString.convert(spki.getPublicKeyData());
            return bits.getOctets();
        } catch (RuntimeException e) {
            throw new KeyFormatException(element, "not a SubjectPublicKeyInfo", e);
        }
    }

    /**
     * Encodes a point as SubjectPublicKeyInfo (id-ecPublicKey, sm2p256v1, uncompressed point).
     *
     * @param uncompressed the 65-byte point
     * @return DER
     */
    public static byte[] toSpki(byte[] uncompressed) {
        try {
            return new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, Sm2Curve.CURVE_OID), uncompressed)
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of SubjectPublicKeyInfo failed", e);
        }
    }

    /**
     * Decodes PKCS#8 PrivateKeyInfo holding an SM2 key.
     *
     * @param der the DER
     * @return the scalar d, checked to be in [1, n-2] and consistent with an embedded public key
     * @throws KeyFormatException if the DER is not an SM2 PKCS#8 key
     */
    public static BigInteger scalarFromPkcs8(byte[] der) throws KeyFormatException {
        String element = "SM2 private key (PKCS#8)";
        ASN1Primitive p = parseAsn1(der, element);
        ECPrivateKey sec1;
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(p);
            checkAlgorithm(info.getPrivateKeyAlgorithm(), element);
            sec1 = ECPrivateKey.getInstance(info.parsePrivateKey());
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException(element, "not a PKCS#8 EC private key", e);
        }
        return scalarFromEcPrivateKey(sec1, element, false);
    }

    /**
     * Decodes a SEC1 ECPrivateKey, which must name the curve sm2p256v1.
     *
     * @param der the DER
     * @return the scalar d
     * @throws KeyFormatException if the DER is not an SM2 SEC1 key
     */
    public static BigInteger scalarFromSec1(byte[] der) throws KeyFormatException {
        String element = "SM2 private key (SEC1)";
        ASN1Primitive p = parseAsn1(der, element);
        ECPrivateKey sec1;
        try {
            sec1 = ECPrivateKey.getInstance(p);
        } catch (RuntimeException e) {
            throw new KeyFormatException(element, "not a SEC1 ECPrivateKey", e);
        }
        return scalarFromEcPrivateKey(sec1, element, true);
    }

    private static BigInteger scalarFromEcPrivateKey(ECPrivateKey sec1, String element, boolean paramsRequired)
            throws KeyFormatException {
        BigInteger d;
        ASN1Encodable params;
        DERBitString pub;
        try {
            d = sec1.getKey();
            params = sec1.getParametersObject();
            pub = sec1.getPublicKey() == null ? null : (DERBitString) DERBitString.convert(sec1.getPublicKey());
        } catch (RuntimeException e) {
            throw new KeyFormatException(element, "malformed ECPrivateKey", e);
        }
        if (paramsRequired || params != null) {
            checkNamedCurve(params, element);
        }
        checkScalar(d, element);
        if (pub != null) {
            byte[] encoded;
            ECPoint q;
            try {
                encoded = pub.getOctets();
                q = Sm2Curve.decodePoint(encoded);
            } catch (RuntimeException e) {
                throw new KeyFormatException(element, "embedded public key is not a valid SM2 point", e);
            }
            if (!q.equals(Sm2Curve.multiplyG(d))) {
                throw new KeyFormatException(element, "embedded public key does not match the private key", null);
            }
        }
        return d;
    }

    /**
     * Checks that a private scalar is in [1, n-2].
     *
     * @param d the scalar
     * @param element the element name for messages
     * @throws KeyFormatException if it is out of range
     */
    public static void checkScalar(BigInteger d, String element) throws KeyFormatException {
        if (d == null || d.signum() <= 0 || d.compareTo(Sm2Curve.N_MINUS_2) > 0) {
            throw new KeyFormatException(element, "private scalar out of range [1, n-2]", null);
        }
    }

    /**
     * Encodes PKCS#8 PrivateKeyInfo (id-ecPublicKey, sm2p256v1, SEC1 ECPrivateKey with the public key), as OpenSSL
     * writes it.
     *
     * @param d the scalar
     * @param uncompressed the 65-byte public point
     * @return DER
     */
    public static byte[] toPkcs8(BigInteger d, byte[] uncompressed) {
        try {
            ECPrivateKey sec1 = new ECPrivateKey(256, d, new DERBitString(uncompressed), null);
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, Sm2Curve.CURVE_OID),
                    sec1).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of PrivateKeyInfo failed", e);
        }
    }

    /**
     * Checks an "EC PARAMETERS" block names sm2p256v1.
     *
     * @param der the block's DER
     * @param element the element name for messages
     * @throws KeyFormatException if it names another curve or is not an OID
     */
    public static void checkEcParameters(byte[] der, String element) throws KeyFormatException {
        checkNamedCurve(parseAsn1(der, element), element);
    }
}
