package io.yikatong.payment.unionpay;

import io.yikatong.payment.unionpay.internal.AcpCertificates;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The merchant signing key and certificate shared by the UnionPay tests (generated once per JVM). */
final class UnionPayTestKeys {

    static final String MER_ID = "777290058110048";
    static final BigInteger SERIAL = new BigInteger("69629715588");
    static final String SECURE_KEY = "88888888888888888888888888888888";
    private static AcpCertificates.Issued merchant;

    private UnionPayTestKeys() {
    }

    static synchronized AcpCertificates.Issued merchant() {
        if (merchant == null) {
            Instant now = Instant.now();
            merchant = AcpCertificates.issue("Yikatong test merchant", AcpCertificates.rsaKeys(), null, false, SERIAL,
                    now.minus(1, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS));
        }
        return merchant;
    }
}
