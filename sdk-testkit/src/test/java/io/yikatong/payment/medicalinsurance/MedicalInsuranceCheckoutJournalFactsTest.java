package io.yikatong.payment.medicalinsurance;

import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.APP_ID;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.APP_SECRET;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.CHANNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.yikatong.core.Money;
import io.yikatong.payment.BarcodePolicy;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.journal.Decline;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.JournalEvent;
import io.yikatong.payment.journal.PaymentEntry;
import io.yikatong.payment.journal.PaymentKind;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.WechatPayChannel;
import io.yikatong.payment.wechat.WechatPayV3Client;
import io.yikatong.testkit.SettableClock;
import io.yikatong.testkit.payment.medicalinsurance.MedicalInsurancePaymentSimulator;
import io.yikatong.testkit.payment.wechat.WechatPaySimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the medical-insurance checkout records in the journal as typed facts, against the simulators. */
class MedicalInsuranceCheckoutJournalFactsTest {

    private static final String MCHID = "1900000001";
    private static final byte[] API_V3_KEY = "0123456789abcdefghijABCDEFGHIJ01".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private final SettableClock clock = SettableClock.of(Instant.now());
    private MedicalInsurancePaymentSimulator sim;
    private WechatPaySimulator wechat;
    private JdbcPaymentJournal journal;
    private PaymentClient payments;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair merchant = g.generateKeyPair();
        sim = MedicalInsurancePaymentSimulator.builder().appId(APP_ID).appSecret(APP_SECRET)
                .channelPublicKey(CHANNEL.publicKey()).fundPercent(70).accountBalance(Money.ofFen(1_000)).start();
        wechat = WechatPaySimulator.builder().mchid(MCHID).merchantRsaKey("MSERIAL", merchant.getPublic())
                .apiV3Key(API_V3_KEY).notifyUrl(URI.create("http://127.0.0.1:9/notify")).start(0);
        WechatPayV3Client wire = WechatPayV3Client.builder().baseUri(wechat.baseUri()).appid("wxd678efh567hg6787")
                .signer(MerchantSigner.rsa(MCHID, "MSERIAL", merchant.getPrivate()))
                .verifier(wechat.platformVerifier()).apiV3Key(API_V3_KEY).requestTimeout(Duration.ofSeconds(5))
                .build();
        journal = JdbcPaymentJournal.embedded(dir, clock, "test");
        payments = PaymentClient.builder().journal(journal)
                .channel(WechatPayChannel.create(wire, URI.create("http://127.0.0.1:9/notify"))).clock(clock)
                .sleeper(clock::advance).build();
    }

    @AfterEach
    void stop() {
        sim.close();
        wechat.close();
        journal.close();
    }

    private MedicalInsuranceCheckout checkout(MedicalInsurancePaymentClient client) {
        return MedicalInsuranceCheckout.builder().insurance(client).journal(journal).payments(payments).clock(clock)
                .sleeper(clock::advance).pollPolicy(new BarcodePolicy(Duration.ofSeconds(2), Duration.ofSeconds(3),
                        Duration.ofSeconds(5), Duration.ofSeconds(30), 1, Duration.ZERO)).build();
    }

    private MedicalInsuranceCheckout checkout() {
        return checkout(MedicalInsurancePaymentClientTest.builder(sim.baseUri(), sim).clock(clock).build());
    }

    private static MedicalInsuranceCheckoutRequest request(String no) {
        return new MedicalInsuranceCheckoutRequest(MedicalInsurancePaymentClientTest.upload(no, 6_000, 4_000),
                "门诊缴费", SelfPay.barcode("wechat", "134567890123456789"));
    }

    @Test
    void aSettledOrderRecordsKindBatchAndSplit() {
        String no = MedicalInsurancePaymentClientTest.no();
        MedicalInsuranceCheckoutResult r = checkout().checkout(request(no));
        assertEquals(PaymentState.PAID, r.state());
        PaymentEntry e = journal.find(no).orElseThrow();
        assertEquals(MedicalInsuranceCheckout.CHANNEL, e.channel());
        assertEquals(PaymentKind.MEDICAL_INSURANCE, e.kind());
        assertEquals("B" + no, e.chargeBatchNo());
        assertEquals(r.split(), e.split());
        assertEquals(new MedicalInsuranceSplit(Money.ofFen(10_000), Money.ofFen(7_000), Money.ofFen(1_000),
                Money.ofFen(2_000)), e.split());
        assertNull(e.decline());
        assertEquals(PaymentKind.BARCODE, journal.find(MedicalInsuranceCheckout.selfPayOrderNo(no)).orElseThrow()
                .kind());
    }

    @Test
    void failedSettlementAndARefusedUploadRecordTheirDecline() {
        sim.failNextSettlement();
        String failed = MedicalInsurancePaymentClientTest.no();
        assertEquals(PaymentState.DECLINED, checkout().checkout(request(failed)).state());
        Decline settlement = journal.find(failed).orElseThrow().decline();
        assertEquals(DeclineReason.PAYMENT_FAILED, settlement.reason());
        assertFalse(settlement.channelCode().isEmpty(), "the platform's ordStas");
        assertEquals(List.of("ordStas=" + settlement.channelCode()), journal.events(failed).stream()
                .filter(ev -> "DECLINED".equals(ev.toState())).map(JournalEvent::detail).toList(), "and a note");

        String refused = MedicalInsurancePaymentClientTest.no();
        MedicalInsuranceCheckout wrongKey = checkout(MedicalInsurancePaymentClientTest.builder(sim.baseUri(), sim)
                .clock(clock).channelPrivateKey(MedicalInsuranceTestKeys.OTHER.privateKey()).build());
        MedicalInsuranceCheckoutResult r = wrongKey.checkout(request(refused));
        assertEquals(PaymentState.DECLINED, r.state());
        Decline refusal = journal.find(refused).orElseThrow().decline();
        assertEquals(DeclineReason.OTHER, refusal.reason());
        assertEquals("-1", refusal.channelCode());
        assertEquals(r.detail(), "6201 code -1: " + refusal.channelMessage());
    }
}
