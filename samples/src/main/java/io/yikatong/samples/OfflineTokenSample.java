package io.yikatong.samples;

import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.qr.QrClassifier;
import io.yikatong.qr.ScannedCode;
import io.yikatong.qr.render.ErrorCorrection;
import io.yikatong.qr.render.PngRenderer;
import io.yikatong.qr.render.QrCodes;
import io.yikatong.qr.token.CredentialType;
import io.yikatong.qr.token.InMemoryReplayGuard;
import io.yikatong.qr.token.TokenClaims;
import io.yikatong.qr.token.TokenIssuer;
import io.yikatong.qr.token.TokenVerificationException;
import io.yikatong.qr.token.TokenVerifier;
import io.yikatong.qr.token.TrustList;
import io.yikatong.qr.token.VerifiedToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Issues a signed one-time registration pass as a QR code, then checks it as a kiosk would — offline, with a trust
 * list — and refuses the second scan.
 *
 * <p>{@code java -cp yikatong.jar io.yikatong.samples.OfflineTokenSample [PNG-FILE]}
 */
public final class OfflineTokenSample {

    private OfflineTokenSample() {
    }

    /**
     * Runs the sample.
     *
     * @param args optionally a PNG file to write the code to
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        // The issuer (a hospital or a regional platform) holds the private key; kiosks hold only the public key.
        Sm2KeyPair hospital = Sm2KeyPair.generate(new SecureRandom());
        TokenIssuer issuer = TokenIssuer.builder().signingKey(hospital.privateKey()).issuer("YKT-BJ-0001")
                .keyId("2026-11").clock(Clock.systemUTC()).random(new SecureRandom()).build();   // share it
        String text = issuer.issue(TokenClaims.builder().type(CredentialType.REGISTRATION_PASS)
                .subject("EMPI-000000123").ttl(Duration.ofHours(4)).oneTime(true).claim("dept", "0300").build());
        byte[] png = PngRenderer.builder().build().render(QrCodes.encode(text, ErrorCorrection.M));
        if (args.length == 1) {
            Files.write(Path.of(args[0]), png);
        }
        System.out.println("issued    " + text.length() + " characters, PNG " + png.length + " bytes");

        // The kiosk: one verifier for the whole process (trust list, clock, skew, replay guard).
        TokenVerifier kiosk = TokenVerifier.builder()
                .trustList(TrustList.builder().addKey("YKT-BJ-0001", "2026-11", hospital.publicKey()).build())
                .clock(Clock.systemUTC()).allowedSkew(Duration.ofSeconds(30))
                .replayGuard(InMemoryReplayGuard.withDefaults()).build();
        ScannedCode scanned = QrClassifier.defaults().classify(text + "\r\n");   // what the scanner types
        if (scanned instanceof ScannedCode.SignedToken token) {
            VerifiedToken pass = kiosk.verify(token.text());
            System.out.println("verified  " + pass.type() + " for " + pass.subject() + ", dept " + pass.claims().get("dept"));
            try {
                kiosk.verify(token.text());
            } catch (TokenVerificationException e) {
                System.out.println("again     refused: " + e.reason());
            }
        }
    }
}
