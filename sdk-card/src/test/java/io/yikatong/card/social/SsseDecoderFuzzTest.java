package io.yikatong.card.social;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.social.internal.SsseElement;
import io.yikatong.card.social.internal.SsseRecords;
import io.yikatong.core.Bytes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random bytes into the EF05/EF06 decoders, the FCI parser and the ATR parser: typed exceptions only. */
class SsseDecoderFuzzTest {

    private static Bytes randomRecord(Random r, SsseElement e) {
        int mode = r.nextInt(4);
        if (mode == 0) { // arbitrary bytes
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            return Bytes.copyOf(b);
        }
        // a TLV with the right tag, a random (mode 1) or the right (modes 2, 3) length, random value bytes
        int len = mode == 1 ? r.nextInt(34) : e.length();
        byte[] b = new byte[len + 2];
        r.nextBytes(b);
        b[0] = (byte) e.tag();
        b[1] = (byte) len;
        if (mode == 3) { // plausible digits: BCD nibbles 0-9 and F
            for (int i = 2; i < b.length; i++) {
                b[i] = (byte) ((r.nextInt(10) << 4) | (r.nextBoolean() ? r.nextInt(10) : 0x0F));
            }
        }
        return Bytes.copyOf(b);
    }

    private static Map<Integer, Bytes> randomFile(Random r, List<SsseElement> elements) {
        Map<Integer, Bytes> m = new HashMap<>();
        for (SsseElement e : elements) {
            if (r.nextInt(20) != 0) { // sometimes a record is missing
                m.put(e.tag(), randomRecord(r, e));
            }
        }
        return m;
    }

    @Test
    void recordDecodersThrowOnlyMalformedCardResponse() {
        Random r = new Random(20240601L);
        for (int i = 0; i < 20_000; i++) {
            try {
                SsseRecords.cardInfo(randomFile(r, SsseElement.EF05));
            } catch (MalformedCardResponseException e) {
                assertEquals(SsseRecords.EF05, e.file());
                assertTrue(e.record() >= 1 && e.record() <= 7, "names the record: " + e.getMessage());
            }
            try {
                SsseRecords.holder(randomFile(r, SsseElement.EF06));
            } catch (MalformedCardResponseException e) {
                assertEquals(SsseRecords.EF06, e.file());
            }
        }
    }

    @Test
    void fciAndAtrParsersThrowOnlyMalformedCardResponse() {
        Random r = new Random(77L);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            if (b.length > 2 && r.nextBoolean()) {
                b[0] = 0x6F;
                b[1] = (byte) (b.length - 2);
            }
            try {
                int alg = SocialSecurityCardReader.algorithmId(b);
                assertTrue(alg >= 0 && alg <= 0xFF);
            } catch (MalformedCardResponseException e) {
                assertEquals("SSSE FCI", e.file());
            }
            try {
                Bytes h = SsseRecords.historicalBytes(Bytes.copyOf(b));
                assertTrue(h.length() <= 15);
            } catch (MalformedCardResponseException e) {
                assertEquals("ATR", e.file());
            }
        }
    }

    @Test
    void decoderErrorsNameFileRecordAndOffset() {
        Map<Integer, Bytes> ef06 = new HashMap<>();
        for (SsseElement e : SsseElement.EF06) {
            byte[] v = new byte[e.length() + 2];
            v[0] = (byte) e.tag();
            v[1] = (byte) e.length();
            ef06.put(e.tag(), Bytes.copyOf(v));
        }
        ef06.put(0x0D, Bytes.fromHex("0D04" + "20241399")); // month 13
        MalformedCardResponseException e = assertThrows(MalformedCardResponseException.class,
                () -> SsseRecords.holder(ef06));
        assertEquals(SsseRecords.EF06, e.file());
        assertEquals(0x0A, e.record(), "gender 00 is decoded first and is not a code");
        ef06.put(0x0A, Bytes.fromHex("0A0132"));
        ef06.put(0x0B, Bytes.fromHex("0B0101"));
        e = assertThrows(MalformedCardResponseException.class, () -> SsseRecords.holder(ef06));
        assertEquals(0x0D, e.record(), "birth place 000000 decodes, birth date month 13 does not: " + e.getMessage());
    }

    @Test
    void atrHistoricalBytesFollowTheInterfaceBytes() throws Exception {
        // 3B 6D 00 00 + 13 historical bytes (TB1, TC1)
        assertEquals(Bytes.fromHex("008C544CB386844116018593CA"),
                SsseRecords.historicalBytes(Bytes.fromHex("3B6D0000008C544CB386844116018593CA")));
        // 3B 9F 95 81 31 FE 9F ...: TA1, TD1 -> TD2 (T=1) -> TA3 TB3, 15 historical bytes and TCK
        Bytes atr = Bytes.fromHex("3B9F958131FE9F006A0000000000000000000000000000" + "AA");
        assertEquals(15, SsseRecords.historicalBytes(atr).length());
        assertThrows(MalformedCardResponseException.class, () -> SsseRecords.historicalBytes(Bytes.fromHex("3B6D0000")));
    }
}
