package io.yikatong.qr.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.testkit.SettableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads the committed known-answer vectors (never regenerates them) and checks each expected outcome. */
class TokenVectorsTest {

    private static final String DIR = "/io/yikatong/qr/token/vectors/";

    static Stream<String> cases() {
        return Stream.of("valid-visit-pass", "valid-health-code-other-region", "valid-with-scanner-suffix",
                "valid-at-skew-edge", "replayed-one-time", "tampered-subject", "tampered-expiry", "tampered-signature",
                "tampered-nonce", "expired", "not-yet-valid", "unknown-issuer", "unknown-key", "wrong-key-same-kid",
                "wrong-algorithm", "malformed-base45", "malformed-prefix", "malformed-truncated",
                "malformed-trailing-byte", "malformed-version", "malformed-empty");
    }

    static String resource(String name) throws IOException {
        try (InputStream in = TokenVectorsTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new AssertionError("missing vector " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Properties vector(String name) throws IOException {
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(TokenVectorsTest.class.getResourceAsStream(DIR + name + ".properties"),
                StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void vectorGivesItsExpectedOutcome(String name) throws Exception {
        Properties v = vector(name);
        SettableClock clock = SettableClock.of(Instant.parse(v.getProperty("now")));
        TokenVerifier verifier = TokenVerifier.builder().trustList(TrustList.fromJson(resource("trust.json")))
                .clock(clock).allowedSkew(Duration.ofSeconds(Long.parseLong(v.getProperty("skewSeconds")))).build();
        String token = v.getProperty("token");
        int times = Integer.parseInt(v.getProperty("verifications"));
        String expect = v.getProperty("expect");
        for (int i = 0; i < times - 1; i++) {
            verifier.verify(token);
        }
        if (expect.equals("VALID")) {
            VerifiedToken t = verifier.verify(token);
            assertEquals(CredentialType.valueOf(v.getProperty("type")), t.type());
            assertEquals(v.getProperty("colour"), t.colour().map(Enum::name).orElse(""));
            assertEquals(v.getProperty("subject"), t.subject());
            assertEquals(Long.parseLong(v.getProperty("ttlSeconds")),
                    Duration.between(t.issuedAt(), t.expiresAt()).getSeconds());
            assertEquals(Boolean.parseBoolean(v.getProperty("oneTime")), t.oneTime());
            assertEquals(TokenFixtures.T0, t.issuedAt());
            Map<String, String> claims = new TreeMap<>();
            v.stringPropertyNames().stream().filter(k -> k.startsWith("claim."))
                    .forEach(k -> claims.put(k.substring(6), v.getProperty(k)));
            assertEquals(claims, t.claims());
        } else {
            TokenVerificationException e = assertThrows(TokenVerificationException.class,
                    () -> verifier.verify(token));
            assertEquals(TokenVerificationException.Reason.valueOf(expect), e.reason(), e.getMessage());
            assertEquals(e.reason(), e.errorCode());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void messagesNeverContainTheSubject(String name) throws Exception {
        Properties v = vector(name);
        TokenVerifier verifier = TokenVerifier.builder().trustList(TrustList.fromJson(resource("trust.json")))
                .clock(SettableClock.of(Instant.parse(v.getProperty("now")))).build();
        try {
            for (int i = 0; i < Integer.parseInt(v.getProperty("verifications")); i++) {
                VerifiedToken t = verifier.verify(v.getProperty("token"));
                assertFalse(t.toString().contains(t.subject()));
            }
        } catch (TokenVerificationException e) {
            for (String secret : List.of("EMPI00012345678901", "3F2A9C0E11D4B6A87E5C3D2B1A0F9E8D")) {
                assertFalse(String.valueOf(e.getMessage()).contains(secret), e.getMessage());
            }
            assertFalse(e.getMessage().contains(v.getProperty("token").trim()));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyVectorIsAllBase45Characters(String name) throws Exception {
        String token = vector(name).getProperty("token").trim();
        assertTrue(token.chars().allMatch(c -> "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".indexOf(c) >= 0)
                || name.startsWith("malformed"), name);
    }
}
