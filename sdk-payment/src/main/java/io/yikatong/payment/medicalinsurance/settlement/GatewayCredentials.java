package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;

/**
 * The credentials of the gateway in front of the platform (reference §1.4): {@link None}, {@link Tif} or
 * {@link Csb}; they must match the profile's {@link ProvinceProfile.GatewayAuth}. Secrets (the paasToken, the SK)
 * never appear in {@link Object#toString()}, logs or exception messages.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.1
 */
public sealed interface GatewayCredentials {

    /** @return the scheme these credentials serve */
    ProvinceProfile.GatewayAuth scheme();

    /** @return no gateway credentials */
    static GatewayCredentials none() {
        return new None();
    }

    /**
     * TIF credentials.
     *
     * @param paasId {@code x-tif-paasid}, the 应用账户编码
     * @param paasToken the secret token
     * @return the credentials
     */
    static GatewayCredentials tif(String paasId, String paasToken) {
        return new Tif(paasId, paasToken);
    }

    /**
     * CSB credentials.
     *
     * @param accessKey {@code _api_access_key} (AK)
     * @param secretKey the SK (HmacSHA1 key)
     * @return the credentials
     */
    static GatewayCredentials csb(String accessKey, String secretKey) {
        return new Csb(accessKey, secretKey);
    }

    /** No gateway authentication. Immutable and thread-safe. */
    record None() implements GatewayCredentials {
        @Override
        public ProvinceProfile.GatewayAuth scheme() {
            return ProvinceProfile.GatewayAuth.NONE;
        }
    }

    /**
     * TIF credentials. Immutable and thread-safe.
     *
     * @param paasId the 应用账户编码 (not secret)
     * @param paasToken the secret token (never printed)
     */
    record Tif(String paasId, String paasToken) implements GatewayCredentials {
        /** @throws InvalidInputException if a field is empty or longer than 256 characters */
        public Tif {
            check("paasId", paasId);
            check("paasToken", paasToken);
        }

        @Override
        public ProvinceProfile.GatewayAuth scheme() {
            return ProvinceProfile.GatewayAuth.TIF;
        }

        @Override
        public String toString() {
            return "Tif[paasId=" + paasId + ", paasToken=***]";
        }
    }

    /**
     * CSB credentials. Immutable and thread-safe.
     *
     * @param accessKey the AK (not secret)
     * @param secretKey the SK (never printed)
     */
    record Csb(String accessKey, String secretKey) implements GatewayCredentials {
        /** @throws InvalidInputException if a field is empty or longer than 256 characters */
        public Csb {
            check("accessKey", accessKey);
            check("secretKey", secretKey);
        }

        @Override
        public ProvinceProfile.GatewayAuth scheme() {
            return ProvinceProfile.GatewayAuth.CSB;
        }

        @Override
        public String toString() {
            return "Csb[accessKey=" + accessKey + ", secretKey=***]";
        }
    }

    private static void check(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > 256) {
            throw new InvalidInputException(field, "must be 1 to 256 characters");
        }
    }
}
