package io.yikatong.payment.medicalinsurance;

import io.yikatong.core.crypto.Sm2KeyPair;
import java.security.SecureRandom;

/** Shared test credentials: one channel key pair per test run. */
public final class MedicalInsuranceTestKeys {

    public static final String APP_ID = "ABCDEFGHIJKLMNOP1234";
    public static final String APP_SECRET = "S3cr3tKey0123456";
    public static final String ORG_CODE = "H44010600001";
    public static final Sm2KeyPair CHANNEL = Sm2KeyPair.generate(new SecureRandom());
    public static final Sm2KeyPair OTHER = Sm2KeyPair.generate(new SecureRandom());

    private MedicalInsuranceTestKeys() {
    }
}
