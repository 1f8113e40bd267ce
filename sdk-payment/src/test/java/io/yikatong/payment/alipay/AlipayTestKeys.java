package io.yikatong.payment.alipay;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;

/** The merchant (application) RSA key shared by the Alipay tests. */
final class AlipayTestKeys {

    static final String APP_ID = "2021000000000001";
    private static KeyPair merchant;

    private AlipayTestKeys() {
    }

    static synchronized KeyPair merchant() throws Exception {
        if (merchant == null) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, new SecureRandom());
            merchant = g.generateKeyPair();
        }
        return merchant;
    }
}
