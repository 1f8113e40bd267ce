package io.yikatong.card.purse;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;
import io.yikatong.card.purse.internal.PurseCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm3;
import io.yikatong.core.crypto.Sm4Key;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A purse security module in software — <b>for development and tests only</b>: the issuer's master purchase key sits
 * in process memory. Production terminals use a PSAM ({@link PsamPurseModule}). It computes exactly what the virtual
 * PSAM computes ({@link io.yikatong.card.purse.internal.PurseCrypto}) and keeps its terminal transaction serial number
 * in memory only (it restarts from the configured value).
 *
 * <p>{@link #development()} matches the SDK's virtual purse cards: master keys derived from the public seed
 * {@value #DEVELOPMENT_SEED}.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class InsecureSoftwarePurseModule implements PurseSecurityModule {

    /** The public seed of the development purse keys. */
    public static final String DEVELOPMENT_SEED = "yikatong-development";
    /** The development terminal number, {@code 000000000001}. */
    public static final Bytes DEVELOPMENT_TERMINAL = Bytes.fromHex("000000000001");

    private final Sm4Key masterPurchaseKey;
    private final int keyVersion;
    private final Bytes terminalNumber;
    private long nextTerminalTsn;

    private InsecureSoftwarePurseModule(Sm4Key masterPurchaseKey, int keyVersion, Bytes terminalNumber,
            long firstTerminalTsn) {
        this.masterPurchaseKey = masterPurchaseKey;
        this.keyVersion = keyVersion;
        this.terminalNumber = terminalNumber;
        this.nextTerminalTsn = firstTerminalTsn;
    }

    /**
     * Creates a module.
     *
     * @param masterPurchaseKey the issuer's master purchase key
     * @param keyVersion the key version the cards report for it, 0..255
     * @param terminalNumber the terminal number, 6 bytes
     * @param firstTerminalTsn the first terminal transaction serial number, 0..0xFFFFFFFF
     * @return the module
     * @throws InvalidInputException if an argument is out of range
     */
    public static InsecureSoftwarePurseModule of(Sm4Key masterPurchaseKey, int keyVersion, Bytes terminalNumber,
            long firstTerminalTsn) {
        Objects.requireNonNull(masterPurchaseKey, "masterPurchaseKey");
        if (keyVersion < 0 || keyVersion > 255) {
            throw new InvalidInputException("keyVersion", "must be 0..255, was " + keyVersion);
        }
        if (terminalNumber == null || terminalNumber.length() != 6) {
            throw new InvalidInputException("terminalNumber", "must be 6 bytes");
        }
        if (firstTerminalTsn < 0 || firstTerminalTsn > 0xFFFF_FFFFL) {
            throw new InvalidInputException("firstTerminalTsn", "must fit 4 unsigned bytes");
        }
        return new InsecureSoftwarePurseModule(masterPurchaseKey, keyVersion, terminalNumber, firstTerminalTsn);
    }

    /**
     * Returns the module matching the virtual purse cards: {@link #developmentPurchaseMasterKey()}, key version
     * {@code 01}, terminal {@link #DEVELOPMENT_TERMINAL}, terminal TSN from 1.
     *
     * @return the module
     */
    public static InsecureSoftwarePurseModule development() {
        return of(developmentPurchaseMasterKey(), 1, DEVELOPMENT_TERMINAL, 1);
    }

    /**
     * Returns the development master purchase key: the first 16 bytes of
     * {@code SM3("yikatong-development/PURSE_PURCHASE")}. Public by design.
     *
     * @return the key
     */
    public static Sm4Key developmentPurchaseMasterKey() {
        return developmentKey("PURSE_PURCHASE");
    }

    /**
     * Returns the development master TAC key: the first 16 bytes of {@code SM3("yikatong-development/PURSE_TAC")}.
     * Public by design.
     *
     * @return the key
     */
    public static Sm4Key developmentTacMasterKey() {
        return developmentKey("PURSE_TAC");
    }

    private static Sm4Key developmentKey(String name) {
        byte[] d = Sm3.digest((DEVELOPMENT_SEED + "/" + name).getBytes(StandardCharsets.UTF_8));
        return Sm4Key.of(Arrays.copyOf(d, 16));
    }

    @Override
    public Bytes terminalNumber() {
        return terminalNumber;
    }

    @Override
    public synchronized PurchaseAuthorization authorizePurchase(PurseTransaction transaction) throws CardException {
        Objects.requireNonNull(transaction, "transaction");
        checkKeyVersion(transaction);
        if (!transaction.terminalNumber().equals(terminalNumber)) {
            throw new InvalidInputException("transaction", "terminal number is not this module's");
        }
        long tsn = nextTerminalTsn;
        nextTerminalTsn = (nextTerminalTsn + 1) & 0xFFFF_FFFFL;
        Sm4Key session = session(transaction, tsn);
        byte[] mac1 = PurseCrypto.mac1(session, transaction.amount().fen(), terminalNumber, transaction.dateTime());
        return new PurchaseAuthorization(tsn, Bytes.copyOf(mac1));
    }

    @Override
    public void verifyPurchase(PurseTransaction transaction, PurchaseAuthorization authorization, Bytes mac2)
            throws CardException {
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(authorization, "authorization");
        if (mac2 == null || mac2.length() != 4) {
            throw new InvalidInputException("mac2", "must be 4 bytes");
        }
        checkKeyVersion(transaction);
        byte[] expected = PurseCrypto.mac2(session(transaction, authorization.terminalTsn()),
                transaction.amount().fen());
        if (!MessageDigest.isEqual(expected, mac2.toByteArray())) {
            throw new CardAnswerNotAuthenticException("MAC2 of the card");
        }
    }

    private void checkKeyVersion(PurseTransaction transaction) throws KeyNotAvailableException {
        if (transaction.keyVersion() != keyVersion) {
            throw new KeyNotAvailableException(transaction.keyVersion());
        }
    }

    /** The card announced a key version this module has no key for (what a PSAM answers with {@code 6A88}). */
    private static final class KeyNotAvailableException extends CardException {
        private static final long serialVersionUID = 1L;

        KeyNotAvailableException(int version) {
            super(CardErrorCode.CARD_REFUSED, "the software purse module holds no purchase key of version " + version,
                    null);
        }
    }

    private Sm4Key session(PurseTransaction t, long terminalTsn) {
        return PurseCrypto.sessionKey(PurseCrypto.cardKey(masterPurchaseKey, t.applicationSerial()), t.cardRandom(),
                t.cardTsn(), terminalTsn);
    }

    @Override
    public String description() {
        return "INSECURE software purse module (development only, key version " + keyVersion + ")";
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return description();
    }
}
