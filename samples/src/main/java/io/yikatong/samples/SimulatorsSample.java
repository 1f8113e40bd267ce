package io.yikatong.samples;

import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.testkit.payment.alipay.AlipaySimulator;
import io.yikatong.testkit.payment.medicalinsurance.MedicalInsurancePaymentSimulator;
import io.yikatong.testkit.payment.unionpay.UnionPaySimulator;
import io.yikatong.testkit.qr.ehc.EhcPlatformSimulator;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

/**
 * Starts every gateway and platform simulator the SDK ships — for your own HIS integration tests (JUnit
 * {@code @BeforeAll}), with no network and no accounts. Each is a real HTTP server on 127.0.0.1 speaking the wire
 * protocol, verifying your signatures as the real gateway does, keeping state, and injecting faults on demand
 * ({@code nextCodepayUserPaying}, {@code dropNextResponses}, {@code duplicateNotifications}, …). From a shell:
 * {@code yikatong pay simulator --channel wechat|alipay|unionpay|medical-insurance} and {@code yikatong qr platform-simulator}.
 * Run this sample with {@code java -cp yikatong.jar io.yikatong.samples.SimulatorsSample}.
 */
public final class SimulatorsSample {

    private SimulatorsSample() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws Exception if a simulator cannot start
     */
    public static void main(String[] args) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048, new SecureRandom());
        KeyPair alipayApp = rsa.generateKeyPair();                 // your app key pair (test only)
        KeyPair unionMerchant = rsa.generateKeyPair();
        X509Certificate unionCert = SampleCertificates.selfSigned(unionMerchant, "test merchant");
        Sm2KeyPair medicalInsuranceChannel = Sm2KeyPair.generate(new SecureRandom());

        try (SampleGateways.Wechat wechat = SampleGateways.wechat(null);
                AlipaySimulator alipay = AlipaySimulator.start("2021000000000001", alipayApp.getPublic(), null, 0);
                UnionPaySimulator unionpay = UnionPaySimulator.builder().merId("777290058110048")
                        .merchantCertificate(unionCert).start();
                MedicalInsurancePaymentSimulator medicalInsurance = MedicalInsurancePaymentSimulator.start("YKTAPP0000000001", "app-secret-0001",
                        medicalInsuranceChannel.publicKey());
                EhcPlatformSimulator ehc = EhcPlatformSimulator.builder().appId("his-app").appSecret("secret")
                        .build().start(0)) {
            System.out.println("wechat    " + wechat.simulator().baseUri() + " (APIv3, RSA; SM2 via its builder)");
            System.out.println("alipay    " + alipay.gateway() + " (RSA2; verify with alipayPublicKey())");
            System.out.println("unionpay  " + unionpay.backTransUrl() + " (ACP 5.1.0; trust its middle and root)");
            System.out.println("medical-insurance  " + medicalInsurance.baseUri() + " (SM2-signed, SM4-encrypted envelope)");
            System.out.println("ehc       " + ehc.baseUri() + " (electronic health card platform)");
            // faults, for the tests of your own error handling
            wechat.simulator().nextCodepayUserPaying(3, "SUCCESS");
            alipay.dropNextAnswers(1);
            medicalInsurance.settleAfterQueries(2);
            System.out.println("faults    armed: user paying x3, one dropped answer, settlement after 2 queries");
        }
    }
}
