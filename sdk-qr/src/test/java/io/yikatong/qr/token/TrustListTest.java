package io.yikatong.qr.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.InvalidInputException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrustListTest {

    private static final String PEM = TokenFixtures.key("trust list test").publicKey().toX509Pem()
            .replace("\n", "\\n");

    @Test
    void loadsSeveralIssuersAndKeys() {
        TrustList t = TrustList.fromJson("{\"issuers\":[{\"id\":\"330100\",\"keys\":[{\"kid\":\"a\",\"publicKeyPem\":\""
                + PEM + "\"},{\"kid\":\"b\",\"publicKeyPem\":\"" + PEM + "\",\"algorithm\":\"SM2_SM3\"}]},"
                + "{\"id\":\"440300\",\"keys\":[{\"kid\":\"a\",\"publicKeyPem\":\"" + PEM + "\"}]}]}");
        assertEquals(List.of("330100", "440300"), List.copyOf(t.issuers()));
        assertEquals(Set.of("a", "b"), t.keyIds("330100"));
        assertEquals(Set.of(), t.keyIds("nobody"));
    }

    static List<Arguments> bad() {
        String key = "{\"kid\":\"a\",\"publicKeyPem\":\"" + PEM + "\"}";
        return List.of(
                Arguments.of("not json", "$"),
                Arguments.of("[]", "$"),
                Arguments.of("{}", "issuers"),
                Arguments.of("{\"issuers\":[]}", "issuers"),
                Arguments.of("{\"issuers\":[], \"extra\":1}", "$.extra"),
                Arguments.of("{\"issuers\":[1]}", "issuers[0]"),
                Arguments.of("{\"issuers\":[{\"keys\":[" + key + "]}]}", "issuers[0].id"),
                Arguments.of("{\"issuers\":[{\"id\":7,\"keys\":[" + key + "]}]}", "issuers[0].id"),
                Arguments.of("{\"issuers\":[{\"id\":\"a b\",\"keys\":[" + key + "]}]}", "issuers[0].id"),
                Arguments.of("{\"issuers\":[{\"id\":\"x\",\"keys\":[]}]}", "issuers[0].keys"),
                Arguments.of("{\"issuers\":[{\"id\":\"x\",\"keys\":[" + key + "],\"name\":\"n\"}]}", "issuers[0].name"),
                Arguments.of("{\"issuers\":[{\"id\":\"x\",\"keys\":[" + key + "]},{\"id\":\"x\",\"keys\":[" + key
                        + "]}]}", "issuers[1].id"),
                Arguments.of("{\"issuers\":[{\"id\":\"x\",\"keys\":[" + key + "," + key + "]}]}",
                        "issuers[0].keys[1].keyId"),
                Arguments.of("{\"issuers\":[{\"id\":\"x\",\"keys\":[{\"kid\":\"a\"}]}]}",
                        "issuers[0].keys[0].publicKeyPem"),
                Arguments.of("{\"issuers\":[{\"id\":\"x\",\"keys\":[{\"kid\":\"a\",\"publicKeyPem\":\"junk\"}]}]}",
                        "issuers[0].keys[0].publicKeyPem"),
                Arguments.of("{\"issuers\":[{\"id\":\"x\",\"keys\":[{\"kid\":\"a\",\"publicKeyPem\":\"" + PEM
                        + "\",\"algorithm\":\"RSA\"}]}]}", "issuers[0].keys[0].algorithm"),
                Arguments.of("{\"issuers\":[{\"id\":\"x\",\"keys\":[{\"kid\":\"a\",\"kid\":\"b\",\"publicKeyPem\":\""
                        + PEM + "\"}]}]}", "$"),
                Arguments.of("{\"issuers\":[{\"id\":\"x\",\"keys\":[{\"kid\":\"\",\"publicKeyPem\":\"" + PEM
                        + "\"}]}]}", "issuers[0].keys[0].keyId"));
    }

    @ParameterizedTest
    @MethodSource("bad")
    void strictErrorsNameThePath(String json, String path) {
        assertEquals(path, assertThrows(InvalidInputException.class, () -> TrustList.fromJson(json)).field());
    }
}
