package io.yikatong.testkit.card;

import io.yikatong.card.purse.InsecureSoftwarePurseModule;
import io.yikatong.card.purse.PsamPurseModule;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm4Key;
import java.util.Objects;

/**
 * A virtual purse PSAM (消费 PSAM) for {@link PsamPurseModule}: the MF holds the terminal number file {@code 0016}
 * (6 bytes, readable always) and the PSAM answers INIT SAM FOR PURCHASE ({@code 8070 0000 1C}, via {@code 61 08}
 * and GET RESPONSE: terminal TSN 4 ‖ MAC1 4; {@code 6A88} for another key version or algorithm id, {@code 6A80} for a
 * transaction type other than 06) and CREDIT SAM FOR PURCHASE ({@code 8072 0000 04 <MAC2>} for the current session,
 * {@code 8072 0100 1C} for an earlier one, see {@link PsamPurseModule}; {@code 9302} when MAC2 is wrong,
 * {@code 6985} without a session). It holds the master purchase key (default: the development key of
 * {@link InsecureSoftwarePurseModule}) and a non-volatile terminal transaction serial number.
 *
 * <p>Not thread-safe; confine to one thread.
 *
 * @since 0.1
 */
public final class VirtualPursePsam {

    private final VirtualCard card;
    private final PursePsamApplet applet;

    private VirtualPursePsam(Builder b) {
        this.applet = new PursePsamApplet(b.master, b.keyVersion, b.algorithmId, b.terminal, b.firstTsn);
        this.card = VirtualCard.builder()
                .applet(applet)
                .mf(mf -> mf.transparent(0x0016, b.terminal, AccessCondition.ALWAYS, AccessCondition.NEVER))
                .build();
    }

    /**
     * Starts building a PSAM with the development master key, key version {@code 01}, algorithm id {@code 04},
     * terminal number {@link InsecureSoftwarePurseModule#DEVELOPMENT_TERMINAL} and terminal TSN from 1.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the PSAM card, to serve with a {@link VirtualCardTransport}.
     *
     * @return the card
     */
    public VirtualCard card() {
        return card;
    }

    /**
     * Returns the terminal TSN the PSAM assigns next (test view).
     *
     * @return 0..0xFFFFFFFF
     */
    public long nextTerminalTsn() {
        return applet.nextTerminalTsn();
    }

    /**
     * Builds a {@link VirtualPursePsam}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private Sm4Key master = InsecureSoftwarePurseModule.developmentPurchaseMasterKey();
        private int keyVersion = 1;
        private int algorithmId = 4;
        private Bytes terminal = InsecureSoftwarePurseModule.DEVELOPMENT_TERMINAL;
        private long firstTsn = 1;

        private Builder() {
        }

        /**
         * Sets the master purchase key and the key version and algorithm id it serves.
         *
         * @param master the master key
         * @param keyVersion 0..255
         * @param algorithmId 0..255
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder masterPurchaseKey(Sm4Key master, int keyVersion, int algorithmId) {
            if (keyVersion < 0 || keyVersion > 255 || algorithmId < 0 || algorithmId > 255) {
                throw new InvalidInputException("keyVersion", "key version and algorithm id must be 0..255");
            }
            this.master = Objects.requireNonNull(master, "master");
            this.keyVersion = keyVersion;
            this.algorithmId = algorithmId;
            return this;
        }

        /**
         * Sets the terminal number.
         *
         * @param terminalNumber 6 bytes
         * @return this builder
         * @throws InvalidInputException if not 6 bytes
         */
        public Builder terminalNumber(Bytes terminalNumber) {
            if (terminalNumber == null || terminalNumber.length() != 6) {
                throw new InvalidInputException("terminalNumber", "must be 6 bytes");
            }
            this.terminal = terminalNumber;
            return this;
        }

        /**
         * Sets the first terminal transaction serial number.
         *
         * @param tsn 0..0xFFFFFFFF
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder firstTerminalTsn(long tsn) {
            if (tsn < 0 || tsn > 0xFFFF_FFFFL) {
                throw new InvalidInputException("tsn", "must fit 4 unsigned bytes");
            }
            this.firstTsn = tsn;
            return this;
        }

        /**
         * Builds the PSAM.
         *
         * @return the PSAM
         */
        public VirtualPursePsam build() {
            return new VirtualPursePsam(this);
        }
    }
}
