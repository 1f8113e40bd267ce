package io.yikatong.qr.ehc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.qr.ehc.internal.EhcSigner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EhcSignerTest {

    private static ObjectNode commonIn() {
        ObjectNode c = EhcResponses.JSON.createObjectNode();
        c.put("requestId", "R1").put("hospitalId", "H9").put("channelNum", 4).put("timestamp", "1700000000")
                .put("appToken", "TOK").put("sign", "ignored");
        return c;
    }

    private static ObjectNode req() {
        ObjectNode r = EhcResponses.JSON.createObjectNode();
        r.put("qrCodeText", "AB:1").put("empty", "").putNull("nothing");
        r.putObject("nested").put("b", 2).put("a", "x");
        r.putArray("list").add(1).add("two");
        return r;
    }

    @Test
    void canonicalStringFollowsTheRules() {
        // merged, sign dropped, empty and null dropped, ASCII order, non-strings as compact JSON
        assertEquals("appToken=TOK&channelNum=4&hospitalId=H9&list=[1,\"two\"]&nested={\"b\":2,\"a\":\"x\"}"
                + "&qrCodeText=AB:1&requestId=R1&timestamp=1700000000", EhcSigner.canonical(commonIn(), req()));
    }

    @Test
    void signatureIsBase64Sha256OfCanonicalPlusSecret() throws Exception {
        String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest((EhcSigner.canonical(commonIn(), req()) + "s3cret").getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, EhcSigner.sign(commonIn(), req(), "s3cret"));
        assertEquals(44, expected.length());
    }

    @Test
    void uppercaseKeysSortBeforeLowercase() {
        ObjectNode c = EhcResponses.JSON.createObjectNode().put("b", "1").put("B", "2").put("a", "3").put("_", "4");
        assertEquals("B=2&_=4&a=3&b=1", EhcSigner.canonical(c, EhcResponses.JSON.createObjectNode()));
    }

    @Test
    void everyChangedValueChangesTheSignature() {
        String base = EhcSigner.sign(commonIn(), req(), "s3cret");
        assertNotEquals(base, EhcSigner.sign(commonIn(), req(), "s3creT"));
        ObjectNode r = req().put("qrCodeText", "AB:0");
        assertNotEquals(base, EhcSigner.sign(commonIn(), r, "s3cret"));
        ObjectNode c = commonIn().put("timestamp", "1700000001");
        assertNotEquals(base, EhcSigner.sign(c, req(), "s3cret"));
        // the sign field itself does not take part
        ObjectNode c2 = commonIn().put("sign", "other");
        assertEquals(base, EhcSigner.sign(c2, req(), "s3cret"));
    }

    @Test
    void emptySecretIsRefused() {
        assertThrows(InvalidInputException.class, () -> EhcSigner.sign(commonIn(), req(), ""));
    }
}
