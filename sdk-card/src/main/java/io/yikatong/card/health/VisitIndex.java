package io.yikatong.card.health;

import io.yikatong.core.InvalidInputException;

import java.util.List;
import java.util.OptionalInt;

/**
 * A DF03 visit index: DF03/EF05 住院信息索引 (3 slots for EE01–EE03) or DF03/EF06 门诊信息索引 (5 slots for ED01–ED05).
 * Each slot is one byte: {@code 00} = the slot holds a valid record, {@code FF} = empty or invalid [C-vendor].
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param valid one entry per slot in slot order, true when the slot holds a valid record
 * @since 0.1
 */
public record VisitIndex(List<Boolean> valid) {

    /**
     * Copies the list.
     *
     * @throws NullPointerException if the list or an element is null
     * @throws InvalidInputException if the list is empty
     */
    public VisitIndex {
        valid = List.copyOf(valid);
        if (valid.isEmpty()) {
            throw new InvalidInputException("valid", "must have at least one slot");
        }
    }

    /**
     * Returns the number of slots.
     *
     * @return 3 for the inpatient index, 5 for the outpatient index
     */
    public int slotCount() {
        return valid.size();
    }

    /**
     * Tells whether a slot holds a valid record.
     *
     * @param slot the slot, 1-based
     * @return true if the slot is flagged {@code 00}
     * @throws InvalidInputException if the slot is outside 1..{@link #slotCount()}
     */
    public boolean isValid(int slot) {
        if (slot < 1 || slot > valid.size()) {
            throw new InvalidInputException("slot", "must be 1-" + valid.size() + ", was " + slot);
        }
        return valid.get(slot - 1);
    }

    /**
     * Finds the first empty slot.
     *
     * @return the 1-based slot, or empty if every slot holds a valid record
     */
    public OptionalInt firstFreeSlot() {
        for (int i = 0; i < valid.size(); i++) {
            if (!valid.get(i)) {
                return OptionalInt.of(i + 1);
            }
        }
        return OptionalInt.empty();
    }
}
