package io.yikatong.testkit.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardLinkException;
import io.yikatong.card.purse.InsecureSoftwarePurseModule;
import io.yikatong.card.purse.internal.PurseCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.Money;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.crypto.Sm4Key;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The virtual purse card and PSAM over raw APDUs: every status word of health-card-spec §4.1 as implemented. */
class VirtualPurseCardTest {

    private static final String SELECT = "00A4040008A000000632010105";
    private static final String TERMINAL = "000000000001";
    private static final LocalDateTime WHEN = LocalDateTime.of(2025, 3, 4, 10, 5, 6);

    private final VirtualPurseCard purse = VirtualPurseCard.builder().balance(Money.ofFen(500))
            .random(new SplittableRandom(3)).build();
    private final VirtualCardTransport card = new VirtualCardTransport(purse.card());
    private final VirtualPursePsam psam = VirtualPursePsam.builder().build();
    private final VirtualCardTransport sam = new VirtualCardTransport(psam.card());

    private static byte[] send(VirtualCardTransport t, String hex) throws CardLinkException {
        return t.transmit(Hex.parse(hex, "command"));
    }

    private static String sw(byte[] r) {
        return Hex.encodeUpper(Arrays.copyOfRange(r, r.length - 2, r.length));
    }

    private String cardSw(String hex) throws CardLinkException {
        return sw(send(card, hex));
    }

    /** INITIALIZE for {@code amount} fen, returns the 15 response bytes. */
    private byte[] initialize(long amount) throws CardLinkException {
        byte[] r = send(card, "805001020B01" + Hex.encodeUpper(PurseCrypto.u32(amount)) + TERMINAL + "0F");
        assertEquals("9000", sw(r));
        return Arrays.copyOf(r, 15);
    }

    private String debitWithMac(long terminalTsn, byte[] mac1) throws CardLinkException {
        return sw(send(card, "805401000F" + Hex.encodeUpper(PurseCrypto.u32(terminalTsn)) + "20250304100506"
                + Hex.encodeUpper(mac1) + "08"));
    }

    private byte[] mac1For(byte[] init, long amount, long terminalTsn) {
        Sm4Key dpk = PurseCrypto.cardKey(InsecureSoftwarePurseModule.developmentPurchaseMasterKey(),
                purse.applicationSerial());
        Sm4Key session = PurseCrypto.sessionKey(dpk, Bytes.copyOf(init, 11, 4),
                (int) PurseCrypto.unsigned(init, 4, 2), terminalTsn);
        return PurseCrypto.mac1(session, amount, Bytes.fromHex(TERMINAL), WHEN);
    }

    @Test
    void purseCommandsNeedThePurseSelected() throws CardLinkException {
        assertEquals("6E00", cardSw("805C000204"));
        assertEquals("9000", cardSw(SELECT));
        byte[] r = send(card, "805C000204");
        assertEquals("000001F49000", Hex.encodeUpper(r));
    }

    @Test
    void getBalanceChecksParametersAndLength() throws CardLinkException {
        send(card, SELECT);
        assertEquals("6A86", cardSw("805C000104"));
        assertEquals("6700", cardSw("805C000208"));
        assertEquals("6E00", cardSw("80EE000004")); // not a purse command: the engine knows no CLA 80
    }

    @Test
    void initializeStatusWords() throws CardLinkException {
        send(card, SELECT);
        assertEquals("9403", cardSw("805001020B02000000010" + "00000000001" + "0F"));
        assertEquals("6A80", cardSw("805001020B0100000000" + TERMINAL + "0F"));
        assertEquals("9401", cardSw("805001020B01000001F5" + TERMINAL + "0F"));
        assertEquals("6A86", cardSw("805001010B01000000010" + "00000000001" + "0F"));
        assertEquals("6700", cardSw("805001020A010000000100000000000F"));
        byte[] init = initialize(500);
        assertEquals("000001F4" + "0000" + "000000" + "01" + "04", Hex.encodeUpper(Arrays.copyOf(init, 11)));
    }

    @Test
    void debitChecksMac1AndDebitsOnlyOnce() throws CardLinkException {
        send(card, SELECT);
        assertEquals("6985", debitWithMac(1, new byte[4])); // no INITIALIZE
        byte[] init = initialize(100);
        byte[] mac1 = mac1For(init, 100, 1);
        byte[] bad = mac1.clone();
        bad[0] ^= 1;
        assertEquals("9302", debitWithMac(1, bad));
        assertEquals(Money.ofFen(500), purse.balance());
        assertEquals("6985", debitWithMac(1, mac1)); // the refused DEBIT ended the purchase
        init = initialize(100);
        mac1 = mac1For(init, 100, 1);
        assertEquals("9000", debitWithMac(1, mac1));
        assertEquals(Money.ofFen(400), purse.balance());
        assertEquals("6985", debitWithMac(1, mac1)); // no replay
        assertEquals(Money.ofFen(400), purse.balance());
        assertEquals(1, purse.transactionSerial());
    }

    @Test
    void anyCommandBetweenInitializeAndDebitEndsThePurchase() throws CardLinkException {
        send(card, SELECT);
        byte[] init = initialize(100);
        assertEquals("9000", cardSw("805C000204"));
        assertEquals("6985", debitWithMac(1, mac1For(init, 100, 1)));
        init = initialize(100);
        new VirtualCardTransport(purse.card()); // power cycle
        VirtualCardTransport again = new VirtualCardTransport(purse.card());
        send(again, SELECT);
        assertEquals("6985", sw(send(again, "805401000F00000001" + "20250304100506"
                + Hex.encodeUpper(mac1For(init, 100, 1)) + "08")));
        assertEquals(Money.ofFen(500), purse.balance());
    }

    @Test
    void debitRejectsAnInvalidDate() throws CardLinkException {
        send(card, SELECT);
        initialize(100);
        assertEquals("6A80", cardSw("805401000F00000001" + "20251304100506" + "00000000" + "08"));
    }

    @Test
    void transactionProofIsKeptPerTsn() throws CardLinkException {
        send(card, SELECT);
        assertEquals("9406", cardSw("805A0006020000" + "08"));
        byte[] init = initialize(100);
        assertEquals("9000", debitWithMac(7, mac1For(init, 100, 7)));
        byte[] proof = send(card, "805A0006020000" + "08");
        assertEquals("9000", sw(proof));
        assertEquals(10, proof.length);
        assertEquals("9406", cardSw("805A0006020001" + "08"));
        assertEquals("6A86", cardSw("805A0009020000" + "08"));
        assertEquals("6700", cardSw("805A000601" + "00" + "08"));
    }

    @Test
    void psamStatusWords() throws CardLinkException {
        assertEquals("6985", sw(send(sam, "8072000004" + "00000000")));
        String init = "A1B2C3D4" + "0000" + "00000064" + "06" + "20250304" + "100506" + "01" + "04"
                + "0000000000000001";
        assertEquals("6108", sw(send(sam, "807000001C" + init)));
        byte[] r = send(sam, "00C0000008");
        assertEquals("9000", sw(r));
        assertEquals("00000001", Hex.encodeUpper(Arrays.copyOf(r, 4)));
        assertEquals("9302", sw(send(sam, "8072000004" + "00000000")));
        assertEquals("6985", sw(send(sam, "8072000004" + "00000000"))); // one attempt per session
        assertEquals("6A80", sw(send(sam, "807000001C" + init.replace("0000006406", "0000006409"))));
        assertEquals("6A88", sw(send(sam, "807000001C" + init.replace("1005060104", "1005060204"))));
        assertEquals("6A80", sw(send(sam, "807000001C" + init.replace("20250304", "20251304"))));
        assertEquals("6700", sw(send(sam, "807000001B" + init.substring(2))));
        // the recovery variant refuses a terminal TSN it never issued
        String recovery = "00000009" + "A1B2C3D4" + "0000" + "00000064" + "01" + "04" + "0000000000000001"
                + "00000000";
        assertEquals("6A80", sw(send(sam, "807201001C" + recovery)));
        assertEquals("9302", sw(send(sam, "807201001C" + recovery.replaceFirst("00000009", "00000001"))));
        assertEquals("6A86", sw(send(sam, "807202001C" + recovery)));
        assertEquals(2, psam.nextTerminalTsn());
    }

    @Test
    void seededRandomCommandsNeverBreakTheCard() throws CardLinkException {
        SplittableRandom random = new SplittableRandom(99);
        int[] ins = {0x5C, 0x50, 0x54, 0x5A, 0x70, 0x72, 0xA4, 0xB2};
        send(card, SELECT);
        for (int i = 0; i < 20_000; i++) {
            byte[] apdu = new byte[random.nextInt(4, 40)];
            random.nextBytes(apdu);
            apdu[0] = (byte) (random.nextInt(8) == 0 ? 0x00 : 0x80);
            apdu[1] = (byte) ins[random.nextInt(ins.length)];
            if (random.nextBoolean() && apdu.length > 5) {
                apdu[4] = (byte) (apdu.length - 5); // often a well-formed case-3 length
            }
            long before = purse.balance().fen();
            byte[] r = card.transmit(apdu);
            assertTrue(r.length >= 2);
            assertTrue(purse.balance().fen() <= before && purse.balance().fen() >= 0);
            byte[] s = sam.transmit(apdu);
            assertTrue(s.length >= 2);
            if (random.nextInt(50) == 0) {
                send(card, SELECT);
            }
        }
        assertEquals(Money.ofFen(500), purse.balance()); // random MAC1s never verify
    }
}
