package io.yikatong.card.purse.internal;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4KeyDiversification;
import io.yikatong.core.crypto.Sm4Mac;
import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * The symmetric cryptography of the electronic-purse purchase (PBOC EP 消费, health-card-spec §4.1) in its SM4 variant,
 * in one place so that the virtual purse card, the virtual PSAM and the software purse module compute exactly the
 * same bytes. PBOC 2.0 defines these steps with 3DES; the SM4 variant below is the project's choice [I] — every
 * choice is listed here and nowhere else:
 * <ol>
 * <li><b>Card purchase key</b> (DPK): the issuer's master purchase key diversified once with the 8-byte card
 * application serial (应用序列号, the last 8 bytes of the 10-byte serial in the public application file {@code 0015}),
 * core's {@link Sm4KeyDiversification} rule {@code SM4(master, f ‖ NOT f)} [I]. The TAC key is diversified the same
 * way from the issuer's master TAC key [I].</li>
 * <li><b>Session key</b> (SESPK): {@code SM4(DPK, f ‖ NOT f)} with the 8-byte factor
 * {@code f = pseudoRandom(4) ‖ cardTSN(2) ‖ terminalTSN low 2 bytes} — PBOC's input, expanded to the 16-byte block
 * the way core's diversification expands 8-byte factors [I].</li>
 * <li><b>MAC1</b> (the PSAM proves the purchase to the card): SM4 CBC-MAC, zero IV, ISO/IEC 9797-1 padding method 2,
 * first 4 bytes, under the session key over {@code amount(4) ‖ type 06(1) ‖ terminalNo(6) ‖ date(4) ‖ time(3)}
 * (PBOC's MAC1 input) [I].</li>
 * <li><b>MAC2</b> (the card proves the debit to the PSAM): the same MAC under the session key over
 * {@code amount(4)} [I].</li>
 * <li><b>TAC</b> (transaction authentication code, checked by the issuer's back end at clearing): the same MAC under
 * the card's TAC key over {@code amount(4) ‖ type 06(1) ‖ terminalNo(6) ‖ terminalTSN(4) ‖ date(4) ‖ time(3)}; PBOC
 * folds its 3DES TAC key to a single-DES key, the SM4 variant uses the 16-byte key as it is [I].</li>
 * </ol>
 * Amounts are unsigned 4-byte big-endian fen; dates {@code yyyyMMdd} and times {@code HHmmss} BCD.
 *
 * <p>Not API. The class holds no state; all methods are static and thread-safe.
 */
public final class PurseCrypto {

    /** The transaction type of a purchase (消费) in MAC1, TAC and the transaction log. */
    public static final int TYPE_PURCHASE = 0x06;
    /** The largest amount or balance a 4-byte purse field holds in this SDK (fen). */
    public static final long MAX_AMOUNT = 0x7FFF_FFFFL;

    private PurseCrypto() {
    }

    /**
     * Diversifies an issuer master key (purchase or TAC) with the card application serial.
     *
     * @param master the master key
     * @param applicationSerial the 8-byte serial
     * @return the card's key
     */
    public static Sm4Key cardKey(Sm4Key master, Bytes applicationSerial) {
        if (applicationSerial.length() != 8) {
            throw new InvalidInputException("applicationSerial", "must be 8 bytes, was " + applicationSerial.length());
        }
        return Sm4KeyDiversification.diversify(master, applicationSerial.toByteArray());
    }

    /**
     * Derives the purchase session key.
     *
     * @param cardPurchaseKey the card's purchase key (DPK)
     * @param pseudoRandom the card's 4-byte pseudo-random number from INITIALIZE FOR PURCHASE
     * @param cardTsn the card's offline transaction serial number, 0..65535
     * @param terminalTsn the PSAM's terminal transaction serial number (its low 2 bytes are used)
     * @return the session key
     */
    public static Sm4Key sessionKey(Sm4Key cardPurchaseKey, Bytes pseudoRandom, int cardTsn, long terminalTsn) {
        if (pseudoRandom.length() != 4) {
            throw new InvalidInputException("pseudoRandom", "must be 4 bytes, was " + pseudoRandom.length());
        }
        byte[] f = Arrays.copyOf(pseudoRandom.toByteArray(), 8);
        f[4] = (byte) (cardTsn >>> 8);
        f[5] = (byte) cardTsn;
        f[6] = (byte) (terminalTsn >>> 8);
        f[7] = (byte) terminalTsn;
        return Sm4KeyDiversification.diversify(cardPurchaseKey, f);
    }

    /**
     * Computes MAC1.
     *
     * @param session the session key
     * @param amountFen the amount
     * @param terminalNumber the 6-byte terminal number
     * @param dateTime the transaction date and time (seconds)
     * @return 4 bytes
     */
    public static byte[] mac1(Sm4Key session, long amountFen, Bytes terminalNumber, LocalDateTime dateTime) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(u32(amountFen));
        m.write(TYPE_PURCHASE);
        m.writeBytes(terminal(terminalNumber));
        m.writeBytes(dateTime(dateTime));
        return mac(session, m.toByteArray());
    }

    /**
     * Computes MAC2.
     *
     * @param session the session key
     * @param amountFen the amount
     * @return 4 bytes
     */
    public static byte[] mac2(Sm4Key session, long amountFen) {
        return mac(session, u32(amountFen));
    }

    /**
     * Computes the TAC.
     *
     * @param cardTacKey the card's TAC key
     * @param amountFen the amount
     * @param terminalNumber the 6-byte terminal number
     * @param terminalTsn the terminal transaction serial number (4 bytes)
     * @param dateTime the transaction date and time
     * @return 4 bytes
     */
    public static byte[] tac(Sm4Key cardTacKey, long amountFen, Bytes terminalNumber, long terminalTsn,
            LocalDateTime dateTime) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(u32(amountFen));
        m.write(TYPE_PURCHASE);
        m.writeBytes(terminal(terminalNumber));
        m.writeBytes(u32(terminalTsn));
        m.writeBytes(dateTime(dateTime));
        return mac(cardTacKey, m.toByteArray());
    }

    /**
     * Encodes a date-time as {@code yyyyMMdd(4) ‖ HHmmss(3)} BCD.
     *
     * @param dateTime the date-time (year 0001..9999)
     * @return 7 bytes
     */
    public static byte[] dateTime(LocalDateTime dateTime) {
        return Bcd.encodeDateTime(dateTime);
    }

    /**
     * Encodes an unsigned 32-bit value big-endian.
     *
     * @param value 0..0xFFFFFFFF
     * @return 4 bytes
     */
    public static byte[] u32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new InvalidInputException("value", "must fit 4 unsigned bytes");
        }
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /**
     * Decodes an unsigned big-endian value of 1 to 4 bytes.
     *
     * @param b the bytes
     * @param offset where the value starts
     * @param length 1..4
     * @return the value
     */
    public static long unsigned(byte[] b, int offset, int length) {
        long v = 0;
        for (int i = 0; i < length; i++) {
            v = (v << 8) | (b[offset + i] & 0xFF);
        }
        return v;
    }

    private static byte[] terminal(Bytes terminalNumber) {
        if (terminalNumber.length() != 6) {
            throw new InvalidInputException("terminalNumber", "must be 6 bytes, was " + terminalNumber.length());
        }
        return terminalNumber.toByteArray();
    }

    private static byte[] mac(Sm4Key key, byte[] message) {
        return Sm4Mac.of(key, Sm4Mac.Padding.ISO9797_1_METHOD_2, 4).compute(Sm4Mac.zeroIv(), message);
    }
}
