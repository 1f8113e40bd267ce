package io.yikatong.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Development keys and identities shared by {@code pay simulator} and the other {@code pay} commands: a directory
 * holding {@value #MERCHANT_KEY} (the merchant's RSA private key, PKCS#8 PEM, mode 600), {@value #PLATFORM_KEY} (the
 * simulator's platform RSA public key, X.509 PEM), {@value #PLATFORM_CERTIFICATE} (the simulator's platform
 * certificate, PEM) and {@value #IDENTITY} ({@code mchid}, {@code appid}, {@code merchantSerial},
 * {@code platformSerial}, {@code platformCertificateSerial}, {@code apiV3Key}). These are test keys, never production
 * keys.
 *
 * <p>With them the official wechatpay-java client works against the simulator too: {@code RSAConfig} takes
 * {@code merchantId} = {@code mchid}, {@code privateKeyFromPath} = {@value #MERCHANT_KEY}, {@code merchantSerialNumber}
 * and {@code wechatPayCertificatesFromPath} = {@value #PLATFORM_CERTIFICATE}; {@code RSAAutoCertificateConfig} takes
 * the same merchant settings and {@code apiV3Key} and downloads the certificate from {@code GET /v3/certificates}
 * (its HTTP client must send requests to the simulator's address instead of api.mch.weixin.qq.com).
 *
 * <p>Instances are immutable and thread-safe (the key objects are never modified).
 */
final class PayKeys {

    static final String MERCHANT_KEY = "merchant-private-key.pem";
    static final String PLATFORM_KEY = "platform-public-key.pem";
    static final String PLATFORM_CERTIFICATE = "platform-certificate.pem";
    static final String IDENTITY = "wechat-identity.json";
    static final String DEV_MCHID = "1900000001";
    static final String DEV_APPID = "wxd678efh567hg6787";
    static final String DEV_MERCHANT_SERIAL = "YIKATONGDEVMERCHANT01";

    private static final ObjectMapper JSON = new ObjectMapper();

    final String mchid;
    final String appid;
    final String merchantSerial;
    final PrivateKey merchantPrivate;
    final String platformSerial;
    final PublicKey platformPublic;
    /** The platform certificate, or {@code null} (a keys directory written before it was kept). */
    final X509Certificate platformCertificate;
    private final String apiV3Key;

    PayKeys(String mchid, String appid, String merchantSerial, PrivateKey merchantPrivate, String platformSerial,
            PublicKey platformPublic, X509Certificate platformCertificate, String apiV3Key) {
        this.mchid = mchid;
        this.appid = appid;
        this.merchantSerial = merchantSerial;
        this.merchantPrivate = merchantPrivate;
        this.platformSerial = platformSerial;
        this.platformPublic = platformPublic;
        this.platformCertificate = platformCertificate;
        this.apiV3Key = apiV3Key;
    }

    byte[] apiV3Key() {
        return apiV3Key.getBytes(StandardCharsets.US_ASCII);
    }

    /** A fresh merchant RSA key pair (2048 bits). */
    static KeyPair newMerchantKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        return g.generateKeyPair();
    }

    /** A random 32-character APIv3 key. */
    static String newApiV3Key() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        CliFiles.writeSecret(dir.resolve(MERCHANT_KEY),
                pem("PRIVATE KEY", merchantPrivate.getEncoded()).getBytes(StandardCharsets.US_ASCII));
        CliFiles.write(dir.resolve(PLATFORM_KEY),
                pem("PUBLIC KEY", platformPublic.getEncoded()).getBytes(StandardCharsets.US_ASCII));
        ObjectNode o = JSON.createObjectNode();
        o.put("channel", "wechat").put("mchid", mchid).put("appid", appid).put("merchantSerial", merchantSerial)
                .put("platformSerial", platformSerial);
        if (platformCertificate != null) {
            try {
                CliFiles.write(dir.resolve(PLATFORM_CERTIFICATE), pem("CERTIFICATE", platformCertificate.getEncoded())
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (CertificateEncodingException e) {
                throw new IOException("platform certificate not encodable", e);
            }
            o.put("platformCertificateSerial", platformCertificate.getSerialNumber().toString(16)
                    .toUpperCase(java.util.Locale.ROOT));
        }
        o.put("apiV3Key", apiV3Key);
        CliFiles.writeSecret(dir.resolve(IDENTITY),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
    }

    static PayKeys read(Path dir) throws UsageException, IOException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--keys: no such directory: " + dir);
        }
        String identity = CliFiles.readString(dir.resolve(IDENTITY).toString(), "--keys");
        JsonNode o;
        try {
            o = JSON.readTree(identity);
        } catch (IOException e) {
            throw new UsageException("--keys: " + IDENTITY + " is not JSON");
        }
        String[] fields = {"mchid", "appid", "merchantSerial", "platformSerial", "apiV3Key"};
        for (String f : fields) {
            if (!o.path(f).isTextual() || o.path(f).asText().isEmpty()) {
                throw new UsageException("--keys: " + IDENTITY + " lacks \"" + f + "\"");
            }
        }
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey priv = rsa.generatePrivate(new PKCS8EncodedKeySpec(
                    unpem(CliFiles.readString(dir.resolve(MERCHANT_KEY).toString(), "--keys"), "PRIVATE KEY")));
            PublicKey pub = rsa.generatePublic(new X509EncodedKeySpec(
                    unpem(CliFiles.readString(dir.resolve(PLATFORM_KEY).toString(), "--keys"), "PUBLIC KEY")));
            X509Certificate cert = null;
            if (Files.exists(dir.resolve(PLATFORM_CERTIFICATE))) {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                        new java.io.ByteArrayInputStream(unpem(CliFiles.readString(
                                dir.resolve(PLATFORM_CERTIFICATE).toString(), "--keys"), "CERTIFICATE")));
            }
            return new PayKeys(o.get("mchid").asText(), o.get("appid").asText(), o.get("merchantSerial").asText(),
                    priv, o.get("platformSerial").asText(), pub, cert, o.get("apiV3Key").asText());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new UsageException("--keys: a PEM file in " + dir + " is not an RSA key");
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static byte[] unpem(String text, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("not a " + label + " PEM");
        }
        return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    }

    /** Never prints keys. */
    @Override
    public String toString() {
        return "PayKeys[mchid=" + mchid + ", merchantSerial=" + merchantSerial + ", platformSerial=" + platformSerial
                + "]";
    }
}
