package io.yikatong.testkit.card;

import io.yikatong.card.CommandApdu;
import io.yikatong.card.StatusWord;
import io.yikatong.card.health.security.HealthCardKey;
import io.yikatong.card.health.security.InsecureSoftwareSecurityModule;
import io.yikatong.card.health.security.internal.HealthCardCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.crypto.InsecureKeyAccess;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4Mac;
import io.yikatong.core.crypto.internal.Sm2Curve;
import io.yikatong.testkit.card.FileNode.Df;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The health-card SAM's proprietary commands on a {@link VirtualCard} (health-card-spec §1.8): VERIFY and CHANGE PIN,
 * key derivation {@code 80DE}, encryption and MAC {@code 80FA}, and the signing command [?]. The PIN is an object of
 * DF01 (reference {@code 00}): VERIFY and CHANGE PIN need DF01 (or a file in it) selected, and the verified state is
 * DF01's security state, lost when DF01 is left or at reset. The derived session key is volatile. Package-private;
 * not API.
 *
 * <p>Not thread-safe; confine to one thread (the card's).
 */
final class SamApplet implements CardApplet {

    private final Map<HealthCardKey, Sm4Key> masterKeys = new EnumMap<>(HealthCardKey.class);
    private byte[] pin;
    private final int maxTries;
    private final BigInteger signingScalar;
    private final BigInteger inverseOnePlusD;
    private final byte[] signHeader;
    private final SecureRandom nonces = new SecureRandom();
    private int triesLeft;
    private Sm4Key session;

    SamApplet(SamProfile profile) {
        for (HealthCardKey k : HealthCardKey.values()) {
            masterKeys.put(k, InsecureSoftwareSecurityModule.developmentMasterKey(profile.masterKeySeed(), k));
        }
        this.pin = encodePin(profile.pin());
        this.maxTries = profile.pinTries();
        this.triesLeft = maxTries;
        this.signingScalar = new BigInteger(1, profile.signingKey().toRawScalar(InsecureKeyAccess.get()));
        this.inverseOnePlusD = signingScalar.add(BigInteger.ONE).modInverse(Sm2Curve.N);
        this.signHeader = profile.signCommandHeader().toByteArray();
    }

    /** BCD, an odd digit count padded with nibble F. */
    static byte[] encodePin(String digits) {
        return Bcd.encodeCn(digits, (digits.length() + 1) / 2);
    }

    @Override
    public byte[] process(CommandApdu c, VirtualCard card) {
        int cla = c.cla();
        int ins = c.ins();
        if (cla == (signHeader[0] & 0xFF) && ins == (signHeader[1] & 0xFF)) {
            return sign(c, card);
        }
        if (cla == 0x00 && ins == 0x20) {
            return verify(c, card);
        }
        if (cla != 0x80) {
            return null;
        }
        return switch (ins) {
            case 0x5E -> changePin(c, card);
            case 0xDE -> derive(c, card);
            case 0xFA -> cipher(c, card);
            default -> null;
        };
    }

    @Override
    public void reset() {
        session = null;
    }

    /** Returns DF01 if it is on the current path, else {@code null}. */
    private static Df application(VirtualCard card) {
        for (Df d = card.currentDf(); d != null; d = d.parent) {
            if (d.fid == VirtualSam.APPLICATION_DF && d.parent != null && d.parent.parent == null) {
                return d;
            }
        }
        return null;
    }

    private static boolean pinVerified(VirtualCard card) {
        Df app = application(card);
        return app != null && app.allows(AccessCondition.key(VirtualSam.PIN_REFERENCE));
    }

    private static byte[] sw(StatusWord sw) {
        return VirtualCard.sw(sw);
    }

    // ------------------------------------------------------------------------------------------------ PIN

    private byte[] verify(CommandApdu c, VirtualCard card) {
        if (c.p1() != 0 || c.p2() != VirtualSam.PIN_REFERENCE) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        Df app = application(card);
        if (app == null) {
            return sw(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        if (c.dataLength() > 8 || c.ne() != 0) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        if (triesLeft == 0) {
            return sw(StatusWord.AUTHENTICATION_BLOCKED);
        }
        if (c.dataLength() == 0) { // ISO 7816-4: VERIFY without data asks for the retry counter
            return sw(StatusWord.of(0x63, 0xC0 | triesLeft));
        }
        if (!checkPin(c.data())) {
            return sw(StatusWord.of(0x63, 0xC0 | triesLeft));
        }
        app.security.authenticated(VirtualSam.PIN_REFERENCE);
        return sw(StatusWord.SUCCESS);
    }

    /** Compares in constant time; a mismatch costs a try, a match resets the counter. */
    private boolean checkPin(byte[] candidate) {
        if (MessageDigest.isEqual(candidate, pin)) {
            triesLeft = maxTries;
            return true;
        }
        triesLeft--;
        return false;
    }

    private byte[] changePin(CommandApdu c, VirtualCard card) {
        if (c.p1() != 0x01 || c.p2() != 0x00) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        Df app = application(card);
        if (app == null) {
            return sw(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        if (c.dataLength() < 5 || c.dataLength() > 17 || c.ne() != 0) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        if (triesLeft == 0) {
            return sw(StatusWord.AUTHENTICATION_BLOCKED);
        }
        byte[] d = c.data();
        int sep = -1;
        for (int i = 0; i < d.length; i++) {
            if ((d[i] & 0xFF) == 0xFF) {
                sep = i;
                break;
            }
        }
        if (sep < 1 || sep == d.length - 1) {
            return sw(StatusWord.INCORRECT_DATA);
        }
        byte[] newPin = Arrays.copyOfRange(d, sep + 1, d.length);
        String digits = pinDigits(newPin);
        if (digits == null) {
            return sw(StatusWord.INCORRECT_DATA);
        }
        if (!checkPin(Arrays.copyOf(d, sep))) {
            return sw(StatusWord.of(0x63, 0xC0 | triesLeft));
        }
        pin = encodePin(digits);
        app.security.authenticated(VirtualSam.PIN_REFERENCE);
        return sw(StatusWord.SUCCESS);
    }

    /** The digits of a BCD PIN (4..12 digits, odd count padded with F), or {@code null} if it is not one. */
    private static String pinDigits(byte[] bcd) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bcd.length * 2; i++) {
            int nibble = (i & 1) == 0 ? (bcd[i / 2] >> 4) & 0x0F : bcd[i / 2] & 0x0F;
            if (nibble == 0x0F && i == bcd.length * 2 - 1) {
                break;
            }
            if (nibble > 9) {
                return null;
            }
            s.append((char) ('0' + nibble));
        }
        return s.length() >= 4 && s.length() <= 12 ? s.toString() : null;
    }

    // ------------------------------------------------------------------------------------------------ keys

    /**
     * {@code 80DE <P1> <P2> <Lc> <factors ‖ R>}: P1 {@code 27}/{@code 47} authentication keys, {@code 28}/{@code 48}
     * line-protection keys (one/two diversification levels), P2 the key number.
     */
    private byte[] derive(CommandApdu c, VirtualCard card) {
        session = null;
        int p1 = c.p1();
        if (p1 != 0x27 && p1 != 0x47 && p1 != 0x28 && p1 != 0x48) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        HealthCardKey key = null;
        for (HealthCardKey k : HealthCardKey.values()) {
            if (k.samKeyNumber() == c.p2()) {
                key = k;
            }
        }
        if (key == null || !masterKeys.containsKey(key)) {
            return sw(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        if (key.samDeriveP1() != p1) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        int levels = p1 >= 0x40 ? 2 : 1;
        if (c.dataLength() != 8 * levels + 8 || c.ne() != 0) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        if (!pinVerified(card)) {
            return sw(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        byte[] d = c.data();
        Sm4Key cardKey = HealthCardCrypto.cardKey(masterKeys.get(key), Bytes.copyOf(d, 0, 8 * levels));
        session = HealthCardCrypto.sessionKey(cardKey, Bytes.copyOf(d, 8 * levels, 8));
        return sw(StatusWord.SUCCESS);
    }

    /**
     * {@code 80FA 00 00 <Lc> <data>} encrypts (SM4-ECB, Lc a multiple of 16); {@code 80FA 05 00 <Lc> <IV 16 ‖ data>}
     * computes the SM4 CBC-MAC of data (already padded, a multiple of 16) and returns the full last block, so a host
     * can chain long inputs by passing it as the next IV [I].
     */
    private byte[] cipher(CommandApdu c, VirtualCard card) {
        if ((c.p1() != 0x00 && c.p1() != 0x05) || c.p2() != 0x00) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        int n = c.dataLength();
        int min = c.p1() == 0x05 ? 32 : 16;
        if (n < min || n % 16 != 0) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        if (!pinVerified(card)) {
            return sw(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        if (session == null) {
            return sw(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        byte[] d = c.data();
        if (c.p1() == 0x00) {
            return card.respondViaGetResponse(HealthCardCrypto.encrypt(session, d));
        }
        byte[] mac = Sm4Mac.of(session, Sm4Mac.Padding.NONE)
                .computeFullBlock(Arrays.copyOf(d, 16), Arrays.copyOfRange(d, 16, n));
        return card.respondViaGetResponse(mac);
    }

    // ------------------------------------------------------------------------------------------------ signing

    /** {@code <header> 20 <e 32> [40]}: raw SM2 signature r ‖ s of the digest e, after the PIN [?]. */
    private byte[] sign(CommandApdu c, VirtualCard card) {
        if (c.p1() != (signHeader[2] & 0xFF) || c.p2() != (signHeader[3] & 0xFF)) {
            return sw(StatusWord.INCORRECT_P1_P2);
        }
        if (c.dataLength() != 32 || (c.ne() != 0 && c.ne() != 64 && c.ne() != 256)) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        if (!pinVerified(card)) {
            return sw(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        BigInteger e = new BigInteger(1, c.data());
        BigInteger n = Sm2Curve.N;
        while (true) {
            BigInteger k = Sm2Curve.randomScalar(nonces);
            BigInteger x1 = Sm2Curve.multiplyG(k).getAffineXCoord().toBigInteger();
            BigInteger r = e.add(x1).mod(n);
            if (r.signum() == 0 || r.add(k).equals(n)) {
                continue;
            }
            BigInteger s = inverseOnePlusD.multiply(k.subtract(r.multiply(signingScalar))).mod(n);
            if (s.signum() == 0) {
                continue;
            }
            byte[] out = new byte[64];
            System.arraycopy(Sm2Curve.to32(r), 0, out, 0, 32);
            System.arraycopy(Sm2Curve.to32(s), 0, out, 32, 32);
            return card.respondViaGetResponse(out);
        }
    }
}
