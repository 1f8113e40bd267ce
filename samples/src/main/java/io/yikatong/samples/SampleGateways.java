package io.yikatong.samples;

import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.WechatPayV3Client;
import io.yikatong.testkit.payment.wechat.WechatPaySimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Starts the gateway simulators the payment samples run against, with fresh development keys, and builds the clients
 * exactly as production code would — only the keys and the base URI differ. Use the same in your own HIS tests.
 *
 * <p>Not part of the SDK; instances are not thread-safe to create, the clients they hold are thread-safe.
 */
public final class SampleGateways {

    /** The development merchant number of the simulated merchant. */
    public static final String MCHID = "1900000001";

    private SampleGateways() {
    }

    /**
     * A WeChat Pay simulator and a client configured for it.
     *
     * @param simulator the simulator on 127.0.0.1
     * @param client the APIv3 client (RSA merchant key, platform public key)
     * @param notifyUrl where the simulator posts notifications
     */
    public record Wechat(WechatPaySimulator simulator, WechatPayV3Client client, URI notifyUrl)
            implements AutoCloseable {
        @Override
        public void close() {
            simulator.close();
        }
    }

    /**
     * Starts a WeChat Pay simulator with a fresh merchant key pair and APIv3 key.
     *
     * @param notifyUrl where it posts payment notifications, or {@code null} for none
     * @return the running simulator and its client
     * @throws Exception if the simulator cannot start
     */
    public static Wechat wechat(URI notifyUrl) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        KeyPair merchant = g.generateKeyPair();              // production: your apiclient_key.pem
        byte[] apiV3Key = new byte[32];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < apiV3Key.length; i++) {
            apiV3Key[i] = (byte) ("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        URI notify = notifyUrl != null ? notifyUrl : URI.create("http://127.0.0.1:9/no-notifications");
        WechatPaySimulator.Builder b = WechatPaySimulator.builder().mchid(MCHID).appid("wxd678efh567hg6787")
                .merchantRsaKey("SAMPLEMERCHANTSERIAL", merchant.getPublic()).apiV3Key(apiV3Key);
        if (notifyUrl != null) {
            b.notifyUrl(notifyUrl);
        }
        WechatPaySimulator sim = b.start(0);
        WechatPayV3Client client = WechatPayV3Client.builder()
                .baseUri(sim.baseUri())                                     // production: api.mch.weixin.qq.com
                .appid("wxd678efh567hg6787")
                .signer(MerchantSigner.rsa(MCHID, "SAMPLEMERCHANTSERIAL", merchant.getPrivate()))
                .verifier(sim.platformVerifier())                           // production: the platform public key
                .apiV3Key(apiV3Key)
                .requestTimeout(Duration.ofSeconds(10))
                .build();
        return new Wechat(sim, client, notify);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
