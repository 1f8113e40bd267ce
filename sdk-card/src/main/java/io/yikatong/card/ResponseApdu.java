package io.yikatong.card;

import io.yikatong.core.Bytes;
import io.yikatong.core.MalformedDataException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An ISO/IEC 7816-4 response APDU: response data followed by the status word SW1 SW2.
 *
 * <p>{@link #toString()} shows the data length and status only, never the data (it may be personal data).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ResponseApdu {

    private final byte[] data;
    private final StatusWord statusWord;

    private ResponseApdu(byte[] data, StatusWord statusWord) {
        this.data = data;
        this.statusWord = statusWord;
    }

    /**
     * Creates a response.
     *
     * @param data the response data (copied)
     * @param statusWord the status word
     * @return the response
     */
    public static ResponseApdu of(byte[] data, StatusWord statusWord) {
        return new ResponseApdu(Objects.requireNonNull(data, "data").clone(),
                Objects.requireNonNull(statusWord, "statusWord"));
    }

    /**
     * Creates a response with no data.
     *
     * @param statusWord the status word
     * @return the response
     */
    public static ResponseApdu of(StatusWord statusWord) {
        return new ResponseApdu(new byte[0], Objects.requireNonNull(statusWord, "statusWord"));
    }

    /**
     * Decodes the bytes a card returned: data followed by two status bytes.
     *
     * @param response the bytes
     * @return the response
     * @throws MalformedDataException if fewer than two bytes arrived (PC/SC providers return an empty response when a
     *     card vanishes mid-command)
     */
    public static ResponseApdu decode(byte[] response) throws MalformedDataException {
        Objects.requireNonNull(response, "response");
        if (response.length < 2) {
            throw new MalformedDataException("response APDU", response.length,
                    "needs at least the two status bytes, got " + response.length + " bytes");
        }
        int n = response.length;
        return new ResponseApdu(Arrays.copyOf(response, n - 2), StatusWord.of(response[n - 2], response[n - 1]));
    }

    /**
     * Encodes data followed by SW1 SW2.
     *
     * @return the response bytes
     */
    public byte[] encode() {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) statusWord.sw1();
        out[data.length + 1] = (byte) statusWord.sw2();
        return out;
    }

    /** @return a copy of the response data */
    public byte[] data() {
        return data.clone();
    }

    /** @return the response data as immutable bytes */
    public Bytes dataBytes() {
        return Bytes.copyOf(data);
    }

    /** @return the number of data bytes */
    public int dataLength() {
        return data.length;
    }

    /** @return the status word */
    public StatusWord statusWord() {
        return statusWord;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseApdu r && statusWord.equals(r.statusWord) && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return 31 * statusWord.hashCode() + Arrays.hashCode(data);
    }

    /** Returns the data length and status, for example {@code ResponseApdu[18 bytes, 9000 (success)]}. */
    @Override
    public String toString() {
        return "ResponseApdu[" + data.length + " bytes, " + statusWord + "]";
    }
}
