package io.yikatong.testkit.card;

import io.yikatong.card.CommandApdu;
import io.yikatong.card.StatusWord;
import io.yikatong.card.purse.internal.PurseCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.crypto.Sm4Key;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * The purchase commands of a {@link VirtualPursePsam} (health-card-spec §4.1): INIT SAM FOR PURCHASE {@code 8070}
 * (answers {@code 61 08}: terminal TSN ‖ MAC1 through GET RESPONSE) and CREDIT SAM FOR PURCHASE {@code 8072 0000}
 * (MAC2 of the current session) and {@code 8072 0100} (MAC2 of an earlier purchase, re-deriving its session key; this
 * SDK's own variant [I]). Package-private; not API.
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class PursePsamApplet implements CardApplet {

    private final Sm4Key masterPurchaseKey;
    private final int keyVersion;
    private final int algorithmId;
    private final Bytes terminalNumber;
    private long nextTerminalTsn;
    private Sm4Key session;
    private long sessionAmount;

    PursePsamApplet(Sm4Key masterPurchaseKey, int keyVersion, int algorithmId, Bytes terminalNumber,
            long firstTerminalTsn) {
        this.terminalNumber = terminalNumber;
        this.masterPurchaseKey = masterPurchaseKey;
        this.keyVersion = keyVersion;
        this.algorithmId = algorithmId;
        this.nextTerminalTsn = firstTerminalTsn;
    }

    long nextTerminalTsn() {
        return nextTerminalTsn;
    }

    @Override
    public void reset() {
        session = null;
    }

    @Override
    public byte[] process(CommandApdu c, VirtualCard card) {
        if (c.cla() != 0x80 || (c.ins() != 0x70 && c.ins() != 0x72)) {
            return null;
        }
        return c.ins() == 0x70 ? initSam(c, card) : creditSam(c);
    }

    private byte[] initSam(CommandApdu c, VirtualCard card) {
        session = null;
        if (c.p1() != 0 || c.p2() != 0) {
            return VirtualCard.sw(StatusWord.INCORRECT_P1_P2);
        }
        if (c.dataLength() != 28 || c.ne() != 0) {
            return VirtualCard.sw(StatusWord.WRONG_LENGTH);
        }
        byte[] d = c.data();
        if ((d[10] & 0xFF) != PurseCrypto.TYPE_PURCHASE) {
            return VirtualCard.sw(StatusWord.INCORRECT_DATA);
        }
        if ((d[18] & 0xFF) != keyVersion || (d[19] & 0xFF) != algorithmId) {
            return VirtualCard.sw(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        long amount = PurseCrypto.unsigned(d, 6, 4);
        LocalDateTime dateTime;
        try {
            dateTime = Bcd.decodeDateTime(Arrays.copyOfRange(d, 11, 18), "date/time");
        } catch (MalformedDataException e) {
            return VirtualCard.sw(StatusWord.INCORRECT_DATA);
        }
        if (amount == 0 || amount > PurseCrypto.MAX_AMOUNT) {
            return VirtualCard.sw(StatusWord.INCORRECT_DATA);
        }
        long terminalTsn = nextTerminalTsn;
        nextTerminalTsn = (nextTerminalTsn + 1) & 0xFFFF_FFFFL;
        Sm4Key s = sessionKey(Bytes.copyOf(d, 20, 8), Bytes.copyOf(d, 0, 4), (int) PurseCrypto.unsigned(d, 4, 2),
                terminalTsn);
        byte[] mac1 = PurseCrypto.mac1(s, amount, terminalNumber, dateTime);
        session = s;
        sessionAmount = amount;
        byte[] r = Arrays.copyOf(PurseCrypto.u32(terminalTsn), 8);
        System.arraycopy(mac1, 0, r, 4, 4);
        return card.respondViaGetResponse(r);
    }

    private byte[] creditSam(CommandApdu c) {
        Sm4Key s = session;
        long amount = sessionAmount;
        session = null;
        if (c.p2() != 0 || (c.p1() != 0 && c.p1() != 1)) {
            return VirtualCard.sw(StatusWord.INCORRECT_P1_P2);
        }
        byte[] d = c.data();
        if (c.p1() == 0) {
            if (d.length != 4 || c.ne() != 0) {
                return VirtualCard.sw(StatusWord.WRONG_LENGTH);
            }
            if (s == null) {
                return VirtualCard.sw(StatusWord.CONDITIONS_NOT_SATISFIED);
            }
            return check(s, amount, d);
        }
        if (d.length != 28 || c.ne() != 0) {
            return VirtualCard.sw(StatusWord.WRONG_LENGTH);
        }
        long terminalTsn = PurseCrypto.unsigned(d, 0, 4);
        if (terminalTsn >= nextTerminalTsn) {
            return VirtualCard.sw(StatusWord.INCORRECT_DATA); // never issued by this PSAM
        }
        if ((d[14] & 0xFF) != keyVersion || (d[15] & 0xFF) != algorithmId) {
            return VirtualCard.sw(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        Sm4Key earlier = sessionKey(Bytes.copyOf(d, 16, 8), Bytes.copyOf(d, 4, 4), (int) PurseCrypto.unsigned(d, 8, 2),
                terminalTsn);
        return check(earlier, PurseCrypto.unsigned(d, 10, 4), Arrays.copyOfRange(d, 24, 28));
    }

    private static byte[] check(Sm4Key s, long amount, byte[] mac2) {
        if (!MessageDigest.isEqual(PurseCrypto.mac2(s, amount), mac2)) {
            return VirtualCard.sw(StatusWord.MAC_INVALID);
        }
        return VirtualCard.sw(StatusWord.SUCCESS);
    }

    private Sm4Key sessionKey(Bytes serial, Bytes random, int cardTsn, long terminalTsn) {
        return PurseCrypto.sessionKey(PurseCrypto.cardKey(masterPurchaseKey, serial), random, cardTsn, terminalTsn);
    }
}
