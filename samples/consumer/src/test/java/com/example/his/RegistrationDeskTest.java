package com.example.his;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.card.health.security.PsamOptions;
import io.yikatong.card.health.security.PsamSecurityModule;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.WechatPayChannel;
import io.yikatong.payment.wechat.WechatPayV3Client;
import io.yikatong.qr.token.CredentialType;
import io.yikatong.qr.token.InMemoryReplayGuard;
import io.yikatong.qr.token.TokenClaims;
import io.yikatong.qr.token.TokenIssuer;
import io.yikatong.qr.token.TokenVerificationException;
import io.yikatong.qr.token.TokenVerifier;
import io.yikatong.qr.token.TrustList;
import io.yikatong.qr.token.VerifiedToken;
import io.yikatong.testkit.card.VirtualCard;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.testkit.card.VirtualSam;
import io.yikatong.testkit.payment.wechat.WechatPaySimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start as a customer's test: a virtual health card and SAM in process, the WeChat Pay simulator on
 * 127.0.0.1 behind a real {@link PaymentClient} with its H2 journal, and a signed offline pass (Jackson reads the trust
 * list). Also checks which Jackson and H2 the build resolved (the Spring Boot run must really use Spring's).
 */
class RegistrationDeskTest {

    @TempDir
    Path data;

    @Test
    void registersAPatientOnAVirtualCardAndPaysThroughTheSimulator() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048, new SecureRandom());
        KeyPair merchant = rsa.generateKeyPair();
        byte[] apiV3Key = "0123456789abcdefghijklmnopqrstuv".getBytes(StandardCharsets.US_ASCII);
        try (WechatPaySimulator gateway = WechatPaySimulator.builder().mchid("1900000001").appid("wxd678efh567hg6787")
                .merchantRsaKey("CONSUMERSERIAL", merchant.getPublic()).apiV3Key(apiV3Key).start(0);
                JdbcPaymentJournal journal = JdbcPaymentJournal.embedded(data.resolve("journal"));
                HealthCardSecurityModule sam = PsamSecurityModule.open(VirtualSam.transport(VirtualSam.example()), "123456",
                        PsamOptions.defaults())) {
            WechatPayV3Client wechat = WechatPayV3Client.builder().baseUri(gateway.baseUri())
                    .appid("wxd678efh567hg6787")
                    .signer(MerchantSigner.rsa("1900000001", "CONSUMERSERIAL", merchant.getPrivate()))
                    .verifier(gateway.platformVerifier()).apiV3Key(apiV3Key).requestTimeout(Duration.ofSeconds(10))
                    .build();
            PaymentClient payments = PaymentClient.builder().journal(journal)
                    .channel(WechatPayChannel.create(wechat, URI.create("http://127.0.0.1:9/notify"))).build();
            payments.resumePending();
            RegistrationDesk desk = new RegistrationDesk(sam, payments);
            // one card, inserted for each registration (a card session closes its link)
            VirtualCard patientCard = VirtualHealthCards.card(VirtualHealthCards.example());

            RegistrationDesk.Registration paid = desk.register(new VirtualCardTransport(patientCard),
                    "134567890123456789\r\n", "GH20261123000001");
            assertEquals(new RegistrationDesk.Registration("张晓虹", "paid", 1), paid);
            assertEquals(PaymentState.PAID, journal.find("GH20261123000001").orElseThrow().state());

            // the simulator declines codes starting with 1399: nothing is written to the card
            RegistrationDesk.Registration declined = desk.register(new VirtualCardTransport(patientCard),
                    "139967890123456789", "GH20261123000002");
            assertEquals("declined", declined.payment());
            assertEquals(-1, declined.visitSlot());
            assertThrows(IllegalArgumentException.class,
                    () -> desk.register(new VirtualCardTransport(patientCard), "hello", "GH20261123000003"));

            // the next paid visit goes to the next slot of the same card
            assertEquals(2, desk.register(new VirtualCardTransport(patientCard), "134567890123456780",
                    "GH20261123000004").visitSlot());
        }
    }

    @Test
    void verifiesASignedPassAgainstATrustListReadByJackson() throws Exception {
        Sm2KeyPair hospital = Sm2KeyPair.generate(new SecureRandom());
        String pass = TokenIssuer.builder().signingKey(hospital.privateKey()).issuer("YKT-BJ-0001").keyId("k1")
                .clock(Clock.systemUTC()).random(new SecureRandom()).build()
                .issue(TokenClaims.builder().type(CredentialType.REGISTRATION_PASS).subject("EMPI-000000123")
                        .ttl(Duration.ofMinutes(30)).oneTime(true).build());
        String trustJson = "{\"issuers\":[{\"id\":\"YKT-BJ-0001\",\"keys\":[{\"kid\":\"k1\",\"publicKeyPem\":\""
                + hospital.publicKey().toX509Pem().replace("\n", "\\n") + "\"}]}]}";
        TokenVerifier verifier = TokenVerifier.builder().trustList(TrustList.fromJson(trustJson))
                .clock(Clock.systemUTC()).allowedSkew(Duration.ofSeconds(30))
                .replayGuard(InMemoryReplayGuard.withDefaults()).build();
        VerifiedToken verified = verifier.verify(pass);
        assertEquals("EMPI-000000123", verified.subject());
        assertThrows(TokenVerificationException.class, () -> verifier.verify(pass), "one-time: refused again");
    }

    @Test
    void resolvedTheExpectedThirdPartyVersions() throws Exception {
        String jackson = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        String h2 = org.h2.engine.Constants.VERSION;
        System.out.println("resolved: Jackson " + jackson + ", H2 " + h2);
        String expectedJackson = System.getProperty("expected.jackson.version", "");
        String expectedH2 = System.getProperty("expected.h2.version", "");
        if (!expectedJackson.isEmpty()) {
            assertEquals(expectedJackson, jackson);
        }
        if (!expectedH2.isEmpty()) {
            assertEquals(expectedH2, h2);
        }
    }
}
