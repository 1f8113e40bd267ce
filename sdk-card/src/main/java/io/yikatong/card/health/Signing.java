package io.yikatong.card.health;

import io.yikatong.card.health.internal.Df03Items;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;

import java.util.Objects;

/** Shared DF03 image helpers for {@link InpatientRecord} and {@link OutpatientRecord}. */
final class Signing {

    private Signing() {
    }

    static byte[] emptyImage(Df03Items items) {
        byte[] image = new byte[items.totalLength()];
        for (Df03Items.Item item : items.dataItems()) {
            byte[] empty = Df03Items.empty(item);
            System.arraycopy(empty, 0, image, item.offset(), empty.length);
        }
        return image;
    }

    static Bytes sign(Bytes image, Df03Items items, Bytes signature, Bytes certificate) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(certificate, "certificate");
        if (signature.length() != Df03Items.SIGNATURE_LENGTH) {
            throw new InvalidInputException("signature", "must be 64 bytes, was " + signature.length());
        }
        if (certificate.length() != Df03Items.CERTIFICATE_LENGTH) {
            throw new InvalidInputException("certificate", "must be 190 bytes, was " + certificate.length());
        }
        byte[] out = image.toByteArray();
        System.arraycopy(signature.toByteArray(), 0, out, items.dataLength(), Df03Items.SIGNATURE_LENGTH);
        System.arraycopy(certificate.toByteArray(), 0, out, items.dataLength() + Df03Items.SIGNATURE_LENGTH,
                Df03Items.CERTIFICATE_LENGTH);
        return Bytes.copyOf(out);
    }
}
