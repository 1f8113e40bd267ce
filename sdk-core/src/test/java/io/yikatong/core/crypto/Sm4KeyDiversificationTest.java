package io.yikatong.core.crypto;

import static io.yikatong.core.crypto.Sm3Sm4TestSupport.HEX;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.assertHexEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.InvalidInputException;
import java.util.Random;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class Sm4KeyDiversificationTest {

    private static final long SEED = 0xD1FL;

    private static byte[] bcEncryptBlock(byte[] key, byte[] block) {
        SM4Engine e = new SM4Engine();
        e.init(true, new KeyParameter(key));
        byte[] out = new byte[16];
        e.processBlock(block, 0, out, 0);
        return out;
    }

    private static byte[] raw(Sm4Key k) {
        return k.toBytes(InsecureKeyAccess.get());
    }

    @Test
    void blockLayout() {
        assertEquals("0102030405060708fefdfcfbfaf9f8f7",
                HEX.formatHex(Sm4KeyDiversification.diversificationBlock(HEX.parseHex("0102030405060708"))));
        byte[] f16 = HEX.parseHex("00112233445566778899aabbccddeeff");
        assertEquals("00112233445566778899aabbccddeeff",
                HEX.formatHex(Sm4KeyDiversification.diversificationBlock(f16)));
    }

    @Test
    void oneAndTwoLevelsMatchAnIndependentComputation() {
        Random rnd = new Random(SEED);
        for (int iter = 0; iter < 200; iter++) {
            byte[] master = new byte[16];
            byte[] cardFactor = new byte[8];
            byte[] cityFactor = new byte[8];
            byte[] longFactor = new byte[16];
            rnd.nextBytes(master);
            rnd.nextBytes(cardFactor);
            rnd.nextBytes(cityFactor);
            rnd.nextBytes(longFactor);
            byte[] cardBlock = new byte[16];
            byte[] cityBlock = new byte[16];
            for (int i = 0; i < 8; i++) {
                cardBlock[i] = cardFactor[i];
                cardBlock[8 + i] = (byte) (cardFactor[i] ^ 0xff);
                cityBlock[i] = cityFactor[i];
                cityBlock[8 + i] = (byte) (cityFactor[i] ^ 0xff);
            }
            byte[] level1 = bcEncryptBlock(master, cardBlock);
            byte[] level2 = bcEncryptBlock(level1, cityBlock);
            Sm4Key mk = Sm4Key.of(master);
            String ctx = "seed=" + SEED + " iter=" + iter;
            assertHexEquals(level1, raw(Sm4KeyDiversification.diversify(mk, cardFactor)), "一次发散 " + ctx);
            assertHexEquals(level2, raw(Sm4KeyDiversification.diversify(mk, cardFactor, cityFactor)),
                    "两次发散 " + ctx);
            assertHexEquals(bcEncryptBlock(master, longFactor),
                    raw(Sm4KeyDiversification.diversify(mk, longFactor)), "16-byte factor " + ctx);
        }
    }

    @Test
    void healthCardCityFactor() {
        // city factor = first 2 bytes of the application city code || "000000" (health-card-spec §1.8)
        byte[] cityCode = {0x44, 0x03};
        byte[] cityFactor = {cityCode[0], cityCode[1], '0', '0', '0', '0', '0', '0'};
        assertEquals("4403303030303030", HEX.formatHex(cityFactor));
        byte[] master = HEX.parseHex("0123456789abcdeffedcba9876543210");
        byte[] card = HEX.parseHex("3b6a00000031c065");
        Sm4Key k = Sm4KeyDiversification.diversify(Sm4Key.of(master), card, cityFactor);
        assertHexEquals(bcEncryptBlock(bcEncryptBlock(master, Sm4KeyDiversification.diversificationBlock(card)),
                Sm4KeyDiversification.diversificationBlock(cityFactor)), raw(k), "two-level");
    }

    @Test
    void badFactorsNameTheField() {
        Sm4Key mk = Sm4Key.of(new byte[16]);
        assertEquals("factor", assertThrows(InvalidInputException.class,
                () -> Sm4KeyDiversification.diversify(mk, new byte[7])).field());
        assertEquals("factors[1]", assertThrows(InvalidInputException.class,
                () -> Sm4KeyDiversification.diversify(mk, new byte[8], new byte[9])).field());
        assertEquals("factors", assertThrows(InvalidInputException.class,
                () -> Sm4KeyDiversification.diversify(mk, new byte[0][])).field());
        assertEquals("parent", assertThrows(InvalidInputException.class,
                () -> Sm4KeyDiversification.diversify(null, new byte[8])).field());
    }
}
