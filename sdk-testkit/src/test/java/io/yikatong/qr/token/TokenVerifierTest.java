package io.yikatong.qr.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.testkit.SettableClock;
import io.yikatong.qr.internal.Base45;
import io.yikatong.qr.token.TokenVerificationException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final Sm2PrivateKey KEY_1 = TokenFixtures.key("test 330100 k1");
    private static final Sm2PrivateKey KEY_2 = TokenFixtures.key("test 330100 k2");
    private static final Sm2PrivateKey KEY_B = TokenFixtures.key("test 440300 b1");
    private static final String EMPI = "EMPI00012345678901";

    private final SettableClock clock = SettableClock.of(TokenFixtures.T0);
    private final TrustList trust = TrustList.builder().addKey("330100", "k1", KEY_1.publicKey())
            .addKey("330100", "k2", KEY_2.publicKey()).addKey("440300", "b1", KEY_B.publicKey()).build();

    private TokenIssuer issuer(Sm2PrivateKey key, String issuer, String kid) {
        return TokenIssuer.builder().signingKey(key).issuer(issuer).keyId(kid).clock(clock)
                .random(TokenFixtures.seeded(kid.hashCode())).build();
    }

    private TokenVerifier verifier() {
        return TokenVerifier.builder().trustList(trust).clock(clock).build();
    }

    private static Reason reasonOf(TokenVerifier v, String token) {
        try {
            v.verify(token);
            return null;
        } catch (TokenVerificationException e) {
            return e.reason();
        } catch (ReplayGuardException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void roundTripEveryTypeAndColourWithClaims() throws Exception {
        TokenIssuer issuer = issuer(KEY_1, "330100", "k1");
        TokenVerifier verifier = verifier();
        for (CredentialType type : CredentialType.values()) {
            TokenClaims.Builder b = TokenClaims.builder().type(type).subject(EMPI).ttl(Duration.ofSeconds(90))
                    .claim("dept", "心内科").claim("room", "3-12").claim("z_empty", "");
            if (type == CredentialType.HEALTH_CODE) {
                b.colour(HealthCodeColour.RED);
            }
            TokenClaims claims = b.build();
            String text = issuer.issue(claims);
            assertTrue(OfflineTokens.looksLikeToken(text));
            VerifiedToken t = verifier.verify(text);
            assertEquals(claims, t.content().claims());
            assertEquals("330100", t.issuer());
            assertEquals("k1", t.keyId());
            assertEquals(TokenFixtures.T0, t.issuedAt());
            assertEquals(TokenFixtures.T0.plusSeconds(90), t.expiresAt());
            assertEquals(claims, InsecureTokenParser.parseWithoutVerifying(text).claims());
        }
    }

    @Test
    void typicalVisitPassIsShortAndAlphanumeric() throws Exception {
        String text = issuer(KEY_1, "330100", "k1").issue(TokenFixtures.visitPass(EMPI));
        // 113 bytes -> 170 Base45 characters + 5 prefix characters; QR version 7 at level M holds 178 alphanumerics
        assertEquals(175, text.length());
        assertTrue(text.chars().allMatch(c -> "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".indexOf(c) >= 0));
    }

    @Test
    void issueTimeIsTruncatedToSecondsAndNoncesDiffer() throws Exception {
        clock.set(TokenFixtures.T0.plusMillis(999));
        TokenIssuer issuer = issuer(KEY_1, "330100", "k1");
        TokenContent a = InsecureTokenParser.parseWithoutVerifying(issuer.issue(TokenFixtures.visitPass(EMPI)));
        TokenContent b = InsecureTokenParser.parseWithoutVerifying(issuer.issue(TokenFixtures.visitPass(EMPI)));
        assertEquals(TokenFixtures.T0, a.issuedAt());
        assertTrue(a.nonce() != b.nonce());
    }

    @Test
    void mutualRecognitionAndKeyRotation() throws Exception {
        TokenVerifier verifier = verifier();
        assertEquals("k1", verifier.verify(issuer(KEY_1, "330100", "k1").issue(TokenFixtures.visitPass(EMPI))).keyId());
        assertEquals("k2", verifier.verify(issuer(KEY_2, "330100", "k2").issue(TokenFixtures.visitPass(EMPI))).keyId());
        assertEquals("440300",
                verifier.verify(issuer(KEY_B, "440300", "b1").issue(TokenFixtures.visitPass(EMPI))).issuer());
        // a key trusted for one issuer does not vouch for another issuer's name
        assertEquals(Reason.UNKNOWN_KEY,
                reasonOf(verifier, issuer(KEY_B, "330100", "b1").issue(TokenFixtures.visitPass(EMPI))));
        assertEquals(Reason.BAD_SIGNATURE,
                reasonOf(verifier, issuer(KEY_B, "330100", "k1").issue(TokenFixtures.visitPass(EMPI))));
        assertEquals(Reason.UNKNOWN_ISSUER,
                reasonOf(verifier, issuer(KEY_1, "110000", "k1").issue(TokenFixtures.visitPass(EMPI))));
    }

    @Test
    void validityBoundariesWithSkew() throws Exception {
        String text = issuer(KEY_1, "330100", "k1").issue(TokenFixtures.visitPass(EMPI));
        TokenVerifier verifier = TokenVerifier.builder().trustList(trust).clock(clock)
                .allowedSkew(Duration.ofSeconds(5)).build();
        clock.set(TokenFixtures.T0.minusSeconds(5));
        verifier.verify(text);
        clock.set(TokenFixtures.T0.minusSeconds(5).minusMillis(1));
        assertEquals(Reason.NOT_YET_VALID, reasonOf(verifier, text));
        clock.set(TokenFixtures.T0.plusSeconds(605).minusMillis(1));
        verifier.verify(text);
        clock.set(TokenFixtures.T0.plusSeconds(605));
        assertEquals(Reason.EXPIRED, reasonOf(verifier, text));
        TokenVerifier strict = TokenVerifier.builder().trustList(trust).clock(clock).allowedSkew(Duration.ZERO)
                .build();
        clock.set(TokenFixtures.T0.plusSeconds(600));
        assertEquals(Reason.EXPIRED, reasonOf(strict, text));
    }

    @Test
    void replayIsRecordedOnlyForTokensThatPassedEverythingElse() throws Exception {
        TokenIssuer issuer = issuer(KEY_1, "330100", "k1");
        InMemoryReplayGuard guard = InMemoryReplayGuard.withMaxEntries(10);
        TokenVerifier verifier = TokenVerifier.builder().trustList(trust).clock(clock).replayGuard(guard).build();
        TokenClaims once = TokenClaims.builder().type(CredentialType.REGISTRATION_PASS).subject(EMPI)
                .ttl(Duration.ofMinutes(5)).oneTime(true).build();
        String text = issuer.issue(once);
        clock.set(TokenFixtures.T0.minusSeconds(60));
        assertEquals(Reason.NOT_YET_VALID, reasonOf(verifier, text));
        assertEquals(0, guard.size());
        clock.set(TokenFixtures.T0.plusSeconds(10));
        byte[] b = Base45.decode(text.substring(5));
        b[b.length - 1] ^= 1;
        assertEquals(Reason.BAD_SIGNATURE, reasonOf(verifier, "YKT1:" + Base45.encode(b)));
        assertEquals(0, guard.size());
        assertTrue(verifier.verify(text).oneTime());
        assertEquals(1, guard.size());
        assertEquals(Reason.REPLAYED, reasonOf(verifier, text));
        assertEquals(Reason.REPLAYED, reasonOf(verifier, " " + text + "\t\r\n"));
        // reusable tokens are never recorded
        String reusable = issuer.issue(TokenFixtures.visitPass(EMPI));
        verifier.verify(reusable);
        verifier.verify(reusable);
        assertEquals(1, guard.size());
        // after expiry + skew, the token is EXPIRED (not REPLAYED) and the entry can go
        clock.set(TokenFixtures.T0.plusSeconds(330));
        assertEquals(Reason.EXPIRED, reasonOf(verifier, text));
    }

    @Test
    void fullReplayGuardRefusesRatherThanForgets() throws Exception {
        TokenIssuer issuer = issuer(KEY_1, "330100", "k1");
        TokenVerifier verifier = TokenVerifier.builder().trustList(trust).clock(clock)
                .replayGuard(InMemoryReplayGuard.withMaxEntries(2)).build();
        TokenClaims once = TokenClaims.builder().type(CredentialType.VISIT_PASS).subject(EMPI)
                .ttl(Duration.ofMinutes(5)).oneTime(true).build();
        String first = issuer.issue(once);
        verifier.verify(first);
        verifier.verify(issuer.issue(once));
        ReplayGuardException e = assertThrows(ReplayGuardException.class, () -> verifier.verify(issuer.issue(once)));
        assertEquals(ReplayGuardException.Kind.CAPACITY_EXHAUSTED, e.kind());
        assertEquals(Reason.REPLAYED, reasonOf(verifier, first));
        clock.set(TokenFixtures.T0.plusSeconds(330));
        clock.advance(Duration.ofSeconds(1));
        // both entries expired: room again (a fresh token issued now)
        verifier.verify(issuer.issue(once));
    }

    @Test
    void everySingleBitFlipIsRejected() throws Exception {
        TokenClaims claims = TokenClaims.builder().type(CredentialType.HEALTH_CODE).colour(HealthCodeColour.GREEN)
                .subject(EMPI).ttl(Duration.ofMinutes(10)).oneTime(true).claim("dept", "儿科").build();
        String text = issuer(KEY_1, "330100", "k1").issue(claims);
        byte[] bytes = Base45.decode(text.substring(5));
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] b = bytes.clone();
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            Reason r = reasonOf(verifier(), "YKT1:" + Base45.encode(b));
            assertTrue(r != null, "bit " + bit + " flipped was accepted");
            seen.add(r);
        }
        assertEquals(EnumSet.of(Reason.MALFORMED, Reason.UNKNOWN_ISSUER, Reason.UNKNOWN_KEY, Reason.WRONG_ALGORITHM,
                Reason.BAD_SIGNATURE), seen);
        // and every bit of every character of the text
        for (int i = 0; i < text.length(); i++) {
            for (int bit = 0; bit < 16; bit++) {
                char[] c = text.toCharArray();
                c[i] ^= (char) (1 << bit);
                assertTrue(reasonOf(verifier(), new String(c)) != null, "char " + i + " bit " + bit);
            }
        }
        verifier().verify(text);
    }

    @Test
    void fuzzTheParserOnlyTypedRejections() {
        Random r = new Random(20260101);
        TokenVerifier verifier = verifier();
        String valid;
        try {
            valid = issuer(KEY_1, "330100", "k1").issue(TokenClaims.builder().type(CredentialType.HEALTH_CODE)
                    .colour(HealthCodeColour.YELLOW).subject(EMPI).ttl(Duration.ofMinutes(1)).claim("a", "x")
                    .claim("b", "y").build());
        } catch (RuntimeException e) {
            throw new AssertionError(e);
        }
        byte[] base;
        try {
            base = Base45.decode(valid.substring(5));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        int malformed = 0;
        for (int i = 0; i < 20000; i++) {
            byte[] b;
            switch (i % 4) {
                case 0 -> {
                    b = new byte[r.nextInt(200)];
                    r.nextBytes(b);
                    if (b.length > 1) {
                        b[0] = 1;
                        b[1] = 1;
                    }
                }
                case 1 -> {
                    b = base.clone();
                    for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                }
                case 2 -> b = Arrays.copyOf(base, r.nextInt(base.length + 8));
                default -> {
                    b = base.clone();
                    int from = r.nextInt(b.length);
                    b[from] = (byte) r.nextInt(4);
                }
            }
            String text = "YKT1:" + Base45.encode(b);
            if (i % 7 == 0) {
                char[] c = text.toCharArray();
                c[r.nextInt(c.length)] = (char) r.nextInt(0x3000);
                text = new String(c);
            }
            try {
                verifier.verify(text);
                assertEquals(valid, text, "only the unmodified token may verify");
            } catch (TokenVerificationException e) {
                malformed += e.reason() == Reason.MALFORMED ? 1 : 0;
            } catch (ReplayGuardException e) {
                throw new AssertionError(e);
            }
        }
        assertTrue(malformed > 1000 && malformed < 20000, "fuzz reached both parse failures and later checks");
    }

    @Test
    void decoderRejectsNonCanonicalAndReservedEncodings() throws Exception {
        TokenClaims claims = TokenClaims.builder().type(CredentialType.VISIT_PASS).subject("S1")
                .ttl(Duration.ofSeconds(60)).claim("a", "1").claim("b", "2").build();
        TokenContent content = new TokenContent(1, "I", "K", claims, TokenFixtures.T0, 7);
        byte[] signed = YikatongTokenFormatV1.INSTANCE.encodeSignedPart(content);
        // version 1, alg 1, 1 'I', 1 'K', flags, type, 2 'S1', iat(4), ttl(4), nonce(8), count, 1 'a', 1 '1', 1 'b' ...
        int flags = 6;
        assertEquals(0x02, signed[flags]);
        assertMalformed(with(signed, flags, 0x06));
        assertMalformed(with(signed, flags + 1, 9));
        assertMalformed(with(signed, flags + 1, 2));
        int ttl = flags + 2 + 3 + 4;
        assertMalformed(with(with(with(with(signed, ttl, 0), ttl + 1, 0), ttl + 2, 0), ttl + 3, 0));
        int count = ttl + 4 + 8;
        assertEquals(2, signed[count]);
        assertMalformed(with(signed, count, 0));
        assertMalformed(with(signed, count, 9));
        assertMalformed(with(signed, count + 2, 'c'));
        assertMalformed(with(signed, count + 5, 0xC3));
        assertMalformed(with(signed, 2, 0));
        assertMalformed(with(signed, 3, '/'));
        assertMalformed(with(signed, 2, 40));
    }

    private static byte[] with(byte[] b, int offset, int value) {
        byte[] c = b.clone();
        c[offset] = (byte) value;
        return c;
    }

    private static void assertMalformed(byte[] signedPart) {
        String text = YikatongTokenFormatV1.INSTANCE.toText(signedPart, new byte[64]);
        TokenVerificationException e = assertThrows(TokenVerificationException.class,
                () -> InsecureTokenParser.parseWithoutVerifying(text));
        assertEquals(Reason.MALFORMED, e.reason());
    }

    @Test
    void looksLikeToken() {
        assertTrue(OfflineTokens.looksLikeToken("YKT1:BB8\r\n"));
        assertFalse(OfflineTokens.looksLikeToken("YKT1:"));
        assertFalse(OfflineTokens.looksLikeToken("YKT1:bb8"));
        assertFalse(OfflineTokens.looksLikeToken("ykt1:BB8"));
        assertFalse(OfflineTokens.looksLikeToken("3F2A9C0E11D4B6A8:1"));
        assertFalse(OfflineTokens.looksLikeToken(null));
        assertEquals("YKT1:", OfflineTokens.PREFIX);
    }

    @Test
    void builderValidation() {
        assertEquals("trustList", assertThrows(InvalidInputException.class,
                () -> TokenVerifier.builder().build()).field());
        assertEquals("allowedSkew", assertThrows(InvalidInputException.class,
                () -> TokenVerifier.builder().allowedSkew(Duration.ofSeconds(-1))).field());
        assertEquals("allowedSkew", assertThrows(InvalidInputException.class,
                () -> TokenVerifier.builder().allowedSkew(Duration.ofMinutes(11))).field());
        assertEquals("signingKey", assertThrows(InvalidInputException.class,
                () -> TokenIssuer.builder().issuer("a").keyId("b").build()).field());
        assertEquals("issuer", assertThrows(InvalidInputException.class,
                () -> TokenIssuer.builder().signingKey(KEY_1).keyId("b").build()).field());
        assertEquals("keyId", assertThrows(InvalidInputException.class,
                () -> TokenIssuer.builder().signingKey(KEY_1).issuer("a").build()).field());
        assertEquals("issuer", assertThrows(InvalidInputException.class,
                () -> TokenIssuer.builder().issuer("浙江")).field());
        assertEquals("keyId", assertThrows(InvalidInputException.class,
                () -> TokenIssuer.builder().keyId("k".repeat(17))).field());
        assertEquals("issuers", assertThrows(InvalidInputException.class, () -> TrustList.builder().build()).field());
        assertEquals("keyId", assertThrows(InvalidInputException.class, () -> TrustList.builder()
                .addKey("a", "k", KEY_1.publicKey()).addKey("a", "k", KEY_2.publicKey())).field());
        TokenIssuer farFuture = TokenIssuer.builder().signingKey(KEY_1).issuer("a").keyId("k")
                .clock(SettableClock.of(Instant.parse("2107-01-01T00:00:00Z"))).build();
        assertEquals("issuedAt", assertThrows(InvalidInputException.class,
                () -> farFuture.issue(TokenFixtures.visitPass(EMPI))).field());
    }

    @Test
    void toStringsMaskTheSubject() throws Exception {
        String text = issuer(KEY_1, "330100", "k1").issue(TokenFixtures.visitPass(EMPI));
        VerifiedToken t = verifier().verify(text);
        assertFalse(t.toString().contains(EMPI));
        assertFalse(t.content().claims().toString().contains(EMPI));
        assertFalse(InsecureTokenParser.parseWithoutVerifying(text).toString().contains(EMPI));
        assertTrue(t.toString().contains("330100"));
    }
}
