package io.yikatong.qr.token;

import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Signer;
import io.yikatong.qr.internal.Base45;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the known-answer vectors once; {@link TokenVectorsTest} only reads them. Run explicitly with
 * {@code -Dykt.generateVectors=sdk-qr/src/test/resources/io/yikatong/qr/token/vectors}; never part of a normal build.
 */
class TokenVectorGenerator {

    static final String ISSUER_A = "330100";
    static final String ISSUER_B = "440300";

    @Test
    @EnabledIfSystemProperty(named = "ykt.generateVectors", matches = ".+")
    void generate() throws Exception {
        Path dir = Path.of(System.getProperty("ykt.generateVectors"));
        Files.createDirectories(dir);
        Sm2PrivateKey a1 = TokenFixtures.key("vector issuer 330100 key k1");
        Sm2PrivateKey a2 = TokenFixtures.key("vector issuer 330100 key k2 (not trusted)");
        Sm2PrivateKey b9 = TokenFixtures.key("vector issuer 440300 key k9");
        Sm2PrivateKey x1 = TokenFixtures.key("vector issuer 999999 key k1 (not trusted)");
        String trust = "{\"issuers\": [\n"
                + "  {\"id\": \"" + ISSUER_A + "\", \"keys\": [{\"kid\": \"k1\", \"publicKeyPem\": "
                + json(a1.publicKey().toX509Pem()) + "}]},\n"
                + "  {\"id\": \"" + ISSUER_B + "\", \"keys\": [{\"kid\": \"k9\", \"publicKeyPem\": "
                + json(b9.publicKey().toX509Pem()) + "}]}\n]}\n";
        Files.writeString(dir.resolve("trust.json"), trust, StandardCharsets.UTF_8);

        Clock clock = Clock.fixed(TokenFixtures.T0, ZoneOffset.UTC);
        TokenIssuer issuerA = TokenIssuer.builder().signingKey(a1).issuer(ISSUER_A).keyId("k1").clock(clock)
                .random(TokenFixtures.seeded(1)).build();
        TokenClaims visit = TokenFixtures.visitPass("EMPI00012345678901");
        String valid = issuerA.issue(visit);
        Instant in1 = TokenFixtures.T0.plusSeconds(60);
        write(dir, "valid-visit-pass", "A visit pass, 18-character EMPI, 10 minutes", valid, in1, 1, "VALID", visit);

        TokenIssuer issuerB = TokenIssuer.builder().signingKey(b9).issuer(ISSUER_B).keyId("k9").clock(clock)
                .random(TokenFixtures.seeded(2)).build();
        TokenClaims code = TokenClaims.builder().type(CredentialType.HEALTH_CODE).colour(HealthCodeColour.YELLOW)
                .subject("3F2A9C0E11D4B6A87E5C3D2B1A0F9E8D7C6B5A4F3E2D1C0B9A8F7E6D5C4B3A29")
                .ttl(Duration.ofHours(24)).claim("dept", "急诊科").claim("site", "A1").build();
        write(dir, "valid-health-code-other-region", "A yellow health code with claims from a second trusted issuer",
                issuerB.issue(code), TokenFixtures.T0.plusSeconds(3600), 1, "VALID", code);

        TokenClaims oneTime = TokenClaims.builder().type(CredentialType.REGISTRATION_PASS)
                .subject("EMPI00012345678901").ttl(Duration.ofMinutes(5)).oneTime(true).build();
        write(dir, "replayed-one-time", "A one-time registration pass scanned twice: the second scan is refused",
                issuerA.issue(oneTime), in1, 2, "REPLAYED", oneTime);

        write(dir, "valid-with-scanner-suffix", "The valid visit pass followed by CR LF from a keyboard-wedge scanner",
                valid + "\r\n", in1, 1, "VALID", visit);

        byte[] bytes = Base45.decode(valid.substring(5));
        int subjectOffset = 2 + 1 + ISSUER_A.length() + 1 + 2 + 1 + 1 + 1;
        write(dir, "tampered-subject", "Valid token with one subject character changed, signature kept",
                retext(bytes, subjectOffset + 17, 1), in1, 1, "BAD_SIGNATURE", null);
        int ttlOffset = subjectOffset + 18 + 4;
        write(dir, "tampered-expiry", "Valid token with time to live raised, signature kept",
                retext(bytes, ttlOffset + 2, 0x10), in1, 1, "BAD_SIGNATURE", null);
        write(dir, "tampered-signature", "Valid token with the last byte of s changed",
                retext(bytes, bytes.length - 1, 0x01), in1, 1, "BAD_SIGNATURE", null);
        write(dir, "tampered-nonce", "Valid token with a nonce byte changed",
                retext(bytes, ttlOffset + 4, 0x80), in1, 1, "BAD_SIGNATURE", null);

        write(dir, "expired", "Valid visit pass scanned at expiry plus the 30 s skew",
                valid, TokenFixtures.T0.plusSeconds(600 + 30), 1, "EXPIRED", null);
        write(dir, "valid-at-skew-edge", "Valid visit pass scanned 1 s before expiry plus skew",
                valid, TokenFixtures.T0.plusSeconds(600 + 29), 1, "VALID", visit);
        write(dir, "not-yet-valid", "Valid visit pass scanned 31 s before its issue time (skew 30 s)",
                valid, TokenFixtures.T0.minusSeconds(31), 1, "NOT_YET_VALID", null);

        TokenIssuer unknownIssuer = TokenIssuer.builder().signingKey(x1).issuer("999999").keyId("k1").clock(clock)
                .random(TokenFixtures.seeded(3)).build();
        write(dir, "unknown-issuer", "Well-formed token of an issuer not in the trust list",
                unknownIssuer.issue(visit), in1, 1, "UNKNOWN_ISSUER", null);
        TokenIssuer unknownKey = TokenIssuer.builder().signingKey(a2).issuer(ISSUER_A).keyId("k2").clock(clock)
                .random(TokenFixtures.seeded(4)).build();
        write(dir, "unknown-key", "Trusted issuer, key id k2 not in the trust list",
                unknownKey.issue(visit), in1, 1, "UNKNOWN_KEY", null);
        TokenIssuer wrongKey = TokenIssuer.builder().signingKey(a2).issuer(ISSUER_A).keyId("k1").clock(clock)
                .random(TokenFixtures.seeded(5)).build();
        write(dir, "wrong-key-same-kid", "Claims key id k1 of 330100 but signed with another key",
                wrongKey.issue(visit), in1, 1, "BAD_SIGNATURE", null);

        TokenContent alg2 = new TokenContent(2, ISSUER_A, "k1", visit, TokenFixtures.T0, 0x0102030405060708L);
        byte[] signed = YikatongTokenFormatV1.INSTANCE.encodeSignedPart(alg2);
        byte[] sig = Sm2Signer.builder(a1).format(Sm2SignatureFormat.RAW).random(TokenFixtures.seeded(6)).build()
                .sign(signed);
        write(dir, "wrong-algorithm", "Algorithm byte 2 (not SM2_SM3), correctly signed with k1",
                YikatongTokenFormatV1.INSTANCE.toText(signed, sig), in1, 1, "WRONG_ALGORITHM", null);

        write(dir, "malformed-base45", "Prefix followed by lowercase letters (not Base45)",
                "YKT1:" + valid.substring(5).toLowerCase(java.util.Locale.ROOT), in1, 1, "MALFORMED", null);
        write(dir, "malformed-prefix", "Another format prefix", "YKT2:" + valid.substring(5), in1, 1, "MALFORMED",
                null);
        write(dir, "malformed-truncated", "Valid token without its last two bytes",
                "YKT1:" + Base45.encode(Arrays.copyOf(bytes, bytes.length - 2)), in1, 1, "MALFORMED", null);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        write(dir, "malformed-trailing-byte", "Valid token with one extra byte after the signature",
                "YKT1:" + Base45.encode(longer), in1, 1, "MALFORMED", null);
        byte[] version = bytes.clone();
        version[0] = 2;
        write(dir, "malformed-version", "Format version byte 2", "YKT1:" + Base45.encode(version), in1, 1,
                "MALFORMED", null);
        write(dir, "malformed-empty", "Only the prefix", "YKT1:", in1, 1, "MALFORMED", null);
    }

    private static String retext(byte[] bytes, int offset, int xor) {
        byte[] b = bytes.clone();
        b[offset] ^= (byte) xor;
        return "YKT1:" + Base45.encode(b);
    }

    private static String json(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }

    private static void write(Path dir, String name, String description, String token, Instant now,
            int verifications, String expect, TokenClaims claims) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("description", description);
        p.put("token", token);
        p.put("now", now.toString());
        p.put("skewSeconds", "30");
        p.put("verifications", Integer.toString(verifications));
        p.put("expect", expect);
        if (claims != null && "VALID".equals(expect)) {
            p.put("type", claims.type().name());
            p.put("colour", claims.colour().map(Enum::name).orElse(""));
            p.put("subject", claims.subject());
            p.put("ttlSeconds", Long.toString(claims.ttl().getSeconds()));
            p.put("oneTime", Boolean.toString(claims.oneTime()));
            claims.claims().forEach((k, v) -> p.put("claim." + k, v));
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(name + ".properties"), StandardCharsets.UTF_8)) {
            w.write("# Known-answer vector, generated once by TokenVectorGenerator; do not edit\n");
            for (Map.Entry<String, String> e : p.entrySet()) {
                w.write(e.getKey() + "=" + escape(e.getValue()) + "\n");
            }
        }
    }

    private static String escape(String v) {
        StringBuilder sb = new StringBuilder();
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\\' -> sb.append("\\\\");
                case ' ' -> sb.append(sb.length() == 0 ? "\\ " : " ");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
