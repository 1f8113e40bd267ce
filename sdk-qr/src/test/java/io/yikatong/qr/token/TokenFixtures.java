package io.yikatong.qr.token;

import io.yikatong.core.Bytes;
import io.yikatong.core.crypto.InsecureKeyAccess;
import io.yikatong.core.crypto.KeyFormatException;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm3;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/** Fixed keys and helpers shared by the token tests. */
final class TokenFixtures {

    static final Instant T0 = Instant.parse("2026-01-01T08:00:00Z");

    private TokenFixtures() {
    }

    /** A fixed private key derived from a label (SM3 of the label as the scalar; test-only). */
    static Sm2PrivateKey key(String label) {
        try {
            return Sm2PrivateKey.fromRawScalar(Sm3.digest(label.getBytes(StandardCharsets.UTF_8)),
                    InsecureKeyAccess.get());
        } catch (KeyFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** A deterministic random source (SHA1PRNG seeded before first use). */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static TokenClaims visitPass(String subject) {
        return TokenClaims.builder().type(CredentialType.VISIT_PASS).subject(subject).ttl(Duration.ofMinutes(10))
                .build();
    }

    static byte[] hex(String hex) {
        return Bytes.fromHex(hex).toByteArray();
    }
}
