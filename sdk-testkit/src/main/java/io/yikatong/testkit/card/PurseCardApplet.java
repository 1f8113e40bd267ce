package io.yikatong.testkit.card;

import io.yikatong.card.CommandApdu;
import io.yikatong.card.StatusWord;
import io.yikatong.card.purse.internal.PurseCrypto;
import io.yikatong.testkit.card.FileNode.Df;
import io.yikatong.testkit.card.FileNode.RecordEf;
import io.yikatong.core.Bytes;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.crypto.Sm4Key;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The PBOC electronic-purse commands of a {@link VirtualPurseCard} (health-card-spec §4.1), active while the purse ADF
 * is the current DF: GET BALANCE, INITIALIZE FOR PURCHASE, DEBIT FOR PURCHASE, GET TRANSACTION PROOF. Balance, TSN
 * and the proofs of the last {@value #PROOFS} purchases are non-volatile; the purchase started by INITIALIZE is
 * volatile and ends with the next command whatever it is (as on a PBOC card). Package-private; not API.
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class PurseCardApplet implements CardApplet {

    static final int PROOFS = 10;
    static final int LOG_FID = 0x0018;

    private final byte[] aid;
    private final int keyVersion;
    private final int algorithmId;
    private final Sm4Key tacKey;
    private long balance;
    private int tsn;
    private final ArrayDeque<Proof> proofs = new ArrayDeque<>();
    private Pending pending;

    private record Pending(Sm4Key purchaseKey, long amount, Bytes terminal, Bytes random, int tsn) {
    }

    private record Proof(int tsn, byte[] mac2, byte[] tac) {
    }

    PurseCardApplet(Bytes aid, int keyVersion, int algorithmId, Sm4Key tacKey, long balance) {
        this.aid = aid.toByteArray();
        this.keyVersion = keyVersion;
        this.algorithmId = algorithmId;
        this.tacKey = tacKey;
        this.balance = balance;
    }

    long balance() {
        return balance;
    }

    int tsn() {
        return tsn;
    }

    @Override
    public void reset() {
        pending = null;
    }

    @Override
    public byte[] process(CommandApdu c, VirtualCard card) {
        Pending p = pending;
        pending = null;
        Df df = card.currentDf();
        if (c.cla() != 0x80 || df.name == null || !Arrays.equals(df.name, aid)) {
            return null;
        }
        return switch (c.ins()) {
            case 0x5C -> getBalance(c);
            case 0x50 -> initialize(c, card, df);
            case 0x54 -> debit(c, df, p);
            case 0x5A -> proof(c);
            default -> null;
        };
    }

    private byte[] getBalance(CommandApdu c) {
        if (c.p1() != 0x00 || c.p2() != 0x02) {
            return VirtualCard.sw(StatusWord.INCORRECT_P1_P2);
        }
        if (c.dataLength() != 0 || c.ne() != 4) {
            return VirtualCard.sw(StatusWord.WRONG_LENGTH);
        }
        return VirtualCard.respond(PurseCrypto.u32(balance), StatusWord.SUCCESS);
    }

    private byte[] initialize(CommandApdu c, VirtualCard card, Df df) {
        if (c.p1() != 0x01 || c.p2() != 0x02) {
            return VirtualCard.sw(StatusWord.INCORRECT_P1_P2);
        }
        if (c.dataLength() != 11 || (c.ne() != 15 && c.ne() != 256)) {
            return VirtualCard.sw(StatusWord.WRONG_LENGTH);
        }
        byte[] d = c.data();
        CardKey key = df.key(d[0] & 0xFF);
        if (key == null || key.usage != KeyUsage.PURSE) {
            return VirtualCard.sw(StatusWord.KEY_INDEX_NOT_SUPPORTED);
        }
        long amount = PurseCrypto.unsigned(d, 1, 4);
        if (amount == 0 || amount > PurseCrypto.MAX_AMOUNT) {
            return VirtualCard.sw(StatusWord.INCORRECT_DATA);
        }
        if (amount > balance) {
            return VirtualCard.sw(StatusWord.INSUFFICIENT_BALANCE);
        }
        byte[] random = new byte[4];
        card.random().nextBytes(random);
        pending = new Pending(key.key, amount, Bytes.copyOf(d, 5, 6), Bytes.copyOf(random), tsn);
        byte[] r = new byte[15];
        System.arraycopy(PurseCrypto.u32(balance), 0, r, 0, 4);
        r[4] = (byte) (tsn >>> 8);
        r[5] = (byte) tsn;
        // r[6..8]: overdraft limit 0
        r[9] = (byte) keyVersion;
        r[10] = (byte) algorithmId;
        System.arraycopy(random, 0, r, 11, 4);
        return VirtualCard.respond(r, StatusWord.SUCCESS);
    }

    private byte[] debit(CommandApdu c, Df df, Pending p) {
        if (c.p1() != 0x01 || c.p2() != 0x00) {
            return VirtualCard.sw(StatusWord.INCORRECT_P1_P2);
        }
        if (c.dataLength() != 15 || (c.ne() != 8 && c.ne() != 256)) {
            return VirtualCard.sw(StatusWord.WRONG_LENGTH);
        }
        if (p == null) {
            return VirtualCard.sw(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        byte[] d = c.data();
        long terminalTsn = PurseCrypto.unsigned(d, 0, 4);
        LocalDateTime dateTime;
        try {
            dateTime = Bcd.decodeDateTime(Arrays.copyOfRange(d, 4, 11), "date/time");
        } catch (MalformedDataException e) {
            return VirtualCard.sw(StatusWord.INCORRECT_DATA);
        }
        Sm4Key session = PurseCrypto.sessionKey(p.purchaseKey(), p.random(), p.tsn(), terminalTsn);
        byte[] mac1 = PurseCrypto.mac1(session, p.amount(), p.terminal(), dateTime);
        if (!MessageDigest.isEqual(mac1, Arrays.copyOfRange(d, 11, 15))) {
            return VirtualCard.sw(StatusWord.MAC_INVALID);
        }
        balance -= p.amount();
        tsn = (tsn + 1) & 0xFFFF;
        byte[] mac2 = PurseCrypto.mac2(session, p.amount());
        byte[] tac = PurseCrypto.tac(tacKey, p.amount(), p.terminal(), terminalTsn, dateTime);
        if (proofs.size() == PROOFS) {
            proofs.removeFirst();
        }
        proofs.addLast(new Proof(p.tsn(), mac2, tac));
        if (df.child(LOG_FID) instanceof RecordEf log) {
            byte[] rec = new byte[23];
            rec[0] = (byte) (p.tsn() >>> 8);
            rec[1] = (byte) p.tsn();
            System.arraycopy(PurseCrypto.u32(p.amount()), 0, rec, 5, 4);
            rec[9] = (byte) PurseCrypto.TYPE_PURCHASE;
            System.arraycopy(p.terminal().toByteArray(), 0, rec, 10, 6);
            System.arraycopy(d, 4, rec, 16, 7);
            log.append(rec);
        }
        byte[] r = Arrays.copyOf(tac, 8);
        System.arraycopy(mac2, 0, r, 4, 4);
        return VirtualCard.respond(r, StatusWord.SUCCESS);
    }

    private byte[] proof(CommandApdu c) {
        if (c.p1() != 0x00 || c.p2() != PurseCrypto.TYPE_PURCHASE) {
            return VirtualCard.sw(StatusWord.INCORRECT_P1_P2);
        }
        if (c.dataLength() != 2 || (c.ne() != 8 && c.ne() != 256)) {
            return VirtualCard.sw(StatusWord.WRONG_LENGTH);
        }
        int wanted = (int) PurseCrypto.unsigned(c.data(), 0, 2);
        for (Proof proof : proofs) {
            if (proof.tsn() == wanted) {
                byte[] r = Arrays.copyOf(proof.mac2(), 8);
                System.arraycopy(proof.tac(), 0, r, 4, 4);
                return VirtualCard.respond(r, StatusWord.SUCCESS);
            }
        }
        return VirtualCard.sw(StatusWord.MAC_NOT_AVAILABLE);
    }
}
