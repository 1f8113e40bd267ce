package io.yikatong.testkit.card;

import io.yikatong.card.CommandApdu;
import io.yikatong.card.StatusWord;
import io.yikatong.card.social.MedicalAccount;
import io.yikatong.card.social.MedicalAccountYearEncoding;
import io.yikatong.testkit.card.FileNode.Df;
import java.security.MessageDigest;

/**
 * The social security card's cardholder PIN on SSSE and the GET BALANCE of its medical-insurance application (DF04,
 * health-card-spec §4.2):
 * <ul>
 * <li>VERIFY {@code 0020 0000 <Lc> <PIN CN>} while SSSE or a DF under it is selected: {@code 9000} and the PIN is
 * verified until SSSE is left or the card is reset; a wrong PIN answers {@code 63Cx} (x tries left, the counter survives
 * resets), a blocked PIN {@code 6983}; without data it answers the tries left ({@code 63Cx}, or {@code 9000} if
 * verified). Errors: {@code 6A86} P1-P2 not {@code 0000}, {@code 6A88} SSSE not selected.</li>
 * <li>GET BALANCE {@code B0 26 00 <P2> <Le>} in DF04: {@code P2 01} balance (4 bytes, fen), {@code 02} year-to-date
 * self-pay and {@code 03} year-to-date pooled-fund payment (4 bytes fen ‖ 2 bytes year). Errors: {@code 6982} PIN not
 * verified, {@code 6985} DF04 not selected, {@code 6A86} P1 not {@code 00} or P2 not 1..3, {@code 6700} with data,
 * {@code 6Cxx} Le too short. Other CLA {@code B0} instructions get {@code 6D00}.</li>
 * </ul>
 * Package-private; not API.
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class SocialSecurityMedicalAccountApplet implements CardApplet {

    private final int ssseFid;
    private final int medicalDfFid;
    private final byte[] pinBlock;
    private final int maxTries;
    private final MedicalAccount account;
    private final MedicalAccountYearEncoding yearEncoding;
    private int triesLeft;
    private boolean verified;

    SocialSecurityMedicalAccountApplet(int ssseFid, int medicalDfFid, byte[] pinBlock, int maxTries,
            MedicalAccount account, MedicalAccountYearEncoding yearEncoding) {
        this.ssseFid = ssseFid;
        this.medicalDfFid = medicalDfFid;
        this.pinBlock = pinBlock.clone();
        this.maxTries = maxTries;
        this.triesLeft = maxTries;
        this.account = account;
        this.yearEncoding = yearEncoding;
    }

    @Override
    public byte[] process(CommandApdu c, VirtualCard card) {
        Df ssse = ssse(card.currentDf());
        if (ssse == null) {
            verified = false; // the PIN's verified state is SSSE's: lost once SSSE was left
        }
        if (c.cla() == 0x00 && c.ins() == 0x20) {
            return verify(c, ssse);
        }
        if (c.cla() == 0xB0) {
            return c.ins() == 0x26 ? getBalance(c, card.currentDf()) : VirtualCard.sw(StatusWord.INS_NOT_SUPPORTED);
        }
        return null;
    }

    @Override
    public void reset() {
        verified = false;
    }

    private Df ssse(Df current) {
        for (Df d = current; d != null; d = d.parent) {
            if (d.fid == ssseFid) {
                return d;
            }
        }
        return null;
    }

    private byte[] verify(CommandApdu c, Df ssse) {
        if (c.p1() != 0 || c.p2() != 0) {
            return VirtualCard.sw(StatusWord.INCORRECT_P1_P2);
        }
        if (ssse == null) {
            return VirtualCard.sw(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        if (triesLeft == 0) {
            return VirtualCard.sw(StatusWord.AUTHENTICATION_BLOCKED);
        }
        if (c.dataLength() == 0) {
            return VirtualCard.sw(verified ? StatusWord.SUCCESS : StatusWord.of(0x63, 0xC0 | triesLeft));
        }
        if (MessageDigest.isEqual(c.data(), pinBlock)) {
            triesLeft = maxTries;
            verified = true;
            return VirtualCard.sw(StatusWord.SUCCESS);
        }
        verified = false;
        triesLeft--;
        return VirtualCard.sw(StatusWord.of(0x63, 0xC0 | triesLeft));
    }

    private byte[] getBalance(CommandApdu c, Df current) {
        if (account == null || current.fid != medicalDfFid || ssse(current) == null) {
            return VirtualCard.sw(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        if (c.p1() != 0 || c.p2() < 1 || c.p2() > 3) {
            return VirtualCard.sw(StatusWord.INCORRECT_P1_P2);
        }
        if (c.dataLength() != 0) {
            return VirtualCard.sw(StatusWord.WRONG_LENGTH);
        }
        if (!verified) {
            return VirtualCard.sw(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        byte[] answer = switch (c.p2()) {
            case 1 -> u32(account.balance().fen(), 4);
            case 2 -> withYear(account.yearToDateSelfPay().fen());
            default -> withYear(account.yearToDatePooledFund().fen());
        };
        if (c.ne() != 0 && c.ne() < answer.length) {
            return VirtualCard.sw(StatusWord.of(0x6C, answer.length));
        }
        return VirtualCard.respond(answer, StatusWord.SUCCESS);
    }

    private byte[] withYear(long fen) {
        byte[] out = u32(fen, 6);
        int y = account.year();
        if (yearEncoding == MedicalAccountYearEncoding.BCD) {
            out[4] = (byte) (((y / 1000) << 4) | (y / 100 % 10));
            out[5] = (byte) (((y / 10 % 10) << 4) | (y % 10));
        } else {
            out[4] = (byte) (y >>> 8);
            out[5] = (byte) y;
        }
        return out;
    }

    private static byte[] u32(long v, int size) {
        byte[] out = new byte[size];
        out[0] = (byte) (v >>> 24);
        out[1] = (byte) (v >>> 16);
        out[2] = (byte) (v >>> 8);
        out[3] = (byte) v;
        return out;
    }
}
