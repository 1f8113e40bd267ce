package io.yikatong.card.health;

import io.yikatong.card.health.internal.HealthCardCodec;
import io.yikatong.testkit.card.HealthCardProfile;
import io.yikatong.testkit.card.VirtualCard;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.core.Bytes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The codecs decode the files of the project's virtual health card (built independently from the same spec). */
class VirtualCardDecodeTest {

    private static byte[] ok(VirtualCard card, String hex) {
        byte[] r = card.process(Bytes.fromHex(hex).toByteArray());
        assertEquals(0x9000, (r[r.length - 2] & 0xFF) << 8 | r[r.length - 1] & 0xFF, hex);
        return java.util.Arrays.copyOf(r, r.length - 2);
    }

    private static List<Bytes> records(VirtualCard card, String ef, int count) {
        ok(card, "00A4000002" + ef);
        List<Bytes> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(Bytes.copyOf(ok(card, String.format("00B2%02X0400", i))));
        }
        return out;
    }

    @Test
    void decodesTheExampleCard() throws Exception {
        HealthCardProfile p = VirtualHealthCards.example();
        VirtualCard card = VirtualHealthCards.card(p);
        card.grantReadRight(0xDDF1);
        ok(card, "00A4000002DDF1");

        IssuerInfo issuer = HealthCardCodec.decodeIssuerInfo(records(card, "EF05", 10));
        assertEquals(p.issuerName(), issuer.issuerName());
        assertEquals(p.issuerCode(), issuer.issuerCode());
        assertEquals(p.issuerCertificate(), issuer.issuerCertificate());
        assertEquals(p.issueDate(), issuer.issueDate());
        assertEquals(p.cardNumber(), issuer.cardNumber());
        assertEquals(p.cityCode(), issuer.cityCode());
        assertEquals(p.chipSerial(), issuer.chipSerial());

        HolderInfo holder = HealthCardCodec.decodeHolderInfo(records(card, "EF06", 5));
        assertEquals(p.name(), holder.name());
        assertEquals(p.gender(), holder.gender());
        assertEquals(p.nation(), holder.nation());
        assertEquals(p.birthDate(), holder.birthDate());
        assertEquals(p.idNumber(), holder.residentIdNumber().orElseThrow());

        ContactInfo contact = HealthCardCodec.decodeContactInfo(records(card, "EF08", 6));
        assertEquals(p.validUntil(), contact.expiryDate());
        assertEquals(p.phone1(), contact.phone1());
        assertEquals(p.phone2(), contact.phone2());
        assertEquals(p.paymentModes(), contact.paymentMethods());

        ok(card, "00A4000002EF07");
        Bytes header = Bytes.copyOf(ok(card, "00B0000002"));
        int total = Photo.totalLength(header);
        ByteArrayOutputStream photo = new ByteArrayOutputStream();
        for (int offset = 0; offset < total; offset += 0x80) {
            int n = Math.min(0x80, total - offset);
            photo.writeBytes(ok(card, String.format("00B0%04X%02X", offset, n)));
        }
        Photo decoded = HealthCardCodec.decodePhoto(Bytes.copyOf(photo.toByteArray()));
        assertEquals(p.photo(), decoded.image());
        assertEquals(Photo.ImageFormat.JPEG, decoded.format());
    }
}
