package io.yikatong.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.crypto.InsecureKeyAccess;
import io.yikatong.core.crypto.KeyFormatException;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.payment.alipay.AlipayChannel;
import io.yikatong.payment.alipay.AlipayClient;
import io.yikatong.testkit.payment.alipay.AlipaySimulator;
import io.yikatong.payment.journal.PaymentJournal;
import io.yikatong.payment.medicalinsurance.MedicalInsurancePaymentClient;
import io.yikatong.testkit.payment.medicalinsurance.MedicalInsurancePaymentSimulator;
import io.yikatong.payment.spi.PaymentChannelAdapter;
import io.yikatong.payment.unionpay.TxnTimeLookup;
import io.yikatong.payment.unionpay.UnionPayChannel;
import io.yikatong.payment.unionpay.UnionPayClient;
import io.yikatong.testkit.payment.unionpay.UnionPaySimulator;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.PlatformVerifier;
import io.yikatong.payment.wechat.WechatPayChannel;
import io.yikatong.payment.wechat.WechatPayV3Client;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The payment gateways the {@code pay} commands talk to, one per channel: a gateway simulator started in-process with
 * fresh development keys, or a running gateway ({@code --gateway URL}) with the keys {@code pay simulator} wrote
 * ({@code --keys DIR}). WeChat Pay keeps its PEM files ({@link PayKeys}); the other channels keep one JSON file
 * {@code <channel>-keys.json} (mode 600) with Base64 DER keys. These are development keys, never production keys.
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class PayGateways {

    static final List<String> CHANNELS = List.of("wechat", "alipay", "unionpay", "medical-insurance");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALIPAY_APP_ID = "2021000000000001";
    private static final String UNIONPAY_MER_ID = "777290058110048";
    private static final String MEDICARE_APP_ID = "1A2B3C4D5E6F7G8H9I0JYKTDEV000001";
    private static final String MEDICARE_ORG = "H11010500001";

    private PayGateways() {
    }

    /** A gateway with the client-side configuration to reach it; owns the simulator when it started one. */
    interface Gateway extends AutoCloseable {
        /** The channel identifier. */
        String channel();

        /** Where the gateway listens. */
        URI baseUri();

        /** Writes the client-side keys for {@code --keys DIR}. */
        void writeKeys(Path dir) throws IOException;

        /** How a patient pays a QR order on this simulator (its control endpoint), if it has one. */
        default java.util.Optional<String> patientHint() {
            return java.util.Optional.empty();
        }

        /** The channel adapter for a payment client on {@code journal}. */
        PaymentChannelAdapter adapter(PaymentJournal journal) throws UsageException;

        /** The medical-insurance client (only the medicalInsurance gateway). */
        default MedicalInsurancePaymentClient medicalInsurance() throws UsageException {
            throw new UsageException("--channel " + channel() + " is not the medical-insurance gateway");
        }

        @Override
        void close();
    }

    static String checkChannel(String channel) throws UsageException {
        if (!CHANNELS.contains(channel)) {
            throw new UsageException("--channel must be one of " + String.join("|", CHANNELS) + ", was " + channel);
        }
        return channel;
    }

    /** Starts the channel's simulator on 127.0.0.1 ({@code port} 0 for any) with fresh development keys. */
    static Gateway simulate(String channel, int port) throws Exception {
        switch (checkChannel(channel)) {
            case "wechat": {
                PayCommands.RunningSimulator sim = PayCommands.startSimulator(port);
                return new WechatGateway(sim.keys(), sim.simulator().baseUri(), sim);
            }
            case "alipay": {
                KeyPair app = PayKeys.newMerchantKeyPair();
                AlipaySimulator sim = AlipaySimulator.start(ALIPAY_APP_ID, app.getPublic(), null, port);
                return new AlipayGateway(ALIPAY_APP_ID, app.getPrivate(), sim.alipayPublicKey(), sim.gateway(), sim);
            }
            case "unionpay": {
                KeyPair merchant = PayKeys.newMerchantKeyPair();
                X509Certificate cert = io.yikatong.samples.SampleCertificates.selfSigned(merchant, "Yikatong development merchant " + UNIONPAY_MER_ID);
                UnionPaySimulator sim = UnionPaySimulator.builder().merId(UNIONPAY_MER_ID).merchantCertificate(cert)
                        .port(port).start();
                return new UnionPayGateway(UNIONPAY_MER_ID, merchant.getPrivate(), cert, sim.middleCertificate(),
                        sim.rootCertificate(), sim.baseUri(), sim);
            }
            default: {
                Sm2KeyPair channelKeys = Sm2KeyPair.generate(new SecureRandom());
                String secret = PayKeys.newApiV3Key();
                MedicalInsurancePaymentSimulator sim = MedicalInsurancePaymentSimulator.builder().appId(MEDICARE_APP_ID)
                        .appSecret(secret).channelPublicKey(channelKeys.publicKey()).port(port).start();
                return new MedicalInsuranceGateway(MEDICARE_APP_ID, secret, channelKeys.privateKey(), sim.platformPublicKey(),
                        sim.baseUri(), sim);
            }
        }
    }

    /** A running gateway at {@code uri} with the keys in {@code dir}. */
    static Gateway connect(String channel, URI uri, Path dir) throws UsageException, IOException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--keys: no such directory: " + dir);
        }
        if ("wechat".equals(checkChannel(channel))) {
            return new WechatGateway(PayKeys.read(dir), uri, null);
        }
        Path file = dir.resolve(channel + "-keys.json");
        JsonNode o;
        try {
            o = JSON.readTree(CliFiles.readString(file.toString(), "--keys"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException("--keys: " + file.getFileName() + " is not JSON");
        }
        try {
            switch (channel) {
                case "alipay":
                    return new AlipayGateway(text(o, "appId"), rsaPrivate(text(o, "appPrivateKey")),
                            rsaPublic(text(o, "alipayPublicKey")), uri, null);
                case "unionpay":
                    return new UnionPayGateway(text(o, "merId"), rsaPrivate(text(o, "merchantPrivateKey")),
                            certificate(text(o, "merchantCertificate")), certificate(text(o, "middleCertificate")),
                            certificate(text(o, "rootCertificate")), uri, null);
                default:
                    return new MedicalInsuranceGateway(text(o, "appId"), text(o, "appSecret"),
                            Sm2PrivateKey.fromPkcs8Der(b64(text(o, "channelPrivateKey"))),
                            Sm2PublicKey.fromX509Der(b64(text(o, "platformPublicKey"))), uri, null);
            }
        } catch (GeneralSecurityException | KeyFormatException | IllegalArgumentException e) {
            throw new UsageException("--keys: " + file.getFileName() + " holds a malformed key or certificate");
        }
    }

    private static String text(JsonNode o, String field) throws UsageException {
        if (!o.path(field).isTextual() || o.path(field).asText().isEmpty()) {
            throw new UsageException("--keys: the keys file lacks \"" + field + "\"");
        }
        return o.get(field).asText();
    }

    private static byte[] b64(String s) {
        return Base64.getDecoder().decode(s);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static PrivateKey rsaPrivate(String b64) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(b64(b64)));
    }

    private static PublicKey rsaPublic(String b64) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(b64(b64)));
    }

    private static X509Certificate certificate(String b64) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(b64(b64)));
    }

    private static void writeJson(Path dir, String channel, ObjectNode o) throws IOException {
        Files.createDirectories(dir);
        o.put("channel", channel).put("note", "development keys written by yikatong pay simulator; never production");
        CliFiles.writeSecret(dir.resolve(channel + "-keys.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(o));
    }

    // ------------------------------------------------------------------ the four gateways

    private static final class WechatGateway implements Gateway {
        private final PayKeys keys;
        private final URI uri;
        private final PayCommands.RunningSimulator own;

        WechatGateway(PayKeys keys, URI uri, PayCommands.RunningSimulator own) {
            this.keys = keys;
            this.uri = uri;
            this.own = own;
        }

        @Override
        public String channel() {
            return "wechat";
        }

        @Override
        public URI baseUri() {
            return uri;
        }

        @Override
        public void writeKeys(Path dir) throws IOException {
            keys.write(dir);
        }

        @Override
        public java.util.Optional<String> patientHint() {
            return java.util.Optional.of("a patient pays a Native (QR) order: curl -X POST '" + uri
                    + "/simulator/pay?out_trade_no=ORDER'");
        }

        @Override
        public PaymentChannelAdapter adapter(PaymentJournal journal) {
            WechatPayV3Client wire = WechatPayV3Client.builder().baseUri(uri).appid(keys.appid)
                    .signer(MerchantSigner.rsa(keys.mchid, keys.merchantSerial, keys.merchantPrivate))
                    .verifier(PlatformVerifier.builder().rsaPublicKey(keys.platformSerial, keys.platformPublic).build())
                    .apiV3Key(keys.apiV3Key()).requestTimeout(Duration.ofSeconds(10)).build();
            return WechatPayChannel.create(wire, PayCommands.PLACEHOLDER_NOTIFY);
        }

        @Override
        public void close() {
            if (own != null) {
                own.close();
            }
        }
    }

    private static final class AlipayGateway implements Gateway {
        private final String appId;
        private final PrivateKey appPrivate;
        private final PublicKey alipayPublic;
        private final URI uri;
        private final AlipaySimulator own;

        AlipayGateway(String appId, PrivateKey appPrivate, PublicKey alipayPublic, URI uri, AlipaySimulator own) {
            this.appId = appId;
            this.appPrivate = appPrivate;
            this.alipayPublic = alipayPublic;
            this.uri = uri;
            this.own = own;
        }

        @Override
        public String channel() {
            return "alipay";
        }

        @Override
        public java.util.Optional<String> patientHint() {
            String base = uri.resolve("/").toString().replaceAll("/$", "");
            return java.util.Optional.of("a buyer scans and pays a QR order: curl -X POST '" + base
                    + "/simulator/pay?out_trade_no=ORDER' (scan only: /simulator/scan?out_trade_no=ORDER)");
        }

        @Override
        public URI baseUri() {
            return uri;
        }

        @Override
        public void writeKeys(Path dir) throws IOException {
            ObjectNode o = JSON.createObjectNode().put("appId", appId).put("appPrivateKey", b64(appPrivate.getEncoded()))
                    .put("alipayPublicKey", b64(alipayPublic.getEncoded()));
            writeJson(dir, "alipay", o);
        }

        @Override
        public PaymentChannelAdapter adapter(PaymentJournal journal) {
            AlipayClient wire = AlipayClient.builder().gateway(uri).appId(appId).appPrivateKey(appPrivate)
                    .alipayPublicKey(alipayPublic).requestTimeout(Duration.ofSeconds(10)).build();
            return AlipayChannel.create(wire, PayCommands.PLACEHOLDER_NOTIFY);
        }

        @Override
        public void close() {
            if (own != null) {
                own.close();
            }
        }
    }

    private static final class UnionPayGateway implements Gateway {
        private final String merId;
        private final PrivateKey merchantPrivate;
        private final X509Certificate merchantCert;
        private final X509Certificate middle;
        private final X509Certificate root;
        private final URI uri;
        private final UnionPaySimulator own;

        UnionPayGateway(String merId, PrivateKey merchantPrivate, X509Certificate merchantCert, X509Certificate middle,
                X509Certificate root, URI uri, UnionPaySimulator own) {
            this.merId = merId;
            this.merchantPrivate = merchantPrivate;
            this.merchantCert = merchantCert;
            this.middle = middle;
            this.root = root;
            this.uri = uri;
            this.own = own;
        }

        @Override
        public String channel() {
            return "unionpay";
        }

        @Override
        public URI baseUri() {
            return uri;
        }

        @Override
        public void writeKeys(Path dir) throws IOException {
            try {
                ObjectNode o = JSON.createObjectNode().put("merId", merId)
                        .put("merchantPrivateKey", b64(merchantPrivate.getEncoded()))
                        .put("merchantCertificate", b64(merchantCert.getEncoded()))
                        .put("middleCertificate", b64(middle.getEncoded()))
                        .put("rootCertificate", b64(root.getEncoded()));
                writeJson(dir, "unionpay", o);
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException("cannot encode a certificate", e);
            }
        }

        @Override
        public PaymentChannelAdapter adapter(PaymentJournal journal) {
            URI base = uri.toString().endsWith("/") ? uri : URI.create(uri + "/");
            UnionPayClient wire = UnionPayClient.builder().backTransUrl(base.resolve("gateway/api/backTransReq.do"))
                    .queryTransUrl(base.resolve("gateway/api/queryTrans.do")).merId(merId)
                    .rsaSigning(merchantPrivate, merchantCert).trust(middle, root)
                    .backUrl(PayCommands.PLACEHOLDER_NOTIFY).requestTimeout(Duration.ofSeconds(10)).build();
            // the txnTime of an order is the journal's createdAt: queries after a restart find it again
            return UnionPayChannel.create(wire, TxnTimeLookup.fromJournal(journal));
        }

        @Override
        public void close() {
            if (own != null) {
                own.close();
            }
        }
    }

    private static final class MedicalInsuranceGateway implements Gateway {
        private final String appId;
        private final String appSecret;
        private final Sm2PrivateKey channelPrivate;
        private final Sm2PublicKey platformPublic;
        private final URI uri;
        private final MedicalInsurancePaymentSimulator own;

        MedicalInsuranceGateway(String appId, String appSecret, Sm2PrivateKey channelPrivate, Sm2PublicKey platformPublic,
                URI uri, MedicalInsurancePaymentSimulator own) {
            this.appId = appId;
            this.appSecret = appSecret;
            this.channelPrivate = channelPrivate;
            this.platformPublic = platformPublic;
            this.uri = uri;
            this.own = own;
        }

        @Override
        public String channel() {
            return "medical-insurance";
        }

        @Override
        public URI baseUri() {
            return uri;
        }

        @Override
        public void writeKeys(Path dir) throws IOException {
            ObjectNode o = JSON.createObjectNode().put("appId", appId).put("appSecret", appSecret)
                    .put("channelPrivateKey", b64(channelPrivate.toPkcs8Der(InsecureKeyAccess.get())))
                    .put("platformPublicKey", b64(platformPublic.toX509Der()));
            writeJson(dir, "medical-insurance", o);
        }

        @Override
        public PaymentChannelAdapter adapter(PaymentJournal journal) throws UsageException {
            throw new UsageException("--channel medical-insurance settles through the insurance platform: use pay barcode"
                    + " (checkout), pay query or pay refund");
        }

        @Override
        public MedicalInsurancePaymentClient medicalInsurance() {
            return MedicalInsurancePaymentClient.builder().baseUri(uri).appId(appId).appSecret(appSecret)
                    .orgCode(MEDICARE_ORG).channelPrivateKey(channelPrivate).platformPublicKey(platformPublic)
                    .requestTimeout(Duration.ofSeconds(10)).build();
        }

        @Override
        public void close() {
            if (own != null) {
                own.close();
            }
        }
    }
}
