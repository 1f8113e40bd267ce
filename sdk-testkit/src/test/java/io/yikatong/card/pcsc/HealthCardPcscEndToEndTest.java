package io.yikatong.card.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.health.ContactInfo;
import io.yikatong.card.health.HealthCard;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.RecordSignatureVerifier;
import io.yikatong.card.health.VisitKind;
import io.yikatong.card.health.VisitRecord;
import io.yikatong.card.health.security.CardFactors;
import io.yikatong.card.health.security.HealthCardKey;
import io.yikatong.card.health.security.PsamOptions;
import io.yikatong.card.health.security.PsamSecurityModule;
import io.yikatong.core.Bytes;
import io.yikatong.core.codec.Hex;
import io.yikatong.testkit.card.HealthCardProfile;
import io.yikatong.testkit.card.InsecureDevelopmentPki;
import io.yikatong.testkit.card.VirtualCard;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.testkit.card.VirtualSam;
import io.yikatong.testkit.card.VpcdCardBridge;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The resident health card end to end through the real stack, with the SAM in a second reader: HealthCardService ->
 * jnasmartcardio -> pcscd -> vpcd -> VpcdCardBridge -> virtual health card (slot 0) and virtual PSAM (slot 1). Skipped
 * without the stack, failed without it when CI=true (see {@link PcscStack}).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HealthCardPcscEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private PcscReaders readers;
    private final List<VpcdCardBridge> bridges = new ArrayList<>();
    private final HealthCardProfile profile = VirtualHealthCards.example();

    @BeforeEach
    void stack() throws Exception {
        readers = PcscStack.require();
        assertTrue(readers.waitForCard(PcscStack.SLOT0, CardPresence.ABSENT, WAIT), "slot 0 still has a card");
        assertTrue(readers.waitForCard(PcscStack.SLOT1, CardPresence.ABSENT, WAIT), "slot 1 still has a card");
    }

    @AfterEach
    void removeCards() throws Exception {
        for (VpcdCardBridge bridge : bridges) {
            bridge.close();
        }
        if (readers != null) {
            readers.waitForCard(PcscStack.SLOT0, CardPresence.ABSENT, WAIT);
            readers.waitForCard(PcscStack.SLOT1, CardPresence.ABSENT, WAIT);
        }
    }

    private VpcdCardBridge insert(VirtualCard card, int port, String reader) throws Exception {
        VpcdCardBridge bridge = VpcdCardBridge.start(new VirtualCardTransport(card), port);
        bridges.add(bridge);
        assertTrue(bridge.awaitConnected(WAIT.toMillis()), "bridge did not connect to vpcd on port " + port);
        assertTrue(readers.waitForCard(reader, CardPresence.PRESENT, WAIT), "pcscd did not see the card in " + reader);
        return bridge;
    }

    private PsamSecurityModule psam() throws Exception {
        insert(VirtualSam.card(VirtualSam.example()), VpcdCardBridge.SECOND_SLOT_PORT, PcscStack.SLOT1);
        return PsamSecurityModule.open(readers.connect(PcscStack.SLOT1), "123456",
                PsamOptions.builder().readerName(PcscStack.SLOT1).build());
    }

    @Test
    void fullReadWithTheSamInTheSecondReaderAndANaiveReaderForComparison() throws Exception {
        VirtualCard card = VirtualHealthCards.card(profile, new SplittableRandom(1));
        VpcdCardBridge bridge = insert(card, VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0);
        try (PsamSecurityModule sam = psam()) {
            long before = bridge.apduCount();
            long t0 = System.nanoTime();
            HealthCard hc;
            int apdus;
            try (HealthCardService s = HealthCardService.builder(
                    CardSession.builder(readers.connect(PcscStack.SLOT0)).readChunk(256).build())
                    .securityModule(sam).build()) {
                hc = s.readAll();
                apdus = s.session().apduCount();
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            assertEquals(apdus, bridge.apduCount() - before, "every APDU went through pcscd, vpcd and the bridge");
            assertEquals("张晓虹", hc.holder().name());
            assertEquals(profile.photo(), hc.photo().image());
            assertTrue(hc.visits().isPresent());

            // the same 11 elements (holder + contact) read by the service in one session ...
            long sBefore = bridge.apduCount();
            long t2 = System.nanoTime();
            try (HealthCardService s = HealthCardService.open(readers.connect(PcscStack.SLOT0), sam)) {
                s.readHolder();
                s.readContact();
            }
            double serviceMs = (System.nanoTime() - t2) / 1e6;
            long service = bridge.apduCount() - sBefore;
            // ... and by a naive per-element reader: what a per-field DLL call does for every element
            long nBefore = bridge.apduCount();
            long t1 = System.nanoTime();
            naiveHolderAndContactRead(sam);
            double naiveMs = (System.nanoTime() - t1) / 1e6;
            long naive = bridge.apduCount() - nBefore;
            System.out.printf("health card through pcscd+vpcd, SAM in slot 1: full read (readAll) %d card APDUs in"
                    + " %.1f ms; holder+contact (11 elements): service %d APDUs in %.1f ms, naive per-element"
                    + " reader %d APDUs in %.1f ms%n", apdus, ms, service, serviceMs, naive, naiveMs);
            assertEquals(2 + 1 + 2 + 1 + 5 + 1 + 6, service, "select DDF1, EF05, city code; RK; EF06 x5; EF08 x6");
            assertEquals(11 * 7, naive);
        }
    }

    /**
     * Reads the 11 elements of EF06 and EF08 one per connection, as a per-element vendor call does: select DDF1,
     * select EF05, read the city code, select the EF, GET CHALLENGE, EXTERNAL AUTHENTICATE, READ RECORD.
     */
    private void naiveHolderAndContactRead(PsamSecurityModule sam) throws Exception {
        int[][] elements = {{0x06, 1}, {0x06, 2}, {0x06, 3}, {0x06, 4}, {0x06, 5}, {0x08, 1}, {0x08, 2},
            {0x08, 3}, {0x08, 4}, {0x08, 5}, {0x08, 6}};
        for (int[] e : elements) {
            try (CardSession s = CardSession.open(readers.connect(PcscStack.SLOT0))) {
                s.selectFile(0xDDF1, "select DDF1");
                s.selectFile(0xEF05, "select EF05");
                byte[] city = s.readRecordByIdentifier(0x39, 5, "city code");
                CardFactors f = CardFactors.fromCard(s.transport().atr(), CardFactors.AtrFactorRule.BYTES_5_TO_12,
                        Hex.encode(Arrays.copyOfRange(city, 2, 5)));
                s.selectFile(0xEF00 | e[0], "select EF");
                Bytes challenge = Bytes.copyOf(s.getChallenge(8));
                Bytes input = HealthCardKey.READ_AUTHENTICATION_INPUT;
                Bytes a = sam.authenticationCryptogram(HealthCardKey.RK_DDF1, f, challenge, input);
                s.send(CommandApdu.of(0x00, 0x82, 0x00, 0x04, Bytes.fromHex(a.toHex() + input.toHex() + "01")
                        .toByteArray()), "authenticate");
                s.readRecord(e[1], "read record");
            }
        }
    }

    @Test
    void writeThroughPcscdAndReadBackAfterReinsertion() throws Exception {
        VirtualCard card = VirtualHealthCards.card(profile, new SplittableRandom(2));
        VpcdCardBridge bridge = insert(card, VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0);
        ContactInfo contact = new ContactInfo(LocalDate.of(2036, 6, 30), "13700000000", "", List.of("02"));
        int slot;
        try (PsamSecurityModule sam = psam()) {
            try (HealthCardService s = HealthCardService.open(readers.connect(PcscStack.SLOT0), sam)) {
                s.writeContact(contact);
                slot = s.writeOutpatientRecord(VisitRecord.builder(VisitKind.OUTPATIENT).item(213, "一卡通虚拟医院")
                        .item(214, "YKT0000001").item(215, "20261123083000").build());
            }
            bridge.close(); // 拔卡
            bridges.remove(bridge);
            assertTrue(readers.waitForCard(PcscStack.SLOT0, CardPresence.ABSENT, WAIT));
            insert(card, VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0); // 插卡: same card, power-on reset
            try (HealthCardService s = HealthCardService.open(connectWhenReady(), sam)) {
                assertEquals(contact, s.readContact());
                VisitRecord r = s.readOutpatientRecord(slot);
                assertEquals("20261123083000", r.item(215));
                RecordSignatureVerifier.builder().trustIssuer(InsecureDevelopmentPki.rootPublicKey()).build()
                        .verify(r.image(), s.readIssuer().issuerCertificate(), profile.cardNumber());
            }
        }
    }

    @Test
    void cardPulledMidReadFailsTypedAndTheReinsertedCardReadsAgain() throws Exception {
        VirtualCard card = VirtualHealthCards.card(profile, new SplittableRandom(3));
        VpcdCardBridge bridge = insert(card, VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0);
        try (PsamSecurityModule sam = psam()) {
            HealthCardService s = HealthCardService.open(readers.connect(PcscStack.SLOT0), sam);
            s.readHolder();
            bridge.close(); // pulled between two files
            bridges.remove(bridge);
            CardLinkException e = assertThrows(CardLinkException.class, s::readPhoto);
            assertTrue(Set.of(CardErrorCode.CARD_REMOVED, CardErrorCode.NO_CARD).contains(e.errorCode()), e::toString);
            s.close();
            assertTrue(readers.waitForCard(PcscStack.SLOT0, CardPresence.ABSENT, WAIT));
            insert(card, VpcdCardBridge.DEFAULT_PORT, PcscStack.SLOT0);
            try (HealthCardService again = HealthCardService.open(connectWhenReady(), sam)) {
                assertEquals(profile.photo(), again.read().photo().image());
            }
        }
    }

    /** After a removal pcscd may report the old card for one poll: retry briefly. */
    private PcscCardTransport connectWhenReady() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                PcscCardTransport t = readers.connect(PcscStack.SLOT0);
                t.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00, 0x02, 0x3F, 0x00});
                return t;
            } catch (CardLinkException e) {
                if (System.nanoTime() > deadline || e.errorCode() == CardErrorCode.READER_UNAVAILABLE) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
