package io.yikatong.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code yikatong qr …}: classify every kind, and keygen → issue → verify with tampering and a trust list. */
class QrCliTest {

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private static Result cli(String... args) {
        return cliWithInput("", args);
    }

    private static Result cliWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new YikatongCli().run(List.of(args), new Command.Io(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void classifiesEveryKind() throws Exception {
        String hex = "272EB52D0696FD625B6F3E1A830728532779BEB87520CC83948C50A43F439F58";
        assertEquals("ehcStatic", json(cli("qr", "classify", hex + ":1").out()).get("kind").asText());
        JsonNode dynamic = json(cli("qr", "classify", hex.toLowerCase() + ":0:8d7e10969d22699a07c2bda9b4ce9286\r\n").out());
        assertEquals("ehcDynamic", dynamic.get("kind").asText());
        assertEquals(hex, dynamic.get("cardId").asText(), "lowercase hex from a scanner is normalised");
        JsonNode wechat = json(cli("qr", "classify", "134567890123456789").out());
        assertEquals("wechatPayCode", wechat.get("kind").asText());
        assertFalse(wechat.toString().contains("4567890123456789"), "payment codes are masked");
        assertEquals("alipayPayCode", json(cli("qr", "classify", "281234567890123456").out()).get("kind").asText());
        assertEquals("unionPayCode", json(cli("qr", "classify", "6212345678901234567").out()).get("kind").asText());
        assertEquals("medicalInsuranceVoucher",
                json(cli("qr", "classify", "A1B2C3D4E5F6G7H8J9K0L1M2N3P4").out()).get("kind").asText());
        assertEquals("healthCodeUrl",
                json(cli("qr", "classify", "https://jkm.example.gov.cn/code?id=1").out()).get("kind").asText());
        assertEquals("unknown", json(cli("qr", "classify", "\u0000\u0001 nothing").out()).get("kind").asText());
        assertEquals(Command.USAGE, cli("qr", "classify").status());
    }

    @Test
    void keygenIssueVerifyAndRefuse() throws Exception {
        Path priv = dir.resolve("k.pem");
        Path pub = dir.resolve("p.pem");
        assertEquals(0, cli("qr", "keygen", "--private", priv.toString(), "--public", pub.toString()).status());
        Path png = dir.resolve("t.png");
        Result issued = cli("qr", "issue", "--key", priv.toString(), "--issuer", "YKT-BJ", "--key-id", "k1",
                "--subject", "EMPI000123", "--type", "health-code", "--colour", "yellow", "--ttl", "5m", "--png",
                png.toString());
        assertEquals(0, issued.status(), issued.err());
        String token = issued.out().strip();
        assertTrue(token.startsWith("YKT1:"), token);
        assertTrue(Files.size(png) > 100);
        assertEquals("signedToken", json(cli("qr", "classify", token).out()).get("kind").asText());

        Result ok = cli("qr", "verify", "--trust", pub.toString(), token);
        assertEquals(0, ok.status(), ok.out() + ok.err());
        JsonNode claims = json(ok.out());
        assertEquals("EMPI000123", claims.get("subject").asText());
        assertEquals("yellow", claims.get("colour").asText());
        assertEquals("health-code", claims.get("type").asText());

        // another key: a bad signature, exit 1 with the reason on one line
        Path otherPriv = dir.resolve("k2.pem");
        Path otherPub = dir.resolve("p2.pem");
        cli("qr", "keygen", "--private", otherPriv.toString(), "--public", otherPub.toString());
        Result bad = cli("qr", "verify", "--trust", otherPub.toString(), token);
        assertEquals(Command.NEGATIVE, bad.status());
        assertEquals("bad signature", bad.out().strip());

        // a JSON trust list naming another issuer: unknown issuer
        Path trust = dir.resolve("trust.json");
        Files.writeString(trust, "{\"issuers\":[{\"id\":\"YKT-SH\",\"keys\":[{\"kid\":\"k1\",\"publicKeyPem\":"
                + new ObjectMapper().writeValueAsString(Files.readString(pub)) + "}]}]}");
        Result unknown = cli("qr", "verify", "--trust", trust.toString(), token);
        assertEquals(Command.NEGATIVE, unknown.status());
        assertEquals("unknown issuer", unknown.out().strip());

        assertEquals(Command.USAGE, cli("qr", "issue", "--key", priv.toString(), "--issuer", "I", "--key-id", "k",
                "--subject", "S", "--type", "visit-pass", "--ttl", "5 minutes").status());
        assertEquals(Command.USAGE, cli("qr", "issue", "--key", priv.toString(), "--issuer", "I", "--key-id", "k",
                "--subject", "S", "--type", "visit-pass", "--colour", "green", "--ttl", "5m").status(),
                "a colour only belongs to a health code");
    }

    @Test
    void verifyReadsTheTokenFromStdinWhenNoTextIsGiven() throws Exception {
        Path priv = dir.resolve("k.pem");
        Path pub = dir.resolve("p.pem");
        assertEquals(0, cli("qr", "keygen", "--private", priv.toString(), "--public", pub.toString()).status());
        Result issued = cli("qr", "issue", "--key", priv.toString(), "--issuer", "YKT-BJ", "--key-id", "k1",
                "--subject", "EMPI000123", "--type", "registration-pass", "--ttl", "5m");
        assertEquals(0, issued.status(), issued.err());
        String token = issued.out().lines().reduce((a, b) -> b).orElseThrow();   // the last line, exactly

        // `yikatong qr issue … | tail -1 | yikatong qr verify --trust p.pem`: no shell quoting of '$' or spaces
        Result piped = cliWithInput(token + "\n", "qr", "verify", "--trust", pub.toString());
        assertEquals(0, piped.status(), piped.out() + piped.err());
        assertEquals("registration-pass", json(piped.out()).get("type").asText());
        Result dash = cliWithInput(token + "\r\n", "qr", "verify", "--trust", pub.toString(), "-");
        assertEquals(0, dash.status(), dash.out() + dash.err());

        // a token altered on stdin is still checked, not trusted
        String altered = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
        assertEquals(Command.NEGATIVE, cliWithInput(altered + "\n", "qr", "verify", "--trust", pub.toString())
                .status());

        for (String stdin : List.of("", "\n", "\r\n")) {
            Result empty = cliWithInput(stdin, "qr", "verify", "--trust", pub.toString());
            assertEquals(Command.USAGE, empty.status(), "stdin " + stdin.length());
            assertEquals(1, empty.err().lines().count(), empty.err());
            assertTrue(empty.err().contains("no TEXT"), empty.err());
        }
        Result twoLines = cliWithInput(token + "\n" + token + "\n", "qr", "verify", "--trust", pub.toString());
        assertEquals(Command.USAGE, twoLines.status());
        assertTrue(twoLines.err().contains("one line"), twoLines.err());
        assertEquals(Command.USAGE, cli("qr", "verify", "--trust", pub.toString(), token, token).status());
        Result noTrust = cliWithInput(token, "qr", "verify", "--trust", dir.resolve("missing.pem").toString());
        assertEquals(Command.USAGE, noTrust.status());
        assertTrue(noTrust.err().contains("missing.pem"), noTrust.err());
    }

    @Test
    void keygenNeverReplacesAnExistingKeyUnlessForced() throws Exception {
        Path priv = dir.resolve("issuer.pem");
        Path pub = dir.resolve("issuer.pub.pem");
        assertEquals(0, cli("qr", "keygen", "--private", priv.toString(), "--public", pub.toString()).status());
        byte[] key = Files.readAllBytes(priv);
        byte[] publicKey = Files.readAllBytes(pub);

        Result again = cli("qr", "keygen", "--private", priv.toString(), "--public", pub.toString());
        assertEquals(Command.USAGE, again.status());
        assertEquals(1, again.err().lines().count(), again.err());
        assertTrue(again.err().contains(priv.toString()) && again.err().contains("--force"), again.err());
        assertTrue(java.util.Arrays.equals(key, Files.readAllBytes(priv)), "the private key is untouched");
        assertTrue(java.util.Arrays.equals(publicKey, Files.readAllBytes(pub)), "the public key is untouched");

        // an existing public key alone is refused too (nothing is written)
        Path newPriv = dir.resolve("new.pem");
        Result publicExists = cli("qr", "keygen", "--private", newPriv.toString(), "--public", pub.toString());
        assertEquals(Command.USAGE, publicExists.status());
        assertTrue(publicExists.err().contains(pub.toString()), publicExists.err());
        assertFalse(Files.exists(newPriv));

        Result forced = cli("qr", "keygen", "--private", priv.toString(), "--public", pub.toString(), "--force");
        assertEquals(0, forced.status(), forced.err());
        assertFalse(java.util.Arrays.equals(key, Files.readAllBytes(priv)), "--force replaced the key");
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(priv)));
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), "no temp files");
        }
    }
}
