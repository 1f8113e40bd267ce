package io.yikatong.testkit.card;

import io.yikatong.card.purse.InsecureSoftwarePurseModule;
import io.yikatong.card.purse.PurseTerminal;
import io.yikatong.card.purse.internal.PurseCodec;
import io.yikatong.card.purse.internal.PurseCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.crypto.Sm4Key;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A virtual card with a PBOC electronic-purse application (电子钱包, health-card-spec §4.1), for tests and demos of
 * {@link PurseTerminal}. The card holds, under the MF, the purse ADF {@code 1001} named by the AID (default
 * {@link PurseTerminal#DEFAULT_AID}) with:
 * <ul>
 * <li>EF {@code 0015}, the public application file (30 bytes, PBOC layout [I]: issuer id 8 {@code 594B540000000001},
 * application type {@code 02}, version {@code 01}, application serial 10 = {@code 0000} ‖ the 8-byte serial,
 * start date {@code 20240101}, expiry date {@code 20991231}, issuer data {@code 0000}), readable always;</li>
 * <li>EF {@code 0018}, the transaction log (cyclic, 10 records of 23 bytes: TSN 2, overdraft 3, amount 4, type 1,
 * terminal 6, date 4, time 3 [I, PBOC layout]), readable always, written by DEBIT only;</li>
 * <li>the purchase key (key reference = key index, default {@code 01}; {@link KeyUsage#PURSE}): the master purchase
 * key diversified with the serial, and the TAC key likewise (default: the development keys of
 * {@link InsecureSoftwarePurseModule});</li>
 * <li>balance (4 bytes, fen), offline transaction serial number (starts at 0), overdraft limit 0, key version
 * (default {@code 01}) and algorithm identifier (default {@code 04} [I]).</li>
 * </ul>
 * Commands: GET BALANCE {@code 805C 0002 04}; INITIALIZE FOR PURCHASE {@code 8050 0102 0B} ({@code 9403} unknown key
 * index, {@code 9401} insufficient balance, {@code 6A80} zero amount); DEBIT FOR PURCHASE {@code 8054 0100 0F}
 * ({@code 9302} wrong MAC1 — nothing debited, {@code 6985} without a preceding INITIALIZE, {@code 6A80} bad
 * date); GET TRANSACTION PROOF {@code 805A 0006 02 <TSN> 08} → MAC2 ‖ TAC of that purchase, {@code 9406} if the
 * card made no purchase with that TSN (it keeps the proofs of its last 10 purchases) [I]. Crypto:
 * {@link io.yikatong.card.purse.internal.PurseCrypto}.
 *
 * <p>Not thread-safe; confine to one thread.
 *
 * @since 0.1
 */
public final class VirtualPurseCard {

    /** The purse ADF's file identifier. */
    public static final int ADF = 0x1001;

    private final VirtualCard card;
    private final PurseCardApplet applet;
    private final Bytes applicationSerial;

    private VirtualPurseCard(Builder b) {
        this.applicationSerial = b.serial;
        Sm4Key purchaseKey = PurseCrypto.cardKey(b.purchaseMaster, b.serial);
        Sm4Key tacKey = PurseCrypto.cardKey(b.tacMaster, b.serial);
        this.applet = new PurseCardApplet(b.aid, b.keyVersion, b.algorithmId, tacKey, b.balance.fen());
        byte[] ef15 = new byte[PurseCodec.APPLICATION_FILE_SIZE];
        System.arraycopy(Bytes.fromHex("594B540000000001").toByteArray(), 0, ef15, 0, 8);
        ef15[8] = 0x02;
        ef15[9] = 0x01;
        System.arraycopy(b.serial.toByteArray(), 0, ef15, PurseCodec.SERIAL_OFFSET, 8);
        System.arraycopy(Bytes.fromHex("2024010120991231").toByteArray(), 0, ef15, 20, 8);
        this.card = VirtualCard.builder()
                .random(b.random)
                .applet(applet)
                .mf(mf -> mf.df(ADF, b.aid, adf -> adf
                        .key(b.keyIndex, KeyUsage.PURSE, purchaseKey, 0)
                        .transparent(0x0015, Bytes.copyOf(ef15), AccessCondition.ALWAYS, AccessCondition.NEVER)
                        .records(PurseCardApplet.LOG_FID, RecordStructure.CYCLIC, 23, PurseCardApplet.PROOFS,
                                List.of(), AccessCondition.ALWAYS, AccessCondition.NEVER)))
                .build();
    }

    /**
     * Starts building a purse card with the defaults above, balance 0 and serial {@code 0000000000000001}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the card, to serve with a {@link VirtualCardTransport}.
     *
     * @return the card
     */
    public VirtualCard card() {
        return card;
    }

    /**
     * Returns the balance as the card holds it (test view, no APDU).
     *
     * @return the balance
     */
    public Money balance() {
        return Money.ofFen(applet.balance());
    }

    /**
     * Returns the card's offline transaction serial number: the TSN of its next purchase (test view).
     *
     * @return 0..65535
     */
    public int transactionSerial() {
        return applet.tsn();
    }

    /**
     * Returns the application serial (the 8 bytes used for key diversification).
     *
     * @return 8 bytes
     */
    public Bytes applicationSerial() {
        return applicationSerial;
    }

    /**
     * Builds a {@link VirtualPurseCard}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private Bytes aid = PurseTerminal.DEFAULT_AID;
        private Bytes serial = Bytes.fromHex("0000000000000001");
        private Money balance = Money.ZERO;
        private Sm4Key purchaseMaster = InsecureSoftwarePurseModule.developmentPurchaseMasterKey();
        private Sm4Key tacMaster = InsecureSoftwarePurseModule.developmentTacMasterKey();
        private int keyIndex = PurseTerminal.DEFAULT_KEY_INDEX;
        private int keyVersion = 1;
        private int algorithmId = 4;
        private RandomGenerator random;

        private Builder() {
        }

        /**
         * Sets the purse AID.
         *
         * @param aid 5 to 16 bytes
         * @return this builder
         * @throws InvalidInputException if the length is out of range
         */
        public Builder aid(Bytes aid) {
            if (aid == null || aid.length() < 5 || aid.length() > 16) {
                throw new InvalidInputException("aid", "must be 5 to 16 bytes");
            }
            this.aid = aid;
            return this;
        }

        /**
         * Sets the application serial.
         *
         * @param serial 8 bytes
         * @return this builder
         * @throws InvalidInputException if not 8 bytes
         */
        public Builder applicationSerial(Bytes serial) {
            if (serial == null || serial.length() != 8) {
                throw new InvalidInputException("serial", "must be 8 bytes");
            }
            this.serial = serial;
            return this;
        }

        /**
         * Sets the initial balance.
         *
         * @param balance 0 to {@value io.yikatong.card.purse.internal.PurseCrypto#MAX_AMOUNT} fen
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder balance(Money balance) {
            if (balance == null || balance.fen() < 0 || balance.fen() > PurseCrypto.MAX_AMOUNT) {
                throw new InvalidInputException("balance", "must be 0.." + PurseCrypto.MAX_AMOUNT + " fen");
            }
            this.balance = balance;
            return this;
        }

        /**
         * Sets the issuer master keys the card's keys are diversified from.
         *
         * @param purchase the master purchase key
         * @param tac the master TAC key
         * @return this builder
         */
        public Builder masterKeys(Sm4Key purchase, Sm4Key tac) {
            this.purchaseMaster = Objects.requireNonNull(purchase, "purchase");
            this.tacMaster = Objects.requireNonNull(tac, "tac");
            return this;
        }

        /**
         * Sets the purchase key's index, version and algorithm identifier.
         *
         * @param keyIndex 1..255
         * @param keyVersion 0..255
         * @param algorithmId 0..255
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder purchaseKey(int keyIndex, int keyVersion, int algorithmId) {
            if (keyIndex < 1 || keyIndex > 255) {
                throw new InvalidInputException("keyIndex", "must be 1..255");
            }
            if (keyVersion < 0 || keyVersion > 255 || algorithmId < 0 || algorithmId > 255) {
                throw new InvalidInputException("keyVersion", "key version and algorithm id must be 0..255");
            }
            this.keyIndex = keyIndex;
            this.keyVersion = keyVersion;
            this.algorithmId = algorithmId;
            return this;
        }

        /**
         * Sets the generator of the card's pseudo-random numbers (default a new {@link SecureRandom}).
         *
         * @param random the generator
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Builds the card.
         *
         * @return the purse card
         */
        public VirtualPurseCard build() {
            if (random == null) {
                random = new SecureRandom();
            }
            return new VirtualPurseCard(this);
        }
    }
}
