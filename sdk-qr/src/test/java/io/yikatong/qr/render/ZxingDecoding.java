package io.yikatong.qr.render;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** Decodes rendered images back with ZXing core (no javase module): our own LuminanceSource over a BufferedImage. */
final class ZxingDecoding {

    private ZxingDecoding() {
    }

    static BufferedImage readPng(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        if (image == null) {
            throw new IOException("not an image");
        }
        return image;
    }

    static String decodePng(byte[] png) throws IOException, NotFoundException, ChecksumException, FormatException {
        return decode(readPng(png));
    }

    /**
     * Decodes a computer-generated image exactly: {@code PURE_BARCODE} samples the module grid from the symbol's
     * corners, so every module must sit where the renderer claims.
     */
    static String decode(BufferedImage image) throws NotFoundException, ChecksumException, FormatException {
        Result result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new ImageLuminance(image))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
        return result.getText();
    }

    /**
     * Decodes like a camera would: finder-pattern detection (TRY_HARDER). On small synthetic images ZXing's detector
     * misses a fraction of a percent of symbols, whatever the mask.
     */
    static String decodeWithDetector(BufferedImage image)
            throws NotFoundException, ChecksumException, FormatException {
        Result result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new ImageLuminance(image))),
                Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
        return result.getText();
    }

    /** Luminance (0 black to 255 white) of each pixel, transparent pixels as white. */
    static final class ImageLuminance extends LuminanceSource {

        private final byte[] luminance;

        ImageLuminance(BufferedImage image) {
            super(image.getWidth(), image.getHeight());
            int w = image.getWidth();
            int h = image.getHeight();
            luminance = new byte[w * h];
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                int p = argb[i];
                int a = p >>> 24;
                int r = (p >> 16) & 0xFF;
                int g = (p >> 8) & 0xFF;
                int b = p & 0xFF;
                int lum = (r * 299 + g * 587 + b * 114) / 1000;
                lum = (lum * a + 255 * (255 - a)) / 255;
                luminance[i] = (byte) lum;
            }
        }

        @Override
        public byte[] getRow(int y, byte[] row) {
            byte[] out = row != null && row.length >= getWidth() ? row : new byte[getWidth()];
            System.arraycopy(luminance, y * getWidth(), out, 0, getWidth());
            return out;
        }

        @Override
        public byte[] getMatrix() {
            return luminance.clone();
        }
    }
}
