package io.yikatong.testkit.card;

import io.yikatong.card.CommandApdu;
import io.yikatong.card.StatusWord;
import io.yikatong.testkit.card.FileNode.RecordEf;

/**
 * The health card's proprietary DF03 index commands (health-card-spec §1.6) [C-vendor; semantics I]: {@code 84D2 <rec>
 * 04 [00]} marks slot {@code rec} of the current index file valid ({@code 00}) after authentication with
 * UK_DF03_1 (key {@code 85}), {@code 840C <rec> 04 [00]} marks it empty ({@code FF}) after UK_DF03_2 (key
 * {@code 86}). The index files are 1-byte fixed records. Package-private; not API.
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class HealthCardIndexApplet implements CardApplet {

    static final int MARK_VALID_KEY = 0x85;
    static final int MARK_EMPTY_KEY = 0x86;

    @Override
    public byte[] process(CommandApdu c, VirtualCard card) {
        if (c.cla() != 0x84 || (c.ins() != 0xD2 && c.ins() != 0x0C)) {
            return null;
        }
        if (c.dataLength() != 0) {
            return VirtualCard.sw(StatusWord.WRONG_LENGTH);
        }
        if (c.p2() != 0x04) {
            return VirtualCard.sw(StatusWord.INCORRECT_P1_P2);
        }
        if (!(card.currentEf() instanceof RecordEf ef) || ef.maxRecordLength != 1
                || ef.structure != RecordStructure.LINEAR_FIXED) {
            return VirtualCard.sw(card.currentEf() == null ? StatusWord.NO_CURRENT_EF
                    : StatusWord.INCOMPATIBLE_FILE_STRUCTURE);
        }
        boolean valid = c.ins() == 0xD2;
        AccessCondition needed = AccessCondition.key(valid ? MARK_VALID_KEY : MARK_EMPTY_KEY);
        if (!ef.parent.allows(needed)) {
            return VirtualCard.sw(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        int rec = c.p1();
        if (rec < 1 || rec > ef.records.size()) {
            return VirtualCard.sw(StatusWord.RECORD_NOT_FOUND);
        }
        ef.records.set(rec - 1, new byte[] {(byte) (valid ? 0x00 : 0xFF)});
        return VirtualCard.sw(StatusWord.SUCCESS);
    }
}
