package io.yikatong.payment.medicalinsurance.internal;

import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.APP_ID;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.APP_SECRET;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.CHANNEL;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.OTHER;
import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.codec.Hex;
import io.yikatong.payment.medicalinsurance.SignatureEncoding;
import io.yikatong.payment.spi.Base64Spellings;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelSignatureException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known answers for the §3.5 envelope, cross-checked with the openssl command line where it can compute them. */
class MedicalInsuranceEnvelopeTest {

    private static final String DATA = "{\"medOrgOrd\":\"H20261123001\",\"psnNo\":null,\"medfeeSumamt\":12.30,"
            + "\"acctUsedFlag\":true,\"empty\":\"\",\"list\":[],\"feedetail\":[{\"feedetlSn\":\"2\",\"cnt\":2,"
            + "\"z\":null},{\"feedetlSn\":\"1\",\"cnt\":1}],\"nested\":{\"b\":\"x\",\"a\":[3,1,2]},\"obj\":{}}";
    private static final String CANONICAL = "{\"acctUsedFlag\":\"true\",\"feedetail\":[{\"cnt\":\"1\","
            + "\"feedetlSn\":\"1\"},{\"cnt\":\"2\",\"feedetlSn\":\"2\"}],\"medOrgOrd\":\"H20261123001\","
            + "\"medfeeSumamt\":\"12.30\",\"nested\":{\"a\":[\"1\",\"2\",\"3\"],\"b\":\"x\"}}";

    @TempDir
    Path dir;

    private static JsonNode data() throws IOException {
        return MedicalInsuranceEnvelope.json().readTree(DATA);
    }

    private static MedicalInsuranceEnvelope channelSide(SignatureEncoding e, boolean upper) {
        return new MedicalInsuranceEnvelope(APP_ID, APP_SECRET, CHANNEL.privateKey(), OTHER.publicKey(), e, upper);
    }

    /** The platform side: signs with OTHER, verifies the channel. */
    private static MedicalInsuranceEnvelope platformSide(SignatureEncoding e) {
        return new MedicalInsuranceEnvelope(APP_ID, APP_SECRET, OTHER.privateKey(), CHANNEL.publicKey(), e, true);
    }

    @Test
    void canonicalDataSortsDropsEmptiesAndStringifiesScalars() throws IOException {
        assertEquals(CANONICAL, MedicalInsuranceEnvelope.canonicalJson(data()));
    }

    @Test
    void requestSignStringByteForByte() throws IOException {
        ObjectNode top = MedicalInsuranceEnvelope.json().createObjectNode();
        top.put("version", "2.0.1");
        top.put("appId", APP_ID);
        top.put("timestamp", 1700000000000L);
        top.put("signType", "SM2");
        top.put("encType", "SM4");
        top.put("encData", "ignored");
        top.put("signData", "ignored");
        top.put("extra", "ignored");
        top.set("data", data());
        assertEquals("appId=ABCDEFGHIJKLMNOP1234&data=" + CANONICAL + "&encType=SM4&signType=SM2"
                + "&timestamp=1700000000000&version=2.0.1&key=S3cr3tKey0123456",
                MedicalInsuranceEnvelope.signString(top, APP_SECRET));
    }

    @Test
    void replySignStringIncludesCodeMessageSuccess() throws IOException {
        ObjectNode top = MedicalInsuranceEnvelope.json().createObjectNode();
        top.put("appId", APP_ID);
        top.put("code", "0");
        top.put("message", "成功");
        top.put("success", true);
        top.put("timestamp", 1700000000001L);
        top.put("version", "2.0.1");
        top.put("encType", "SM4");
        top.put("signType", "SM2");
        top.set("data", MedicalInsuranceEnvelope.json().readTree("{\"payOrdId\":\"ORD1\",\"payToken\":\"T\"}"));
        assertEquals("appId=ABCDEFGHIJKLMNOP1234&code=0&data={\"payOrdId\":\"ORD1\",\"payToken\":\"T\"}"
                + "&encType=SM4&message=成功&signType=SM2&success=true&timestamp=1700000000001&version=2.0.1"
                + "&key=S3cr3tKey0123456", MedicalInsuranceEnvelope.signString(top, APP_SECRET));
    }

    @Test
    void workingKeyAndCiphertextMatchOpenssl() throws Exception {
        String derivedHex = openssl(APP_SECRET.getBytes(StandardCharsets.UTF_8), "enc", "-sm4-ecb", "-K",
                Hex.encode(APP_ID.substring(0, 16).getBytes(StandardCharsets.US_ASCII)));
        byte[] key = MedicalInsuranceEnvelope.workingKey(APP_ID, APP_SECRET);
        assertEquals(derivedHex.toUpperCase().substring(0, 16), new String(key, StandardCharsets.US_ASCII));

        JsonNode d = data();
        assertEquals(DATA, MedicalInsuranceEnvelope.json().writeValueAsString(d));
        String expected = openssl(DATA.getBytes(StandardCharsets.UTF_8), "enc", "-sm4-ecb", "-K", Hex.encode(key));
        assertEquals(expected.toUpperCase(), channelSide(SignatureEncoding.RAW, true).encrypt(d));
        assertEquals(expected.toLowerCase(), channelSide(SignatureEncoding.RAW, false).encrypt(d));
        // decoding is case-insensitive
        assertEquals(d, channelSide(SignatureEncoding.RAW, true).decrypt(expected.toLowerCase()));
        assertEquals(d, channelSide(SignatureEncoding.RAW, true).decrypt(expected.toUpperCase()));
    }

    @Test
    void rawSignatureVerifiesWithOpensslUsingAppSecretAsDistinguishingId() throws Exception {
        String sealed = channelSide(SignatureEncoding.RAW, true).seal(data(), 1700000000000L, Map.of());
        ObjectNode msg = (ObjectNode) MedicalInsuranceEnvelope.json().readTree(sealed);
        byte[] raw = Base64.getDecoder().decode(msg.get("signData").asText());
        assertEquals(64, raw.length);
        msg.remove("signData");
        msg.set("data", data());
        byte[] signString = MedicalInsuranceEnvelope.signString(msg, APP_SECRET).getBytes(StandardCharsets.UTF_8);
        assertTrue(opensslVerifies(signString, toDer(raw), APP_SECRET));
        assertFalse(opensslVerifies(signString, toDer(raw), "1234567812345678"));
        signString[5] ^= 1;
        assertFalse(opensslVerifies(signString, toDer(raw), APP_SECRET));
    }

    @Test
    void derSignatureVerifiesWithOpenssl() throws Exception {
        String sealed = channelSide(SignatureEncoding.DER, true).seal(data(), 1700000000000L,
                Map.of("code", "0"));
        ObjectNode msg = (ObjectNode) MedicalInsuranceEnvelope.json().readTree(sealed);
        byte[] der = Base64.getDecoder().decode(msg.get("signData").asText());
        assertEquals(0x30, der[0] & 0xff);
        msg.set("data", data());
        assertTrue(opensslVerifies(MedicalInsuranceEnvelope.signString(msg, APP_SECRET).getBytes(StandardCharsets.UTF_8),
                der, APP_SECRET));
    }

    @Test
    void openVerifiesOpensslSignature() throws Exception {
        // a message signed by openssl with the platform key and the appSecret as ID, then opened by our envelope
        Path key = dir.resolve("k.pem");
        Files.writeString(key, OTHER.privateKey().toPkcs8Pem(io.yikatong.core.crypto.InsecureKeyAccess.get()));
        MedicalInsuranceEnvelope ours = channelSide(SignatureEncoding.DER, true);
        ObjectNode msg = MedicalInsuranceEnvelope.json().createObjectNode();
        msg.put("appId", APP_ID);
        msg.put("code", "0");
        msg.put("encType", "SM4");
        msg.put("signType", "SM2");
        msg.put("timestamp", 1700000000002L);
        msg.put("version", "2.0.1");
        msg.set("data", data());
        Path m = dir.resolve("m");
        Files.write(m, MedicalInsuranceEnvelope.signString(msg, APP_SECRET).getBytes(StandardCharsets.UTF_8));
        Path sig = dir.resolve("s");
        run(null, "pkeyutl", "-sign", "-inkey", key.toString(), "-rawin", "-digest", "sm3", "-in", m.toString(),
                "-out", sig.toString(), "-pkeyopt", "distid:" + APP_SECRET);
        msg.remove("data");
        msg.put("encData", ours.encrypt(data()));
        msg.put("signData", Base64.getEncoder().encodeToString(Files.readAllBytes(sig)));
        ObjectNode opened = ours.open(MedicalInsuranceEnvelope.json().writeValueAsBytes(msg));
        assertEquals(data(), opened.get("data"));
        assertEquals("0", opened.get("code").asText());
    }

    @Test
    void sealThenOpenRoundTripsBothEncodings() throws Exception {
        for (SignatureEncoding e : SignatureEncoding.values()) {
            String sealed = channelSide(e, false).seal(data(), 1L, Map.of());
            assertFalse(sealed.contains("H20261123001"), "plaintext data must not be on the wire");
            ObjectNode opened = platformSide(e).open(sealed.getBytes(StandardCharsets.UTF_8));
            assertEquals(data(), opened.get("data"));
            assertFalse(opened.has("encData"));
            assertFalse(opened.has("signData"));
        }
    }

    @Test
    void tamperedFieldsAndWrongKeysAreRejected() throws Exception {
        String sealed = channelSide(SignatureEncoding.RAW, true).seal(data(), 1700000000000L, Map.of());
        MedicalInsuranceEnvelope platform = platformSide(SignatureEncoding.RAW);
        assertChannelThrows(ChannelSignatureException.class, "medical-insurance", () -> platform.open(bytes(
                sealed.replace("1700000000000", "1700000000001"))));
        ObjectNode msg = (ObjectNode) MedicalInsuranceEnvelope.json().readTree(sealed);
        msg.put("extra", "not signed, ignored");
        assertEquals(data(), platform.open(MedicalInsuranceEnvelope.json().writeValueAsBytes(msg)).get("data"));
        msg.put("message", "added");
        assertChannelThrows(ChannelSignatureException.class, "medical-insurance", () ->
                platform.open(MedicalInsuranceEnvelope.json().writeValueAsBytes(msg)));
        // another encData that decrypts: signature fails
        ObjectNode other = (ObjectNode) MedicalInsuranceEnvelope.json().readTree(sealed);
        other.put("encData", channelSide(SignatureEncoding.RAW, true).encrypt(
                MedicalInsuranceEnvelope.json().readTree("{\"medOrgOrd\":\"X\"}")));
        assertChannelThrows(ChannelSignatureException.class, "medical-insurance", () ->
                platform.open(MedicalInsuranceEnvelope.json().writeValueAsBytes(other)));
        // signed by a key the platform does not know
        MedicalInsuranceEnvelope impostor = new MedicalInsuranceEnvelope(APP_ID, APP_SECRET, OTHER.privateKey(), OTHER.publicKey(),
                SignatureEncoding.RAW, true);
        assertChannelThrows(ChannelSignatureException.class, "medical-insurance",
                () -> platform.open(bytes(impostor.seal(data(), 1L,
                Map.of()))));
        // signed with the default SM2 ID instead of the appSecret
        MedicalInsuranceEnvelope wrongId = new MedicalInsuranceEnvelope(APP_ID, "1234567812345678", CHANNEL.privateKey(),
                OTHER.publicKey(), SignatureEncoding.RAW, true);
        assertChannelThrows(ChannelException.class, "medical-insurance",
                () -> platform.open(bytes(wrongId.seal(data(), 1L, Map.of()))));
        // DER where RAW is expected
        assertChannelThrows(ChannelSignatureException.class, "medical-insurance", () -> platform.open(bytes(
                channelSide(SignatureEncoding.DER, true).seal(data(), 1L, Map.of()))));
        // another appId
        MedicalInsuranceEnvelope otherApp = new MedicalInsuranceEnvelope("ZZCDEFGHIJKLMNOP1234", APP_SECRET, CHANNEL.privateKey(),
                OTHER.publicKey(), SignatureEncoding.RAW, true);
        assertChannelThrows(ChannelMalformedResponseException.class, "medical-insurance",
                () -> platform.open(bytes(otherApp.seal(data(), 1L,
                Map.of()))));
    }

    @Test
    void onlyTheCanonicalSpellingOfSignDataIsAccepted() throws Exception {
        String sealed = channelSide(SignatureEncoding.RAW, true).seal(data(), 1700000000000L, Map.of());
        MedicalInsuranceEnvelope platform = platformSide(SignatureEncoding.RAW);
        platform.open(bytes(sealed));
        ObjectNode msg = (ObjectNode) MedicalInsuranceEnvelope.json().readTree(sealed);
        String sig = msg.get("signData").asText();
        List<String> others = new ArrayList<>(Base64Spellings.nonCanonical(sig)); // raw r||s: 64 bytes, "=="
        others.add(sig.substring(0, sig.length() - 2));
        others.add(sig.substring(0, 40) + "\n" + sig.substring(40));
        for (String other : others) {
            msg.put("signData", other);
            assertChannelThrows(ChannelSignatureException.class, "medical-insurance",
                    () -> platform.open(MedicalInsuranceEnvelope.json().writeValueAsBytes(msg)));
        }
    }

    @Test
    void workingKeyRejectsShortAppId() {
        assertThrows(InvalidInputException.class, () -> MedicalInsuranceEnvelope.workingKey("SHORT", APP_SECRET));
        assertThrows(InvalidInputException.class, () -> MedicalInsuranceEnvelope.workingKey(APP_ID, ""));
    }

    @Test
    void fuzzedBytesAndMutatedEnvelopesGiveTypedRejectionsOnly() throws Exception {
        MedicalInsuranceEnvelope platform = platformSide(SignatureEncoding.RAW);
        String sealed = channelSide(SignatureEncoding.RAW, true).seal(data(), 1700000000000L, Map.of());
        byte[] good = bytes(sealed);
        Random random = new Random(20261123L);
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            inputs.add(b);
            byte[] m = good.clone();
            for (int k = 0; k <= random.nextInt(4); k++) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            inputs.add(m);
            inputs.add(java.util.Arrays.copyOf(good, random.nextInt(good.length)));
        }
        String[] jsonish = {"", "null", "[]", "{}", "\"x\"", "1", "{\"signData\":1}",
            "{\"signData\":\"AA==\",\"appId\":\"" + APP_ID + "\"}",
            "{\"signData\":\"AA==\",\"appId\":\"" + APP_ID + "\",\"encData\":\"zz\"}",
            "{\"signData\":\"AA==\",\"appId\":\"" + APP_ID + "\",\"encData\":\"00112233\"}",
            "{\"signData\":\"AA==\",\"appId\":\"" + APP_ID + "\",\"encData\":{}}",
            "{\"signData\":\"!!\",\"appId\":\"" + APP_ID + "\"}",
            "{\"signData\":\"AA==\",\"appId\":\"" + APP_ID + "\",\"data\":{}}",
            "{\"signData\":\"AA==\",\"appId\":\"" + APP_ID + "\",\"encData\":\""
                + channelSide(SignatureEncoding.RAW, true).encrypt(MedicalInsuranceEnvelope.json().readTree("[1]")) + "\"}",
            "[" .repeat(5000)};
        for (String s : jsonish) {
            inputs.add(bytes(s));
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        JsonNode original = data();
        for (byte[] in : inputs) {
            try {
                // a mutation that keeps the message authentic (hex case, a byte replaced by itself) may pass
                assertEquals(original, platform.open(in).get("data"), "an altered payload was accepted");
            } catch (ChannelMalformedResponseException | ChannelSignatureException e) {
                assertEquals("medical-insurance", e.channel());
                seen.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            }
        }
        assertTrue(seen.size() == 2, "both rejection kinds occur: " + seen);
        assertEquals(data(), platform.open(good).get("data"));
    }

    // ------------------------------------------------------------------ openssl helpers

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private boolean opensslVerifies(byte[] message, byte[] der, String distid) throws Exception {
        Path pub = dir.resolve("pub.pem");
        Files.writeString(pub, CHANNEL.publicKey().toX509Pem());
        Path m = dir.resolve("msg");
        Files.write(m, message);
        Path s = dir.resolve("sig");
        Files.write(s, der);
        Process p = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(),
                "-rawin", "-digest", "sm3", "-in", m.toString(), "-sigfile", s.toString(), "-pkeyopt",
                "distid:" + distid).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        assertEquals(rc == 0, out.contains("Signature Verified Successfully"), out);
        return rc == 0;
    }

    /** Runs openssl with stdin, returns stdout as hex. */
    private static String openssl(byte[] stdin, String... args) throws Exception {
        return Hex.encode(run(stdin, args));
    }

    private static byte[] run(byte[] stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertEquals(0, p.waitFor(), "openssl " + String.join(" ", args));
        return out.toByteArray();
    }

    /** Raw r||s to DER SEQUENCE { INTEGER r, INTEGER s }, written out here independently of sdk-core. */
    private static byte[] toDer(byte[] raw) {
        byte[] r = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, 32)).toByteArray();
        byte[] s = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64)).toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x02);
        body.write(r.length);
        body.writeBytes(r);
        body.write(0x02);
        body.write(s.length);
        body.writeBytes(s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.write(body.size());
        out.writeBytes(body.toByteArray());
        assertArrayEquals(raw, fromDer(out.toByteArray()));
        return out.toByteArray();
    }

    private static byte[] fromDer(byte[] der) {
        int rl = der[3];
        BigInteger r = new BigInteger(java.util.Arrays.copyOfRange(der, 4, 4 + rl));
        BigInteger s = new BigInteger(java.util.Arrays.copyOfRange(der, 6 + rl, 6 + rl + der[5 + rl]));
        byte[] out = new byte[64];
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        System.arraycopy(rb, Math.max(0, rb.length - 32), out, 32 - Math.min(32, rb.length), Math.min(32, rb.length));
        System.arraycopy(sb, Math.max(0, sb.length - 32), out, 64 - Math.min(32, sb.length), Math.min(32, sb.length));
        return out;
    }
}
