package io.yikatong.qr.token;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.qr.internal.Base45;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Yikatong offline token format, version 1: the text {@code YKT1:} followed by the Base45 (RFC 9285) encoding of the
 * binary layout below, so the whole text is in the QR alphanumeric character set. Integers are big-endian and unsigned;
 * text fields are preceded by a one-byte length.
 *
 * <table class="striped">
 *   <caption>Binary layout v1</caption>
 *   <thead><tr><th>size (bytes)</th><th>field</th><th>values</th></tr></thead>
 *   <tbody>
 *   <tr><td>1</td><td>format version</td><td>{@code 0x01}</td></tr>
 *   <tr><td>1</td><td>algorithm</td><td>{@code 0x01} = SM3withSM2 ({@link TokenAlgorithm#SM2_SM3}); compared with
 *       the trusted key's algorithm</td></tr>
 *   <tr><td>1 + i</td><td>issuer id</td><td>length 1..32, ASCII {@code A-Z a-z 0-9 . _ -}</td></tr>
 *   <tr><td>1 + k</td><td>key id</td><td>length 1..16, same characters</td></tr>
 *   <tr><td>1</td><td>flags</td><td>bit 0 one-time, bit 1 claims present, bits 2..7 zero</td></tr>
 *   <tr><td>1</td><td>credential type</td><td>{@link CredentialType#code()}: 1 health card, 2 health code, 3 visit
 *       pass, 4 registration pass</td></tr>
 *   <tr><td>0 or 1</td><td>colour</td><td>only for health codes: 1 green, 2 yellow, 3 red</td></tr>
 *   <tr><td>1 + s</td><td>subject</td><td>length 1..64, printable ASCII (e-health-card id or EMPI)</td></tr>
 *   <tr><td>4</td><td>issued at</td><td>epoch seconds (to 2106)</td></tr>
 *   <tr><td>4</td><td>time to live</td><td>seconds, 1..31,622,400 (366 days); expiry = issued at + time to live</td></tr>
 *   <tr><td>8</td><td>nonce</td><td>random, per token; with the issuer it identifies a one-time token</td></tr>
 *   <tr><td>0 or 1 + ...</td><td>claims</td><td>only if flag bit 1: count 1..8, then per claim key (1 + 1..16 bytes,
 *       {@code a-z 0-9 _}, strictly ascending) and value (1 + 0..64 bytes UTF-8)</td></tr>
 *   <tr><td>64</td><td>signature</td><td>SM3withSM2, signer ID {@code 1234567812345678}, raw {@code r || s}, over all
 *       preceding bytes</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Decoding is strict and canonical: every length, reserved bit, code and character is checked, claim keys must be
 * ascending, and no byte may follow the signature, so each content has exactly one encoding. A visit pass with a 6-character
 * issuer, 2-character key id, 18-character subject and no claims is 113 bytes, i.e. 175 characters of text: QR version 7
 * at error-correction level M (version 11 at H).
 *
 * <p>This is not the GB/T 38961/38962 code string, whose layout was not available [NF]; see {@link TokenFormat}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class YikatongTokenFormatV1 implements TokenFormat {

    /** The text prefix, {@value}. */
    public static final String PREFIX = "YKT1:";
    /** The format version byte. */
    public static final int VERSION = 1;
    /** The signature length in bytes (raw r || s). */
    public static final int SIGNATURE_LENGTH = 64;
    /** The shared instance. */
    public static final YikatongTokenFormatV1 INSTANCE = new YikatongTokenFormatV1();

    private static final int FLAG_ONE_TIME = 0x01;
    private static final int FLAG_CLAIMS = 0x02;
    private static final int MAX_BYTES = 2 + 33 + 17 + 2 + 1 + 65 + 16 + 1
            + TokenClaims.MAX_CLAIMS * (2 + TokenClaims.MAX_CLAIM_KEY_LENGTH + TokenClaims.MAX_CLAIM_VALUE_BYTES)
            + SIGNATURE_LENGTH;

    private YikatongTokenFormatV1() {
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public byte[] encodeSignedPart(TokenContent content) {
        Objects.requireNonNull(content, "content");
        TokenClaims c = content.claims();
        ByteBuffer b = ByteBuffer.allocate(MAX_BYTES);
        b.put((byte) VERSION).put((byte) content.algorithmId());
        putAscii(b, content.issuer());
        putAscii(b, content.keyId());
        int flags = (c.oneTime() ? FLAG_ONE_TIME : 0) | (c.claims().isEmpty() ? 0 : FLAG_CLAIMS);
        b.put((byte) flags).put((byte) c.type().code());
        c.colour().ifPresent(colour -> b.put((byte) colour.code()));
        putAscii(b, c.subject());
        b.putInt((int) content.issuedAt().getEpochSecond());
        b.putInt((int) c.ttl().getSeconds());
        b.putLong(content.nonce());
        if (!c.claims().isEmpty()) {
            b.put((byte) c.claims().size());
            for (Map.Entry<String, String> e : c.claims().entrySet()) {
                putAscii(b, e.getKey());
                byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
                b.put((byte) v.length).put(v);
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void putAscii(ByteBuffer b, String s) {
        b.put((byte) s.length());
        for (int i = 0; i < s.length(); i++) {
            b.put((byte) s.charAt(i));
        }
    }

    @Override
    public String toText(byte[] signedPart, byte[] signature) {
        Objects.requireNonNull(signedPart, "signedPart");
        Objects.requireNonNull(signature, "signature");
        if (signature.length != SIGNATURE_LENGTH) {
            throw new InvalidInputException("signature", "must be " + SIGNATURE_LENGTH + " bytes, was "
                    + signature.length);
        }
        byte[] all = Arrays.copyOf(signedPart, signedPart.length + SIGNATURE_LENGTH);
        System.arraycopy(signature, 0, all, signedPart.length, SIGNATURE_LENGTH);
        return PREFIX + Base45.encode(all);
    }

    @Override
    public DecodedToken decode(String text) throws TokenVerificationException {
        Objects.requireNonNull(text, "text");
        if (!text.startsWith(PREFIX)) {
            throw malformed("text does not start with " + PREFIX);
        }
        int maxChars = PREFIX.length() + Base45.encodedLength(MAX_BYTES);
        if (text.length() > maxChars) {
            throw malformed("text longer than " + maxChars + " characters");
        }
        byte[] all;
        try {
            all = Base45.decode(text, PREFIX.length(), text.length());
        } catch (MalformedDataException e) {
            throw new TokenVerificationException(TokenVerificationException.Reason.MALFORMED,
                    "token is not valid Base45 at offset " + e.offset(), e);
        }
        Reader r = new Reader(all);
        int version = r.u8("version");
        if (version != VERSION) {
            throw malformed("unsupported format version " + version);
        }
        int algorithm = r.u8("algorithm");
        String issuer = r.ascii("issuer", 1, TokenContent.MAX_ISSUER_LENGTH);
        String keyId = r.ascii("key id", 1, TokenContent.MAX_KEY_ID_LENGTH);
        int flags = r.u8("flags");
        if ((flags & ~(FLAG_ONE_TIME | FLAG_CLAIMS)) != 0) {
            throw malformed("reserved flag bits set at offset " + (r.pos - 1));
        }
        int typeCode = r.u8("credential type");
        CredentialType type = CredentialType.ofCode(typeCode);
        if (type == null) {
            throw malformed("unknown credential type " + typeCode);
        }
        TokenClaims.Builder claims = TokenClaims.builder().type(type).oneTime((flags & FLAG_ONE_TIME) != 0);
        if (type == CredentialType.HEALTH_CODE) {
            int colourCode = r.u8("colour");
            HealthCodeColour colour = HealthCodeColour.ofCode(colourCode);
            if (colour == null) {
                throw malformed("unknown health-code colour " + colourCode);
            }
            claims.colour(colour);
        }
        claims.subject(r.ascii("subject", 1, TokenClaims.MAX_SUBJECT_LENGTH));
        long issuedAt = r.u32("issued at");
        long ttl = r.u32("time to live");
        if (ttl < 1 || ttl > TokenClaims.MAX_TTL.getSeconds()) {
            throw malformed("time to live out of range");
        }
        claims.ttl(Duration.ofSeconds(ttl));
        long nonce = r.u64("nonce");
        if ((flags & FLAG_CLAIMS) != 0) {
            int count = r.u8("claim count");
            if (count < 1 || count > TokenClaims.MAX_CLAIMS) {
                throw malformed("claim count " + count + " out of range 1.." + TokenClaims.MAX_CLAIMS);
            }
            String previous = null;
            for (int i = 0; i < count; i++) {
                String key = r.ascii("claim key", 1, TokenClaims.MAX_CLAIM_KEY_LENGTH);
                if (previous != null && previous.compareTo(key) >= 0) {
                    throw malformed("claim keys not strictly ascending at claim " + i);
                }
                previous = key;
                claims.claim(key, r.utf8("claim value", TokenClaims.MAX_CLAIM_VALUE_BYTES));
            }
        }
        int signedLength = r.pos;
        if (all.length - signedLength != SIGNATURE_LENGTH) {
            throw malformed("expected a " + SIGNATURE_LENGTH + "-byte signature after offset " + signedLength + ", found "
                    + (all.length - signedLength) + " bytes");
        }
        TokenContent content;
        try {
            content = new TokenContent(algorithm, issuer, keyId, claims.build(), Instant.ofEpochSecond(issuedAt),
                    nonce);
        } catch (InvalidInputException e) {
            throw new TokenVerificationException(TokenVerificationException.Reason.MALFORMED,
                    "token field " + e.field() + " breaks a limit", e);
        }
        return new DecodedToken(content, Bytes.copyOf(all, 0, signedLength),
                Bytes.copyOf(all, signedLength, SIGNATURE_LENGTH));
    }

    @Override
    public String toString() {
        return "YikatongTokenFormatV1[" + PREFIX + "]";
    }

    private static TokenVerificationException malformed(String problem) {
        return new TokenVerificationException(TokenVerificationException.Reason.MALFORMED, "malformed token: " + problem);
    }

    /** Bounds-checked reader; every failure is a MALFORMED exception naming field and offset. */
    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        private void need(String field, int n) throws TokenVerificationException {
            if (data.length - pos < n) {
                throw malformed(field + " truncated at offset " + pos);
            }
        }

        int u8(String field) throws TokenVerificationException {
            need(field, 1);
            return data[pos++] & 0xFF;
        }

        long u32(String field) throws TokenVerificationException {
            need(field, 4);
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (data[pos++] & 0xFF);
            }
            return v;
        }

        long u64(String field) throws TokenVerificationException {
            need(field, 8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (data[pos++] & 0xFF);
            }
            return v;
        }

        String ascii(String field, int min, int max) throws TokenVerificationException {
            int len = u8(field + " length");
            if (len < min || len > max) {
                throw malformed(field + " length " + len + " out of range " + min + ".." + max + " at offset "
                        + (pos - 1));
            }
            need(field, len);
            char[] chars = new char[len];
            for (int i = 0; i < len; i++) {
                int c = data[pos + i] & 0xFF;
                if (c < 0x21 || c > 0x7E) {
                    throw malformed(field + " has a non-printable byte at offset " + (pos + i));
                }
                chars[i] = (char) c;
            }
            pos += len;
            return new String(chars);
        }

        String utf8(String field, int max) throws TokenVerificationException {
            int len = u8(field + " length");
            if (len > max) {
                throw malformed(field + " length " + len + " above " + max + " at offset " + (pos - 1));
            }
            need(field, len);
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(data, pos, len));
                pos += len;
                return chars.toString();
            } catch (CharacterCodingException e) {
                throw new TokenVerificationException(TokenVerificationException.Reason.MALFORMED,
                        "malformed token: " + field + " is not valid UTF-8 at offset " + pos, e);
            }
        }
    }
}
