package io.yikatong.testkit.qr.ehc.internal;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.crypto.DecryptionException;
import io.yikatong.core.crypto.Sm3;
import io.yikatong.core.crypto.Sm4Cipher;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4Mode;
import io.yikatong.core.crypto.Sm4Padding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's health card QR texts, in the shapes of the Tencent platform (project reference qr-credentials.md
 * §1.1): static {@code <64 hex>:1} and dynamic {@code <64 hex>:0:<32 hex>}, uppercase.
 *
 * <p>The real meaning of the 64 and 32 hex digits is not published [NF]. The simulator's own choice [I]: the 64 hex
 * digits are SM3 over the card id followed by a per-simulator secret (opaque to anyone without the secret); the 32
 * hex digits are one SM4-ECB block under the simulator's key over {@code expiry (4 bytes, epoch seconds, big-endian)
 * || check (8 bytes, the first 8 bytes of SM3(secret || "check" || card id)) || counter (4 bytes, big-endian)}. A
 * suffix that does not decrypt to the card's check bytes is an invalid code; one whose expiry has passed is expired.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SimulatedQrCodes {

    private static final Pattern TEXT = Pattern.compile("([0-9A-F]{64}):([01])(?::([0-9A-F]{32}))?");

    private final byte[] secret;
    private final Sm4Cipher cipher;

    /**
     * Creates a code scheme.
     *
     * @param secret the simulator's secret (any length, at least 16 bytes)
     * @param key the simulator's SM4 key
     * @throws InvalidInputException naming {@code secret} if it is shorter than 16 bytes
     */
    public SimulatedQrCodes(byte[] secret, Sm4Key key) {
        if (secret == null || secret.length < 16) {
            throw new InvalidInputException("secret", "must be at least 16 bytes");
        }
        this.secret = secret.clone();
        this.cipher = Sm4Cipher.builder().key(Objects.requireNonNull(key, "key")).mode(Sm4Mode.ECB)
                .padding(Sm4Padding.NONE).build();
    }

    /**
     * Returns the 64-hex card token of a card.
     *
     * @param cardId the card id
     * @return 64 uppercase hex digits
     */
    public String cardToken(String cardId) {
        return Hex.encodeUpper(Sm3.create().update(cardId.getBytes(StandardCharsets.UTF_8)).update(secret).digest());
    }

    /**
     * Returns the static QR text of a card.
     *
     * @param cardId the card id
     * @return {@code <64 hex>:1}
     */
    public String staticText(String cardId) {
        return cardToken(cardId) + ":1";
    }

    /**
     * Returns a dynamic QR text.
     *
     * @param cardId the card id
     * @param expiry when the code expires (whole seconds are kept)
     * @param counter the card's dynamic code counter
     * @return {@code <64 hex>:0:<32 hex>}
     */
    public String dynamicText(String cardId, Instant expiry, int counter) {
        ByteBuffer block = ByteBuffer.allocate(16);
        block.putInt((int) expiry.getEpochSecond());
        block.put(check(cardId));
        block.putInt(counter);
        return cardToken(cardId) + ":0:" + Hex.encodeUpper(cipher.encrypt(block.array()));
    }

    private byte[] check(String cardId) {
        byte[] d = Sm3.create().update(secret).update("check".getBytes(StandardCharsets.US_ASCII))
                .update(cardId.getBytes(StandardCharsets.UTF_8)).digest();
        return Arrays.copyOf(d, 8);
    }

    /**
     * A QR text split into its parts.
     *
     * @param cardToken the 64 hex digits
     * @param dynamic whether it is a dynamic code
     * @param suffix the 32 hex digits of a dynamic code, or {@code null}
     */
    public record Parsed(String cardToken, boolean dynamic, String suffix) {
    }

    /**
     * Splits a QR text. Type 1 must have no suffix, type 0 must have one.
     *
     * @param text the text
     * @return the parts, or {@code null} if the text is not in either shape
     */
    public static Parsed parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            return null;
        }
        boolean dynamic = m.group(2).equals("0");
        if (dynamic != (m.group(3) != null)) {
            return null;
        }
        return new Parsed(m.group(1), dynamic, m.group(3));
    }

    /**
     * The validity block of a dynamic code.
     *
     * @param expiry when it expires
     * @param counter the card's counter when it was issued
     */
    public record Validity(Instant expiry, int counter) {
    }

    /**
     * Decrypts and checks a dynamic code's suffix for a card.
     *
     * @param cardId the card the token belongs to
     * @param suffix the 32 hex digits
     * @return the validity block, or {@code null} if the suffix was not issued for this card
     */
    public Validity open(String cardId, String suffix) {
        byte[] plain;
        try {
            plain = cipher.decrypt(Hex.parse(suffix, "suffix"));
        } catch (DecryptionException | InvalidInputException e) {
            return null;
        }
        if (plain.length != 16 || !java.security.MessageDigest.isEqual(Arrays.copyOfRange(plain, 4, 12),
                check(cardId))) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(plain);
        long expiry = Integer.toUnsignedLong(b.getInt(0));
        return new Validity(Instant.ofEpochSecond(expiry), b.getInt(12));
    }

    @Override
    public String toString() {
        return "SimulatedQrCodes[secret=***]";
    }
}
