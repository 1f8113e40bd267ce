package io.yikatong.testkit.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.yikatong.card.CardLinkException;
import io.yikatong.card.health.security.CardFactors;
import io.yikatong.card.health.security.HealthCardKey;
import io.yikatong.card.health.security.InsecureSoftwareSecurityModule;
import io.yikatong.core.Bytes;
import io.yikatong.core.codec.Hex;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The virtual health card's security over raw APDUs (health-card-spec §1.8): external authentication with RK/UK
 * keys computed by the development security module, retry counters, secure-messaging writes and the DF03 index
 * commands.
 */
class VirtualHealthCardSecurityTest {

    private final InsecureSoftwareSecurityModule sam = InsecureSoftwareSecurityModule.development();
    private final HealthCardProfile profile = VirtualHealthCards.example();
    private final CardFactors factors = CardFactors.of(profile.diversificationFactor(),
            CardFactors.cityFactor(profile.cityCode()));
    private final VirtualCardTransport t = new VirtualCardTransport(
            VirtualHealthCards.card(profile, new SplittableRandom(42)));

    private byte[] send(String hex) throws CardLinkException {
        return t.transmit(Hex.parse(hex, "command"));
    }

    private String sw(String hex) throws CardLinkException {
        byte[] r = send(hex);
        return Hex.encode(Arrays.copyOfRange(r, r.length - 2, r.length));
    }

    private Bytes challenge() throws CardLinkException {
        byte[] r = send("0084000008");
        assertEquals(10, r.length);
        return Bytes.copyOf(r, 0, 8);
    }

    private String readAuth(HealthCardKey key) throws Exception {
        Bytes a = sam.authenticationCryptogram(key, factors, challenge(), HealthCardKey.READ_AUTHENTICATION_INPUT);
        return sw(String.format("008200%02X11", key.cardKeyReference()) + a.toHex()
                + HealthCardKey.READ_AUTHENTICATION_INPUT.toHex() + "01");
    }

    private String updateAuth(HealthCardKey key) throws Exception {
        Bytes r1 = challenge();
        Bytes r2 = challenge();
        Bytes a = sam.authenticationCryptogram(key, factors, r2, r1);
        return sw(String.format("008200%02X11", key.cardKeyReference()) + a.toHex() + r1.toHex() + "01");
    }

    @Test
    void readKeyOpensTheHolderFileAndIsLostWhenTheDfIsLeft() throws Exception {
        assertEquals("9000", sw("00A4000002DDF1"));
        assertEquals("9000", sw("00A4000002EF06"));
        assertEquals("6982", sw("00B2010400"), "holder data before RK_DDF1");
        assertEquals("9000", readAuth(HealthCardKey.RK_DDF1));
        byte[] name = send("00B2010400");
        assertEquals("9000", Hex.encode(Arrays.copyOfRange(name, name.length - 2, name.length)));
        assertEquals(0x0B, name[0], "tag of XM");
        assertEquals("9000", sw("00A4000002DF01"));
        assertEquals("9000", sw("00A4000002DDF1"));
        assertEquals("9000", sw("00A4000002EF06"));
        assertEquals("9000", sw("00B2010400"), "DF01 is below DDF1: DDF1's rights survive");
        assertEquals("9000", sw("00A40000023F00"));
        assertEquals("9000", sw("00A4000002DDF1"));
        assertEquals("9000", sw("00A4000002EF06"));
        assertEquals("6982", sw("00B2010400"), "rights are lost when DDF1 is left");
    }

    @Test
    void eachDfNeedsItsOwnReadKey() throws Exception {
        assertEquals("9000", sw("00A4000002DDF1"));
        assertEquals("9000", sw("00A4000002DF02"));
        assertEquals("9000", sw("00A4000002EF05"));
        assertEquals("6982", sw("00B2010400"));
        Bytes a = sam.authenticationCryptogram(HealthCardKey.RK_DF01, factors, challenge(),
                HealthCardKey.READ_AUTHENTICATION_INPUT);
        assertEquals("63c2", sw("0082008411" + a.toHex() + HealthCardKey.READ_AUTHENTICATION_INPUT.toHex() + "01"),
                "DF01's key does not open DF02");
        assertEquals("9000", readAuth(HealthCardKey.RK_DF02), "a success resets the counter");
        assertEquals("9000", sw("00B2010400"));
    }

    @Test
    void wrongCryptogramsCountDownAndBlockTheKey() throws Exception {
        assertEquals("9000", sw("00A4000002DDF1"));
        String wrong = "0000000000000000" + HealthCardKey.READ_AUTHENTICATION_INPUT.toHex() + "01";
        challenge();
        assertEquals("63c2", sw("0082000411" + wrong));
        assertEquals("6985", sw("0082000411" + wrong), "a challenge serves one attempt");
        challenge();
        assertEquals("63c1", sw("0082000411" + wrong));
        challenge();
        assertEquals("63c0", sw("0082000411" + wrong));
        assertEquals("6983", readAuth(HealthCardKey.RK_DDF1), "blocked: even the right cryptogram fails");
        t.close();
        VirtualCardTransport again = new VirtualCardTransport(t.card());
        byte[] r = again.transmit(Hex.parse("00A4000002DDF1", "c"));
        assertEquals(2, r.length);
        again.transmit(Hex.parse("0084000008", "c"));
        byte[] blocked = again.transmit(Hex.parse("0082000411" + wrong, "c"));
        assertEquals("6983", Hex.encode(blocked), "the counter survives a power cycle");
    }

    @Test
    void unknownKeyReferenceAndBadLengths() throws Exception {
        assertEquals("9000", sw("00A4000002DDF1"));
        challenge();
        assertEquals("6a88", sw("0082009911" + "00".repeat(17)));
        assertEquals("6700", sw("0082000408" + "00".repeat(8)));
        assertEquals("6a86", sw("0082010411" + "00".repeat(17)));
    }

    @Test
    void secureMessagingWriteIsReadBackAndTamperingIsRefused() throws Exception {
        assertEquals("9000", sw("00A4000002DDF1"));
        assertEquals("9000", sw("00A4000002EF08"));
        assertEquals("9000", updateAuth(HealthCardKey.UK_DDF1));
        assertEquals("9000", readAuth(HealthCardKey.RK_DDF1));
        String record = "1014" + Hex.encode("13900000000".getBytes()) + "00".repeat(9);
        Bytes protectedData = sam.protectRecordUpdate(HealthCardKey.STK_DDF1, factors, challenge(),
                Bytes.fromHex("04DC0204"), Bytes.fromHex(record));
        String lc = String.format("%02X", protectedData.length());
        byte[] tampered = protectedData.toByteArray();
        tampered[3] ^= 1;
        challenge();
        assertEquals("6988", sw("04DC0204" + lc + Hex.encode(tampered)));
        Bytes fresh = sam.protectRecordUpdate(HealthCardKey.STK_DDF1, factors, challenge(),
                Bytes.fromHex("04DC0204"), Bytes.fromHex(record));
        assertEquals("9000", sw("04DC0204" + lc + fresh.toHex()));
        assertEquals(record + "9000", Hex.encode(send("00B2020400")));
        assertEquals("6987", sw("04DC0204" + lc + fresh.toHex()), "a replay has no challenge to use");
        challenge();
        assertEquals("6988", sw("04DC0304" + lc + fresh.toHex()), "the MAC covers the header: another record");
    }

    @Test
    void secureMessagingNeedsTheUpdateKey() throws Exception {
        assertEquals("9000", sw("00A4000002DDF1"));
        assertEquals("9000", sw("00A4000002EF08"));
        Bytes p = sam.protectRecordUpdate(HealthCardKey.STK_DDF1, factors, challenge(), Bytes.fromHex("04DC0204"),
                Bytes.fromHex("10020000"));
        assertEquals("6982", sw("04DC0204" + String.format("%02X", p.length()) + p.toHex()));
    }

    @Test
    void indexSlotsChangeOnlyAfterTheirUpdateKeys() throws Exception {
        assertEquals("9000", sw("00A4000002DDF1"));
        assertEquals("9000", sw("00A4000002DF03"));
        assertEquals("9000", sw("00A4000002EF06"));
        assertEquals("9000", readAuth(HealthCardKey.RK_DF03));
        assertEquals("ff9000", Hex.encode(send("00B2020400")));
        assertEquals("6982", sw("84D2020400"), "mark valid needs UK_DF03_1");
        assertEquals("6982", sw("00DC020401" + "00"), "plain writes never change an index");
        assertEquals("9000", updateAuth(HealthCardKey.UK_DF03_1));
        assertEquals("9000", sw("84D2020400"));
        assertEquals("009000", Hex.encode(send("00B2020400")));
        assertEquals("6982", sw("840C020400"), "erase needs UK_DF03_2");
        assertEquals("9000", updateAuth(HealthCardKey.UK_DF03_2));
        assertEquals("9000", sw("840C020400"));
        assertEquals("ff9000", Hex.encode(send("00B2020400")));
        assertEquals("6a83", sw("840C060400"));
        assertEquals("9000", sw("00A4000002ED01"));
        assertEquals("6981", sw("840C010400"), "not an index file");
    }

    @Test
    void differentCardsHaveDifferentKeys() throws Exception {
        HealthCardProfile other = new HealthCardProfile(Bytes.fromHex("0102030405060708"), profile.cardType(),
                profile.specVersion(), profile.issuerName(), profile.issuerCode(), profile.issuerCertificate(),
                profile.issueDate(), profile.cardNumber(), profile.securityCode(), profile.chipSerial(),
                profile.cityCode(), profile.name(), profile.gender(), profile.nation(), profile.birthDate(),
                profile.idNumber(), profile.photo(), profile.validUntil(), profile.phone1(), profile.phone2(),
                profile.paymentModes());
        VirtualCardTransport o = VirtualHealthCards.transport(other);
        o.transmit(Hex.parse("00A4000002DDF1", "c"));
        Bytes c = Bytes.copyOf(o.transmit(Hex.parse("0084000008", "c")), 0, 8);
        Bytes wrongCard = sam.authenticationCryptogram(HealthCardKey.RK_DDF1, factors, c, HealthCardKey.READ_AUTHENTICATION_INPUT);
        byte[] r = o.transmit(Hex.parse("0082000411" + wrongCard.toHex() + HealthCardKey.READ_AUTHENTICATION_INPUT.toHex() + "01", "c"));
        assertEquals("63c2", Hex.encode(r), "another card's factors give another key");
        CardFactors right = CardFactors.fromCard(o.atr(), CardFactors.AtrFactorRule.BYTES_5_TO_12, other.cityCode());
        assertNotEquals(factors, right);
        c = Bytes.copyOf(o.transmit(Hex.parse("0084000008", "c")), 0, 8);
        Bytes ok = sam.authenticationCryptogram(HealthCardKey.RK_DDF1, right, c, HealthCardKey.READ_AUTHENTICATION_INPUT);
        r = o.transmit(Hex.parse("0082000411" + ok.toHex() + HealthCardKey.READ_AUTHENTICATION_INPUT.toHex() + "01", "c"));
        assertEquals("9000", Hex.encode(r));
    }
}
