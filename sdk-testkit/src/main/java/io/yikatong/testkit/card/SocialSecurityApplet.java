package io.yikatong.testkit.card;

import io.yikatong.card.CommandApdu;
import io.yikatong.card.StatusWord;
import java.util.Arrays;

/**
 * The social security card's file addressing (health-card-spec §3.2–3.3) on top of the engine: SELECT SSSE by name
 * answers {@code 61xx} and gives its FCI to GET RESPONSE, as a T=0 card does; SELECT with P1 {@code 02} (EF under the
 * current DF) becomes the engine's SELECT by file identifier; READ RECORD with a short EF identifier in P2 ({@code 00B2
 * 07 2C 0B}: SFI 5, record 7; {@code 00B2 4E 30 16}: SFI 6, identifier 4E) selects EF {@code EF<sfi>} and reads. SFI n
 * ↔ EF {@code EF0n} is this card's convention [I]. Package-private; not API.
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class SocialSecurityApplet implements CardApplet {

    private final byte[] name;
    private final byte[] fci;

    SocialSecurityApplet(byte[] name, byte[] fci) {
        this.name = name.clone();
        this.fci = fci.clone();
    }

    @Override
    public byte[] process(CommandApdu c, VirtualCard card) {
        if (c.cla() != 0x00) {
            return null;
        }
        if (c.ins() == 0xA4 && c.p1() == 0x04 && Arrays.equals(c.data(), name)) {
            byte[] r = card.processBuiltIn(c);
            if (isSuccess(r) && c.p2() != 0x0C) {
                return card.respondViaGetResponse(fci);
            }
            return r;
        }
        if (c.ins() == 0xA4 && c.p1() == 0x02) {
            if (c.dataLength() != 2) {
                return VirtualCard.sw(StatusWord.WRONG_LENGTH);
            }
            return card.processBuiltIn(CommandApdu.of(0x00, 0xA4, 0x00, c.p2(), c.data()));
        }
        if (c.ins() == 0xB2 && (c.p2() & 0xF8) != 0) {
            int sfi = c.p2() >>> 3;
            if (sfi == 0x1F) {
                return VirtualCard.sw(StatusWord.FUNCTION_NOT_SUPPORTED);
            }
            byte[] selected = card.processBuiltIn(CommandApdu.of(0x00, 0xA4, 0x00, 0x00,
                    new byte[] {(byte) 0xEF, (byte) sfi}));
            if (!isSuccess(selected)) {
                return VirtualCard.sw(StatusWord.FILE_NOT_FOUND);
            }
            CommandApdu read = c.ne() == 0 ? CommandApdu.of(0x00, 0xB2, c.p1(), c.p2() & 0x07)
                    : CommandApdu.withNe(0x00, 0xB2, c.p1(), c.p2() & 0x07, c.ne());
            return card.processBuiltIn(read);
        }
        return null;
    }

    private static boolean isSuccess(byte[] r) {
        return r.length >= 2 && r[r.length - 2] == (byte) 0x90 && r[r.length - 1] == 0x00;
    }
}
