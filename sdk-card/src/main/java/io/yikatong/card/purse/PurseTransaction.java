package io.yikatong.card.purse;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What one purchase is about, as the card announced it in INITIALIZE FOR PURCHASE and the terminal fixed it: the data
 * a {@link PurseSecurityModule} needs to compute MAC1 (INIT SAM FOR PURCHASE, {@code 8070}) and to check MAC2, now or
 * later during {@link PurseTerminal#recover recovery}. Store it with a
 * {@link PurchaseResult.Unknown} outcome: it holds no secret, only the card application serial (a card identifier;
 * masked in {@link #toString()}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param applicationSerial the card application serial (应用序列号), 8 bytes — the purchase key's diversification factor
 * @param keyIndex the purchase key index sent in INITIALIZE FOR PURCHASE, 1..255
 * @param keyVersion the card's key version, 0..255
 * @param algorithmId the card's algorithm identifier, 0..255
 * @param cardRandom the card's pseudo-random number, 4 bytes
 * @param cardTsn the card's offline transaction serial number before the purchase, 0..65535
 * @param amount the amount, 1 fen to {@value io.yikatong.card.purse.internal.PurseCrypto#MAX_AMOUNT} fen
 * @param terminalNumber the terminal (PSAM) number, 6 bytes
 * @param dateTime the transaction date and time sent to the card (seconds precision)
 * @since 0.1
 */
public record PurseTransaction(Bytes applicationSerial, int keyIndex, int keyVersion, int algorithmId,
        Bytes cardRandom, int cardTsn, Money amount, Bytes terminalNumber, LocalDateTime dateTime) {

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException naming the first field that is missing or out of range
     */
    public PurseTransaction {
        length(applicationSerial, 8, "applicationSerial");
        length(cardRandom, 4, "cardRandom");
        length(terminalNumber, 6, "terminalNumber");
        range(keyIndex, 1, 255, "keyIndex");
        range(keyVersion, 0, 255, "keyVersion");
        range(algorithmId, 0, 255, "algorithmId");
        range(cardTsn, 0, 0xFFFF, "cardTsn");
        PurseTerminal.checkAmount(amount);
        if (dateTime == null) {
            throw new InvalidInputException("dateTime", "is required");
        }
        if (dateTime.getYear() < 1 || dateTime.getYear() > 9999) {
            throw new InvalidInputException("dateTime", "year must be 0001..9999");
        }
        dateTime = dateTime.truncatedTo(ChronoUnit.SECONDS);
    }

    /** Returns the transaction without the application serial, for example {@code PurseTransaction[cardTsn=5, ...]}. */
    @Override
    public String toString() {
        return "PurseTransaction[applicationSerial=****, cardTsn=" + cardTsn + ", amount=" + amount + ", keyIndex="
                + keyIndex + ", keyVersion=" + keyVersion + ", algorithmId=" + algorithmId + ", dateTime=" + dateTime
                + "]";
    }

    private static void length(Bytes b, int length, String field) {
        Objects.requireNonNull(field);
        if (b == null || b.length() != length) {
            throw new InvalidInputException(field, "must be " + length + " bytes"
                    + (b == null ? "" : ", was " + b.length()));
        }
    }

    private static void range(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new InvalidInputException(field, "must be " + min + ".." + max + ", was " + value);
        }
    }
}
