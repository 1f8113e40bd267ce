package io.yikatong.card.social.internal;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.social.MedicalAccountYearEncoding;

/**
 * Decodes the answers of the social security card's GET BALANCE ({@code B0 26 00 <P2>}, health-card-spec §4.2):
 * {@code P2 01} → balance 4 bytes (unsigned big-endian fen); {@code 02} and {@code 03} → amount 4 bytes ‖ year 2
 * bytes. Errors name the answer and the byte offset, never the bytes. Public for the reader; not API.
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 */
public final class MedicalAccountCodec {

    /** The "file" named in errors: the answers of GET BALANCE in DF04. */
    public static final String FILE = "DF04 GET BALANCE";

    /**
     * A year-to-date total.
     *
     * @param fen the amount in fen
     * @param year its year
     */
    public record YearToDate(long fen, int year) {
    }

    private MedicalAccountCodec() {
    }

    /**
     * Decodes the answer to {@code P2 01}.
     *
     * @param data the response data
     * @return the balance in fen
     * @throws MalformedCardResponseException if the answer is not 4 bytes
     */
    public static long balance(byte[] data) throws MalformedCardResponseException {
        length(data, 4, 1);
        return u32(data);
    }

    /**
     * Decodes the answer to {@code P2 02} or {@code 03}.
     *
     * @param data the response data
     * @param p2 the P2 asked for, named in errors
     * @param encoding how the year is encoded
     * @return the total and its year
     * @throws MalformedCardResponseException if the answer is not 6 bytes or the year is not a year
     */
    public static YearToDate yearToDate(byte[] data, int p2, MedicalAccountYearEncoding encoding)
            throws MalformedCardResponseException {
        length(data, 6, p2);
        int hi = data[4] & 0xFF;
        int lo = data[5] & 0xFF;
        int year;
        if (encoding == MedicalAccountYearEncoding.BCD) {
            int[] nibbles = {hi >>> 4, hi & 0x0F, lo >>> 4, lo & 0x0F};
            year = 0;
            for (int i = 0; i < 4; i++) {
                if (nibbles[i] > 9) {
                    throw new MalformedCardResponseException(FILE, p2, 4 + i / 2, "year is not 4 BCD digits", null);
                }
                year = year * 10 + nibbles[i];
            }
        } else {
            year = (hi << 8) | lo;
            if (year > 9999) {
                throw new MalformedCardResponseException(FILE, p2, 4, "year is above 9999", null);
            }
        }
        return new YearToDate(u32(data), year);
    }

    private static void length(byte[] data, int expected, int p2) throws MalformedCardResponseException {
        if (data.length != expected) {
            throw new MalformedCardResponseException(FILE, p2, Math.min(data.length, expected),
                    "expected " + expected + " bytes, card returned " + data.length, null);
        }
    }

    private static long u32(byte[] d) {
        return ((long) (d[0] & 0xFF) << 24) | ((d[1] & 0xFF) << 16) | ((d[2] & 0xFF) << 8) | (d[3] & 0xFF);
    }
}
