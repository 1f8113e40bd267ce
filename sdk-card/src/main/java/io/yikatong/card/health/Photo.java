package io.yikatong.card.health;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.core.Bytes;

import java.util.Objects;

/**
 * DDF1/EF07 照片: the holder's photo. The 3072-byte transparent file holds a 2-byte big-endian length {@code L}
 * followed by {@code L} image bytes; {@code L} may be at most {@link #MAX_IMAGE_LENGTH} (the vendor DLL reports
 * larger values as error 113 "照片数据异常") [C-vendor]. The image is JPEG in practice [I].
 *
 * <p>{@link #toString()} shows the format and length only. Instances are immutable and thread-safe.
 *
 * @param image the image bytes, without the length prefix
 * @since 0.1
 */
public record Photo(Bytes image) {

    /** The largest image: the 3072-byte file minus the 2-byte length prefix. */
    public static final int MAX_IMAGE_LENGTH = 3070;

    /**
     * Image formats recognised by their magic bytes.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum ImageFormat {
        /** JPEG ({@code FF D8 FF}). */
        JPEG,
        /** PNG ({@code 89 50 4E 47 0D 0A 1A 0A}). */
        PNG,
        /** Anything else, including an empty image. */
        UNKNOWN
    }

    /**
     * Checks that the image is not null.
     *
     * @throws NullPointerException if {@code image} is null
     */
    public Photo {
        Objects.requireNonNull(image, "image");
    }

    /**
     * Recognises the image format by its first bytes.
     *
     * @return JPEG, PNG or UNKNOWN
     */
    public ImageFormat format() {
        if (startsWith(0xFF, 0xD8, 0xFF)) {
            return ImageFormat.JPEG;
        }
        if (startsWith(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) {
            return ImageFormat.PNG;
        }
        return ImageFormat.UNKNOWN;
    }

    /**
     * Computes how many bytes of DDF1/EF07 to read, from the file's first two bytes, so that a reader can read exactly
     * the prefix and the image in chunks.
     *
     * @param header at least the first two bytes of the file (more are ignored)
     * @return {@code L + 2}
     * @throws MalformedCardResponseException if fewer than two bytes are given or {@code L} exceeds
     *     {@link #MAX_IMAGE_LENGTH}
     */
    public static int totalLength(Bytes header) throws MalformedCardResponseException {
        Objects.requireNonNull(header, "header");
        String file = HealthCardFile.DDF1_EF07.label();
        if (header.length() < 2) {
            throw new MalformedCardResponseException(file, -1, header.length(),
                    "photo data abnormal (vendor code 113): length prefix needs 2 bytes", null);
        }
        int length = (header.get(0) & 0xFF) << 8 | header.get(1) & 0xFF;
        if (length > MAX_IMAGE_LENGTH) {
            throw new MalformedCardResponseException(file, -1, 0,
                    "photo data abnormal (vendor code 113): image length " + length + " exceeds " + MAX_IMAGE_LENGTH, null);
        }
        return length + 2;
    }

    private boolean startsWith(int... magic) {
        if (image.length() < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((image.get(i) & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Describes the photo by format and length.
     *
     * @return for example {@code Photo[JPEG, 2048 bytes]}
     */
    @Override
    public String toString() {
        return "Photo[" + format() + ", " + image.length() + " bytes]";
    }
}
