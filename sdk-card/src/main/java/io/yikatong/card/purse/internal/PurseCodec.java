package io.yikatong.card.purse.internal;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.core.Bytes;

/**
 * Decoders of the purse commands' responses (health-card-spec §4.1). Each checks the exact length and throws
 * {@link MalformedCardResponseException} naming the response and never showing its bytes.
 *
 * <p>Not API. The class holds no state; all methods are static and thread-safe.
 */
public final class PurseCodec {

    /** Size of the purse's public application file {@code 0015} (PBOC 公共应用基本数据文件) [I]. */
    public static final int APPLICATION_FILE_SIZE = 30;
    /** Offset of the 8 bytes of the application serial used as diversification factor in file {@code 0015} [I]. */
    public static final int SERIAL_OFFSET = 12;

    private PurseCodec() {
    }

    /**
     * The INITIALIZE FOR PURCHASE response.
     *
     * @param balance the balance before the purchase, fen
     * @param cardTsn the offline transaction serial number
     * @param overdraftLimit the overdraft limit, fen
     * @param keyVersion the purchase key's version
     * @param algorithmId the algorithm identifier
     * @param cardRandom the pseudo-random number, 4 bytes
     */
    public record Initialize(long balance, int cardTsn, long overdraftLimit, int keyVersion, int algorithmId,
            Bytes cardRandom) {
    }

    /**
     * TAC and MAC2, from DEBIT FOR PURCHASE or GET TRANSACTION PROOF.
     *
     * @param tac the TAC, 4 bytes
     * @param mac2 MAC2, 4 bytes
     */
    public record Proof(Bytes tac, Bytes mac2) {
    }

    /**
     * Decodes the public application file {@code 0015}: issuer id 8, application type 1, version 1, application
     * serial 10 (its last 8 bytes are the diversification factor), start date 4, expiry date 4, issuer data 2 [I,
     * PBOC layout].
     *
     * @param file the file content
     * @return the 8-byte application serial
     * @throws MalformedCardResponseException if the file does not have 30 bytes
     */
    public static Bytes applicationSerial(byte[] file) throws MalformedCardResponseException {
        exact(file, APPLICATION_FILE_SIZE, "purse EF0015");
        return Bytes.copyOf(file, SERIAL_OFFSET, 8);
    }

    /**
     * Decodes the INITIALIZE FOR PURCHASE response: balance 4, TSN 2, overdraft limit 3, key version 1, algorithm
     * id 1, pseudo-random 4.
     *
     * @param r the response data
     * @return the fields
     * @throws MalformedCardResponseException if it does not have 15 bytes
     */
    public static Initialize initialize(byte[] r) throws MalformedCardResponseException {
        exact(r, 15, "INITIALIZE FOR PURCHASE response");
        return new Initialize(PurseCrypto.unsigned(r, 0, 4), (int) PurseCrypto.unsigned(r, 4, 2),
                PurseCrypto.unsigned(r, 6, 3), r[9] & 0xFF, r[10] & 0xFF, Bytes.copyOf(r, 11, 4));
    }

    /**
     * Decodes the DEBIT FOR PURCHASE response: TAC 4, MAC2 4.
     *
     * @param r the response data
     * @return TAC and MAC2
     * @throws MalformedCardResponseException if it does not have 8 bytes
     */
    public static Proof debit(byte[] r) throws MalformedCardResponseException {
        exact(r, 8, "DEBIT FOR PURCHASE response");
        return new Proof(Bytes.copyOf(r, 0, 4), Bytes.copyOf(r, 4, 4));
    }

    /**
     * Decodes the GET TRANSACTION PROOF response: MAC2 4, TAC 4 (order [I]).
     *
     * @param r the response data
     * @return TAC and MAC2
     * @throws MalformedCardResponseException if it does not have 8 bytes
     */
    public static Proof transactionProof(byte[] r) throws MalformedCardResponseException {
        exact(r, 8, "GET TRANSACTION PROOF response");
        return new Proof(Bytes.copyOf(r, 4, 4), Bytes.copyOf(r, 0, 4));
    }

    /**
     * Decodes the INIT SAM FOR PURCHASE response: terminal TSN 4, MAC1 4.
     *
     * @param r the response data
     * @return {@code [terminalTsn, mac1]} as a terminal TSN and MAC1
     * @throws MalformedCardResponseException if it does not have 8 bytes
     */
    public static SamInit samInit(byte[] r) throws MalformedCardResponseException {
        exact(r, 8, "INIT SAM FOR PURCHASE response");
        return new SamInit(PurseCrypto.unsigned(r, 0, 4), Bytes.copyOf(r, 4, 4));
    }

    /**
     * The INIT SAM FOR PURCHASE response.
     *
     * @param terminalTsn the terminal transaction serial number
     * @param mac1 MAC1, 4 bytes
     */
    public record SamInit(long terminalTsn, Bytes mac1) {
    }

    /**
     * Decodes the PSAM terminal number file {@code 0016}.
     *
     * @param file the file content
     * @return the 6-byte terminal number
     * @throws MalformedCardResponseException if it does not have 6 bytes
     */
    public static Bytes terminalNumber(byte[] file) throws MalformedCardResponseException {
        exact(file, 6, "PSAM EF0016");
        return Bytes.copyOf(file);
    }

    private static void exact(byte[] data, int length, String what) throws MalformedCardResponseException {
        if (data.length != length) {
            throw new MalformedCardResponseException(what, -1, Math.min(data.length, length),
                    "expected " + length + " bytes, got " + data.length, null);
        }
    }
}
