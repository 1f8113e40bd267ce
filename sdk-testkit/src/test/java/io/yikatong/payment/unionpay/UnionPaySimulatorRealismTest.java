package io.yikatong.payment.unionpay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.yikatong.core.Money;
import io.yikatong.payment.unionpay.internal.AcpCertificates;
import io.yikatong.payment.unionpay.internal.AcpForms;
import io.yikatong.payment.unionpay.internal.AcpSigning;
import io.yikatong.testkit.payment.unionpay.UnionPaySimulator;
import io.yikatong.testkit.payment.unionpay.UnionPaySimulator.SignerCnLayout;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the UnionPay simulator's notifications carry beyond the basics (as the gateway's do: {@code traceNo},
 * {@code settleAmt}, {@code settleDate}, {@code settleCurrencyCode}), and its signing-certificate CN layouts (UnionPay's
 * {@code @} layout by default).
 */
class UnionPaySimulatorRealismTest {

    private final BlockingQueue<String> notifications = new LinkedBlockingQueue<>();
    private HttpServer receiver;
    private URI backUrl;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        receiver.createContext("/notify", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                notifications.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        backUrl = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/notify");
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private UnionPaySimulator simulator(SignerCnLayout layout) throws Exception {
        return UnionPaySimulator.builder().merId(UnionPayTestKeys.MER_ID)
                .merchantCertificate(UnionPayTestKeys.merchant().certificate()).signerCnLayout(layout).start();
    }

    /** A client of the simulator; {@code expectedCn} {@code null} keeps the default owner. */
    private UnionPayClient client(UnionPaySimulator sim, String expectedCn) {
        UnionPayClient.Builder b = UnionPayClient.builder().backTransUrl(sim.backTransUrl())
                .queryTransUrl(sim.queryTransUrl()).merId(UnionPayTestKeys.MER_ID)
                .rsaSigning(UnionPayTestKeys.merchant().keys().getPrivate(), UnionPayTestKeys.merchant().certificate())
                .trust(sim.middleCertificate(), sim.rootCertificate()).backUrl(backUrl)
                .requestTimeout(Duration.ofSeconds(5));
        if (expectedCn != null) {
            b.expectedSignerCn(expectedCn);
        }
        return b.build();
    }

    private Map<String, String> takeNotification() throws InterruptedException {
        String form = notifications.poll(10, TimeUnit.SECONDS);
        if (form == null) {
            throw new AssertionError("no notification within 10 s");
        }
        return AcpForms.parseForm(form);
    }

    @Test
    void notificationsAndQueriesCarryTheSettlementFields() throws Exception {
        try (UnionPaySimulator sim = simulator(SignerCnLayout.PLAIN)) {
            UnionPayClient client = client(sim, UnionPayClient.DEFAULT_SIGNER_CN);
            String no = "REAL" + System.nanoTime();
            Instant t = client.now();
            UnionPayAnswer accepted = client.barcodeConsume(no, t, Money.ofFen(1230), "6225881234567890123");
            Map<String, String> n = takeNotification();
            assertTrue(AcpSigning.rsaVerify(sim.signingCertificate().getPublicKey(), n), "signed");
            assertEquals(accepted.queryId(), n.get("queryId"));
            assertTrue(n.get("traceNo").matches("\\d{6}"), n.get("traceNo"));
            assertTrue(n.get("traceTime").matches("\\d{10}"), n.get("traceTime"));
            assertEquals("1230", n.get("settleAmt"));
            assertEquals("156", n.get("settleCurrencyCode"));
            assertEquals(LocalDate.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("MMdd")),
                    n.get("settleDate"));
            // our client still verifies and decodes it
            assertEquals(no, client.parseNotification(AcpForms.encodeForm(n).getBytes(StandardCharsets.UTF_8))
                    .orderId());
            UnionPayAnswer q = client.query(no, t);
            assertEquals("00", q.origRespCode());
        }
    }

    @Test
    void gatewayCnLayoutIsTheDefaultAndPutsTheOrganisationInTheThirdField() throws Exception {
        try (UnionPaySimulator sim = UnionPaySimulator.builder().merId(UnionPayTestKeys.MER_ID)
                .merchantCertificate(UnionPayTestKeys.merchant().certificate()).start()) {
            X509Certificate signer = sim.signingCertificate();
            String cn = AcpCertificates.commonName(signer);
            assertEquals("041@Z12@中国银联股份有限公司@00000001", cn);
            assertEquals(SignerCnLayout.GATEWAY.commonName(), cn);
            assertEquals(UnionPayClient.DEFAULT_SIGNER_CN, cn.split("@")[2]);
            // the default owner is read from the third field; a whole-CN value still matches the whole CN
            AcpCertificates.validate(signer, sim.middleCertificate(), sim.rootCertificate(), Instant.now(),
                    UnionPayClient.DEFAULT_SIGNER_CN);
            AcpCertificates.validate(signer, sim.middleCertificate(), sim.rootCertificate(), Instant.now(), cn);
            assertThrows(CertificateException.class, () -> AcpCertificates.validate(signer,
                    sim.middleCertificate(), sim.rootCertificate(), Instant.now(), "中国银联"));
        }
        try (UnionPaySimulator plain = simulator(SignerCnLayout.PLAIN)) {
            assertEquals(UnionPayClient.DEFAULT_SIGNER_CN, AcpCertificates.commonName(plain.signingCertificate()));
        }
    }

    @Test
    void aClientWithTheDefaultOwnerAcceptsBothLayouts() throws Exception {
        for (SignerCnLayout layout : SignerCnLayout.values()) {
            try (UnionPaySimulator sim = simulator(layout)) {
                UnionPayClient client = client(sim, null);
                String no = "LAYOUT" + layout.ordinal() + System.nanoTime();
                Instant t = client.now();
                client.barcodeConsume(no, t, Money.ofFen(100), "6225881234567890123");
                assertEquals(no, client.parseNotification(AcpForms.encodeForm(takeNotification())
                        .getBytes(StandardCharsets.UTF_8)).orderId(), layout.name());
                assertEquals("00", client.query(no, t).origRespCode(), layout.name());
            }
        }
    }
}
