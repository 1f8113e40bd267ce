package io.yikatong.qr.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.InvalidInputException;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TokenClaimsTest {

    private static TokenClaims.Builder ok() {
        return TokenClaims.builder().type(CredentialType.VISIT_PASS).subject("EMPI1").ttl(Duration.ofMinutes(1));
    }

    private static void rejects(String field, Consumer<TokenClaims.Builder> change) {
        TokenClaims.Builder b = ok();
        change.accept(b);
        assertEquals(field, assertThrows(InvalidInputException.class, b::build).field());
    }

    @Test
    void eachLimitNamesItsField() {
        assertEquals("type", assertThrows(InvalidInputException.class,
                () -> TokenClaims.builder().subject("x").ttl(Duration.ofSeconds(1)).build()).field());
        rejects("colour", b -> b.type(CredentialType.HEALTH_CODE));
        rejects("colour", b -> b.colour(HealthCodeColour.GREEN));
        rejects("subject", b -> b.subject(""));
        rejects("subject", b -> b.subject("x".repeat(65)));
        rejects("subject", b -> b.subject("张三"));
        rejects("subject", b -> b.subject("A B"));
        rejects("ttl", b -> b.ttl(Duration.ZERO));
        rejects("ttl", b -> b.ttl(Duration.ofSeconds(-5)));
        rejects("ttl", b -> b.ttl(Duration.ofMillis(1500)));
        rejects("ttl", b -> b.ttl(Duration.ofDays(367)));
        rejects("claims", b -> {
            for (int i = 0; i < 9; i++) {
                b.claim("k" + i, "v");
            }
        });
        rejects("claims", b -> b.claim("", "v"));
        rejects("claims", b -> b.claim("Dept", "v"));
        rejects("claims", b -> b.claim("k".repeat(17), "v"));
        rejects("claims.dept", b -> b.claim("dept", "科".repeat(22)));
        rejects("claims.dept", b -> b.claim("dept", "\ud800"));
    }

    @Test
    void missingSubjectAndTtl() {
        assertEquals("subject", assertThrows(InvalidInputException.class,
                () -> TokenClaims.builder().type(CredentialType.HEALTH_CARD).ttl(Duration.ofSeconds(1)).build())
                .field());
        assertEquals("ttl", assertThrows(InvalidInputException.class,
                () -> TokenClaims.builder().type(CredentialType.HEALTH_CARD).subject("s").build()).field());
    }

    @Test
    void limitsThemselvesAreAccepted() {
        TokenClaims.Builder b = ok().subject("~".repeat(64)).ttl(TokenClaims.MAX_TTL);
        for (int i = 0; i < 8; i++) {
            b.claim("k_" + i + "x".repeat(13), "科".repeat(21) + "a");
        }
        TokenClaims c = b.build();
        assertEquals(8, c.claims().size());
        assertEquals(64, c.subject().length());
    }

    @Test
    void claimsAreSortedAndImmutable() {
        TokenClaims c = ok().claim("z", "1").claim("a", "2").build();
        assertEquals("a", c.claims().firstKey());
        assertThrows(UnsupportedOperationException.class, () -> c.claims().put("b", "3"));
    }
}
