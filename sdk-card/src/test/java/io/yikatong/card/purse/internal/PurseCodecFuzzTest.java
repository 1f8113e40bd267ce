package io.yikatong.card.purse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.core.Bytes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The purse response decoders on seeded random bytes: a value for the exact length, a typed exception otherwise. */
class PurseCodecFuzzTest {

    private interface Decoder {
        Object decode(byte[] b) throws MalformedCardResponseException;
    }

    private static void fuzz(Decoder d, int validLength, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int decoded = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[random.nextInt(0, 2 * validLength + 4)];
            random.nextBytes(b);
            try {
                Object value = d.decode(b);
                assertEquals(validLength, b.length, "decoded a response of the wrong length");
                assertTrue(value != null);
                decoded++;
            } catch (MalformedCardResponseException e) {
                assertTrue(b.length != validLength, "refused a response of the right length");
                assertTrue(e.getMessage().contains("expected " + validLength), e.getMessage());
            } catch (RuntimeException e) {
                fail("untyped exception for " + b.length + " bytes", e);
            }
        }
        assertTrue(decoded > 0, "the fuzz never produced a valid length");
    }

    @Test
    void decodersThrowOnlyTypedExceptions() {
        fuzz(PurseCodec::applicationSerial, 30, 1);
        fuzz(PurseCodec::initialize, 15, 2);
        fuzz(PurseCodec::debit, 8, 3);
        fuzz(PurseCodec::transactionProof, 8, 4);
        fuzz(PurseCodec::samInit, 8, 5);
        fuzz(PurseCodec::terminalNumber, 6, 6);
    }

    @Test
    void decodersReadTheDocumentedLayouts() throws MalformedCardResponseException {
        PurseCodec.Initialize i = PurseCodec.initialize(Bytes.fromHex("FFFFFFFE" + "1234" + "000100" + "07" + "04"
                + "A1B2C3D4").toByteArray());
        assertEquals(0xFFFF_FFFEL, i.balance());
        assertEquals(0x1234, i.cardTsn());
        assertEquals(0x100, i.overdraftLimit());
        assertEquals(7, i.keyVersion());
        assertEquals(4, i.algorithmId());
        assertEquals(Bytes.fromHex("A1B2C3D4"), i.cardRandom());
        PurseCodec.Proof debit = PurseCodec.debit(Bytes.fromHex("1111111122222222").toByteArray());
        assertEquals(Bytes.fromHex("11111111"), debit.tac());
        assertEquals(Bytes.fromHex("22222222"), debit.mac2());
        PurseCodec.Proof proof = PurseCodec.transactionProof(Bytes.fromHex("2222222211111111").toByteArray());
        assertEquals(debit, proof);
        PurseCodec.SamInit s = PurseCodec.samInit(Bytes.fromHex("80000001CAFEBABE").toByteArray());
        assertEquals(0x8000_0001L, s.terminalTsn());
        assertEquals(Bytes.fromHex("CAFEBABE"), s.mac1());
        byte[] ef15 = new byte[30];
        for (int k = 0; k < 30; k++) {
            ef15[k] = (byte) k;
        }
        assertEquals(Bytes.fromHex("0C0D0E0F10111213"), PurseCodec.applicationSerial(ef15));
        MalformedCardResponseException e = assertThrows(MalformedCardResponseException.class,
                () -> PurseCodec.debit(new byte[7]));
        assertEquals("DEBIT FOR PURCHASE response", e.file());
    }
}
